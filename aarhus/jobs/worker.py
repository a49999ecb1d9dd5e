"""The job worker: claims queued jobs one at a time and runs them (``flask --app aarhus jobs work``).

Any number of workers may run (and ``scheduler run`` runs one): a job is claimed by an update that only one of
them wins. A job has two phases: it reads and computes (reporting progress; a thread beats its heartbeat), then
writes in one short transaction that the worker commits, or rolls back and records the failure. A long write (an
import) is a generator instead: the worker commits after each chunk it yields, so other writers go between them.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import select, update

from aarhus.audit.imports import check_import, write_import
from aarhus.audit.runs import compute_run, write_run
from aarhus.core.extensions import db, let_others_write, writing
from aarhus.core.jobs import HEARTBEAT, STALE, Job, JobRefused, report_progress
from aarhus.core.time import utcnow
from aarhus.hearings import protocol_pdf
from aarhus.reports.builds import render_build, store_build

log = logging.getLogger("aarhus.jobs.worker")

# Each kind of job: its reading phase prepare(job, progress(done, total)) → prepared, and its writing phase
# write(job, prepared) — one transaction, or a generator committed after each step it yields.
HANDLERS: dict[str, tuple[Callable[[Job, Callable[[int, int], None]], Any], Callable[[Job, Any], None]]] = {
    "report.build": (render_build, store_build),
    "monitoring.import": (check_import, write_import),
    "audit.run": (compute_run, write_run),
    protocol_pdf.JOB_KIND: (protocol_pdf.render_job, protocol_pdf.store_job),
}


def worker_id() -> str:
    """This process and thread, as recorded on the jobs it runs."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def claim(worker: str) -> int | None:
    """Take the oldest queued job; None when there is none (or another worker took it first)."""
    # A plain read first: an idle worker polls every second, and on SQLite a transaction that has read and then
    # writes fails at once ("database is locked", no busy wait) if it meets another connection's write lock: taking
    # the lock for each poll broke other connections' acts at random.
    if db.session.scalar(select(Job.id).where(Job.state == "queued").limit(1)) is None:
        db.session.rollback()
        return None
    db.session.rollback()
    with writing():  # SQLite: the write lock at BEGIN, as a read snapshot upgraded after a comment's commit fails
        candidate = db.session.scalar(select(Job.id).where(Job.state == "queued").order_by(Job.id).limit(1))
        if candidate is None:
            db.session.rollback()
            return None
        now = utcnow()
        taken = db.session.execute(update(Job).where(Job.id == candidate, Job.state == "queued").values(
            state="running", worker=worker, started_at=now, heartbeat_at=now)).rowcount
        db.session.commit()
    return candidate if taken else None


def fail_stale(now: datetime | None = None) -> int:
    """Mark failed every running job whose worker stopped beating (idempotent); returns how many."""
    now = now or utcnow()
    stale = (Job.state == "running") & (Job.heartbeat_at < now - STALE)
    found = db.session.scalar(select(Job.id).where(stale).limit(1))  # a plain read first, as ``claim`` does
    db.session.rollback()
    if found is None:
        return 0
    with writing():
        count = db.session.execute(update(Job).where(stale).values(
            state="failed", error=None, finished_at=now)).rowcount  # the page says the worker stopped
        db.session.commit()
    return count


def run_job(app: Flask, job_id: int) -> str:
    """Run one claimed job to its end; returns its final state."""
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(app, job_id, stop), name=f"job-{job_id}-heartbeat", daemon=True)
    beat.start()
    job = prepared = None
    try:
        job = db.session.get(Job, job_id)
        prepare, write = HANDLERS[job.kind]
        worker = job.worker
        prepared = prepare(job, lambda done, total: report_progress(job_id, done, total))
        db.session.rollback()  # end the read snapshot: the writes go into a transaction of their own
        with writing():
            job = _still_ours(job_id, worker)
            if job is None:
                return db.session.get(Job, job_id).state
            steps = write(job, prepared)
            if isinstance(steps, Iterator):
                for _ in steps:
                    db.session.commit()  # a chunk is in: other writers go now, before the next one
                    let_others_write()
                    job = _still_ours(job_id, worker)
                    if job is None:
                        steps.close()
                        return db.session.get(Job, job_id).state
            job.state, job.finished_at = "done", utcnow()
            db.session.commit()
    except Exception as error:  # the job's page must say it failed rather than poll forever
        db.session.rollback()
        log.exception("job %s failed", job_id)
        job = db.session.get(Job, job_id)
        if job is not None:
            job.state, job.finished_at = "failed", utcnow()
            job.error = str(error) if isinstance(error, JobRefused) else type(error).__name__
            db.session.commit()
    finally:
        if callable(close := getattr(prepared, "close", None)):  # what the reading kept (a file), if never written
            close()
        stop.set()
        beat.join()
    return job.state if job is not None else "failed"


def _still_ours(job_id: int, worker: str) -> Job | None:
    """The job, locked for writing, while this worker still runs it; else None (and the transaction ended)."""
    job = db.session.get(Job, job_id, with_for_update=True)
    if job.state == "running" and job.worker == worker:
        return job
    db.session.rollback()  # failed as stale meanwhile: its page said so
    return None


def _beat(app: Flask, job_id: int, stop: threading.Event) -> None:
    with app.app_context():
        while not stop.wait(HEARTBEAT.total_seconds()):
            try:
                report_progress(job_id)
            except Exception:  # a busy database delays one beat; STALE allows many
                log.warning("heartbeat of job %s not recorded", job_id, exc_info=True)


def work(app: Flask, *, once: bool = False, stop: threading.Event | None = None, poll: float = 1.0) -> int:
    """Run queued jobs until ``stop`` is set (or, with ``once``, until none is left); returns how many ran."""
    worker, ran = worker_id(), 0
    stop = stop or threading.Event()
    with app.app_context():
        fail_stale()
        while not stop.is_set():
            try:
                job_id = claim(worker)
            except Exception:  # a busy or unreachable database: try again at the next poll, never stop working
                db.session.rollback()
                log.warning("no job claimed", exc_info=True)
                stop.wait(poll)
                continue
            if job_id is None:
                if once:
                    break
                stop.wait(poll)
                fail_stale()
                continue
            log.info("job %s: %s", job_id, run_job(app, job_id))
            db.session.remove()
            ran += 1
    return ran


def start_thread(app: Flask) -> tuple[threading.Thread, threading.Event]:
    """Run a worker in a thread of this process (the scheduler process does); set the event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=work, args=(app,), kwargs={"stop": stop}, name="job-worker", daemon=True)
    thread.start()
    return thread, stop
