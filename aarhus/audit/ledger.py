"""Append to and verify the hash-chained event log.

Event kinds (subject type in brackets):
  user.created, token.issued, token.revoked          [user]
  body.created                                       [body]
  calendar.override_set, calendar.override_removed   [calendar]
  rule.version_saved                                 [rule]
  deadline.recomputed                                [deadline]
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, text

from aarhus.audit.models import GENESIS, LogEntry
from aarhus.extensions import db
from aarhus.timeutil import utcnow


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
