"""The calendar and rule pack in force, built from the database and cached."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flask import current_app, g
from sqlalchemy import select

from aarhus.core.extensions import db
from aarhus.deadlines import Calendar, Deadline, Override, RulePack, due, due_on, load_pack_file
from aarhus.legal.models import CalendarOverride, RuleVersion


@lru_cache(maxsize=8)
def _calendar_for(overrides: tuple[Override, ...]) -> Calendar:
    return Calendar(overrides)


def current_calendar() -> Calendar:
    """The calendar with today's overrides (rebuilt only when the overrides change)."""
    if "aarhus_calendar" not in g:
        rows = db.session.scalars(select(CalendarOverride).order_by(CalendarOverride.on))
        g.aarhus_calendar = _calendar_for(tuple(r.to_override() for r in rows))
    return g.aarhus_calendar


def pack_name() -> str:
    """The rule pack new cases are judged by."""
    return current_app.config["AARHUS"].rule_pack


def current_pack(name: str | None = None) -> RulePack:
    """The pack's versions from the database, or the shipped file if not yet loaded."""
    name = name or pack_name()
    key = f"aarhus_pack_{name}"
    if key not in g:
        rows = list(db.session.scalars(
            select(RuleVersion).where(RuleVersion.pack == name).order_by(RuleVersion.id)))
        pack = RulePack(name, tuple(r.to_rule() for r in rows)) if rows else load_pack_file(name)
        setattr(g, key, pack)
    return g.get(key)


def forget_cached() -> None:
    """Drop this request's cached calendar and packs after a change."""
    for key in [k for k in g if k.startswith("aarhus_")]:
        g.pop(key)


def compute(code: str, start: date, pack: str | None = None) -> Deadline:
    """The deadline of rule ``code`` for a clock that started on ``start``, explained."""
    rule = current_pack(pack).rule(code, start)
    return due(rule, start, current_calendar())


def compute_on(code: str, start: date, pack: str | None = None) -> date:
    """The due date alone."""
    return due_on(current_pack(pack).rule(code, start), start, current_calendar())
