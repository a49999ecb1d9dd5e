"""Every URL of the compliance audit: dashboard, findings, the monitoring import, the public summary."""

from __future__ import annotations

from flask import Blueprint

from aarhus.api.errors import api_blueprint
from aarhus.audit import api, public, views

# Pages (compliance officers)
bp = Blueprint("audit", __name__)
bp.add_url_rule("/audit", "dashboard", views.dashboard)
bp.add_url_rule("/audit/findings", "findings", views.findings)
bp.add_url_rule("/audit/findings/<int:finding_id>", "finding", views.finding)
bp.add_url_rule("/audit/findings.csv", "findings_csv", views.findings_csv)
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
