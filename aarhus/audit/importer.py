"""Import monitoring records (the contract's CSV): every bad row reported, the good ones kept.

All good rows are written in one transaction, so a crash mid-import leaves nothing
half-written; re-importing a row with the same ``external_id`` updates it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
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
    """Why one row was rejected."""


@dataclass
class Report:
    """What an import did."""

    imported: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

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
            raise RowError(f"{name} is empty")
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise RowError(f"{name}: bad date {raw!r} (expected YYYY-MM-DD)") from None


def _yes(row: dict[str, str], name: str) -> bool:
    raw = (row.get(name) or "").strip().lower()
    if raw not in ("yes", "no"):
        raise RowError(f"{name}: expected yes or no, not {raw!r}")
    return raw == "yes"


def _count(row: dict[str, str], name: str) -> int:
    raw = (row.get(name) or "0").strip() or "0"
    if not raw.isdigit():
        raise RowError(f"{name}: not a whole number: {raw!r}")
    return int(raw)


def parse_row(row: dict[str, str], regions: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """The values of one CSV row, or RowError with the reason."""
    external_id = (row.get("external_id") or "").strip()
    if not external_id:
        raise RowError("external_id is empty")
    code = (row.get("region") or "").strip().upper()
    if code not in regions:
        raise RowError(f"unknown region {code!r}")
    form = (row.get("form") or "").strip()
    if form not in ("open_meeting", "survey"):
        raise RowError(f"unknown form {form!r}")
    hearing_date = _date(row, "hearing_date", required=True)
    survey_start = _date(row, "survey_start", required=form == "survey")
    if form == "survey" and survey_start > hearing_date:
        raise RowError("survey_start is after the survey's last day")
    protocol_on = _date(row, "protocol_published_on")
    if protocol_on and protocol_on < hearing_date:
        raise RowError("the protocol is dated before the hearing")
    region_id, body_id = regions[code]
    return {"external_id": external_id, "region_id": region_id, "body_id": body_id,
            "title_kk": (row.get("project_title_kk") or "").strip()[:500],
            "title_ru": (row.get("project_title_ru") or "").strip()[:500], "form": form,
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
        raise RowError(f"no hearing rule in force on {start.isoformat()}") from None
    values["year"] = values["hearing_date"].year
    return values


def _regions() -> dict[str, tuple[int, int]]:
    rows = db.session.execute(select(Region.code, Region.id, Body.id).join(Body, Body.region_id == Region.id)
                              .where(Body.kind == BodyKind.akimat))
    return {code: (region_id, body_id) for code, region_id, body_id in rows}


def read_rows(text: str) -> tuple[list[str], Iterable[tuple[int, dict[str, str]]]]:
    """The header and the numbered data rows (line numbers as a spreadsheet shows them)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    return header, ((reader.line_num, row) for row in reader)


def import_hearings(text: str, progress: Callable[[int, int], None] | None = None) -> Report:
    """Import the CSV ``text``; the caller commits (or rolls back on a crash)."""
    return write_rows(*parse_rows(text, progress))


def parse_rows(text: str, progress: Callable[[int, int], None] | None = None) -> tuple[Report, list[dict[str, Any]]]:
    """Check every row (reading only): the rows to write, and the report with each rejected line and why."""
    report = Report()
    header, rows = read_rows(text)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        report.rejected.append((1, f"missing columns: {', '.join(missing)}"))
        return report, []
    rows = list(rows)
    regions, now = _regions(), utcnow()
    good, seen = [], set()
    for index, (line, row) in enumerate(rows, start=1):
        try:
            values = with_due_dates(parse_row(row, regions))
            if values["external_id"] in seen:
                raise RowError(f"external_id {values['external_id']!r} appears twice in this file")
        except RowError as error:
            report.rejected.append((line, str(error)))
        else:
            seen.add(values["external_id"])
            good.append({**values, "imported_at": now})
        if progress and (index % 500 == 0 or index == len(rows)):
            progress(index, len(rows))
    return report, good


def write_rows(report: Report, good: list[dict[str, Any]]) -> Report:
    """Insert the new records and update those imported before (by ``external_id``); flushed, not committed."""
    from sqlalchemy import insert, update

    existing = dict(db.session.execute(select(MonitoredHearing.external_id, MonitoredHearing.id)).all())
    new = [values for values in good if values["external_id"] not in existing]
    changed = [{"id": existing[values["external_id"]], **values}
               for values in good if values["external_id"] in existing]
    if new:
        db.session.execute(insert(MonitoredHearing), new)
    if changed:
        db.session.execute(update(MonitoredHearing), changed)
    db.session.flush()
    report.imported, report.updated = len(new), len(changed)
    if good:  # the imported records' findings, in the import's own transaction
        ids = dict(db.session.execute(select(MonitoredHearing.external_id, MonitoredHearing.id)).all())
        evaluate_records(monitored_ids=[ids[values["external_id"]] for values in good])
    return report
