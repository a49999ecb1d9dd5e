"""``GET /api/v1/deadlines`` and ``GET /api/v1/calendar/YEAR``."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _

from aarhus.api.errors import ApiError
from aarhus.api.openapi import describe
from aarhus.core.forms import date_range_error
from aarhus.core.guard import public
from aarhus.core.i18n_fields import current_language, pick
from aarhus.core.years import FIRST_DAY, LAST_DAY
from aarhus.deadlines.rules import RuleNotFound
from aarhus.legal import explain, service


@public
def deadlines() -> Any:
    """Compute a due date with its legal basis and explanation."""
    code, raw = request.args.get("rule", ""), request.args.get("date", "")
    pack = service.current_pack()
    if code not in pack.codes:
        raise ApiError(400, "unknown_rule", _("Unknown rule: %(rule)s.", rule=code or "—"),
                       rules=pack.codes, fields=["rule"])
    try:
        start = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        start = None
    if start is None:
        raise ApiError(400, "bad_date", _("The date must be given as YYYY-MM-DD."), fields=["date"])
    if not FIRST_DAY <= start <= LAST_DAY:
        message = date_range_error(FIRST_DAY.isoformat(), LAST_DAY.isoformat())
        raise ApiError(400, "out_of_range", message, fields=["date"], field_errors={"date": message})
    try:
        deadline = service.compute(code, start)
    except (RuleNotFound, ValueError, OverflowError):  # 9999-12-31 has no day after it
        raise ApiError(400, "out_of_range", _("No rule of this procedure is in force on that date, "
                                              "or the date is outside the supported calendar "
                                              "(2000–2040)."), fields=["date"]) from None
    return jsonify(explain.as_json(deadline))


@public
def calendar(year: int) -> Any:
    """A year's non-working days and working weekend days, with names and sources."""
    if not 2000 <= year <= 2040:
        raise ApiError(400, "out_of_range", _("The calendar covers the years 2000 to 2040."), fields=["year"])
    cal, lang = service.current_calendar(), current_language()

    def row(day: Any) -> dict[str, str]:
        return {"date": day.on.isoformat(), "name": explain.day_name(day, lang),
                "source": day.source, "reason": day.reason}

    return jsonify({"year": year,
                    "non_working_days": [row(d) for d in cal.non_working_days(year)],
                    "working_weekend_days": [row(d) for d in cal.working_weekend_days(year)]})


@public
def rules() -> Any:
    """The rule codes of the pack in force, with titles and legal bases."""
    pack, lang = service.current_pack(), current_language()
    return jsonify({"pack": pack.name, "rules": [
        {**rule.to_dict(), "title": pick(rule.title, lang), "legal_basis": pick(rule.legal_basis, lang)}
        for rule in pack.rules]})


_DATE = {"type": "string", "format": "date"}
describe("/deadlines", "get", {
    "summary": "Compute a statutory due date",
    "parameters": [
        {"name": "rule", "in": "query", "required": True, "schema": {"type": "string"},
         "description": "Rule code, e.g. hearing.protocol"},
        {"name": "date", "in": "query", "required": True, "schema": _DATE,
         "description": "The day the clock starts (the hearing date for backward rules)"},
    ],
    "responses": {"200": {"description": "The due date", "content": {"application/json": {"schema": {
        "type": "object", "required": ["rule", "date", "due", "legal_basis", "explanation"],
        "properties": {"rule": {"type": "string"}, "date": _DATE, "due": _DATE,
                       "legal_basis": {"type": "string"},
                       "explanation": {"type": "array", "items": {"type": "string"}}}}}}}},
})
describe("/calendar/{year}", "get", {
    "summary": "Non-working days and working weekend days of a year",
    "parameters": [{"name": "year", "in": "path", "required": True,
                    "schema": {"type": "integer", "minimum": 2000, "maximum": 2040}}],
    "responses": {"200": {"description": "The calendar", "content": {"application/json": {"schema": {
        "type": "object", "required": ["year", "non_working_days", "working_weekend_days"],
        "properties": {"year": {"type": "integer"},
                       "non_working_days": {"type": "array", "items": {"type": "object"}},
                       "working_weekend_days": {"type": "array", "items": {"type": "object"}}}}}}}},
})
describe("/rules", "get", {
    "summary": "Rule versions of the pack in force",
    "responses": {"200": {"description": "The rules"}},
})
