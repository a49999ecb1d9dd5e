"""Every URL of notify: the administrator's view of mail that could not be sent."""

from __future__ import annotations

from flask import Blueprint

from aarhus.notify import views

# Pages
bp = Blueprint("notify", __name__)
bp.add_url_rule("/admin/outbox", "outbox", views.outbox)
bp.add_url_rule("/admin/outbox/<int:message_id>/retry", "retry", views.retry, methods=["POST"])
