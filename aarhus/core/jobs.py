"""The jobs table: background work queued by any web worker and run by the job worker (``aarhus.jobs``).

A job row carries everything every process needs to show it: its kind and parameters, its state, its progress,
the worker's heartbeat, and its result or error. A running job whose heartbeat has stopped for ``STALE`` is
failed: its worker died, and the page that follows it must say so instead of polling forever.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, update
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.time import utcnow

# Translators: the state of a background job (a report being built, a file being imported).
STATE_TITLES = {"queued": _l("Waiting"), "running": _l("Running"), "done": _l("Finished"), "failed": _l("Failed")}
HEARTBEAT = timedelta(seconds=5)  # how often a running job's worker says it is alive
STALE = timedelta(seconds=60)  # a running job silent for this long has lost its worker


class Job(db.Model):
    """One piece of background work: a report build, a monitoring import."""

    __tablename__ = "jobs"
    __table_args__ = (CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="state"),
                      Index("ix_jobs_kind_state", "kind", "state", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    input: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    output: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(100))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JobRefused(Exception):
    """A job that cannot be done; its message is shown on the job's page (other errors show only their kind)."""


def enqueue(kind: str, params: dict[str, Any], *, actor: Any = None, input: bytes | None = None,
            total: int = 0) -> Job:
    """Queue a job (flushed; the caller commits, and the job worker picks it up)."""
    job = Job(kind=kind, params=params, input=input, total=total, created_by_id=getattr(actor, "id", None),
              created_at=utcnow())
    db.session.add(job)
    db.session.flush()
    return job


def state_of(job: Job, now: datetime | None = None) -> str:
    """queued, running, done or failed; a running job whose heartbeat stopped for ``STALE`` has failed."""
    beat = job.heartbeat_at or job.started_at
    if job.state == "running" and beat is not None and (now or utcnow()) - beat > STALE:
        return "failed"
    return job.state


def report_progress(job_id: int, done: int | None = None, total: int | None = None) -> None:
    """Record a heartbeat (and progress) in a short transaction of its own, so every web worker sees it."""
    values: dict[str, Any] = {"heartbeat_at": utcnow()}
    if done is not None:
        values.update(done=done, total=total or 0)
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id, Job.state == "running").values(**values))
