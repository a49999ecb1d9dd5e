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


def test_the_hearings_counted_follow_each_act_that_moves_a_hearing_in_or_out_of_a_year_or_region(app, clock):
    """Publishing, postponing into the next year, cancelling, publishing a protocol, importing a record and importing
    it again into another year and region: after each, the kept counts are a fresh count (no full run)."""
    from aarhus.audit.figures import counted_facts
    from aarhus.audit.models import AuditCounted
    from aarhus.hearings import operations as ops
    from tests.hearings.factories import officer_of, published, secretary_of, signers

    years = [2025, 2026, 2027]

    def same():
        db.session.commit()
        assert_same(years)
        kept = {(c.subject_type, c.subject_id): (c.year, c.region_id, c.notice, c.protocol)
                for c in db.session.scalars(select(AuditCounted))}
        fresh = {(kind, row[0]): tuple(row[1:]) for kind in ("hearing", "monitored_hearing")
                 for row in db.session.execute(counted_facts(kind))}
        assert kept == fresh
        return kept

    clock.set("2026-11-23")
    officer, secretary = officer_of("KZ-35"), secretary_of("KZ-35")
    moved = published(officer, start=date(2026, 12, 14))
    almaty = officer_of("KZ-75", email="almaty@k.kz")
    cancelled = published(almaty, start=date(2026, 12, 21), title_kk="Алматы")
    late = published(officer, start=date(2026, 12, 15), title_kk="Хаттама")
    assert len(same()) == 3
    ops.postpone_hearing(moved, {"hearing_date": date(2027, 1, 20)}, "Зал жөндеуде", officer)
    assert ("hearing", moved.id) not in same()  # agreed again: not counted until its new notice is published
    ops.cancel_hearing(cancelled, "Жоба қайтарылды", almaty)
    assert ("hearing", cancelled.id) not in same()
    clock.set("2026-12-28")
    ops.draft_protocol(late, {"attendees": 5, **signers(officer, secretary)}, officer)
    ops.sign_protocol(late, "chair", officer)
    ops.sign_protocol(late, "secretary", secretary)
    ops.publish_protocol(late, officer)
    assert same()[("hearing", late.id)][3] == 1
    import_hearings(csv_of({**GOOD, "external_id": "R1"}))
    first = same()
    import_hearings(csv_of({**GOOD, "external_id": "R1", "region": "KZ-75", "hearing_date": "2025-06-16",
                            "notice_published_on": "2025-05-27", "documents_published_on": "2025-05-27",
                            "agreement_on": "2025-05-01", "protocol_published_on": "2025-06-25"}))
    second = same()
    record = next(key for key in second if key[0] == "monitored_hearing")
    assert first[record][:2] != second[record][:2] and second[record][0] == 2025
