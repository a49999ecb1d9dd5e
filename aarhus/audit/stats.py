"""Figures of the audit: the national report's monitoring table and findings by rule, region, body, year."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, literal, literal_column, select, union_all

from aarhus.audit.catalogue import CATALOGUE
from aarhus.audit.engine import monitored_facts, system_facts
from aarhus.audit.models import Finding
from aarhus.bodies.models import Region
from aarhus.core.extensions import db


def _facts() -> Any:
    """Hearings of both sources with their year (of the hearing date; a survey: its last day)."""
    system, monitored = system_facts().subquery(), monitored_facts().subquery()
    return union_all(
        select(literal("hearing").label("kind"), system.c.id, system.c.region_id, system.c.end_on,
               system.c.notice_on, system.c.protocol_on),
        select(literal("monitored_hearing").label("kind"), monitored.c.id, monitored.c.region_id,
               monitored.c.end_on, monitored.c.notice_on, monitored.c.protocol_on),
    ).subquery()


def _in_year(column: Any, year: int) -> Any:
    return and_(column >= date(year, 1, 1), column < date(year + 1, 1, 1))


def _region_id(code: str | None) -> int | None:
    return db.session.scalar(select(Region.id).where(Region.code == code)) if code else None


def summary(year: int, region: str | None = None) -> dict[str, Any]:
    """The contract's ``/api/v1/audit/summary``: notices, protocols, violations, findings by rule."""
    region_id = _region_id(region)
    facts = _facts()
    where = [_in_year(facts.c.end_on, year)] + ([facts.c.region_id == region_id] if region_id else [])
    notices, protocols = db.session.execute(select(
        func.count(facts.c.notice_on), func.count(facts.c.protocol_on)).where(*where)).one()
    open_findings = [Finding.year == year, Finding.cured_at.is_(None)] + \
        ([Finding.region_id == region_id] if region_id else [])
    violations = {family: _violating_hearings(open_findings, family) for family in ("HN", "HP")}
    by_rule = dict(db.session.execute(select(Finding.rule_id, func.count(Finding.id)).where(*open_findings)
                                      .group_by(Finding.rule_id)).all())
    return {"year": year, "region": region, "notices": notices, "protocols": protocols,
            "notice_violations": violations.get("HN", 0), "protocol_violations": violations.get("HP", 0),
            "findings_by_rule": {rid: by_rule.get(rid, 0) for rid in CATALOGUE}}


def _violating_hearings(conditions: list[Any], family: str) -> int:
    """How many hearings have at least one open finding of ``family`` (a notice or protocol violation)."""
    subjects = select(Finding.subject_type, Finding.subject_id).where(
        *conditions, Finding.rule_id.like(f"{family}-%")).distinct().subquery()
    return db.session.scalar(select(func.count()).select_from(subjects)) or 0


def monitoring_table(year: int) -> list[dict[str, Any]]:
    """Per region: notices posted, protocols posted, notice violations, protocol violations (with totals last)."""
    rows = []
    for region in db.session.scalars(select(Region).order_by(Region.code)):
        figures = summary(year, region.code)
        rows.append({"region": region, **{k: figures[k] for k in ("notices", "protocols", "notice_violations",
                                                                   "protocol_violations")}})
    return rows


def findings_by(dimension: str, year: int | None = None) -> list[tuple[Any, int]]:
    """Open findings counted by ``rule_id``, ``region_id``, ``body_id`` or ``year``."""
    column = getattr(Finding, dimension)
    query = select(column, func.count(Finding.id)).where(Finding.cured_at.is_(None))
    if year is not None:
        query = query.where(Finding.year == year)
    return list(db.session.execute(query.group_by(column).order_by(func.count(Finding.id).desc())).all())


# The family of a rule id ("HN-01" → "HN"); constants inlined so GROUP BY matches on PostgreSQL.
FAMILY = func.substr(Finding.rule_id, literal_column("1"), literal_column("2"))


def trend_by_family() -> dict[int, dict[str, int]]:
    """Open findings per year and rule family (HN, HD, …): the trend chart's data."""
    rows = db.session.execute(select(Finding.year, FAMILY, func.count(Finding.id))
                              .where(Finding.cured_at.is_(None)).group_by(Finding.year, FAMILY))
    trend: dict[int, dict[str, int]] = {}
    for year, family, count in rows:
        trend.setdefault(year, {})[family] = count
    return dict(sorted(trend.items()))


HEARING_SUBJECTS = ("hearing", "monitored_hearing")


def region_figures(year: int) -> dict[int, tuple[int, int]]:
    """Per region: hearings of the year (both sources) and the open findings on them (the tile map's rate)."""
    facts = _facts()
    hearings = dict(db.session.execute(select(facts.c.region_id, func.count()).where(_in_year(facts.c.end_on, year))
                                       .group_by(facts.c.region_id)).all())
    violations = dict(db.session.execute(
        select(Finding.region_id, func.count(Finding.id)).where(
            Finding.year == year, Finding.cured_at.is_(None), Finding.subject_type.in_(HEARING_SUBJECTS))
        .group_by(Finding.region_id)).all())
    return {rid: (hearings.get(rid, 0), violations.get(rid, 0)) for rid in hearings.keys() | violations.keys()
            if rid is not None}
