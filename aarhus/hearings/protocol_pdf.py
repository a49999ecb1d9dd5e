"""The protocol as data (a snapshot of the record) and as PDF in Kazakh and Russian."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import render_template
from flask_babel import force_locale

from aarhus.accounts.models import User
from aarhus.core import esig
from aarhus.core.extensions import db
from aarhus.core.files import upload_root
from aarhus.core.pdf import render_pdf
from aarhus.core.time import legal_date, legal_zone, utcnow
from aarhus.hearings import labels
from aarhus.hearings.models import Hearing
from aarhus.hearings.queries import comments_of

LANGS = ("kk", "ru")
# What a signature adds to the snapshot; the copy for signing is made from the rest.
SIGNATURE_KEYS = ("chair_signed_by", "chair_signed_at", "secretary_signed_by", "secretary_signed_at", "published_at",
                  "esig")


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
            "esig": {role: {**row.summary(), "signed_at": _local(row.signed_at)}
                     for role, row in esig.signatures_of("protocol", hearing.id).items()},
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


def render(data: dict[str, Any], lang: str, *, for_signing: bool = False) -> bytes:
    """The protocol PDF in ``lang`` from a snapshot (``for_signing``: the copy signers sign with their ЭЦП)."""
    with force_locale(lang):  # the signature's reason in the document's language too
        html = render_template("hearings/protocol_pdf.html", d=data, lang=lang, labels=labels,
                               for_signing=for_signing)
        return render_pdf(html)


def content_of(hearing: Hearing) -> dict[str, Any]:
    """The protocol's content without its signatures: what a copy for signing shows."""
    data = snapshot(hearing, published_at=utcnow())
    data["protocol"] = {k: v for k, v in data["protocol"].items() if k not in SIGNATURE_KEYS}
    return data


def signing_copy_path(hearing_id: int, lang: str) -> Path:
    """Where the copy for signing of a hearing's protocol is kept."""
    return pdf_path(hearing_id, lang).with_name(f"hearing-{hearing_id}-for-signing-{lang}.pdf")


def signing_copy(hearing: Hearing, lang: str, *, frozen: bool) -> tuple[bytes, datetime]:
    """The exact bytes signers sign with their ЭЦП in ``lang``, and when they were made.

    Made on first use and kept, so a signature over them can be checked again at any time. Until the first
    signature the protocol may still change (a position, the draft): a copy whose content differs is made anew.
    Once ``frozen`` (a signature is on the protocol), the kept copy is served as it is.
    """
    protocol, path = hearing.protocol, signing_copy_path(hearing.id, lang)
    data = content_of(hearing)
    digest = _content_hash(data)
    kept = (protocol.signing_copies or {}).get(lang)
    if kept and path.exists() and (frozen or kept["content"] == digest):
        return path.read_bytes(), datetime.fromisoformat(kept["made_at"])
    pdf, made_at = render(data, lang, for_signing=True), utcnow()
    path.write_bytes(pdf)
    protocol.signing_copies = {**(protocol.signing_copies or {}), lang: {
        "sha256": hashlib.sha256(pdf).hexdigest(), "content": digest, "made_at": made_at.isoformat()}}
    db.session.flush()
    return pdf, made_at


def kept_signing_copy(hearing: Hearing, lang: str) -> tuple[bytes, datetime] | None:
    """The kept copy for signing and when it was made; None when there is none or it no longer shows the protocol."""
    kept = (hearing.protocol.signing_copies or {}).get(lang)
    path = signing_copy_path(hearing.id, lang)
    if not kept or not path.exists() or kept["content"] != _content_hash(content_of(hearing)):
        return None
    pdf = path.read_bytes()
    if hashlib.sha256(pdf).hexdigest() != kept["sha256"]:
        return None
    return pdf, datetime.fromisoformat(kept["made_at"])


def _content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


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
