"""The answer to a request, or its refusal, as a PDF in the request's language, signed by the installation.

It is made once, in the act that answers or refuses, and kept: its SHA-256 is on the request and in the log, and
the officer who acted may sign these exact bytes with their ЭЦП afterwards. It carries no personal data of the
requester (the register publishes it), only the holder, the number, the question and the holder's answer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import render_template
from flask_babel import force_locale

from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.files import upload_root
from aarhus.core.pdf import render_pdf
from aarhus.requests import labels
from aarhus.requests.models import InfoRequest


def pdf_path(request_id: int) -> Path:
    """Where the PDF of a request's answer or refusal is kept."""
    folder = upload_root() / "answers"
    folder.mkdir(exist_ok=True)
    return folder / f"request-{request_id}.pdf"


def render(request: InfoRequest) -> bytes:
    """The answer or refusal as PDF, in the request's language."""
    officer = db.session.get(User, request.acted_by_id) if request.acted_by_id else None
    acted_at = request.answered_at or request.refused_at
    with force_locale(request.language):
        html = render_template("requests/answer_pdf.html", req=request, labels=labels, lang=request.language,
                               holder=request.holder.name(request.language),
                               officer=(officer.name or officer.email) if officer else "",
                               acted_at=acted_at)
        return render_pdf(html)


def render_and_store(request: InfoRequest) -> str:
    """Render, keep and return the SHA-256 of the PDF."""
    pdf = render(request)
    pdf_path(request.id).write_bytes(pdf)
    return hashlib.sha256(pdf).hexdigest()


def kept(request: InfoRequest) -> bytes | None:
    """The kept PDF, if it is the one the request records."""
    path = pdf_path(request.id)
    if not request.answer_pdf_sha256 or not path.exists():
        return None
    pdf = path.read_bytes()
    return pdf if hashlib.sha256(pdf).hexdigest() == request.answer_pdf_sha256 else None
