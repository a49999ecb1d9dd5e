"""Change the calendar and rule versions; keep open deadlines right and logged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.deadlines import Rule, RulePack
from aarhus.deadlines.rules import RuleNotFound
from aarhus.ledger import chain as ledger
from aarhus.legal import service
from aarhus.legal.models import CalendarOverride, RuleVersion, TrackedDeadline


def set_override(on: date, kind: str, names: dict[str, str], source: str, actor: Any) -> CalendarOverride:
    """Add or replace the decreed status of one day, then recompute open deadlines."""
    row = db.session.scalars(select(CalendarOverride).where(CalendarOverride.on == on)).first()
    old = {"kind": row.kind, "name_ru": row.name_ru} if row else None
    if row is None:
        row = CalendarOverride(on=on)
        db.session.add(row)
    row.kind, row.source = kind, source
    row.name_kk, row.name_ru, row.name_en = names["kk"], names["ru"], names.get("en", "")
    row.created_by_id = getattr(actor, "id", None)
    db.session.flush()
    ledger.append("calendar.override_set", "calendar", on.isoformat(),
                  {"kind": kind, "source": source, "previous": old}, actor)
    recompute_open_deadlines(actor, f"calendar {on.isoformat()}")
    return row


def remove_override(on: date, actor: Any) -> bool:
    """Remove an override; False when there was none."""
    row = db.session.scalars(select(CalendarOverride).where(CalendarOverride.on == on)).first()
    if row is None:
        return False
    ledger.append("calendar.override_removed", "calendar", on.isoformat(),
                  {"kind": row.kind, "source": row.source}, actor)
    db.session.delete(row)
    db.session.flush()
    recompute_open_deadlines(actor, f"calendar {on.isoformat()}")
    return True


def _apply_rule(row: RuleVersion, rule: Rule) -> None:
    row.code, row.direction, row.unit, row.length = rule.code, rule.direction, rule.unit, rule.length
    row.effective_from, row.effective_to = rule.effective_from, rule.effective_to
    for lang in ("kk", "ru", "en"):
        setattr(row, f"legal_basis_{lang}", rule.legal_basis.get(lang, ""))
        setattr(row, f"title_{lang}", rule.title.get(lang, ""))
        setattr(row, f"trigger_{lang}", rule.trigger.get(lang, ""))


class RuleOverlap(ValueError):
    """Two versions of one rule would be in force on the same day; ``other`` is the version in the way."""

    def __init__(self, other: RuleVersion) -> None:
        super().__init__(f"{other.code}: overlaps the version from {other.effective_from.isoformat()}")
        self.other = other


def save_rule_version(pack: str, rule: Rule, actor: Any, version_id: int | None = None) -> RuleVersion:
    """Create a rule version, or edit one; log the change and recompute open deadlines.

    A new version from day D ends the open-ended version that began before D on the day before D (a case is judged
    by the one version in force when its clock started); any other overlap is refused with ``RuleOverlap``.
    """
    row = db.session.get(RuleVersion, version_id) if version_id else None
    others = [v for v in db.session.scalars(select(RuleVersion).where(
        RuleVersion.pack == pack, RuleVersion.code == rule.code)) if row is None or v.id != row.id]
    ended = None
    if row is None:
        ended = next((v for v in others if v.effective_to is None and v.effective_from < rule.effective_from), None)
    for other in others:
        other_to = rule.effective_from - timedelta(days=1) if other is ended else other.effective_to
        if _overlap(rule.effective_from, rule.effective_to, other.effective_from, other_to):
            raise RuleOverlap(other)
    if ended is not None:
        _save(ended, replace(ended.to_rule(), effective_to=rule.effective_from - timedelta(days=1)), actor)
    if row is None:
        row = RuleVersion(pack=pack)
        db.session.add(row)
    _save(row, rule, actor)
    recompute_open_deadlines(actor, f"rule {rule.code}")
    return row


def version_ending_before(row: RuleVersion) -> RuleVersion | None:
    """The version of the same rule that ends the day before ``row`` begins, if any."""
    return db.session.scalars(select(RuleVersion).where(
        RuleVersion.pack == row.pack, RuleVersion.code == row.code,
        RuleVersion.effective_to == row.effective_from - timedelta(days=1))).first()


def _overlap(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


def _save(row: RuleVersion, rule: Rule, actor: Any) -> None:
    old = row.to_rule().to_dict() if row.id else None
    _apply_rule(row, rule)
    row.updated_by_id, row.updated_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    ledger.append("rule.version_saved", "rule", f"{row.pack}:{rule.code}",
                  {"version": row.id, "old": old, "new": rule.to_dict()}, actor)


def load_pack(pack: RulePack, actor: Any = None) -> int:
    """Store the pack's versions that the database lacks (idempotent); return how many."""
    existing = {(r.code, r.effective_from) for r in db.session.scalars(
        select(RuleVersion).where(RuleVersion.pack == pack.name))}
    added = 0
    for rule in pack.rules:
        if (rule.code, rule.effective_from) not in existing:
            row = RuleVersion(pack=pack.name)
            _apply_rule(row, rule)
            db.session.add(row)
            added += 1
    db.session.flush()
    if added:
        ledger.append("rule.pack_loaded", "rule", pack.name, {"versions": added}, actor)
        service.forget_cached()
    return added


def track_deadline(subject_type: str, subject_id: int, code: str, started_on: date) -> TrackedDeadline:
    """Start (or restart) the clock of ``code`` for a case; the due date is set now."""
    row = db.session.scalars(select(TrackedDeadline).filter_by(
        subject_type=subject_type, subject_id=subject_id, rule_code=code)).first()
    pack = service.pack_name()
    due = service.compute_on(code, started_on, pack)
    if row is None:
        row = TrackedDeadline(subject_type=subject_type, subject_id=subject_id, rule_code=code)
        db.session.add(row)
    row.pack, row.started_on, row.due_on, row.met_on = pack, started_on, due, None
    db.session.flush()
    return row


def meet_deadline(subject_type: str, subject_id: int, code: str, on: date) -> None:
    """Record that the act a deadline asks for happened on ``on``."""
    row = db.session.scalars(select(TrackedDeadline).filter_by(
        subject_type=subject_type, subject_id=subject_id, rule_code=code)).first()
    if row is not None and row.met_on is None:
        row.met_on = on


def recompute_open_deadlines(actor: Any, cause: str) -> int:
    """Recompute every open deadline; log each one whose date moved. Returns the count moved."""
    service.forget_cached()
    moved = 0
    for row in db.session.scalars(select(TrackedDeadline).where(TrackedDeadline.met_on.is_(None))):
        try:
            new = service.compute_on(row.rule_code, row.started_on, row.pack)
        except RuleNotFound:
            continue  # the version governing this case was removed; keep the date it had
        if new != row.due_on:
            ledger.append("deadline.recomputed", row.subject_type, row.subject_id,
                          {"rule": row.rule_code, "old": row.due_on.isoformat(),
                           "new": new.isoformat(), "cause": cause}, actor)
            row.due_on = new
            moved += 1
    db.session.flush()
    return moved


def drop_deadline(subject_type: str, subject_id: int, code: str) -> None:
    """Remove a clock that a later act superseded (e.g. the 15 CD answer after an extension)."""
    row = db.session.scalars(select(TrackedDeadline).filter_by(
        subject_type=subject_type, subject_id=subject_id, rule_code=code)).first()
    if row is not None:
        db.session.delete(row)
        db.session.flush()
