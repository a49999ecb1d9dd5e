"""Every URL of bodies: the administrator's list of public bodies."""

from __future__ import annotations

from flask import Blueprint

from aarhus.bodies import views

# Pages
bp = Blueprint("bodies", __name__)
bp.add_url_rule("/admin/bodies", "index", views.index, methods=["GET", "POST"])
