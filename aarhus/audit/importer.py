"""Import monitoring records (the contract's CSV): every bad row reported, the good ones kept.

The rows are checked first (reading only), then written in chunks of ``CHUNK`` rows, each committed by the
caller, so other writers (a comment, a request) go between the chunks instead of waiting for the whole file or
failing (issue 16). A crash mid-import leaves whole chunks written; importing the file again completes it, since
a row with an ``external_id`` imported before is updated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from aarhus.audit.engine import evaluate_records
from aarhus.audit.models import MonitoredHearing
from aarhus.bodies.models import Body, BodyKind, Region
from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.deadlines.rules import RuleNotFound
from aarhus.legal import service

COLUMNS = ("external_id", "region", "project_title_kk", "project_title_ru", "form", "survey_start", "hearing_date",
           "notice_published_on", "notice_kk", "notice_ru", "notice_fields_complete", "documents_published_on",
           "agreement_on", "protocol_published_on", "comments_received", "comments_in_protocol",
           "protocol_has_appeal_statement")


class RowError(ValueError):
    """Why one row was rejected: ``column: reason`` when one cell is at fault.

    The English text is what the CLI prints and the job stores; ``code``, ``column`` and ``params`` let a page say
    it in its own language (``audit.labels.row_reason``).
    """

    def __init__(self, message: str, column: str | None = None, code: str = "invalid", **params: Any) -> None:
        super().__init__(f"column {column}: {message}" if column else message)
        self.code, self.column, self.params = code, column, params

    def as_reason(self, line: int) -> dict[str, Any]:
        """The rejection as data: line, code, column and the values the message names."""
        return {"line": line, "code": self.code, "column": self.column, "params": self.params}


# No cell of a monitoring record is longer; the titles and the id have their columns' lengths.
MAX_CELL = 1000
MAX_COUNT = 1_000_000_000
LIMITS = {"external_id": MonitoredHearing.__table__.c.external_id.type.length,
          "project_title_kk": MonitoredHearing.__table__.c.title_kk.type.length,
          "project_title_ru": MonitoredHearing.__table__.c.title_ru.type.length}
_CONTROL = {*range(0, 9), 11, 12, *range(14, 32), 127}


def check_cells(row: dict[str, Any]) -> None:
    """Every cell a text the database can store: not too long, no NUL or control character."""
    for name in COLUMNS:
        raw = row.get(name) or ""
        if not isinstance(raw, str):
            continue
        limit = LIMITS.get(name, MAX_CELL)
        if len(raw.strip()) > limit:
            raise RowError(f"longer than {limit} characters ({len(raw)})", name, "too_long", limit=limit,
                           length=len(raw))
        if any(ord(ch) in _CONTROL for ch in raw):
            raise RowError("contains a NUL or control character", name, "control_character")


@dataclass
class Report:
    """What an import did."""

    imported: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    reasons: list[dict[str, Any]] = field(default_factory=list)  # the same rejections as data

    def reject(self, line: int, error: RowError) -> None:
        """Record a rejected line with its reason."""
        self.rejected.append((line, str(error)))
        self.reasons.append(error.as_reason(line))

    @property
    def total(self) -> int:
        """Rows read."""
        return self.imported + self.updated + len(self.rejected)

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.rejected


def _date(row: dict[str, str], name: str, required: bool = False) -> date | None:
    raw = (row.get(name) or "").strip()
    if not raw:
        if required:
            raise RowError("is empty", name, "empty")
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise RowError(f"bad date {raw!r} (expected YYYY-MM-DD)", name, "bad_date", value=raw[:40]) from None


def _yes(row: dict[str, str], name: str) -> bool:
    raw = (row.get(name) or "").strip().lower()
    if raw not in ("yes", "no"):
        raise RowError(f"expected yes or no, not {raw!r}", name, "not_yes_no", value=raw[:40])
    return raw == "yes"


def _count(row: dict[str, str], name: str) -> int:
    raw = (row.get(name) or "0").strip() or "0"
    if not (raw.isascii() and raw.isdigit()):
        raise RowError(f"not a whole number: {raw!r}", name, "not_a_number", value=raw[:40])
    if len(raw) > 10 or int(raw) > MAX_COUNT:
        raise RowError(f"more than {MAX_COUNT}: {raw[:20]!r}", name, "too_large", value=raw[:20], limit=MAX_COUNT)
    return int(raw)


def parse_row(row: dict[str, str], regions: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """The values of one CSV row, or RowError with the column and the reason."""
    check_cells(row)
    external_id = (row.get("external_id") or "").strip()
    if not external_id:
        raise RowError("is empty", "external_id", "empty")
    code = (row.get("region") or "").strip().upper()
    if code not in regions:
        raise RowError(f"unknown region {code!r}", "region", "unknown_region", value=code[:40])
    form = (row.get("form") or "").strip()
    if form not in ("open_meeting", "survey"):
        raise RowError(f"unknown form {form!r}", "form", "unknown_form", value=form[:40])
    hearing_date = _date(row, "hearing_date", required=True)
    survey_start = _date(row, "survey_start", required=form == "survey")
    if form == "survey" and survey_start > hearing_date:
        raise RowError("after the survey's last day (hearing_date)", "survey_start", "survey_start_after_end")
    protocol_on = _date(row, "protocol_published_on")
    if protocol_on and protocol_on < hearing_date:
        raise RowError("the protocol is dated before the hearing", "protocol_published_on", "protocol_before_hearing")
    region_id, body_id = regions[code]
    return {"external_id": external_id, "region_id": region_id, "body_id": body_id,
            "title_kk": (row.get("project_title_kk") or "").strip(),
            "title_ru": (row.get("project_title_ru") or "").strip(), "form": form,
            "survey_start": survey_start if form == "survey" else None, "hearing_date": hearing_date,
            "notice_published_on": _date(row, "notice_published_on"), "notice_kk": _yes(row, "notice_kk"),
            "notice_ru": _yes(row, "notice_ru"), "notice_fields_complete": _yes(row, "notice_fields_complete"),
            "documents_published_on": _date(row, "documents_published_on"),
            "agreement_on": _date(row, "agreement_on"), "protocol_published_on": protocol_on,
            "comments_received": _count(row, "comments_received"),
            "comments_in_protocol": _count(row, "comments_in_protocol"),
            "protocol_has_appeal_statement": _yes(row, "protocol_has_appeal_statement")}


def with_due_dates(values: dict[str, Any]) -> dict[str, Any]:
    """Add the due dates by the rule version in force (the survey's first day anchors the notice)."""
    start = values["survey_start"] or values["hearing_date"]
    try:
        values["notice_due_on"] = service.compute_on("hearing.notice", start)
        values["documents_due_on"] = service.compute_on("hearing.documents", start)
        values["protocol_due_on"] = service.compute_on("hearing.protocol", values["hearing_date"])
        values["survey_min_end_on"] = service.compute_on("hearing.survey_end", start) \
            if values["form"] == "survey" else None
    except (RuleNotFound, ValueError):
        raise RowError(f"no hearing rule in force on {start.isoformat()}",
                       "survey_start" if values["survey_start"] else "hearing_date", "no_rule",
                       date=start.isoformat()) from None
    values["year"] = values["hearing_date"].year
    return values


def _regions() -> dict[str, tuple[int, int]]:
    rows = db.session.execute(select(Region.code, Region.id, Body.id).join(Body, Body.region_id == Region.id)
                              .where(Body.kind == BodyKind.akimat))
    return {code: (region_id, body_id) for code, region_id, body_id in rows}


def read_rows(text: str) -> tuple[list[str], Iterable[tuple[int, dict[str, str] | RowError]]]:
    """The header and the numbered data rows (line numbers as a spreadsheet shows them); a row the CSV reader
    cannot read comes as its RowError, and reading goes on with the next line."""
    # Long cells are judged by check_cells, with their column, rather than failing in the reader.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header

    def rows() -> Iterable[tuple[int, dict[str, str] | RowError]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield reader.line_num, RowError(f"not readable as CSV: {error}", code="unreadable", error=str(error))
            else:
                yield reader.line_num, row

    return header, rows()


def import_hearings(text: str, progress: Callable[[int, int], None] | None = None) -> Report:
    """Import the CSV ``text``; the caller commits (or rolls back on a crash)."""
    return write_rows(*parse_rows(text, progress))


def parse_rows(text: str, progress: Callable[[int, int], None] | None = None) -> tuple[Report, list[dict[str, Any]]]:
    """Check every row (reading only): the rows to write, and the report with each rejected line and why."""
    report = Report()
    header, rows = read_rows(text)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        report.reject(1, RowError(f"missing columns: {', '.join(missing)}", code="missing_columns",
                                  columns=", ".join(missing)))
        return report, []
    rows = list(rows)
    regions, now = _regions(), utcnow()
    good, seen = [], set()
    for index, (line, row) in enumerate(rows, start=1):
        try:
            if isinstance(row, RowError):
                raise row
            values = with_due_dates(parse_row(row, regions))
            if values["external_id"] in seen:
                raise RowError(f"{values['external_id']!r} appears twice in this file", "external_id", "duplicate",
                               value=values["external_id"])
        except RowError as error:
            report.reject(line, error)
        else:
            seen.add(values["external_id"])
            good.append({**values, "imported_at": now})
        if progress and (index % 500 == 0 or index == len(rows)):
            progress(index, len(rows))
    return report, good


CHUNK = 2000  # rows written in one transaction


def write_rows(report: Report, good: list[dict[str, Any]]) -> Report:
    """Insert the new records and update those imported before (by ``external_id``); flushed, not committed."""
    for _written in write_in_chunks(report, good):
        pass
    return report


def write_in_chunks(report: Report, good: list[dict[str, Any]], chunk: int | None = None) -> Iterator[int]:
    """Write the good rows ``chunk`` (default ``CHUNK``) at a time, yielding how many are written after each chunk
    (flushed): the caller commits there. ``report`` counts the rows imported and updated so far."""
    from sqlalchemy import insert, update

    chunk = chunk or CHUNK
    report.imported = report.updated = 0
    for start in range(0, len(good), chunk):
        part = good[start:start + chunk]
        existing = dict(db.session.execute(select(MonitoredHearing.external_id, MonitoredHearing.id).where(
            MonitoredHearing.external_id.in_([values["external_id"] for values in part]))).all())
        new = [values for values in part if values["external_id"] not in existing]
        changed = [{"id": existing[values["external_id"]], **values}
                   for values in part if values["external_id"] in existing]
        if new:
            db.session.execute(insert(MonitoredHearing), new)
        if changed:
            db.session.execute(update(MonitoredHearing), changed)
        db.session.flush()
        # the written records' findings, in the same transaction as the chunk
        ids = existing | dict(db.session.execute(select(MonitoredHearing.external_id, MonitoredHearing.id).where(
            MonitoredHearing.external_id.in_([values["external_id"] for values in new]))).all()) if new else existing
        evaluate_records(monitored_ids=[ids[values["external_id"]] for values in part])
        report.imported += len(new)
        report.updated += len(changed)
        yield start + len(part)
