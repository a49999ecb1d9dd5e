"""The findings counted once, kept in two small tables (``AuditFigure``, ``AuditViolating``) that the dashboard,
the tile map, ``/compliance``, the summary API and the national report read.

A full run rebuilds both from the findings with two ``INSERT … SELECT … GROUP BY``; every synchronisation of a few
records in between (an act's live re-check, an import, a case answered late) adds its own changes, in its own
transaction: ``UPDATE … SET open = open + d`` on the row of each key touched (the row lock orders concurrent acts),
inserting the row the first time a key is seen.

The hearings those figures are about (both sources: by the year of the hearing date and region, with their notices
and protocols posted) are kept the same way in ``AuditHearings``, each hearing as it was counted in ``AuditCounted``:
a full run counts them all again (``rebuild_hearings``), a live re-check or an import moves each of its records from
the figures it counted in to those it counts in now (``recount``).

Each change of these counts (and of a region's or body's name: ``audit.live``) moves the audit's *version* (a row of
``site_state``, once, just before the change commits: ``changed`` / ``bump``): the dashboard keeps its drawn figures
keyed on this version (``version``), so it draws them again only after something they show changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Integer, Select, case, cast, delete, extract, func, insert, literal_column, select, update
from sqlalchemy.orm import Session

from aarhus.audit.models import AuditCounted, AuditFigure, AuditHearings, AuditViolating, Finding, MonitoredHearing
from aarhus.core.cache import SiteState
from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.hearings.models import Hearing, HearingState

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
    rebuild_hearings()
    changed()


COUNTED = ("hearing", "monitored_hearing")


def counted_facts(kind: str, ids: list[int] | None = None) -> Select:
    """(id, year, region, notice, protocol) of the hearings of one source that the dashboard counts: those published
    in the system, every imported one (the columns ``stats`` counted before, from ``engine``'s facts); only the
    records ``ids`` if given."""
    if kind == "hearing":
        h = Hearing
        end_on = case((h.form == "survey", h.survey_end), else_=h.hearing_date)
        where = (h.state == HearingState.published, end_on.is_not(None))
        key, region, notice, protocol = h.id, h.region_id, h.notice_on, h.protocol_published_on
    else:
        m = MonitoredHearing
        end_on, where = m.hearing_date, (m.hearing_date.is_not(None),)
        key, region, notice, protocol = m.id, m.region_id, m.notice_published_on, m.protocol_published_on
    if ids is not None:
        where = (*where, key.in_(ids))
    return select(key.label("id"), cast(extract("year", end_on), Integer).label("year"),
                  func.coalesce(region, 0).label("region_id"), case((notice.is_not(None), 1), else_=0).label("notice"),
                  case((protocol.is_not(None), 1), else_=0).label("protocol")).where(*where)


def rebuild_hearings() -> None:
    """Count every hearing again (in a full run; the caller commits)."""
    db.session.execute(delete(AuditCounted))
    db.session.execute(delete(AuditHearings))
    for kind in COUNTED:
        facts = counted_facts(kind).subquery()
        db.session.execute(insert(AuditCounted).from_select(
            ["subject_type", "subject_id", "year", "region_id", "notice", "protocol"],
            select(literal_column(f"'{kind}'"), facts.c.id, facts.c.year, facts.c.region_id, facts.c.notice,
                   facts.c.protocol)))
    c = AuditCounted
    db.session.execute(insert(AuditHearings).from_select(
        ["year", "region_id", "hearings", "notices", "protocols"],
        select(c.year, c.region_id, func.count(), func.sum(c.notice), func.sum(c.protocol))
        .group_by(c.year, c.region_id)))


def recount(kind: str, ids: list[int]) -> None:
    """These hearings of one source (``COUNTED``) counted again, in the act's transaction: each moves from the
    figures it counted in (``AuditCounted``, its rows locked) to those it counts in now. The caller commits."""
    if not ids:
        return
    c = AuditCounted
    old = {row[0]: tuple(row[1:]) for row in db.session.execute(
        select(c.subject_id, c.year, c.region_id, c.notice, c.protocol)
        .where(c.subject_type == kind, c.subject_id.in_(ids)).order_by(c.subject_id).with_for_update())}
    new = {row[0]: tuple(row[1:]) for row in db.session.execute(counted_facts(kind, ids))}
    moves: dict[tuple[int, int], list[int]] = {}
    for record in sorted(old.keys() | new.keys()):
        was, now = old.get(record), new.get(record)
        if was == now:
            continue
        for facts_of, sign in ((was, -1), (now, 1)):
            if facts_of is not None:
                year, region, notice, protocol = facts_of
                move = moves.setdefault((year, region), [0, 0, 0])
                move[0] += sign
                move[1] += sign * notice
                move[2] += sign * protocol
        if was is None:
            db.session.execute(insert(c).values(subject_type=kind, subject_id=record, year=now[0], region_id=now[1],
                                                notice=now[2], protocol=now[3]))
        elif now is None:
            db.session.execute(delete(c).where(c.subject_type == kind, c.subject_id == record))
        else:
            db.session.execute(update(c).where(c.subject_type == kind, c.subject_id == record).values(
                year=now[0], region_id=now[1], notice=now[2], protocol=now[3]))
    for (year, region), (hearings, notices, protocols) in sorted(moves.items()):
        if hearings or notices or protocols:
            _add_to(AuditHearings, {"year": year, "region_id": region},
                    {"hearings": hearings, "notices": notices, "protocols": protocols})
    if moves:
        changed()


def apply(figures: dict[FigureKey, list[int]], violating: dict[ViolatingKey, int]) -> None:
    """Add these changes: per figure key [findings, open], per family key the records; the caller commits."""
    if not any(found or still for found, still in figures.values()) and not any(violating.values()):
        return
    changed()
    for (year, region, body, rule, kind), (found, still) in figures.items():
        if found or still:
            _add_to(AuditFigure, {"year": year, "region_id": region, "body_id": body, "rule_id": rule,
                                  "subject_type": kind}, {"findings": found, "open": still})
    for (year, region, family), change in violating.items():
        if change:
            _add_to(AuditViolating, {"year": year, "region_id": region, "family": family}, {"records": change})


def _add_to(model: Any, key: dict[str, Any], added: dict[str, int]) -> None:
    """Add ``added`` to the counts in the row of ``key`` (``UPDATE … SET n = n + d``: the row lock orders concurrent
    acts), inserting the row the first time the key is seen."""
    columns = model.__table__.c
    update_row = update(model).where(*(columns[name] == value for name, value in key.items()))
    if not db.session.execute(update_row.values({columns[name]: columns[name] + d for name, d in added.items()})
                              ).rowcount:
        db.session.execute(insert(model).values(**key, **added))


CHANGED = "aarhus.audit.changed"  # session.info: this transaction changes what the dashboard shows


def changed() -> None:
    """What the dashboard shows changes in this transaction (the counts, the monitoring records, a full run): the
    version moves just before it commits (``bump``), once, after every other row the transaction locks."""
    db.session.info[CHANGED] = True


def bump(session: Session) -> None:
    """``before_commit``: the next version, if ``changed`` was called. One upsert: the first one, from two
    transactions at once, cannot collide."""
    if session.in_nested_transaction():
        return
    session.flush()  # (the changes still pending are noted by their flush: ``audit.live``)
    if not session.info.pop(CHANGED, False):
        return
    now = utcnow()
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    statement = upsert(SiteState).values(key=VERSION_KEY, generation=1, changed_at=now)
    session.execute(statement.on_conflict_do_update(
        index_elements=[SiteState.key], set_={"generation": SiteState.generation + 1, "changed_at": now}))


def forget(session: Session) -> None:
    """``after_rollback``: nothing changed."""
    session.info.pop(CHANGED, None)


def version() -> int:
    """The audit's version, read in one query each time (never kept for a while, as the page cache keeps the public
    generation): the dashboard an officer opens right after an act, in any worker, shows it."""
    return db.session.scalar(select(SiteState.generation).where(SiteState.key == VERSION_KEY)) or 0


def family_buckets(rows: Iterable[tuple[int, int | None, str]]) -> set[ViolatingKey]:
    """(year, region, rule) of a record's open findings → the (year, region, family) it counts in."""
    return {(year, region or 0, rule[:2]) for year, region, rule in rows}


def open_by(year: int) -> list[Any]:
    """The year's figure rows with open findings: (region, body, rule, kind of record, open)."""
    t = AuditFigure
    return list(db.session.execute(select(t.region_id, t.body_id, t.rule_id, t.subject_type, t.open)
                                   .where(t.year == year, t.open > 0)))
