"""A full run of the audit started from the dashboard: a job the worker runs while its page shows the progress."""

from __future__ import annotations

from datetime import datetime
from typing import IO, Any

from sqlalchemy import select

from aarhus.audit.engine import STEPS, record_run, spill, synchronise_spilled
from aarhus.core.extensions import db
from aarhus.core.jobs import Job, enqueue, state_of
from aarhus.core.time import utcnow

KIND = "audit.run"


def pending_run() -> Job | None:
    """The full run queued or under way, if any (a second click follows it rather than queueing another)."""
    for job in db.session.scalars(select(Job).where(Job.kind == KIND, Job.state.in_(("queued", "running")))
                                  .order_by(Job.id.desc())):
        if state_of(job) in ("queued", "running"):
            return job
    return None


def start_run(actor: Any) -> Job:
    """Queue a full run (the caller commits and redirects to the job's page)."""
    return pending_run() or enqueue(KIND, {}, actor=actor, total=STEPS)


def compute_run(job: Job, progress: Any) -> tuple[datetime, IO[bytes]]:
    """The job's reading phase: every rule over every record, one step after another, kept in a temporary file."""
    now = utcnow()
    return now, spill(now, progress)


def write_run(job: Job, computed: tuple[datetime, IO[bytes]]) -> None:
    """The job's writing phase: synchronise the findings and record the run."""
    now, spilled = computed
    result = synchronise_spilled(spilled, now)
    record_run(result, now, "dashboard", job.created_by_id)
    job.result = {"found": result.found, "new": result.new, "cured": result.cured, "reopened": result.reopened}
