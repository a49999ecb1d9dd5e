"""Run a monitoring import in the background, publishing its progress for the upload page."""

from __future__ import annotations

import threading

from flask import Flask, current_app
from sqlalchemy import update
from sqlalchemy.orm import Session

from aarhus.audit.importer import import_hearings
from aarhus.audit.models import ImportJob
from aarhus.core.extensions import db
from aarhus.core.time import utcnow


def start_import(text: str, filename: str, user_id: int | None) -> ImportJob:
    """Record the job and import in a background thread; the page polls the job row."""
    job = ImportJob(filename=filename[:255], created_by_id=user_id, created_at=utcnow(),
                    total=max(text.count("\n") - 1, 0))
    db.session.add(job)
    db.session.commit()
    app = current_app._get_current_object()
    threading.Thread(target=run_import, args=(app, job.id, text), daemon=True).start()
    return job


# Rows done per running job, in this process. Kept out of the database so that no other writer
# commits while the import holds its snapshot; the job row records the outcome.
PROGRESS: dict[int, tuple[int, int]] = {}


def progress_of(job_id: int) -> tuple[int, int] | None:
    """(rows done, rows in all) of a job running in this process, else None."""
    return PROGRESS.get(job_id)


def _set(job_id: int, **values: object) -> None:
    """Record the outcome of the job in its own short transaction."""
    with Session(db.engine) as session:
        session.execute(update(ImportJob).where(ImportJob.id == job_id).values(**values))
        session.commit()


def run_import(app: Flask, job_id: int, text: str) -> None:
    """Import ``text`` for job ``job_id``; the import commits once, or not at all."""
    with app.app_context():
        try:
            report = import_hearings(text, lambda done, total: PROGRESS.__setitem__(job_id, (done, total)))
            db.session.commit()
        except Exception as error:  # a crash leaves no half-written rows: report it and roll back
            db.session.rollback()
            _set(job_id, status="failed", error=str(error)[:500], finished_at=utcnow())
            return
        finally:
            db.session.remove()
            PROGRESS.pop(job_id, None)
        _set(job_id, status="done", imported=report.imported, updated=report.updated, processed=report.total,
             rejected=[list(r) for r in report.rejected], finished_at=utcnow())
