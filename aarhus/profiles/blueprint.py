"""Every URL of profiles: the public pages of the bodies."""

from __future__ import annotations

from flask import Blueprint

from aarhus.profiles import views

# Pages
bp = Blueprint("profiles", __name__)
bp.add_url_rule("/bodies", "index", views.index)
bp.add_url_rule("/bodies/<int:body_id>", "body", views.body)
