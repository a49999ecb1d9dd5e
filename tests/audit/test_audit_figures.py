"""The audit's counts (``audit.figures``) give the dashboard, the tile map, ``/compliance``, the summary API and the
national report exactly the figures that counting the findings and hearings themselves gives — after a full run, and
after live re-checks that add, cure and reopen findings in between, without a full run."""

from collections import Counter
from datetime import date

from sqlalchemy import and_, func, select

from aarhus.audit import stats
from aarhus.audit.engine import evaluate_records, monitored_facts, synchronise, system_facts
from aarhus.audit.importer import import_hearings
from aarhus.audit.models import AuditFigure, Finding
from aarhus.bodies.models import Region
from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from tests.audit.test_audit_rules import GOOD, csv_of


def counted(year):
    """Every figure of a year counted from the findings and hearings themselves, as the audit did before its counts
    were kept (one query per figure and region)."""
    f = Finding
    open_ = [f.cured_at.is_(None)]

    def by(column, *where):
        return dict(db.session.execute(select(column, func.count(f.id)).where(*open_, *where).group_by(column)).all())

    def violating(family, *where):
        subjects = select(f.subject_type, f.subject_id).where(*open_, f.year == year, f.rule_id.like(f"{family}-%"),
                                                               *where).distinct().subquery()
        return db.session.scalar(select(func.count()).select_from(subjects))

    system, monitored = system_facts().subquery(), monitored_facts().subquery()
    in_year = [(s, and_(s.c.end_on >= date(year, 1, 1), s.c.end_on < date(year + 1, 1, 1))) for s in (system,
                                                                                                        monitored)]

    def facts(*where_region):
        totals = Counter()
        for source, when in in_year:
            where = [when] + [source.c.region_id == rid for rid in where_region]
            n, notices, protocols = db.session.execute(select(func.count(), func.count(source.c.notice_on),
                                                              func.count(source.c.protocol_on)).where(*where)).one()
            totals.update(hearings=n, notices=notices, protocols=protocols)
        return totals

    regions = db.session.scalars(select(Region).order_by(Region.code)).all()
    national = facts()
    trend = Counter()
    for y, rule, n in db.session.execute(select(f.year, f.rule_id, func.count()).where(*open_)
                                         .group_by(f.year, f.rule_id)):
        trend[y, rule[:2]] += n
    return {
        "by_rule": by(f.rule_id, f.year == year), "by_region": by(f.region_id, f.year == year),
        "by_body": by(f.body_id, f.year == year), "by_year": by(f.year),
        "trend": dict(trend),
        "national": {"notices": national["notices"], "protocols": national["protocols"],
                     "notice_violations": violating("HN"), "protocol_violations": violating("HP")},
        "table": [{"region": r.code, "notices": facts(r.id)["notices"], "protocols": facts(r.id)["protocols"],
                   "notice_violations": violating("HN", f.region_id == r.id),
                   "protocol_violations": violating("HP", f.region_id == r.id)} for r in regions],
        "tiles": {r.id: (facts(r.id)["hearings"], by(f.region_id, f.year == year, f.subject_type.in_(
            ("hearing", "monitored_hearing"))).get(r.id, 0)) for r in regions},
    }


def kept(year):
    """The same figures as the pages read them now."""
    summary = stats.summary(year)
    figures = stats.Figures.of(year)
    return {
        "by_rule": dict(stats.findings_by("rule_id", year)), "by_region": dict(stats.findings_by("region_id", year)),
        "by_body": dict(stats.findings_by("body_id", year)), "by_year": dict(stats.findings_by("year")),
        "trend": {(y, family): n for y, counts in stats.trend_by_family().items() for family, n in counts.items()},
        "national": {k: summary[k] for k in ("notices", "protocols", "notice_violations", "protocol_violations")},
        "table": [{"region": row["region"].code, **{k: row[k] for k in ("notices", "protocols", "notice_violations",
                                                                         "protocol_violations")}}
                  for row in stats.monitoring_table(year)],
        "tiles": {rid: figures.region_figures().get(rid, (0, 0)) for rid in db.session.scalars(select(Region.id))},
    }


def assert_same(years):
    for year in years:
        reference, now = counted(year), kept(year)
        assert now == reference, year
        assert dict(figures_by_rule(year)) == {rid: n for rid, n in reference["by_rule"].items()}


def figures_by_rule(year):
    return {rid: n for rid, n in stats.summary(year)["findings_by_rule"].items() if n}


def test_the_counts_match_the_findings_after_the_demo_and_after_live_changes(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    years = sorted(set(db.session.scalars(select(Finding.year))) | {utcnow().year})
    assert db.session.scalar(select(func.sum(AuditFigure.open))) == db.session.scalar(
        select(func.count()).where(Finding.cured_at.is_(None)))
    assert_same(years)

    # Live changes, no full run: a hearing's findings cured, then found again; imported hearings with new findings.
    hearing_id, = db.session.execute(select(Finding.subject_id).where(
        Finding.subject_type == "hearing", Finding.cured_at.is_(None)).order_by(Finding.id).limit(1)).one()
    mine = and_(Finding.subject_type == "hearing", Finding.subject_id == hearing_id)
    synchronise([], utcnow(), mine)
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(mine, Finding.cured_at.is_(None))) == 0
    assert_same(years)
    evaluate_records([hearing_id])
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(mine, Finding.cured_at.is_(None))) > 0
    assert_same(years)
    import_hearings(csv_of({**GOOD, "external_id": "F1", "notice_published_on": "2026-06-01"},
                           {**GOOD, "external_id": "F2", "region": "KZ-75", "notice_ru": "no",
                            "protocol_published_on": ""}))
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(Finding.subject_type == "monitored_hearing")) >= 3
    assert_same(sorted(set(years) | {2026}))
