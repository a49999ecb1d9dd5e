"""The audit is current the moment an act commits: the act's record is re-evaluated in the act's transaction."""

import re
from datetime import date

from sqlalchemy import select

from aarhus.audit.engine import run_audit
from aarhus.audit.models import AuditRun, Finding
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.audit.test_audit_rules import _request, ours
from tests.conftest import make_user


def findings(**where):
    return [(f.rule_id, f.subject_type, f.subject_id, f.cured_at is not None)
            for f in db.session.scalars(ours().filter_by(**where).order_by(Finding.id))]


def test_a_late_answer_is_a_finding_as_soon_as_it_is_committed(app, clock):
    officer = make_user(Role.akimat_officer, email="o@k.kz", region="KZ-35")
    request = _request(clock)  # due 16 June
    db.session.commit()
    clock.set("2026-06-17")
    from aarhus.requests import operations as ops

    ops.answer_request(request, text="Ответ", language="ru", actor=officer)
    assert findings() == []  # not yet: evaluated just before the commit, in the same transaction
    db.session.commit()
    assert findings() == [("IR-01", "request", request.id, False)]
    assert db.session.scalar(select(AuditRun.id)) is None  # no full run was needed


def test_publishing_an_overdue_protocol_cures_hp02_and_finds_hp01_in_the_same_commit(app, clock):
    from aarhus.hearings import operations as ops
    from tests.hearings.factories import officer_of, published, secretary_of, signers

    clock.set("2026-11-23")
    officer, secretary = officer_of("KZ-35"), secretary_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))  # protocol due 24 Dec
    assert findings() == []
    clock.set("2026-12-28")
    run_audit(trigger="nightly")  # the safety net: an overdue protocol turns up by the passing of days
    db.session.commit()
    assert findings() == [("HP-02", "hearing", hearing.id, False)]
    ops.draft_protocol(hearing, {"attendees": 5, **signers(officer, secretary)}, officer)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, officer)
    db.session.commit()
    assert findings() == [("HP-02", "hearing", hearing.id, True), ("HP-01", "hearing", hearing.id, False)]
    assert run_audit().new == 0  # the full run agrees with what the act left


def test_only_the_changed_record_is_evaluated(app, clock):
    officer = make_user(Role.akimat_officer, email="o@k.kz", region="KZ-35")
    forgotten = _request(clock)  # due 16 June, never answered: IR-02 only at the next full run
    answered = _request(clock, subject="Другая тема")
    db.session.commit()
    clock.set("2026-06-20")
    from aarhus.requests import operations as ops

    ops.answer_request(answered, text="Ответ", language="ru", actor=officer)
    db.session.commit()
    assert findings() == [("IR-01", "request", answered.id, False)]
    run_audit()
    db.session.commit()
    assert ("IR-02", "request", forgotten.id, False) in findings()


def test_an_act_rolled_back_leaves_nothing_to_evaluate(app, clock):
    officer = make_user(Role.akimat_officer, email="o@k.kz", region="KZ-35")
    request = _request(clock)
    db.session.commit()
    clock.set("2026-06-17")
    from aarhus.requests import operations as ops

    ops.answer_request(request, text="Ответ", language="ru", actor=officer)
    db.session.rollback()
    assert "aarhus.audit.pending" not in db.session.info
    db.session.commit()
    assert findings() == []


def test_every_full_run_is_recorded_with_what_started_it(app, clock, runner):
    clock.set("2026-11-23")
    result = runner.invoke(args=["audit", "run"])
    assert result.exit_code == 0, result.output
    from aarhus.jobs.scheduler import nightly

    nightly()
    runs = db.session.scalars(select(AuditRun).order_by(AuditRun.id)).all()
    assert [run.trigger for run in runs] == ["command", "nightly"]
    assert all(run.finished_at >= run.started_at for run in runs)


def test_a_compliance_officer_starts_a_full_run_from_the_dashboard_and_follows_it(client, app, clock, job_worker):
    import time

    from aarhus.core.extensions import writing
    from tests.conftest import csrf_from, login

    # The worker thread commits meanwhile: on SQLite this test's writes take the lock at BEGIN (as a request that
    # writes does) and wait their turn, rather than upgrade a read snapshot, which SQLite refuses at once.
    db.session.commit()
    with writing():
        _request(clock, registered="2026-10-01")  # unanswered past its due date: found only by a full run
        db.session.commit()
    clock.set("2026-11-23")
    make_user(Role.compliance_officer, email="c@k.kz")
    login(client, "c@k.kz")
    dashboard = client.get("/audit", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The audit has not run in full yet." in dashboard and "Run the full audit now" in dashboard
    response = client.post("/audit/runs", data={"csrf_token": csrf_from(dashboard)})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    for _attempt in range(200):
        html = client.get(job_url, headers={"Accept-Language": "en"}).get_data(as_text=True)
        if "The audit ran in full" in html:
            break
        assert "<progress" in html and 'http-equiv="refresh"' in html
        time.sleep(0.05)
    assert re.search(r"\d+ findings hold \(\d+ new, 0 cured, 0 reopened\)", html)
    db.session.remove()
    run = db.session.scalars(select(AuditRun)).one()
    assert run.trigger == "dashboard" and run.started_by_id is not None
    after = client.get("/audit", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The audit last ran in full on" in after and "started from the dashboard" in after
    assert "IR-02" in after


def test_a_second_click_follows_the_run_already_queued(client, app, clock):
    from tests.conftest import csrf_from, login

    clock.set("2026-11-23")
    make_user(Role.compliance_officer, email="c@k.kz")
    login(client, "c@k.kz")
    token = csrf_from(client.get("/audit").get_data(as_text=True))
    first = client.post("/audit/runs", data={"csrf_token": token}).headers["Location"]
    assert client.post("/audit/runs", data={"csrf_token": token}).headers["Location"] == first
    page = client.get("/audit", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "A full run is under way" in page and "Run the full audit now" not in page


def test_a_concurrent_act_that_recorded_the_finding_first_does_not_undo_this_act(app, clock):
    """Two acts on one record at once may both find the same new finding: the second act still commits."""
    import pytest

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer at a time: the race cannot happen there")
    from aarhus.audit.engine import _finding
    from aarhus.requests import operations as ops
    from aarhus.requests.models import InfoRequest

    officer = make_user(Role.akimat_officer, email="o@k.kz", region="KZ-35")
    request = _request(clock)
    db.session.commit()
    clock.set("2026-06-17")
    ops.answer_request(request, text="Ответ", language="ru", actor=officer)
    db.session.flush()
    import threading

    # The concurrent act has found the same finding but not committed yet: this act's evaluation does not see
    # it, and its insert waits on the unique index until the other commits — then fails, inside a savepoint.
    other = db.engine.connect()
    transaction = other.begin()
    row = _finding("IR-01", "request", request.id, None, request.holder_id, 2026, {})
    other.execute(db.insert(Finding).values(**row, found_at=utcnow_()))
    timer = threading.Timer(1.0, transaction.commit)
    timer.start()
    try:
        db.session.commit()
    finally:
        timer.join()
        other.close()
    assert db.session.get(InfoRequest, request.id).state.value == "answered"
    assert findings() == [("IR-01", "request", request.id, False)]


def utcnow_():
    from aarhus.core.time import utcnow

    return utcnow()


def test_a_comment_changes_no_finding_so_its_batch_does_not_re_evaluate_the_hearing(app, clock):
    """Why ``audit.live`` skips comments: they are taken only at a stage where no rule reading their count holds."""
    from aarhus.audit.engine import hearing_conditions
    from aarhus.audit.live import NO_FACTS
    from aarhus.hearings import operations as ops
    from aarhus.hearings import rules
    from aarhus.ledger.models import LogEntry
    from tests.hearings.factories import officer_of, published

    assert {"hearing.comment_received"} == NO_FACTS
    # Every way a comment enters is allowed at the stage "published" only, where the protocol is not published …
    for act in ("comment", "connection_complaint", "oral_comment"):
        assert set().union(*rules.ACTS[act].values()) == {"published"}
    assert rules.stage(state="published", signed=False, protocol_published=True) != "published"
    # … and the only rule reading the count of comments requires a published protocol.
    readers = [rid for rid, condition in hearing_conditions(_Facts(), date(2026, 1, 1)).items()
               if "comments_received" in str(condition)]
    assert readers == ["HP-03"] and "protocol_on IS NOT NULL" in str(hearing_conditions(_Facts(), date.today())["HP-03"])

    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))
    db.session.commit()
    before = findings(subject_type="hearing")
    ops.submit_comment(hearing, author_name="Айгүл", contact="a@example.kz", text="Су", show_name=True)
    db.session.commit()
    assert db.session.scalar(select(LogEntry.kind).order_by(LogEntry.id.desc()).limit(1)) == "hearing.comment_received"
    assert findings(subject_type="hearing") == before
    run_audit()
    assert findings(subject_type="hearing") == before  # the full run agrees: nothing was missed


class _Facts:
    """Stand-in columns named as the facts rows are, to read which rule mentions which fact."""

    def __getattr__(self, name):
        from sqlalchemy import column

        return column(name)
