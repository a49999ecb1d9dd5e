"""Figures of the audit: the national report's monitoring table and findings by rule, region, body, year.

The findings and the hearings of a year (both sources: notices and protocols posted) are read from their counts
(``audit.figures``: a few hundred rows a year), never counted on a request. ``Figures`` reads everything the
dashboard shows in a handful of queries, whatever the size of the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from aarhus.audit.catalogue import CATALOGUE
from aarhus.audit.models import AuditFigure, AuditHearings, AuditViolating
from aarhus.bodies.models import Region
from aarhus.core.extensions import db

HEARING_SUBJECTS = ("hearing", "monitored_hearing")


def _region_id(code: str | None) -> int | None:
    return db.session.scalar(select(Region.id).where(Region.code == code)) if code else None


@dataclass
class Figures:
    """Everything the dashboard and ``/compliance`` show of one year, read in three queries."""

    year: int
    # region id → (hearings, notices, protocols) of the year
    hearings: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    # (region id or None, body id or None, rule, kind of record) → open findings of the year
    open: dict[tuple[int | None, int | None, str, str], int] = field(default_factory=dict)
    # (region id or None, family) → records with at least one open finding of the family
    violating: dict[tuple[int | None, str], int] = field(default_factory=dict)

    @classmethod
    def of(cls, year: int) -> Figures:
        c = AuditHearings
        hearings = {region or None: (n, notices, protocols) for region, n, notices, protocols in db.session.execute(
            select(c.region_id, c.hearings, c.notices, c.protocols).where(c.year == year, c.hearings > 0))}
        t = AuditFigure
        open_ = {(region or None, body or None, rule, kind): n for region, body, rule, kind, n in db.session.execute(
            select(t.region_id, t.body_id, t.rule_id, t.subject_type, t.open).where(t.year == year, t.open > 0))}
        v = AuditViolating
        violating = {(region or None, family): n for region, family, n in db.session.execute(
            select(v.region_id, v.family, v.records).where(v.year == year, v.records > 0))}
        return cls(year, hearings, open_, violating)

    def summary(self, region_id: int | None = None, region: str | None = None) -> dict[str, Any]:
        """The contract's ``/api/v1/audit/summary`` of the whole country, or of one region."""
        mine = (lambda r: r == region_id) if region_id else (lambda r: True)
        notices = sum(n for rid, (_h, n, _p) in self.hearings.items() if mine(rid))
        protocols = sum(p for rid, (_h, _n, p) in self.hearings.items() if mine(rid))
        by_rule: dict[str, int] = defaultdict(int)
        for (rid, _body, rule, _kind), n in self.open.items():
            if mine(rid):
                by_rule[rule] += n
        violations = defaultdict(int)
        for (rid, family), n in self.violating.items():
            if mine(rid):
                violations[family] += n
        return {"year": self.year, "region": region, "notices": notices, "protocols": protocols,
                "notice_violations": violations.get("HN", 0), "protocol_violations": violations.get("HP", 0),
                "findings_by_rule": {rid: by_rule.get(rid, 0) for rid in CATALOGUE}}

    def findings_by(self, dimension: str) -> list[tuple[Any, int]]:
        """Open findings of the year counted by ``rule_id``, ``region_id`` or ``body_id``, most first."""
        index = {"region_id": 0, "body_id": 1, "rule_id": 2}[dimension]
        counted: dict[Any, int] = defaultdict(int)
        for key, n in self.open.items():
            counted[key[index]] += n
        return _most_first(counted)

    def monitoring_table(self, regions: list[Any]) -> list[dict[str, Any]]:
        """Per region (in the order given): notices, protocols, notice violations, protocol violations."""
        rows = []
        for region in regions:
            _h, notices, protocols = self.hearings.get(region.id, (0, 0, 0))
            rows.append({"region": region, "notices": notices, "protocols": protocols,
                         "notice_violations": self.violating.get((region.id, "HN"), 0),
                         "protocol_violations": self.violating.get((region.id, "HP"), 0)})
        return rows

    def region_figures(self) -> dict[int, tuple[int, int]]:
        """Per region: hearings of the year (both sources) and the open findings on them (the tile map's rate)."""
        violations: dict[int, int] = defaultdict(int)
        for (rid, _body, _rule, kind), n in self.open.items():
            if kind in HEARING_SUBJECTS and rid is not None:
                violations[rid] += n
        hearings = {rid: n for rid, (n, _notices, _protocols) in self.hearings.items() if rid is not None}
        return {rid: (hearings.get(rid, 0), violations.get(rid, 0)) for rid in hearings.keys() | violations.keys()}


def _most_first(counted: dict[Any, int]) -> list[tuple[Any, int]]:
    """(key, count) pairs, the largest count first; equal counts in the order of their keys (None last)."""
    return sorted(counted.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] if kv[0] is not None else 0))


def summary(year: int, region: str | None = None) -> dict[str, Any]:
    """The contract's ``/api/v1/audit/summary``: notices, protocols, violations, findings by rule."""
    return Figures.of(year).summary(_region_id(region), region)


def monitoring_table(year: int) -> list[dict[str, Any]]:
    """Per region: notices posted, protocols posted, notice violations, protocol violations."""
    return Figures.of(year).monitoring_table(list(db.session.scalars(select(Region).order_by(Region.code))))


def findings_by(dimension: str, year: int | None = None) -> list[tuple[Any, int]]:
    """Open findings counted by ``rule_id``, ``region_id``, ``body_id`` or ``year``."""
    t = AuditFigure
    column = getattr(t, dimension)
    query = select(column, func.sum(t.open)).where(t.open > 0).group_by(column)
    if year is not None:
        query = query.where(t.year == year)
    counted = {(None if dimension in ("region_id", "body_id") and key == 0 else key): n
               for key, n in db.session.execute(query)}
    return _most_first(counted)


def trend_by_family() -> dict[int, dict[str, int]]:
    """Open findings per year and rule family (HN, HD, …): the trend chart's data."""
    t = AuditFigure
    trend: dict[int, dict[str, int]] = {}
    for year, rule, n in db.session.execute(select(t.year, t.rule_id, func.sum(t.open)).where(t.open > 0)
                                            .group_by(t.year, t.rule_id)):
        counts = trend.setdefault(year, {})
        counts[rule[:2]] = counts.get(rule[:2], 0) + n
    return dict(sorted(trend.items()))


def region_figures(year: int) -> dict[int, tuple[int, int]]:
    """Per region: hearings of the year (both sources) and the open findings on them (the tile map's rate)."""
    return Figures.of(year).region_figures()

