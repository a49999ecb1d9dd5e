"""The audit kept current by the acts themselves.

Every act appends to the event log; the audit listens (a listener registered in ``app.extensions``, since the
log sits below every domain) and notes which hearing or request changed. Just before that session commits, the
noted records' rules — and only theirs — are evaluated and their findings synchronised, in the same transaction
as the act. The nightly full run (``engine.run_audit``) stays as the safety net for rules that turn true by the
mere passing of a day (a protocol overdue, a request left unanswered).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aarhus.audit import figures
from aarhus.bodies.models import Body, Region
from aarhus.core.extensions import db
from aarhus.ledger.chain import LISTENERS

log = logging.getLogger("aarhus.audit.live")
PENDING = "aarhus.audit.pending"  # session.info key: {"hearing": {ids}, "request": {ids}}
SUBJECTS = ("hearing", "request")
# Events that change no fact a rule reads while the rule could be true. A comment only raises the hearing's count of
# comments received, which one rule reads (HP-03: the published protocol includes fewer comments than received);
# comments are taken only at the stage "published", before the protocol is even signed, so never while HP-03 can
# hold (``tests/audit/test_audit_live.py`` pins both). On a contested hearing's last day, the comments' batches
# would otherwise re-evaluate the hearing hundreds of times for nothing.
NO_FACTS = frozenset({"hearing.comment_received"})


def init_app(app: Flask) -> None:
    """Listen to the log's appends and evaluate the noted records before each commit."""
    listeners = app.extensions.setdefault(LISTENERS, [])
    if note not in listeners:
        listeners.append(note)
    if not event.contains(Session, "before_commit", _before_commit):
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_rollback", _forget)
        # after the evaluation: the dashboard's version moves last, once per commit (``audit.figures.bump``)
        event.listen(Session, "after_flush", _names_changed)
        event.listen(Session, "before_commit", figures.bump)
        event.listen(Session, "after_rollback", figures.forget)


def note(entry: Any) -> None:
    """A log entry was appended in this session: remember its record if the audit has rules for it."""
    if entry.subject_type in SUBJECTS and entry.kind not in NO_FACTS:
        pending = db.session.info.setdefault(PENDING, {kind: set() for kind in SUBJECTS})
        pending[entry.subject_type].add(int(entry.subject_id))


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction() or PENDING not in session.info:
        return  # a savepoint's release: the act goes on; evaluate once, at its commit
    pending = session.info.pop(PENDING)
    if session is not db.session():
        return
    from aarhus.audit.engine import evaluate_records

    try:
        with session.begin_nested():
            evaluate_records(pending["hearing"], pending["request"])
    except IntegrityError:
        # A concurrent act on the same record recorded the same new finding first (it waited for that commit):
        # the act itself stands; the next act on the record or the nightly run brings its findings up to date.
        log.info("findings of %s recorded by a concurrent act", pending)


def _names_changed(session: Session, _context: Any) -> None:
    """A region or body added, renamed or removed: the dashboard names them, so its figures are drawn again."""
    if any(isinstance(o, (Body, Region)) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info[figures.CHANGED] = True


def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)
