"""Append to and verify the hash-chained event log. ``append`` takes only the kinds listed in ``EVENT_KINDS``.

The chain alone shows a changed entry; its signed heads (``aarhus.ledger.anchor``) show a recomputed one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import select, text

from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.ledger.models import GENESIS, LogEntry

# Every kind of event, by the type of its subject. Each act that changes a public record writes one.
EVENT_KINDS = frozenset({
    # [user] accounts and their API tokens
    "user.created", "user.disabled", "user.enabled", "user.role_changed", "user.invited", "user.invitation_accepted",
    "user.password_reset", "user.email_confirmed", "token.issued", "token.revoked",
    # [trusted_ca] certification authorities trusted for electronic digital signatures (ЭЦП)
    "trust.ca_added", "trust.ca_removed",
    # [body] the public bodies
    "body.created",
    # [calendar] administrators' overrides of the working-day calendar; [rule] rule versions and packs
    "calendar.override_set", "calendar.override_removed", "rule.version_saved", "rule.pack_loaded",
    # [hearing, request] a tracked deadline recomputed after a calendar or rule change
    "deadline.recomputed",
    # [hearing] the notice, its comments and positions, the protocol, the expertise that follows
    "hearing.created", "hearing.edited", "hearing.document_added", "hearing.media_notice", "hearing.agreed",
    "hearing.published", "hearing.postponed", "hearing.cancelled", "hearing.comment_received", "hearing.position",
    "hearing.protocol_drafted", "hearing.protocol_signed", "hearing.protocol_published", "hearing.protocol_pdf_stored",
    "hearing.see_conclusion",
    "hearing.pee_received", "hearing.pee_decided", "hearing.pee_deemed_registered",
    # [request] an environmental-information request and the holder's acts on it
    "request.registered", "request.answered", "request.extended", "request.redirected", "request.refused",
    "request.complaint",
    # [request] the officer's ЭЦП over the PDF of the answer or refusal, added after the act
    "request.esigned",
    # [fees] the tariff for paper copies
    "fees.tariff_set",
    # [plan_item] progress on an action-plan item, entered by its responsible body
    "plan.progress_saved", "plan.submitted",
    # [finding] an audit finding as a case: sent to the responsible body, answered by it, closed or reopened
    "finding.sent", "finding.answered", "finding.closed", "finding.reopened",
    # [report] national reports generated, the draft NIR's public consultation
    "report.generated", "report.consultation_opened", "report.consultation_comment",
})


# The extension key under which higher layers register ``listener(entry)`` callables: each is called in the act's
# own session right after an entry is appended (the audit notes the record, to re-evaluate it before the commit).
LISTENERS = "aarhus.ledger.listeners"


def entry_hash(prev_hash: str, at: datetime, kind: str, subject_type: str, subject_id: str,
               actor_id: int | None, payload: dict[str, Any]) -> str:
    """SHA-256 over the previous hash, the instant and the canonical payload."""
    body = json.dumps(
        {"prev": prev_hash, "at": at.isoformat(), "kind": kind, "subject": [subject_type, subject_id],
         "actor": actor_id, "payload": payload},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _lock_chain() -> None:
    """Serialise appends: an advisory lock on PostgreSQL; SQLite has one writer anyway."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(7351)"))


def append(kind: str, subject_type: str, subject_id: Any, payload: dict[str, Any],
           actor: Any = None) -> LogEntry:
    """Add an event at the head of the chain and flush it."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}: list it in EVENT_KINDS")
    _lock_chain()
    head = db.session.scalars(select(LogEntry).order_by(LogEntry.id.desc()).limit(1)).first()
    prev = head.hash if head else GENESIS
    at = utcnow()
    actor_id = getattr(actor, "id", None)
    payload = json.loads(json.dumps(payload, default=str))  # what is stored is what is hashed
    entry = LogEntry(at=at, kind=kind, subject_type=subject_type, subject_id=str(subject_id),
                     actor_id=actor_id, payload=payload, prev_hash=prev,
                     hash=entry_hash(prev, at, kind, subject_type, str(subject_id), actor_id, payload))
    db.session.add(entry)
    db.session.flush()
    if has_app_context():
        for listener in current_app.extensions.get(LISTENERS, ()):
            listener(entry)
    return entry


def entries_for(subject_type: str, subject_id: Any) -> list[LogEntry]:
    """The events about one subject, oldest first."""
    return list(db.session.scalars(
        select(LogEntry).where(LogEntry.subject_type == subject_type,
                               LogEntry.subject_id == str(subject_id)).order_by(LogEntry.id)))


def first_broken() -> LogEntry | None:
    """The first entry whose hash or link does not match, or None if the chain is intact."""
    prev = GENESIS
    for entry in db.session.scalars(select(LogEntry).order_by(LogEntry.id)).yield_per(1000):
        expected = entry_hash(prev, entry.at, entry.kind, entry.subject_type, entry.subject_id,
                              entry.actor_id, entry.payload)
        if entry.prev_hash != prev or entry.hash != expected:
            return entry
        prev = entry.hash
    return None


def verify_subject(subject_type: str, subject_id: Any) -> tuple[bool, LogEntry | None]:
    """Check a subject's entries: each hash recomputes and each is linked into the chain on both sides."""
    for entry in entries_for(subject_type, subject_id):
        expected = entry_hash(entry.prev_hash, entry.at, entry.kind, entry.subject_type, entry.subject_id,
                              entry.actor_id, entry.payload)
        previous_ok = entry.prev_hash == GENESIS or db.session.scalar(
            select(LogEntry.id).where(LogEntry.hash == entry.prev_hash, LogEntry.id < entry.id)) is not None
        successor = db.session.scalar(select(LogEntry.id).where(LogEntry.prev_hash == entry.hash))
        is_head = db.session.scalar(select(LogEntry.id).order_by(LogEntry.id.desc()).limit(1)) == entry.id
        if entry.hash != expected or not previous_ok or (successor is None and not is_head):
            return False, entry
    return True, None


def head() -> LogEntry | None:
    """The latest entry of the chain."""
    return db.session.scalars(select(LogEntry).order_by(LogEntry.id.desc()).limit(1)).first()
