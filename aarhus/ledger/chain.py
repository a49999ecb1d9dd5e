"""Append to and verify the hash-chained event log. ``append`` takes only the kinds listed in ``EVENT_KINDS``.

The chain alone shows a changed entry; its signed heads (``aarhus.ledger.anchor``) show a recomputed one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from datetime import datetime
from typing import Any

from flask import Flask, current_app, g, has_app_context, has_request_context
from sqlalchemy import delete, event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from aarhus.core.cache import BUMP_LATER, mark_public_changed
from aarhus.core.extensions import db, writing
from aarhus.core.time import utcnow
from aarhus.ledger.models import GENESIS, LogEntry, PendingEntry

log = logging.getLogger("aarhus.ledger")

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
# And ``hook(entries)`` callables run by ``seal`` on the pending entries it is about to chain, before it takes the
# log's lock (the hearings count their comments there: a row lock taken after the log's lock could deadlock with
# an act that holds its record's row and waits for the log).
BEFORE_SEAL = "aarhus.ledger.before_seal"
UNSEALED = "aarhus.ledger.unsealed"  # session.info: this transaction left entries for ``seal``


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
    """Add an event at the head of the chain and flush it.

    It holds the log's lock until the transaction ends: every other append waits for this one's commit.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}: list it in EVENT_KINDS")
    _lock_chain()
    return _chain(kind, subject_type, subject_id, payload, getattr(actor, "id", None))


def _chain(kind: str, subject_type: str, subject_id: Any, payload: dict[str, Any], actor_id: int | None) -> LogEntry:
    return _chain_all([(kind, subject_type, subject_id, payload, actor_id)])[0]


def _chain_all(events: list[tuple[str, str, Any, dict[str, Any], int | None]]) -> list[LogEntry]:
    """Link ``events`` (kind, subject type and id, payload, actor id) at the head, in order, and flush them once.

    The caller holds the log's lock. The head is read once for the whole batch: each entry's ``prev_hash`` is the
    hash of the one before it in this batch.
    """
    head = db.session.scalars(select(LogEntry.hash).order_by(LogEntry.id.desc()).limit(1)).first()
    prev = head or GENESIS
    entries = []
    for kind, subject_type, subject_id, payload, actor_id in events:
        at = utcnow()
        payload = json.loads(json.dumps(payload, default=str))  # what is stored is what is hashed
        entry = LogEntry(at=at, kind=kind, subject_type=subject_type, subject_id=str(subject_id),
                         actor_id=actor_id, payload=payload, prev_hash=prev,
                         hash=entry_hash(prev, at, kind, subject_type, str(subject_id), actor_id, payload))
        entries.append(entry)
        prev = entry.hash
    db.session.add_all(entries)
    db.session.flush()
    if has_app_context():
        for entry in entries:
            for listener in current_app.extensions.get(LISTENERS, ()):
                listener(entry)
    return entries


def append_later(kind: str, subject_type: str, subject_id: Any, payload: dict[str, Any],
                 actor: Any = None) -> PendingEntry | LogEntry:
    """Within a request: keep the event in the act's transaction, to be chained right after its commit.

    The act then holds no lock on the log, so acts of this kind commit side by side; the request chains its
    entry (and any other committed meanwhile) as it ends (``seal_after_request``), and the scheduler's sweep
    chains what a dead process left. Until then the entry is in ``log_pending``, committed with the act. The
    public pages are renewed when it is chained (``core.cache``), and the log's listeners hear of it then.
    Outside a request (commands, jobs, the seed) this is ``append``.
    """
    if not has_request_context():
        return append(kind, subject_type, subject_id, payload, actor)
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}: list it in EVENT_KINDS")
    pending = PendingEntry(at=utcnow(), kind=kind, subject_type=subject_type, subject_id=str(subject_id),
                           actor_id=getattr(actor, "id", None), payload=json.loads(json.dumps(payload, default=str)))
    db.session.add(pending)  # written with the act's other rows, in one flush
    db.session.info[UNSEALED] = db.session.info[BUMP_LATER] = True
    return pending


class Busy(Exception):
    """Another sealer holds the log (or a record the entries count on): the background sealer will chain them."""


def _try_lock_chain() -> bool:
    if db.session.get_bind().dialect.name == "postgresql":
        return bool(db.session.scalar(text("SELECT pg_try_advisory_xact_lock(7351)")))
    return True


def seal(limit: int = 1000, wait: bool = True) -> int:
    """Chain the committed pending entries (oldest first, at most ``limit``); the caller commits.

    Concurrent sealers take disjoint entries (row locks, skipping those taken). Waiting, the ``BEFORE_SEAL`` hooks
    lock their records' rows first and then the log, the order in which acts take them; not waiting (``Busy``, or
    the database's lock-not-available error from a hook), the log first, then the rest only if free.
    Returns how many were chained.
    """
    if not wait and not _try_lock_chain():
        raise Busy
    rows = list(db.session.scalars(select(PendingEntry).order_by(PendingEntry.id).limit(limit)
                                   .with_for_update(skip_locked=True)))
    if not rows:
        return 0
    for hook in current_app.extensions.get(BEFORE_SEAL, ()) if has_app_context() else ():
        hook(rows, wait)
    if wait:
        _lock_chain()
    _chain_all([(row.kind, row.subject_type, row.subject_id, row.payload, row.actor_id) for row in rows])
    db.session.execute(delete(PendingEntry).where(PendingEntry.id.in_([row.id for row in rows])))
    mark_public_changed(db.session())
    db.session.flush()
    return len(rows)


BATCH = 1000


def seal_all(until_empty: bool = True) -> int:
    """Chain every pending entry, committing each batch of ``BATCH`` (the sweep, ``ledger seal``, before a head is
    signed). Not ``until_empty``, it stops after a batch that was not full: entries committed meanwhile wait for the
    next round, so a busy spell's batches grow with the traffic instead of chasing each comment."""
    total = 0
    while sealed := seal(BATCH):
        db.session.commit()
        total += sealed
        if sealed < BATCH and not until_empty:
            break
    db.session.commit()
    return total


class Sealer:
    """A thread of this process that chains pending entries when nudged, in batches; it ends after ``IDLE`` seconds
    without work.

    A quiet site chains each comment's entry in its own request. Once a request finds the log taken by another
    sealer, it nudges this thread instead of queueing, and while the thread runs (a busy spell) every request leaves
    its entry to it: one transaction then chains all that arrived meanwhile, counts them, re-evaluates their
    hearings' audit rules once and renews the public pages once, within a fraction of a second (``BATCH_DELAY``
    plus the chaining itself).
    """

    BATCH_DELAY = 0.1
    IDLE = 2.0

    def __init__(self, app: Flask) -> None:
        self.app, self.wake, self.guard = app, threading.Event(), threading.Lock()
        self.thread: threading.Thread | None = None
        self.pid = 0

    def busy(self) -> bool:
        """Whether this process is in a busy spell (the thread runs)."""
        return self.thread is not None and self.pid == os.getpid()

    def nudge(self) -> None:
        with self.guard:
            self.wake.set()
            if self.thread is None or self.pid != os.getpid():  # not started yet, or a forked copy
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self._run, name="aarhus-log-sealer", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            if not self.wake.wait(self.IDLE):
                with self.guard:
                    if not self.wake.is_set():
                        self.thread = None
                        return
                continue
            time.sleep(self.BATCH_DELAY)  # let the comments committing now join this batch
            self.wake.clear()
            with self.app.app_context(), writing():  # SQLite: the write lock at BEGIN, as requests that write
                try:
                    seal_all(until_empty=False)
                except Exception:  # the entries stay pending: the next nudge, or the scheduler's sweep, chains them
                    log.exception("chaining the pending log entries failed")
                    db.session.rollback()
                finally:
                    db.session.remove()


SEALER = "aarhus.ledger.sealer"


def _committed(session: Session) -> None:
    if session.info.pop(UNSEALED, False) and has_request_context():
        g.aarhus_unsealed = True


def _rolled_back(session: Session) -> None:
    session.info.pop(UNSEALED, None)
    session.info.pop(BUMP_LATER, None)


def seal_after_request(_error: BaseException | None = None) -> None:
    """At the end of a request that committed pending entries: chain them if the log is free, else let the
    process's sealer thread chain them with the others that arrive meanwhile. Either renews the public pages."""
    if not g.pop("aarhus_unsealed", False):
        return
    sealer = current_app.extensions[SEALER]
    if sealer.busy():
        sealer.nudge()
        return
    try:
        db.session.rollback()  # whatever the request left uncommitted is not this function's to commit
        seal(wait=False)
        db.session.commit()
    except (Busy, OperationalError):
        db.session.rollback()
        sealer.nudge()
    except Exception:  # the act stands, committed; its entry waits for the sealer
        log.exception("chaining the pending log entries failed; the sealer thread will")
        db.session.rollback()
        sealer.nudge()


def init_app(app: Flask) -> None:
    """Chain each request's pending entries as it ends."""
    app.extensions[SEALER] = Sealer(app)
    app.teardown_request(seal_after_request)
    if not event.contains(Session, "after_commit", _committed):
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_rollback", _rolled_back)


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
