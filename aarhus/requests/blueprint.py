"""Every URL of environmental-information requests: the register, filing, the officers' inbox, the API."""

from __future__ import annotations

from flask import Blueprint

from aarhus.api.errors import api_blueprint
from aarhus.requests import api, inbox, views

# Pages
bp = Blueprint("requests", __name__)
bp.add_url_rule("/requests/new", "new", views.new, methods=["GET", "POST"])
bp.add_url_rule("/requests", "index", views.index)
bp.add_url_rule("/requests/<number>", "entry", views.entry)
bp.add_url_rule("/requests/<number>/files/<int:file_id>", "answer_file", views.answer_file)
bp.add_url_rule("/requests/<number>/answer.pdf", "answer_pdf", views.answer_pdf_file)
bp.add_url_rule("/requests/<number>/answer.p7s", "answer_esig", views.answer_esig)
bp.add_url_rule("/requests/status/<token>", "status", views.status, methods=["GET", "POST"])
bp.add_url_rule("/requests/status/<token>/complaint.pdf", "complaint_pdf", views.complaint_pdf)
bp.add_url_rule("/requests/<number>/dates.ics", "dates_ics", views.dates_ics)
bp.add_url_rule("/account/requests", "mine", views.mine)
bp.add_url_rule("/requests/fees", "fees", views.fees)

# The officers' inbox and the administrator's tariff
bp.add_url_rule("/inbox", "inbox", inbox.inbox)
bp.add_url_rule("/inbox/<number>", "handle", inbox.handle)
bp.add_url_rule("/inbox/<number>/answer", "answer", inbox.answer, methods=["POST"])
bp.add_url_rule("/inbox/<number>/extend", "extend", inbox.extend, methods=["POST"])
bp.add_url_rule("/inbox/<number>/redirect", "forward", inbox.forward, methods=["POST"])
bp.add_url_rule("/inbox/<number>/refuse", "refuse", inbox.refuse, methods=["POST"])
bp.add_url_rule("/inbox/<number>/esig", "esign", inbox.esign, methods=["POST"])
bp.add_url_rule("/admin/fees", "tariff", inbox.tariff, methods=["GET", "POST"])

# API (/api/v1)
api_bp = api_blueprint("requests_api", __name__)
api_bp.add_url_rule("/requests", "file_request", api.file_request, methods=["POST"])
api_bp.add_url_rule("/requests", "register", api.register)
api_bp.add_url_rule("/requests/<number>", "entry", api.entry)
api_bp.add_url_rule("/requests/<number>/answer", "answer", api.answer, methods=["POST"])
api_bp.add_url_rule("/requests/<number>/extend", "extend", api.extend, methods=["POST"])
api_bp.add_url_rule("/requests/<number>/redirect", "redirect_to", api.redirect_to, methods=["POST"])
api_bp.add_url_rule("/requests/<number>/refuse", "refuse", api.refuse, methods=["POST"])
