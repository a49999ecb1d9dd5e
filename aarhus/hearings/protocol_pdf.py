"""The protocol as data (a snapshot of the record) and as PDF in Kazakh and Russian."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import render_template
from flask_babel import force_locale

from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.files import upload_root
from aarhus.core.pdf import render_pdf
from aarhus.core.time import legal_date, legal_zone
from aarhus.hearings import labels
from aarhus.hearings.models import Hearing
from aarhus.hearings.queries import comments_of

LANGS = ("kk", "ru")


def _signer(user_id: int | None) -> str:
    user = db.session.get(User, user_id) if user_id else None
    return user.name or user.email if user else ""


def snapshot(hearing: Hearing, published_at: datetime) -> dict[str, Any]:
    """Everything the protocol shows, frozen at publication (contacts excluded)."""
    protocol = hearing.protocol
    return {
        "hearing": {
            "id": hearing.id, "form": hearing.form.value, "region": hearing.region.code,
            "title": {"kk": hearing.title_kk, "ru": hearing.title_ru},
            "place": {"kk": hearing.place_kk, "ru": hearing.place_ru},
            "address": {"kk": hearing.address_kk, "ru": hearing.address_ru},
            "akimat": {"kk": hearing.akimat.name("kk"), "ru": hearing.akimat.name("ru")},
            "initiator": hearing.initiator_name, "bin": hearing.initiator_bin,
            "hearing_date": _iso(hearing.hearing_date), "hearing_time": _iso(hearing.hearing_time),
            "survey_start": _iso(hearing.survey_start), "survey_end": _iso(hearing.survey_end),
            "notice_published_on": _iso(legal_date(hearing.notice_published_at)),
        },
        "protocol": {
            "attendees": protocol.attendees, "attendee_list": protocol.attendee_list,
            "eia_presented": protocol.eia_presented, "chair": protocol.chair_name,
            "secretary": protocol.secretary_name, "appeal": {"kk": protocol.appeal_kk, "ru": protocol.appeal_ru},
            "chair_signed_by": _signer(protocol.chair_signed_by_id),
            "chair_signed_at": _local(protocol.chair_signed_at),
            "secretary_signed_by": _signer(protocol.secretary_signed_by_id),
            "secretary_signed_at": _local(protocol.secretary_signed_at),
            "published_at": _local(published_at), "timezone": legal_zone().key,
        },
        "comments": [{
            "receipt": c.receipt, "author": c.public_author, "channel": c.channel.value,
            "received_on": _iso(legal_date(c.received_at)), "text": c.text,
            "connection_complaint": c.is_connection_complaint,
            "stance": c.position.stance.value if c.position else None,
            "reasons": c.position.reasons if c.position else "",
        } for c in comments_of(hearing)],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _local(instant: Any) -> str | None:
    """An instant as wall-clock time in the legal zone, e.g. ``2026-12-15 14:03``."""
    return instant.astimezone(legal_zone()).strftime("%Y-%m-%d %H:%M") if instant else None


def render(data: dict[str, Any], lang: str) -> bytes:
    """The protocol PDF in ``lang`` from a snapshot."""
    with force_locale(lang):  # the signature's reason in the document's language too
        html = render_template("hearings/protocol_pdf.html", d=data, lang=lang, labels=labels)
        return render_pdf(html)


def pdf_path(hearing_id: int, lang: str) -> Path:
    """Where the published protocol PDF of a hearing is kept."""
    folder = upload_root() / "protocols"
    folder.mkdir(exist_ok=True)
    return folder / f"hearing-{hearing_id}-{lang}.pdf"


def render_and_store(hearing: Hearing) -> dict[str, str]:
    """Render both languages from the stored snapshot, write them, return their SHA-256."""
    hashes = {}
    for lang in LANGS:
        data = render(hearing.protocol.snapshot, lang)
        pdf_path(hearing.id, lang).write_bytes(data)
        hashes[lang] = hashlib.sha256(data).hexdigest()
    return hashes
