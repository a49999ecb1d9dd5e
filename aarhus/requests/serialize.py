"""Requests as the public register shows them: never the requester's identity or contacts."""

from __future__ import annotations

from datetime import date
from typing import Any

from aarhus.core.urls import public_url
from aarhus.requests import rules
from aarhus.requests.models import InfoRequest


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def register_entry(request: InfoRequest, today: date) -> dict[str, Any]:
    """One entry of the public register."""
    closed = request.closed_on
    status = rules.public_status(state=request.state.value, due_on=request.due_on, closed_on=closed, today=today)
    return {
        "registration_number": request.registration_number,
        "holder": {"id": request.holder_id, "name": {"kk": request.holder.name("kk"), "ru": request.holder.name("ru")},
                   "region": request.holder.region.code if request.holder.region else None},
        "subject": request.subject, "language": request.language, "categories": request.categories,
        "registered_on": _iso(request.registered_on), "due_on": _iso(request.due_on), "status": status,
        "days_late": rules.days_late(due_on=request.due_on, closed_on=closed, today=today)
        if status in ("overdue", "answered_late") else 0,
        "extended": request.extended_at is not None, "extension_reason": request.extension_reason or None,
        "answered_at": _iso(request.answered_at), "answer": request.answer_text or None,
        "withheld": request.withheld or [],
        "files": [{"name": f.filename, "sha256": f.sha256,
                   "url": public_url("requests.answer_file", number=request.registration_number, file_id=f.id)}
                  for f in request.files],
        "refused_at": _iso(request.refused_at), "refusal_ground": request.refusal_ground,
        "refusal_reason": request.refusal_reason or None,
        "redirected_at": _iso(request.redirected_at),
        # The answer or refusal as a PDF signed by the installation (its exact bytes, by SHA-256).
        "answer_pdf": {"sha256": request.answer_pdf_sha256,
                       "url": public_url("requests.answer_pdf", number=request.registration_number)}
        if request.answer_pdf_sha256 else None,
        "url": public_url("requests.entry", number=request.registration_number),
    }
