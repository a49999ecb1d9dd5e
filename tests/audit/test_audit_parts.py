"""A full run goes part by part (``engine.PART`` records of one kind at a time), so that at national scale it holds
one part's findings in memory, not millions: where the parts are cut changes nothing it finds, cures, reopens or
counts; findings of records no rule reaches any more are cured as before; the job's run, which keeps its parts in a
temporary file between its reading and its writing, is the same run."""

from collections import Counter

import pytest
from sqlalchemy import delete, func, select, update

from aarhus.audit import engine, labels
from aarhus.audit.engine import run_audit
from aarhus.audit.models import AuditFigure, AuditViolating, Finding, FindingAnswer
from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.hearings.models import Hearing
from aarhus.requests.models import InfoRequest
from tests.audit.test_audit_figures import assert_same


def findings():
    """Every finding as what a run decides of it (not its id, nor when it was found)."""
    f = Finding
    return Counter(db.session.execute(select(f.rule_id, f.subject_type, f.subject_id, f.region_id, f.body_id, f.year,
                                             func.cast(f.evidence, db.Text), f.cured_at.is_(None))).all())


def counts():
    figures = db.session.execute(select(AuditFigure.year, AuditFigure.region_id, AuditFigure.body_id,
                                        AuditFigure.rule_id, AuditFigure.subject_type, AuditFigure.findings,
                                        AuditFigure.open)).all()
    violating = db.session.execute(select(AuditViolating.year, AuditViolating.region_id, AuditViolating.family,
                                          AuditViolating.records)).all()
    return sorted(figures), sorted(violating)


def no_case():
    """The findings no one has acted on (no case sent, no answer): a run makes them again from nothing."""
    return (Finding.case_state == "open") & Finding.sent_at.is_(None) & ~Finding.id.in_(
        select(FindingAnswer.finding_id))


@pytest.fixture
def demo(runner, clock):
    """The demo's records, audited in one part (its ids are far fewer than ``PART``)."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db.session.scalar(select(func.count(Hearing.id))) > 4 and db.session.scalar(
        select(func.count(InfoRequest.id))) > 4
    return findings(), counts()


def test_cut_in_parts_of_two_records_a_run_finds_and_counts_what_one_part_did(demo, monkeypatch):
    whole, counted = demo
    monkeypatch.setattr(engine, "PART", 2)
    again = run_audit()
    assert (again.new, again.cured, again.reopened, again.changed) == (0, 0, 0, 0)
    assert again.found == sum(n for (*_key, is_open), n in whole.items() if is_open)
    assert findings() == whole and counts() == counted

    # From nothing: the findings without a case (those no one has acted on) are found again, each in its part.
    gone = db.session.scalar(select(func.count()).where(no_case()))
    db.session.execute(delete(Finding).where(no_case()))
    db.session.commit()
    first = run_audit()
    db.session.commit()
    assert first.new == gone > 10 and (first.cured, first.reopened) == (0, 0)
    assert findings() == whole and counts() == counted
    assert_same(sorted({year for _rule, _type, _id, _region, _body, year, *_ in whole} | {utcnow().year}))


def test_a_part_cures_findings_of_records_no_rule_reaches_any_more(demo, monkeypatch):
    """Past the last hearing's id, and of a kind of record that no rule finds now: the open ends of the parts take
    them in, as a run in one part did."""
    monkeypatch.setattr(engine, "PART", 3)
    beyond = db.session.scalar(select(func.max(Hearing.id))) + 1000
    strays = [Finding(rule_id="HN-01", severity="high", subject_type="hearing", subject_id=beyond, year=2026,
                      evidence={}, found_at=utcnow()),
              Finding(rule_id="HN-01", severity="high", subject_type="retired_kind", subject_id=1, year=2026,
                      evidence={}, found_at=utcnow()),
              Finding(rule_id="IR-01", severity="high", subject_type="request", subject_id=-5, year=2026,
                      evidence={}, found_at=utcnow())]
    db.session.add_all(strays)
    db.session.commit()
    result = run_audit()
    db.session.commit()
    assert result.cured == 3 and all(stray.cured_at is not None for stray in strays)


def test_the_jobs_run_keeps_its_parts_in_a_file_and_writes_the_same(demo, monkeypatch, app):
    from aarhus.audit import runs

    whole, counted = demo
    monkeypatch.setattr(engine, "PART", 2)
    db.session.execute(delete(Finding).where(no_case()))
    db.session.commit()
    steps = []
    reading = runs.compute_run(None, lambda done, total: steps.append((done, total)))
    assert steps == [(done, engine.STEPS) for done in range(1, engine.STEPS + 1)]
    assert len(labels.RUN_STEPS) == engine.STEPS  # the run's page names each step it reports
    assert not reading.file.closed and reading.file.tell() > 0  # the findings are in the file, not in memory
    db.session.rollback()

    class Job:
        created_by_id, result = None, None

    job = Job()
    runs.write_run(job, reading)
    db.session.commit()
    assert reading.file.closed
    assert job.result["new"] > 10 and (job.result["cured"], job.result["reopened"]) == (0, 0)
    assert findings() == whole and counts() == counted


@pytest.mark.parametrize("how", ["failed as stale meanwhile", "the write phase failed to begin"])
def test_the_jobs_file_is_closed_when_its_writing_never_comes(app, clock, monkeypatch, how):
    """Found by review: the reading's file stayed open until the garbage collector met it."""
    from aarhus.audit import runs
    from aarhus.core.jobs import Job
    from aarhus.jobs import worker

    clock.set("2026-11-23")
    job = runs.start_run(None)
    db.session.commit()
    kept = []

    def read(job, progress):
        reading = runs.compute_run(job, progress)
        kept.append(reading)
        if how == "failed as stale meanwhile":
            with db.engine.begin() as other:
                other.execute(update(Job).where(Job.id == job.id).values(state="failed"))
        return reading

    def refused(job_id, worker_id):
        raise RuntimeError("lock timeout")

    monkeypatch.setitem(worker.HANDLERS, runs.KIND, (read, worker.HANDLERS[runs.KIND][1]))
    if how == "the write phase failed to begin":
        monkeypatch.setattr(worker, "_still_ours", refused)
    worker.work(app, once=True)
    db.session.commit()
    assert db.session.get(Job, job.id).state == "failed"
    assert kept[0].file.closed


def test_a_span_holds_part_records_whatever_gaps_the_ids_have(demo, monkeypatch):
    monkeypatch.setattr(engine, "PART", 3)
    last = db.session.scalar(select(func.max(Finding.id)).where(~Finding.id.in_(select(FindingAnswer.finding_id))))
    db.session.execute(update(Finding).where(Finding.id == last).values(id=last + 1_000_000))  # a gap of a million
    total = db.session.scalar(select(func.count(Finding.id)))
    spans = engine._spans(Finding.id)
    sizes = [db.session.scalar(select(func.count()).where(span.of(Finding.id))) for span in spans]
    assert sum(sizes) == total and len(spans) == -(-total // 3)
    assert all(size == 3 for size in sizes[:-1]) and 1 <= sizes[-1] <= 3
