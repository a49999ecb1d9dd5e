"""Acts on the protocol: draft it once the hearing has ended, sign it, publish it as PDF in Kazakh and Russian."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask_babel import lazy_gettext as _l

from aarhus.accounts.models import User
from aarhus.core import esig
from aarhus.core.extensions import db
from aarhus.core.time import legal_date, utcnow
from aarhus.hearings import protocol_pdf, rules
from aarhus.hearings.errors import HearingError
from aarhus.hearings.models import Hearing, Protocol
from aarhus.hearings.permissions import is_region_officer, require_act
from aarhus.hearings.queries import comments_of
from aarhus.ledger import chain as ledger
from aarhus.legal.operations import meet_deadline

NOT_AN_OFFICER = _l("Choose an officer of the akimat of the hearing's region.")
SAME_AS_CHAIR = _l("The secretary must be a different person from the chair.")

DEFAULT_APPEAL = {
    "kk": "Қоғамдық тыңдаулар нәтижелері бойынша қабылданған шешімге Қазақстан Республикасының заңнамасында "
          "белгіленген тәртіппен жоғары тұрған органға немесе сотқа шағым жасалуы мүмкін.",
    "ru": "Решение, принятое по итогам общественных слушаний, может быть обжаловано в вышестоящий орган или "
          "в суд в порядке, установленном законодательством Республики Казахстан.",
}


def draft_protocol(hearing: Hearing, values: dict[str, Any], actor: User) -> Protocol:
    """Fill in the protocol's record of the meeting once the hearing has ended."""
    require_act(hearing, "draft_protocol", actor)
    signers = _signers(hearing, values)
    protocol = hearing.protocol or Protocol(hearing=hearing)
    protocol.attendees = int(values.get("attendees") or 0)
    protocol.attendee_list = values.get("attendee_list", "") or ""
    protocol.eia_presented = bool(values.get("eia_presented"))
    protocol.appeal_kk = (values.get("appeal_kk") or DEFAULT_APPEAL["kk"]).strip()
    protocol.appeal_ru = (values.get("appeal_ru") or DEFAULT_APPEAL["ru"]).strip()
    protocol.chair_id, protocol.secretary_id = signers.get("chair"), signers.get("secretary")
    for role in signatures_needed(hearing):
        name = (values.get(f"{role}_name") or "").strip() or _name_of(signers[role])
        setattr(protocol, f"{role}_name", name[:200])
    protocol.drafted_at = utcnow()
    db.session.add(protocol)
    db.session.flush()
    ledger.append("hearing.protocol_drafted", "hearing", hearing.id,
                  {"attendees": protocol.attendees, "eia_presented": protocol.eia_presented,
                   "chair": protocol.chair_id, "secretary": protocol.secretary_id}, actor)
    return protocol


def signatures_needed(hearing: Hearing) -> tuple[str, ...]:
    """The signatures the hearing's protocol needs (``rules.signatures_needed``)."""
    return rules.signatures_needed(hearing.form.value)


def _signers(hearing: Hearing, values: dict[str, Any]) -> dict[str, int]:
    """The accounts chosen to sign, by role: officers of the hearing's region, two different people (Annex 3)."""
    chosen, reasons = {}, {}
    for role in signatures_needed(hearing):
        user = db.session.get(User, _as_id(values.get(f"{role}_id")))
        if user is None or not is_region_officer(user, hearing):
            reasons[f"{role}_id"] = str(NOT_AN_OFFICER)
        elif user.id in chosen.values():
            reasons[f"{role}_id"] = str(SAME_AS_CHAIR)
        else:
            chosen[role] = user.id
    if reasons:
        raise HearingError("invalid", fields=list(reasons), field_errors=reasons)
    return chosen


def _as_id(value: Any) -> int:
    """An account id from a form or the API; anything else (a "²", a bool, a number no column holds) is 0."""
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else 0


def _name_of(user_id: int) -> str:
    user = db.session.get(User, user_id)
    return user.name or user.email


def sign_protocol(hearing: Hearing, role: str, actor: User, *, cms: bytes | str | None = None,
                  lang: str = "kk") -> None:
    """Sign, by oneself, in the role one was chosen for; refused while any comment lacks a position.

    With ``cms`` (a detached CMS signature made with the signer's ЭЦП over the copy for signing in ``lang``) the
    signature is verified and kept too; a refused ЭЦП refuses the whole act.
    """
    require_act(hearing, "sign_protocol", actor)
    protocol = hearing.protocol
    if protocol is None or role not in signatures_needed(hearing):
        raise HearingError("wrong_state")
    if getattr(protocol, f"{role}_id") != actor.id:
        raise HearingError("not_the_signer", 403, role=role)
    if getattr(protocol, f"{role}_signed_at"):
        raise HearingError("wrong_state", role=role)
    _require_positions(hearing)
    payload: dict[str, Any] = {"as": role}
    if cms is not None:
        payload["esig"] = _keep_esig(hearing, role, cms, lang, actor).summary()
    setattr(protocol, f"{role}_signed_by_id", actor.id)
    setattr(protocol, f"{role}_signed_at", utcnow())
    db.session.flush()
    ledger.append("hearing.protocol_signed", "hearing", hearing.id, payload, actor)


def _keep_esig(hearing: Hearing, role: str, cms: bytes | str, lang: str, actor: User) -> esig.ESignature:
    """Verify the ЭЦП over the kept copy for signing in ``lang``, which must still show the protocol as it is."""
    if lang not in protocol_pdf.LANGS:
        raise HearingError("invalid", fields=["lang"])
    kept = protocol_pdf.kept_signing_copy(hearing, lang)
    if kept is None:
        raise esig.EsigError("different_bytes")
    document, made_at = kept
    return esig.verify_and_keep(cms, document, record_type="protocol", record_id=hearing.id, role=role, lang=lang,
                                made_at=made_at, signer=actor)


def signing_copy(hearing: Hearing, lang: str) -> bytes:
    """The copy of the protocol its signers sign with their ЭЦП (made and kept on first use)."""
    if hearing.protocol is None or lang not in protocol_pdf.LANGS:
        raise HearingError("wrong_state")
    frozen = bool(hearing.protocol.chair_signed_at or hearing.protocol.secretary_signed_at)
    return protocol_pdf.signing_copy(hearing, lang, frozen=frozen)[0]


def publish_protocol(hearing: Hearing, actor: User) -> None:
    """Publish: freeze the protocol's snapshot and queue its PDFs in Kazakh and Russian (in this transaction).

    The job worker renders them from the snapshot and records their SHA-256 (``protocol_pdf.store_job``); until
    then the hearing's page shows the protocol's comments and answers and says the PDFs are being prepared.
    """
    require_act(hearing, "publish_protocol", actor)
    _require_positions(hearing)  # nothing may have slipped in since the signatures
    protocol = hearing.protocol
    now = utcnow()
    protocol.snapshot = protocol_pdf.snapshot(hearing, published_at=now)
    snapshot_sha256 = hashlib.sha256(json.dumps(protocol.snapshot, sort_keys=True, ensure_ascii=False).encode())
    job = protocol_pdf.queue_render(hearing, actor)
    protocol.published_at = hearing.protocol_published_at = now
    hearing.protocol_published_on = legal_date(now)
    protocol.comments_included = sum(1 for c in protocol.snapshot["comments"] if c["stance"])  # HP-03 counts these
    meet_deadline("hearing", hearing.id, "hearing.protocol", legal_date(now))
    db.session.flush()
    ledger.append("hearing.protocol_published", "hearing", hearing.id,
                  {"snapshot_sha256": snapshot_sha256.hexdigest(), "pdf_job": job.id}, actor)


def _require_positions(hearing: Hearing) -> None:
    """Refuse while a comment of the hearing has no position of the initiator (Annex 3/4)."""
    comments = comments_of(hearing)
    if not rules.can_finalise_protocol({c.id for c in comments}, {c.id for c in comments if c.position}):
        raise HearingError("positions_missing", receipts=[c.receipt for c in comments if c.position is None])
