"""Every URL of the event log: its public pages."""

from __future__ import annotations

from flask import Blueprint

from aarhus.ledger import views

# Pages
bp = Blueprint("ledger", __name__)
bp.add_url_rule("/ledger", "chain", views.chain)
bp.add_url_rule("/ledger/heads", "heads", views.heads)
bp.add_url_rule("/ledger/heads.json", "heads_json", views.heads_json)
bp.add_url_rule("/ledger/heads.atom", "heads_atom", views.heads_atom)
bp.add_url_rule("/ledger/key", "key", views.key)
bp.add_url_rule("/ledger/<subject_type>/<int:subject_id>", "subject_log", views.subject_log)
