"""The one background-job mechanism: a jobs table, a worker that claims and runs, heartbeats, stale jobs failed."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from aarhus.audit.imports import start_import
from aarhus.audit.models import MonitoredHearing
from aarhus.core.extensions import db
from aarhus.core.jobs import Job, enqueue, state_of
from aarhus.core.time import utcnow
from aarhus.jobs import worker
from tests.audit.test_audit_rules import GOOD, csv_of


def _queued_import(*rows) -> Job:
    job = start_import(csv_of(*rows).encode(), "m.csv", None)
    db.session.commit()
    return job


def test_a_worker_runs_a_queued_import_and_records_progress_and_result(app, clock):
    clock.set("2026-11-23")
    job = _queued_import({**GOOD, "external_id": "W-1"}, {**GOOD, "external_id": "W-2", "region": "KZ-00"})
    assert (job.state, job.total) == ("queued", 2)
    assert worker.work(app, once=True) == 1
    db.session.commit()  # end this test's snapshot: it sees what the worker wrote
    job = db.session.get(Job, job.id)
    assert job.state == "done" and (job.done, job.total) == (2, 2) and job.heartbeat_at and job.worker
    assert job.result["imported"] == 1 and job.result["rejected"][0][0] == 3
    assert db.session.scalar(select(func.count(MonitoredHearing.id))) == 1
    assert worker.work(app, once=True) == 0  # nothing is run twice


def test_only_one_worker_claims_a_job(app):
    job = enqueue("monitoring.import", {"filename": "x.csv"}, input=b"")
    db.session.commit()
    assert worker.claim("a") == job.id
    assert worker.claim("b") is None
    assert db.session.get(Job, job.id).worker == "a"


def test_a_failing_job_is_marked_failed_and_writes_nothing(app, clock, monkeypatch):
    clock.set("2026-11-23")
    job = _queued_import({**GOOD, "external_id": "F-1"})

    def broken(job, checked):
        from aarhus.audit.importer import write_rows

        write_rows(*checked)
        raise RuntimeError("disk full")

    monkeypatch.setitem(worker.HANDLERS, "monitoring.import", (worker.HANDLERS["monitoring.import"][0], broken))
    worker.work(app, once=True)
    db.session.commit()  # end this test's snapshot: it sees what the worker wrote
    failed = db.session.get(Job, job.id)
    assert failed.state == "failed" and failed.error == "RuntimeError" and failed.finished_at
    assert db.session.scalar(select(func.count(MonitoredHearing.id))) == 0


def test_a_job_whose_worker_died_is_failed_for_every_reader_and_then_in_the_table(app):
    job = enqueue("report.build", {"report": "nir", "year": 2026, "lang": "kk", "concept": None})
    job.state, job.started_at, job.heartbeat_at = "running", utcnow(), utcnow() - timedelta(seconds=30)
    db.session.commit()
    assert state_of(job) == "running" and worker.fail_stale() == 0
    assert state_of(job, utcnow() + timedelta(seconds=31)) == "failed"
    job.heartbeat_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert worker.fail_stale() == 1
    db.session.commit()  # end this test's snapshot: it sees what the worker wrote
    assert db.session.get(Job, job.id).state == "failed"


def test_the_command_runs_the_queued_jobs(app, runner, clock):
    clock.set("2026-11-23")
    job = _queued_import({**GOOD, "external_id": "C-1"})
    result = runner.invoke(args=["jobs", "work", "--once"])
    assert result.exit_code == 0 and "jobs run: 1" in result.output
    db.session.commit()  # end this test's snapshot: it sees what the worker wrote
    assert db.session.get(Job, job.id).state == "done"


def test_a_job_failed_as_stale_meanwhile_is_not_written_by_its_late_worker(app, clock, monkeypatch):
    """Another worker marked it failed while this one was still computing: its page said so, and so it stays."""
    from sqlalchemy import update

    clock.set("2026-11-23")
    job = _queued_import({**GOOD, "external_id": "S-1"})
    check, write = worker.HANDLERS["monitoring.import"]

    def slow_check(job, progress):
        checked = check(job, progress)
        with db.engine.begin() as other:  # meanwhile, elsewhere: fail_stale judged it dead
            other.execute(update(Job).where(Job.id == job.id).values(state="failed"))
        return checked

    monkeypatch.setitem(worker.HANDLERS, "monitoring.import", (slow_check, write))
    worker.work(app, once=True)
    db.session.commit()
    assert db.session.get(Job, job.id).state == "failed"
    assert db.session.scalar(select(func.count(MonitoredHearing.id))) == 0


def test_an_unknown_kind_of_job_fails_alone_and_the_worker_goes_on(app, clock):
    clock.set("2026-11-23")
    odd = enqueue("no.such.kind", {})
    db.session.commit()
    good = _queued_import({**GOOD, "external_id": "G-1"})
    assert worker.work(app, once=True) == 2
    db.session.commit()
    assert (db.session.get(Job, odd.id).state, db.session.get(Job, good.id).state) == ("failed", "done")


def test_an_import_writes_in_chunks_and_one_that_fails_midway_says_what_it_kept(app, client, clock, monkeypatch,
                                                                                  as_role):
    """Each chunk is committed apart (so other writers go between them); a failure keeps the chunks written, and
    the job's page says how many and that importing the file again completes it."""
    from aarhus.audit import importer
    from aarhus.core.roles import Role

    clock.set("2026-11-23")
    monkeypatch.setattr(importer, "CHUNK", 2)
    check, write = worker.HANDLERS["monitoring.import"]
    seen = []

    engine = db.engine

    def count_elsewhere():  # what another connection (of another thread) sees
        def read():
            with engine.connect() as other:
                seen.append(other.scalar(select(func.count(MonitoredHearing.id))))
        thread = threading.Thread(target=read)
        thread.start()
        thread.join(timeout=30)

    def failing_after_two_chunks(job, checked):
        for step, _ in enumerate(write(job, checked)):
            yield  # the worker commits the chunk
            count_elsewhere()
            if step == 1:
                raise RuntimeError("disk full")

    monkeypatch.setitem(worker.HANDLERS, "monitoring.import", (check, failing_after_two_chunks))
    as_role(Role.compliance_officer)
    job = _queued_import(*[{**GOOD, "external_id": f"P-{i}"} for i in range(5)])
    worker.work(app, once=True)
    db.session.commit()
    failed = db.session.get(Job, job.id)
    assert failed.state == "failed" and failed.result == {"written": 4, "to_write": 5}
    assert seen == [2, 4]  # each chunk was committed before the next was written
    assert db.session.scalar(select(func.count(MonitoredHearing.id))) == 4
    page = client.get(f"/audit/import/{job.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "after 4 of 5 rows were written" in page and "Import the file again" in page


def test_an_idle_worker_never_breaks_another_connections_read_then_write(app):
    """SQLite: a transaction that has read and then writes fails at once if it meets another connection's write
    lock. An idle worker polls (claim, fail_stale) without taking it, so acts in requests, commands and tests that
    read before they write never meet it (the flake "database is locked" of the browser tests)."""
    import time

    from aarhus.notify.models import OutboxMessage

    db.session.commit()
    stop = threading.Event()
    polling = threading.Thread(target=worker.work, args=(app,), kwargs={"stop": stop, "poll": 0.0005}, daemon=True)
    polling.start()  # two thousand polls a second: each one met would fail an act below
    failures, end = [], time.monotonic() + 2
    try:
        while time.monotonic() < end:
            try:
                db.session.scalar(select(OutboxMessage.id).limit(1))  # the act reads first …
                time.sleep(0.001)
                db.session.add(OutboxMessage(to="a@example.kz", subject="s", body="b"))  # … then writes
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - counted, and shown below
                db.session.rollback()
                failures.append(str(error)[:100])
    finally:
        stop.set()
        polling.join(10)
    assert failures == []
