"""Concurrent acts on one record: exactly one wins, the others are refused, each act is logged once.

Real parallel requests to a threaded server; on PostgreSQL (make test-postgres) they are parallel transactions
that meet at the record's row lock, on SQLite at the write lock every writing request takes at BEGIN.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

from sqlalchemy import func, select

from aarhus.accounts.operations import issue_token
from aarhus.bodies.operations import akimat_of
from aarhus.core.extensions import db
from aarhus.hearings.models import Hearing
from aarhus.ledger.models import LogEntry
from aarhus.requests import operations as request_ops
from tests.conftest import PASSWORD
from tests.hearings.factories import agree, draft, officer_of

PARALLEL = 20


def _together(calls) -> list[tuple[int, dict | str]]:
    """Run the calls at the same moment, each in its own thread; their (status, JSON body or page)."""
    barrier, results = threading.Barrier(len(calls)), []

    def run(call):
        barrier.wait()
        try:
            with call() as response:
                results.append((response.status, _body(response)))
        except urllib.error.HTTPError as error:
            results.append((error.code, _body(error)))

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _body(response) -> dict | str:
    text = response.read().decode()
    return json.loads(text) if response.headers.get_content_type() == "application/json" else text


def _post(url: str, body: dict, token: str):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    return lambda: urllib.request.urlopen(request, timeout=60)


def _logged(kind: str, subject_id: int) -> int:
    db.session.remove()
    return db.session.scalar(select(func.count(LogEntry.id)).where(LogEntry.kind == kind,
                                                                   LogEntry.subject_id == str(subject_id)))


def _agreed_hearing(clock):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    hearing = draft(officer, start=date(2026, 12, 28))
    agree(hearing, officer)
    token = issue_token(officer)
    db.session.commit()
    return hearing.id, officer, token


def test_parallel_api_publishes_of_one_hearing_publish_it_once(live, clock):
    hearing_id, _officer, token = _agreed_hearing(clock)
    results = _together([_post(f"{live}/api/v1/hearings/{hearing_id}/publish", {}, token)] * PARALLEL)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [422] * (PARALLEL - 1), statuses
    assert {body["error"]["code"] for status, body in results if status == 422} <= {"state_changed", "wrong_state"}
    assert _logged("hearing.published", hearing_id) == 1


def test_parallel_answer_and_refuse_of_one_request_decide_it_once(live, clock):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    request, _ = request_ops.register_request(akimat_of("KZ-35"), {
        "requester_name": "Дана", "contact_email": "dana@example.kz", "language": "ru", "subject": "Выбросы",
        "text": "Прошу данные о выбросах.", "categories": ["environment_state"]})
    token = issue_token(officer)
    db.session.commit()
    base = f"{live}/api/v1/requests/{request.registration_number}"
    calls = [_post(f"{base}/answer", {"text": "Данные прилагаются.", "language": "ru"}, token),
             _post(f"{base}/refuse", {"ground": "no_substance", "reason": "Нет сути."}, token)] * (PARALLEL // 2)
    results = _together(calls)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [422] * (PARALLEL - 1), statuses
    assert _logged("request.answered", request.id) + _logged("request.refused", request.id) == 1


def test_parallel_form_publishes_from_the_officers_page_publish_once(live, clock):
    hearing_id, officer, _token = _agreed_hearing(clock)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{live}/login").read().decode()
    csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"email": officer.email, "password": PASSWORD, "csrf_token": csrf}).encode()
    opener.open(f"{live}/login", data=form).read()
    page = opener.open(f"{live}/manage/hearings/{hearing_id}").read().decode()
    csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": csrf, "confirmed": "1"}).encode()
    results = _together([lambda: opener.open(f"{live}/manage/hearings/{hearing_id}/publish", data=data)] * 10)
    assert _logged("hearing.published", hearing_id) == 1
    # Every click lands back on the officer's page. (Which click's message each page shows is not asserted: the ten
    # requests share one session cookie, as one browser's double clicks do, and its flashed messages with it.)
    assert sorted(status for status, _ in results) == [200] * 10
    assert db.session.get(Hearing, hearing_id).state.value == "published"


def test_an_idempotency_key_makes_one_record_even_when_sent_in_parallel(live, clock):
    clock.set("2026-11-23")
    from tests.hearings.factories import published

    hearing = published(officer_of("KZ-35"), start=date(2026, 12, 28))
    url = f"{live}/api/v1/hearings/{hearing.id}/comments"
    body = json.dumps({"author_name": "Асель", "contact": "asel@example.kz", "text": "Су көзін қорғаңыз"}).encode()

    def send(key):
        return lambda: urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Idempotency-Key": key}), timeout=60)

    results = _together([send("same-key-1")] * 10)
    assert {status for status, _ in results} == {201}
    assert len({body["receipt"] for _, body in results}) == 1  # every repeat got the first answer
    other = _together([send("another-key")])
    assert other[0][0] == 201 and other[0][1]["receipt"] != results[0][1]["receipt"]
    db.session.remove()
    from aarhus.hearings.models import Comment

    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.hearing_id == hearing.id)) == 2
    assert _logged("hearing.comment_received", hearing.id) == 2


def test_a_position_that_waited_for_the_lock_sees_the_signature_made_meanwhile(app, clock):
    """PostgreSQL, read committed: the lock must re-read the protocol, not trust the copy loaded before it."""
    import pytest

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's writers already take the lock before they read anything")
    from aarhus.core.errors import OperationError
    from aarhus.hearings import operations as ops
    from aarhus.hearings.models import Hearing
    from tests.hearings.factories import published, secretary_of, signers

    clock.set("2026-11-23")
    officer, secretary = officer_of("KZ-35"), secretary_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))
    comment = ops.submit_comment(hearing, author_name="А", contact="a@example.kz", text="Су", show_name=True)
    ops.set_position(comment, "accepted", "Ескерілді", officer)
    clock.set("2026-12-15")
    ops.draft_protocol(hearing, {"attendees": 3, **signers(officer, secretary)}, officer)
    db.session.commit()
    assert hearing.protocol.chair_signed_at is None  # this session now holds the protocol unsigned
    with app.app_context():  # another officer's request, meanwhile
        ops.sign_protocol(db.session.get(Hearing, hearing.id), "chair", officer)
        db.session.commit()
        db.session.remove()
    with pytest.raises(OperationError) as refused:
        ops.set_position(comment, "rejected", "Өзгертілді", officer)
    assert refused.value.code in ("state_changed", "wrong_state")
    db.session.rollback()


def test_a_comment_that_waited_for_the_lock_sees_the_signature_made_meanwhile(app, clock):
    """PostgreSQL, read committed: a statement that waits for a row lock keeps its snapshot for the rows it joins,
    so the lean comment check must read the protocol's signatures after the lock, in a statement of its own."""
    import time

    import pytest
    from sqlalchemy import text

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's writers already take the lock before they read anything")
    from aarhus.core.time import legal_today
    from aarhus.hearings.models import Protocol
    from aarhus.hearings.permissions import comment_refusal
    from tests.hearings.factories import published

    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))  # comments open until 9 December
    db.session.add(Protocol(hearing_id=hearing.id, chair_id=officer.id))  # drafted, not signed
    db.session.commit()
    hearing_id, officer_id, today = hearing.id, officer.id, legal_today()
    assert comment_refusal(hearing_id, today)[0] is None
    db.session.rollback()

    signer = db.engine.connect()  # the chair signs: the hearing locked FOR UPDATE, the protocol signed, not committed
    signer.execute(text("SELECT id FROM hearings WHERE id = :h FOR UPDATE"), {"h": hearing_id})
    signer.execute(text("UPDATE hearing_protocols SET chair_signed_at = now(), chair_signed_by_id = :o "
                        "WHERE hearing_id = :h"), {"o": officer_id, "h": hearing_id})
    seen = {}

    def citizen() -> None:
        with app.app_context():
            seen["refusal"] = comment_refusal(hearing_id, today)[0]
            db.session.rollback()
            db.session.remove()

    thread = threading.Thread(target=citizen)
    thread.start()
    for _ in range(100):  # until the citizen's statement waits for the signer's lock
        signer.execute(text("SELECT pg_stat_clear_snapshot()"))  # the activity is read once per transaction
        waiting = signer.execute(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                      "AND datname = current_database()")).scalar()
        if waiting:
            break
        time.sleep(0.05)
    assert waiting, "the comment's check did not wait for the hearing's lock"
    signer.commit()
    signer.close()
    thread.join(10)
    assert seen["refusal"] == "wrong_state"  # the protocol is signed: no more comments (stage "signing")
