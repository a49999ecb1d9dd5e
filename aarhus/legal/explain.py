"""Render a deadline's trace as sentences in the request's language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from aarhus.core.dates import official_date
from aarhus.core.i18n_fields import current_language, pick
from aarhus.deadlines import DayInfo, Deadline, Step


def day_name(day: DayInfo, lang: str) -> str:
    """The holiday or decree name of a day, or its weekday."""
    return pick(day.names, lang) if day.names else format_date(day.on, "EEEE")


def step_text(step: Step, deadline: Deadline, lang: str) -> str:
    """One line such as "2026 жылғы 23 наурыз — Наурыз мейрамы: демалыс күні, есепке алынбайды"."""
    on = official_date(step.on, lang)
    rule = deadline.rule
    if step.kind == "start" and rule.direction == "forward":
        return _("%(date)s — %(trigger)s: the day the period starts (not counted)",
                 date=on, trigger=pick(rule.trigger, lang))
    if step.kind == "start":
        return _("%(date)s — %(trigger)s: the period is counted back from this day (not counted)",
                 date=on, trigger=pick(rule.trigger, lang))
    if step.kind == "skipped":
        return _("%(date)s — %(name)s: a day off, not counted", date=on, name=day_name(step.day, lang))
    if step.kind == "counted_weekend":
        return _("%(date)s — %(name)s: a working day by decree, counted", date=on, name=day_name(step.day, lang))
    return _due_text(on, rule.direction, rule.unit, rule.length,
                     moved=deadline.due_on != deadline.start_on + timedelta(days=rule.length))


def _due_text(on: str, direction: str, unit: str, length: int, moved: bool) -> str:
    # rules.md §1: N calendar days that end on a day off end on the next working day.
    if direction == "forward" and unit == "working":
        return _("%(date)s — the last day of the period: working day %(n)d after the day it starts", date=on, n=length)
    if direction == "forward" and moved:
        return _("%(date)s — the last day of the period: calendar day %(n)d fell on a day off, so the period "
                 "ends on the next working day", date=on, n=length)
    if direction == "forward":
        return _("%(date)s — the last day of the period: calendar day %(n)d after the day it starts", date=on, n=length)
    if unit == "working":
        return _("%(date)s — the latest day allowed: working day %(n)d before the day of the hearing",
                 date=on, n=length)
    return _("%(date)s — the latest day allowed: %(n)d calendar days before the day of the hearing", date=on, n=length)


def explanation(deadline: Deadline) -> list[str]:
    """The whole trace, one sentence per day, in date order (a count backwards is read forwards too)."""
    lang = current_language()
    return [step_text(step, deadline, lang) for step in sorted(deadline.explanation, key=lambda step: step.on)]


def as_json(deadline: Deadline) -> dict[str, Any]:
    """The contract's answer for ``GET /api/v1/deadlines``."""
    lang = current_language()
    rule = deadline.rule
    return {
        "rule": rule.code,
        "date": deadline.start_on.isoformat(),
        "due": deadline.due_on.isoformat(),
        "legal_basis": pick(rule.legal_basis, lang),
        "explanation": explanation(deadline),
        "direction": rule.direction,
        "unit": rule.unit,
        "length": rule.length,
        "effective_from": rule.effective_from.isoformat(),
        "skipped": [{"date": s.on.isoformat(), "name": day_name(s.day, lang)}
                    for s in deadline.explanation if s.kind == "skipped"],
    }
