"""Many citizens commenting on one hearing at once (the last day of a contested hearing's window).

Real parallel requests to a threaded server. On PostgreSQL (make test-postgres) a comment's transaction must not
wait for another comment's: it takes only a shared lock on the hearing's row and no lock on the head of the log;
its entry is chained right after its commit, in a short transaction that chains every comment committed meanwhile
(``aarhus.ledger.chain.seal``). Every comment still gets a unique receipt, exactly one log entry, a place in the
hearing's count and on its public page, and the chain stays verifiable.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from datetime import date

import pytest
from flask import g
from sqlalchemy import func, select

from aarhus.core.cache import SiteState
from aarhus.core.extensions import db
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Comment, Hearing
from aarhus.ledger import chain
from aarhus.ledger.models import LogEntry, PendingEntry
from tests.hearings.factories import officer_of, published

PARALLEL = 24


def _open_hearing(clock) -> int:
    clock.set("2026-11-23")
    return published(officer_of("KZ-35"), start=date(2026, 12, 28)).id


def _post(url: str, n: int) -> tuple[int, dict]:
    body = json.dumps({"author_name": f"Азамат {n}", "contact": f"c{n}@example.kz",
                       "text": f"Параллель пікір {n}", "show_name": True}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _fresh() -> None:
    db.session.remove()


def _chained_within(seconds: float) -> bool:
    """Every pending entry chained within ``seconds`` (by the requests, or by the sealer thread they nudged)."""
    deadline = time.monotonic() + seconds
    while True:
        _fresh()
        if db.session.scalar(select(func.count(PendingEntry.id))) == 0:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def test_parallel_comments_each_get_a_receipt_one_log_entry_and_a_place_on_the_page(live, clock):
    hearing_id = _open_hearing(clock)
    url = f"{live}/api/v1/hearings/{hearing_id}/comments"
    page_before = urllib.request.urlopen(f"{live}/hearings/{hearing_id}").read().decode()  # cached now
    assert "Параллель пікір" not in page_before
    barrier, results = threading.Barrier(PARALLEL), []

    def run(n: int) -> None:
        barrier.wait()
        results.append(_post(url, n))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(status for status, _ in results) == [201] * PARALLEL, results
    receipts = [body["receipt"] for _, body in results]
    assert len(set(receipts)) == PARALLEL
    assert _chained_within(1.0)
    stored = db.session.scalars(select(Comment.receipt).where(Comment.hearing_id == hearing_id)).all()
    assert sorted(stored) == sorted(receipts)
    assert db.session.get(Hearing, hearing_id).comment_count == PARALLEL
    logged = db.session.scalars(select(LogEntry.payload).where(LogEntry.kind == "hearing.comment_received",
                                                               LogEntry.subject_id == str(hearing_id))).all()
    assert sorted(p["receipt"] for p in logged) == sorted(receipts)  # exactly one entry per comment
    assert chain.first_broken() is None
    page = urllib.request.urlopen(f"{live}/hearings/{hearing_id}").read().decode()
    assert all(f"Параллель пікір {n}" in page for n in range(PARALLEL))  # the cached page was renewed


def test_a_comment_does_not_wait_for_another_comment_still_in_its_transaction(app, live, clock):
    """The contention itself: a comment whose transaction is still open held the hearing's row and the log's head
    until its commit, so every other comment on the site queued behind it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time; the parallel transactions are PostgreSQL's")
    hearing_id = _open_hearing(clock)
    db.session.remove()
    inside, release, done = threading.Event(), threading.Event(), {}

    def slow_comment() -> None:
        with app.test_request_context(f"/api/v1/hearings/{hearing_id}/comments", method="POST"):
            hearing = db.session.get(Hearing, hearing_id)
            done["receipt"] = ops.submit_comment(hearing, author_name="Баяу", contact="slow@example.kz",
                                                 text="Ұзақ ойланған пікір", show_name=True).receipt
            inside.set()
            release.wait(60)
            db.session.commit()  # and its entry is chained as the request ends

    holder = threading.Thread(target=slow_comment)
    holder.start()
    try:
        assert inside.wait(30)
        t0 = time.perf_counter()
        status, body = _post(f"{live}/api/v1/hearings/{hearing_id}/comments", 1)
        waited = time.perf_counter() - t0
    finally:
        release.set()
        holder.join(60)
    assert status == 201, body
    assert waited < 5, f"the comment waited {waited:.1f} s for the other one's transaction"
    assert _chained_within(1.0)
    logged = db.session.scalars(select(LogEntry.payload).where(LogEntry.kind == "hearing.comment_received")).all()
    assert sorted(p["receipt"] for p in logged) == sorted([done["receipt"], body["receipt"]])
    assert db.session.get(Hearing, hearing_id).comment_count == 2
    assert chain.first_broken() is None


def test_an_entry_left_unchained_by_a_crash_is_chained_by_the_sweep(app, clock, runner):
    """The comment and its entry-to-be are committed together; if the process dies before chaining it, the
    scheduler's sweep (or ``ledger seal``) chains it, counts the comment and renews the public pages."""
    hearing_id = _open_hearing(clock)
    generation = db.session.scalar(select(SiteState.generation).where(SiteState.key == "public"))
    with app.test_request_context(f"/api/v1/hearings/{hearing_id}/comments", method="POST"):
        receipt = ops.submit_comment(db.session.get(Hearing, hearing_id), author_name="Айгүл",
                                     contact="a@example.kz", text="Тоқтап қалған", show_name=True).receipt
        db.session.commit()
        g.pop("aarhus_unsealed")  # ... and the worker dies here, before its request chains the entry
    _fresh()
    assert db.session.scalar(select(SiteState.generation).where(SiteState.key == "public")) == generation
    assert db.session.scalar(select(func.count(PendingEntry.id))) == 1
    assert not chain.entries_for("hearing", hearing_id)[-1].payload.get("receipt")
    result = runner.invoke(args=["ledger", "seal"])
    assert result.exit_code == 0, result.output
    _fresh()
    assert db.session.scalar(select(func.count(PendingEntry.id))) == 0
    last = chain.entries_for("hearing", hearing_id)[-1]
    assert (last.kind, last.payload["receipt"]) == ("hearing.comment_received", receipt)
    assert db.session.get(Hearing, hearing_id).comment_count == 1
    assert db.session.scalar(select(SiteState.generation).where(SiteState.key == "public")) > generation
    assert chain.first_broken() is None
    assert runner.invoke(args=["ledger", "seal"]).exit_code == 0  # nothing left: chains nothing twice
    _fresh()
    assert len([e for e in chain.entries_for("hearing", hearing_id) if e.kind == "hearing.comment_received"]) == 1
