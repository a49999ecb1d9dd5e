"""The scheduler: one process at a time (a lock in the database), jobs that never act twice."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from aarhus.audit.models import Finding
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.jobs import scheduler
from aarhus.ledger.models import ChainHead
from aarhus.notify.models import OutboxMessage
from tests.conftest import make_user
from tests.hearings.factories import officer_of, published


def test_only_one_process_holds_the_lock_and_a_stale_one_is_taken_over(app, clock):
    now = clock.set("2026-11-23")
    assert scheduler.acquire_lock("host-a:1", now)
    assert scheduler.acquire_lock("host-a:1", now + timedelta(seconds=30))  # its own heartbeat
    assert not scheduler.acquire_lock("host-b:2", now + timedelta(seconds=60))  # started by mistake
    assert scheduler.acquire_lock("host-b:2", now + timedelta(minutes=5))  # the first one died


def test_a_second_scheduler_runs_no_job(app, clock, monkeypatch):
    clock.set("2026-11-23")
    assert scheduler.acquire_lock("someone-else:1")
    ran = []
    monkeypatch.setitem(scheduler.JOBS, "reminders", lambda: ran.append(1))
    background = scheduler.run(app, blocking=False)
    try:
        background.get_job("reminders").func()
    finally:
        background.shutdown(wait=False)
    assert ran == []


def test_reminders_are_sent_once_to_the_officers_of_the_body(app, clock, smtp):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))  # protocol due 24 Dec
    from aarhus.bodies.operations import akimat_of
    from aarhus.requests import operations as requests

    requests.register_request(akimat_of("KZ-35"), {"requester_name": "R", "contact_email": "r@r.kz",
                                                   "language": "kk", "subject": "Су", "text": "Су сапасы"})
    db.session.commit()
    clock.set("2026-12-05")  # request due 8 Dec: within 3 days
    assert scheduler.reminders() == 1
    clock.set("2026-12-22")  # protocol due in 2 WD; the request is overdue
    assert scheduler.reminders() == 2
    assert scheduler.reminders() == 0  # idempotent: nothing twice
    scheduler.deliver()
    subjects = [m["Subject"] for m in smtp if m["To"] == officer.email]
    assert len(subjects) == 3 and any(hearing.title_kk in s for s in subjects)


def test_the_nightly_job_audits_publishes_the_head_and_is_idempotent(app, clock):
    clock.set("2026-11-23")
    published(officer_of("KZ-35"), start=date(2026, 12, 14))
    now = clock.set("2026-12-25")
    first = scheduler.nightly(now)
    second = scheduler.nightly(now)
    assert "new" in first and "(0 new, 0 cured)" in second
    hearing_findings = select(func.count(Finding.id)).where(Finding.subject_type == "hearing")
    assert db.session.scalar(hearing_findings) == 1
    assert db.session.scalars(select(ChainHead)).one().day == date(2026, 12, 24)


def test_the_weekly_digest_goes_once_per_week(app, clock):
    clock.set("2026-11-23")
    make_user(Role.compliance_officer, email="c@k.kz")
    assert scheduler.weekly_digest() == 1
    assert scheduler.weekly_digest() == 0
    clock.set("2026-11-30")
    assert scheduler.weekly_digest() == 1
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


@pytest.mark.parametrize("job", ["nightly", "reminders", "weekly_digest", "deliver"])
def test_each_job_runs_from_the_command_line(runner, clock, job):
    clock.set("2026-11-23")
    result = runner.invoke(args=["scheduler", "job", job])
    assert result.exit_code == 0, result.output
