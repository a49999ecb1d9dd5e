"""Every URL of the statutory calendar: the calculator, the calendar, their administration, the API."""

from __future__ import annotations

from flask import Blueprint

from aarhus.api.errors import api_blueprint
from aarhus.legal import api, views

# Pages
bp = Blueprint("legal", __name__)
bp.add_url_rule("/deadlines", "calculator", views.calculator)
bp.add_url_rule("/calendar", "calendar", views.calendar)
bp.add_url_rule("/calendar/<int:year>", "calendar", views.calendar)
bp.add_url_rule("/admin/calendar", "overrides", views.overrides, methods=["GET", "POST"])
bp.add_url_rule("/admin/calendar/<on>/delete", "delete_override", views.delete_override, methods=["POST"])
bp.add_url_rule("/admin/rules", "rules", views.rules)
bp.add_url_rule("/admin/rules/new", "edit_rule", views.edit_rule, methods=["GET", "POST"])
bp.add_url_rule("/admin/rules/<int:version_id>", "edit_rule", views.edit_rule, methods=["GET", "POST"])

# API (/api/v1)
api_bp = api_blueprint("legal_api", __name__)
api_bp.add_url_rule("/deadlines", "deadlines", api.deadlines)
api_bp.add_url_rule("/calendar/<int:year>", "calendar", api.calendar)
api_bp.add_url_rule("/rules", "rules", api.rules)
