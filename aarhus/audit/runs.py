"""A full run of the audit started from the dashboard: a job the worker runs while its page shows the progress."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from aarhus.audit.engine import STEPS, Reading, read_full_run, record_run, write_full_run
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


def compute_run(job: Job, progress: Any) -> Reading:
    """The job's reading phase: every rule over every record, one step after another, kept in a temporary file."""
    return read_full_run(utcnow(), progress)


def write_run(job: Job, reading: Reading) -> None:
    """The job's writing phase: synchronise the findings and record the run."""
    result = write_full_run(reading)
    record_run(result, reading.now, "dashboard", job.created_by_id)
    job.result = {"found": result.found, "new": result.new, "cured": result.cured, "reopened": result.reopened}
