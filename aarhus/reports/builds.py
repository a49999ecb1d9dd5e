"""Reports built by the job worker, so the browser follows a page instead of waiting on one request."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.jobs import Job, JobRefused, enqueue
from aarhus.plans.items import plan_title
from aarhus.reports.builders import ReportCheckError
from aarhus.reports.models import report_filename
from aarhus.reports.pdf import log_generation, render_nir, render_plan

KIND = "report.build"


def start_build(kind: str, year: int, lang: str, concept: str | None, actor: Any) -> Job:
    """Queue the build of a report (the caller commits and redirects to its page)."""
    return enqueue(KIND, {"report": kind, "year": year, "lang": lang, "concept": concept}, actor=actor)


def title_of(job: Job) -> str:
    """The report's name and year, as its page shows them."""
    params = job.params
    name = (_("National Implementation Report of the Aarhus Convention") if params["report"] == "nir"
            else plan_title(params["concept"], params["lang"]))
    return f"{name}, {params['year']}"


def filename_of(job: Job) -> str:
    """nir-2026-kk.pdf, taza-kazakhstan-2024-ru.pdf."""
    params = job.params
    return report_filename(params["report"], params["concept"], params["year"], params["lang"])


def render_build(job: Job, progress: Any) -> tuple[bytes, dict[str, Any]]:
    """The job's reading phase: gather the data and lay out the PDF."""
    params = job.params
    progress(0, 1)
    try:
        if params["report"] == "nir":
            return render_nir(params["year"], params["lang"])
        return render_plan(params["concept"], params["year"], params["lang"])
    except ReportCheckError as error:
        raise JobRefused("; ".join(error.problems)) from None


def store_build(job: Job, rendered: tuple[bytes, dict[str, Any]]) -> None:
    """The job's writing phase: log the generation, keep the PDF on the job with the SHA-256 of its data."""
    pdf, data = rendered
    log_generation(pdf, data, db.session.get(User, job.created_by_id) if job.created_by_id else None)
    job.output, job.result = pdf, {"sha256": data["sha256"], "filename": filename_of(job), "bytes": len(pdf)}
    job.done = job.total = 1
