"""Every URL of the action plans: progress entered per item and year."""

from __future__ import annotations

from flask import Blueprint

from aarhus.plans import views

# Pages
bp = Blueprint("plans", __name__)
bp.add_url_rule("/reports/plans/<concept>/<int:year>/<int:item>", "progress", views.progress, methods=["GET", "POST"])
bp.add_url_rule("/reports/plans/<concept>/submissions", "submission", views.submission, methods=["POST"])
