"""Every URL of the compliance audit: dashboard, findings and their cases, the bodies' inbox of findings, the
monitoring import, the public summary."""

from __future__ import annotations

from flask import Blueprint

from aarhus.api.errors import api_blueprint
from aarhus.audit import api, case_views, public, views

# Pages (compliance officers)
bp = Blueprint("audit", __name__)
bp.add_url_rule("/audit", "dashboard", views.dashboard)
bp.add_url_rule("/audit/findings", "findings", views.findings)
bp.add_url_rule("/audit/findings/<int:finding_id>", "finding", views.finding)
bp.add_url_rule("/audit/findings.csv", "findings_csv", views.findings_csv)
bp.add_url_rule("/audit/findings.xlsx", "findings_xlsx", views.findings_xlsx)
bp.add_url_rule("/audit/findings/<int:finding_id>/send", "send", case_views.send, methods=["POST"])
bp.add_url_rule("/audit/findings/<int:finding_id>/close", "close", case_views.close, methods=["POST"])
bp.add_url_rule("/audit/findings/<int:finding_id>/reopen", "reopen", case_views.reopen, methods=["POST"])
bp.add_url_rule("/audit/findings/<int:finding_id>/answers/<int:answer_id>/file", "evidence_file",
                case_views.evidence_file)

# The responsible body's officers: the findings sent to their body
bp.add_url_rule("/inbox/findings", "inbox", case_views.inbox)
bp.add_url_rule("/inbox/findings/<int:finding_id>", "inbox_finding", case_views.inbox_finding)
bp.add_url_rule("/inbox/findings/<int:finding_id>/answer", "answer", case_views.answer, methods=["POST"])
bp.add_url_rule("/audit/runs", "start_run", views.start_run, methods=["POST"])
bp.add_url_rule("/audit/runs/<int:job_id>", "run_job", views.run_job)
bp.add_url_rule("/audit/import", "import_page", views.import_page, methods=["GET", "POST"])
bp.add_url_rule("/audit/import/<int:job_id>", "import_job", views.import_job)

# Public pages: the published figures by region
bp.add_url_rule("/compliance", "regions", public.regions)
bp.add_url_rule("/compliance/<code>", "region", public.region)

# API (/api/v1)
api_bp = api_blueprint("audit_api", __name__)
api_bp.add_url_rule("/audit/summary", "summary", api.summary)
