"""Every URL of the national reports: building them, editing the NIR, its public consultation."""

from __future__ import annotations

from flask import Blueprint

from aarhus.reports import views

# Pages
bp = Blueprint("reports", __name__)
bp.add_url_rule("/reports", "index", views.index)
bp.add_url_rule("/reports/nir.pdf", "nir_pdf", views.nir_pdf)
bp.add_url_rule("/reports/action-plan.pdf", "plan_pdf", views.plan_pdf)
bp.add_url_rule("/reports/nir/<int:year>/<numeral>", "nir_answer", views.nir_answer, methods=["GET", "POST"])
bp.add_url_rule("/reports/nir/<int:year>/consultation", "open_consultation", views.open_consultation, methods=["POST"])
bp.add_url_rule("/reports/nir/<int:year>/draft", "consultation_page", views.consultation_page, methods=["GET", "POST"])
bp.add_url_rule("/reports/nir/<int:year>/draft.pdf", "consultation_pdf", views.consultation_pdf)
bp.add_url_rule("/reports/builds", "start_build", views.start_build, methods=["POST"])
bp.add_url_rule("/reports/builds/<int:build_id>", "build_status", views.build_status)
bp.add_url_rule("/reports/builds/<int:build_id>/pdf", "build_pdf", views.build_pdf)
