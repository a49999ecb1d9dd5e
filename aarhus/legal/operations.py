"""Change the calendar and rule versions; keep open deadlines right and logged."""

from __future__ import annotations

from datetime import date
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


def save_rule_version(pack: str, rule: Rule, actor: Any, version_id: int | None = None) -> RuleVersion:
    """Create a rule version, or edit one; log the change and recompute open deadlines."""
    row = db.session.get(RuleVersion, version_id) if version_id else None
    old = row.to_rule().to_dict() if row else None
    if row is None:
        row = RuleVersion(pack=pack)
        db.session.add(row)
    _apply_rule(row, rule)
    row.updated_by_id, row.updated_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    ledger.append("rule.version_saved", "rule", f"{pack}:{rule.code}",
                  {"version": row.id, "old": old, "new": rule.to_dict()}, actor)
    recompute_open_deadlines(actor, f"rule {rule.code}")
    return row


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
