"""Compute due dates by the counting conventions of rules.md section 1, with a trace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from aarhus.deadlines.calendar import Calendar, DayInfo
from aarhus.deadlines.rules import Rule


@dataclass(frozen=True)
class Step:
    """One line of an explanation: a day skipped or counted, and why."""

    on: date
    # start | skipped | counted_weekend | due
    kind: str
    day: DayInfo | None = None


@dataclass(frozen=True)
class Deadline:
    """A computed date, its legal basis and the trace that explains it."""

    rule: Rule
    start_on: date
    due_on: date
    legal_basis: dict[str, str]
    explanation: list[Step] = field(default_factory=list)


def due_on(rule: Rule, start: date, calendar: Calendar) -> date:
    """The due date alone: the fast path for bulk computation."""
    if rule.direction == "forward":
        if rule.unit == "working":
            # N working days: the N-th working day after the trigger.
            return calendar.nth_working_day_after(start, rule.length)
        # N calendar days: trigger + N, moved to the next working day if needed.
        return calendar.next_working_day(start + timedelta(days=rule.length))
    if rule.unit == "working":
        # At least N WD before: the N-th working day before the (excluded) hearing date.
        return calendar.nth_working_day_before(start, rule.length)
    # At least N CD before: hearing − N, never moved.
    return start - timedelta(days=rule.length)


def due(rule: Rule, start: date, calendar: Calendar) -> Deadline:
    """The due date with its legal basis and the days skipped on the way."""
    result = due_on(rule, start, calendar)
    steps = [Step(start, "start", calendar.info(start))]
    if rule.direction == "forward":
        steps += _forward_trace(rule, start, result, calendar)
    elif rule.unit == "working":
        steps += _trace_span(result, start - timedelta(days=1), calendar)
    steps.append(Step(result, "due", calendar.info(result)))
    return Deadline(rule, start, result, dict(rule.legal_basis), steps)


def _forward_trace(rule: Rule, start: date, result: date, calendar: Calendar) -> list[Step]:
    if rule.unit == "working":
        return _trace_span(start + timedelta(days=1), result, calendar)
    nominal = start + timedelta(days=rule.length)
    if nominal == result:
        return []
    return [Step(d.on, "skipped", d) for d in calendar.days_between(nominal, result - timedelta(days=1))]


def _trace_span(first: date, last: date, calendar: Calendar) -> list[Step]:
    """Non-working days skipped, and working weekend days counted, in a span."""
    steps = []
    for day in calendar.days_between(first, last):
        if not day.working:
            steps.append(Step(day.on, "skipped", day))
        elif day.on.weekday() >= 5:
            steps.append(Step(day.on, "counted_weekend", day))
    return steps
