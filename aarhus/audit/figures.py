"""The findings counted once, kept in two small tables (``AuditFigure``, ``AuditViolating``) that the dashboard,
the tile map, ``/compliance``, the summary API and the national report read.

A full run rebuilds both from the findings with two ``INSERT … SELECT … GROUP BY``; every synchronisation of a few
records in between (an act's live re-check, an import, a case answered late) adds its own changes, in its own
transaction: ``UPDATE … SET open = open + d`` on the row of each key touched (the row lock orders concurrent acts),
inserting the row the first time a key is seen.

Each change of the counts, and each import of monitoring records (whose hearings the dashboard counts), also moves
the audit's *version* (``changed``: a row of ``site_state``, in the same transaction): the dashboard keeps its
rendered figures keyed on this version and the public data's generation (``version``), so it draws them again only
after something they show changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, literal_column, select, update

from aarhus.audit.models import AuditFigure, AuditViolating, Finding
from aarhus.core.cache import SiteState
from aarhus.core.extensions import db
from aarhus.core.time import utcnow

# The family of a rule id ("HN-01" → "HN"); constants inlined so GROUP BY matches on PostgreSQL.
FAMILY = func.substr(Finding.rule_id, literal_column("1"), literal_column("2"))

FigureKey = tuple[int, int, int, str, str]  # year, region (0: none), body (0: none), rule, kind of record
ViolatingKey = tuple[int, int, str]  # year, region (0: none), family
VERSION_KEY = "audit"  # the audit's row of ``site_state``


def rebuild() -> None:
    """Count every finding again (a full run's last step; the caller commits)."""
    f = Finding
    region, body = func.coalesce(f.region_id, 0), func.coalesce(f.body_id, 0)
    db.session.execute(delete(AuditFigure))
    db.session.execute(delete(AuditViolating))
    db.session.execute(insert(AuditFigure).from_select(
        ["year", "region_id", "body_id", "rule_id", "subject_type", "findings", "open"],
        select(f.year, region, body, f.rule_id, f.subject_type, func.count(),
               func.count() - func.count(f.cured_at)).group_by(f.year, region, body, f.rule_id, f.subject_type)))
    records = select(f.year, region.label("region_id"), FAMILY.label("family"), f.subject_type, f.subject_id) \
        .where(f.cured_at.is_(None)).distinct().subquery()
    db.session.execute(insert(AuditViolating).from_select(
        ["year", "region_id", "family", "records"],
        select(records.c.year, records.c.region_id, records.c.family, func.count())
        .group_by(records.c.year, records.c.region_id, records.c.family)))
    changed()


def apply(figures: dict[FigureKey, list[int]], violating: dict[ViolatingKey, int]) -> None:
    """Add these changes: per figure key [findings, open], per family key the records; the caller commits."""
    if not any(found or still for found, still in figures.values()) and not any(violating.values()):
        return
    changed()
    t = AuditFigure
    for (year, region, body, rule, kind), (found, still) in figures.items():
        if not found and not still:
            continue
        where = (t.year == year, t.region_id == region, t.body_id == body, t.rule_id == rule, t.subject_type == kind)
        if not db.session.execute(update(t).where(*where).values(findings=t.findings + found,
                                                                 open=t.open + still)).rowcount:
            db.session.execute(insert(t).values(year=year, region_id=region, body_id=body, rule_id=rule,
                                                subject_type=kind, findings=found, open=still))
    v = AuditViolating
    for (year, region, family), change in violating.items():
        if not change:
            continue
        where = (v.year == year, v.region_id == region, v.family == family)
        if not db.session.execute(update(v).where(*where).values(records=v.records + change)).rowcount:
            db.session.execute(insert(v).values(year=year, region_id=region, family=family, records=change))


def changed() -> None:
    """What the dashboard shows changed in this transaction (the counts, the monitoring records, a full run): the next
    version (the caller commits). One upsert: the first one, from two transactions at once, cannot collide."""
    now = utcnow()
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    statement = upsert(SiteState).values(key=VERSION_KEY, generation=1, changed_at=now)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[SiteState.key], set_={"generation": SiteState.generation + 1, "changed_at": now}))


def version() -> tuple[int, int]:
    """(the public data's generation, the audit's version), read in one query each time (never kept for a while, as
    the page cache keeps the generation): the dashboard an officer opens right after an act, in any worker, shows it."""
    rows = dict(db.session.execute(select(SiteState.key, SiteState.generation)
                                   .where(SiteState.key.in_(("public", VERSION_KEY)))).all())
    return rows.get("public", 0), rows.get(VERSION_KEY, 0)


def family_buckets(rows: Iterable[tuple[int, int | None, str]]) -> set[ViolatingKey]:
    """(year, region, rule) of a record's open findings → the (year, region, family) it counts in."""
    return {(year, region or 0, rule[:2]) for year, region, rule in rows}


def open_by(year: int) -> list[Any]:
    """The year's figure rows with open findings: (region, body, rule, kind of record, open)."""
    t = AuditFigure
    return list(db.session.execute(select(t.region_id, t.body_id, t.rule_id, t.subject_type, t.open)
                                   .where(t.year == year, t.open > 0)))
