"""Monitoring imports run by the job worker; the upload page follows the job's progress."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aarhus.audit.importer import Report, parse_rows, write_in_chunks
from aarhus.core.jobs import Job, enqueue

KIND = "monitoring.import"


def start_import(data: bytes, filename: str, actor: Any) -> Job:
    """Queue the import of an uploaded CSV (the caller commits and redirects to the job's page)."""
    text = data.decode("utf-8-sig")
    return enqueue(KIND, {"filename": filename[:255]}, actor=actor, input=data, total=max(text.count("\n") - 1, 0))


def check_import(job: Job, progress: Any) -> tuple[Report, list[dict[str, Any]]]:
    """The job's reading phase: check every row, reporting progress."""
    return parse_rows(job.input.decode("utf-8-sig"), progress)


def write_import(job: Job, checked: tuple[Report, list[dict[str, Any]]]) -> Iterator[None]:
    """The job's writing phase, a chunk of rows at a time (the worker commits after each, with the rows written so
    far on the job), then the report on the job."""
    report, good = checked
    for written in write_in_chunks(report, good):
        job.result = {"written": written, "to_write": len(good)}
        yield
    job.result = {"imported": report.imported, "updated": report.updated, "processed": report.total,
                  "rejected": [list(row) for row in report.rejected], "reasons": report.reasons,
                  "written": len(good)}
