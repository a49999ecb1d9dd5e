"""Open the draft NIR for public comment, like a hearing: a period, a public draft, receipts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.files import upload_root
from aarhus.core.time import legal_today
from aarhus.ledger import chain as ledger
from aarhus.reports.models import Consultation, ConsultationComment
from aarhus.reports.pdf import nir_pdf


class ConsultationError(OperationError):
    """An act on the public consultation of the draft report refused."""

    MESSAGES = {
        "already_open": _l("The draft report of this year has already been opened for comment."),
        "comments_closed": _l("Comments on the draft report are closed."),
        "closes_too_early": _l("Give a closing date after today."),
    }


def consultation_of(year: int) -> Consultation | None:
    """The consultation on the draft report of ``year``, if it was opened."""
    return db.session.scalars(select(Consultation).where(Consultation.year == year)).first()


def opening_refusal(year: int, closes_on: date | None, today: date) -> ConsultationError | None:
    """Why the draft of ``year`` cannot be opened until ``closes_on``, or None: a year's draft is opened once."""
    if consultation_of(year) is not None:
        return ConsultationError("already_open")
    if closes_on is None or closes_on <= today:
        return ConsultationError("closes_too_early", fields=["closes_on"])
    return None


def open_consultation(year: int, closes_on: date, actor: Any) -> Consultation:
    """Build the draft in Kazakh and Russian, store it and open comments until ``closes_on``."""
    today = legal_today()
    refusal = opening_refusal(year, closes_on, today)
    if refusal is not None:
        raise refusal
    folder = upload_root() / "reports"
    folder.mkdir(exist_ok=True)
    stored = f"nir-draft-{year}-{secrets.token_hex(6)}"
    digests = []
    for lang in ("kk", "ru"):
        pdf, _data = nir_pdf(year, lang, actor)
        (folder / f"{stored}-{lang}.pdf").write_bytes(pdf)
        digests.append(hashlib.sha256(pdf).hexdigest())
    consultation = Consultation(
        year=year,
        opens_on=today,
        closes_on=closes_on,
        draft_sha256=digests[0],
        stored_name=stored,
        opened_by_id=getattr(actor, "id", None),
    )
    db.session.add(consultation)
    db.session.flush()
    ledger.append(
        "report.consultation_opened",
        "report",
        f"nir:{year}",
        {"closes_on": closes_on.isoformat(), "pdf_sha256": digests},
        actor,
    )
    return consultation


def comment(
    consultation: Consultation, *, author_name: str, contact: str, text: str, show_name: bool, section: str = ""
) -> ConsultationComment:
    """Receive a comment while the consultation is open."""
    missing = [k for k, v in (("author_name", author_name), ("contact", contact), ("text", text)) if not v.strip()]
    if missing:
        raise ConsultationError("invalid", fields=missing)
    if not consultation.opens_on <= legal_today() <= consultation.closes_on:
        raise ConsultationError("comments_closed", closed_on=consultation.closes_on.isoformat())
    row = ConsultationComment(
        consultation_id=consultation.id,
        receipt=f"R{consultation.year}-{secrets.token_hex(4).upper()}",
        author_name=author_name.strip()[:200],
        contact=contact.strip()[:254],
        show_name=show_name,
        section=section[:8],
        text=text.strip(),
    )
    db.session.add(row)
    db.session.flush()
    ledger.append("report.consultation_comment", "report", f"nir:{consultation.year}", {"receipt": row.receipt}, None)
    return row
