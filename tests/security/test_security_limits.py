"""Rate limits with a translated 429 page, sign-in lockout and log, upload limits."""

import io
import re

from sqlalchemy import select

from aarhus.accounts.models import SignIn
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.conftest import PASSWORD, csrf_from, login, make_user


def test_public_writes_are_rate_limited_with_a_translated_page_and_retry_after(client):
    page = client.get("/register").get_data(as_text=True)
    statuses = []
    for i in range(7):
        response = client.post("/register", data={"name": "x", "email": f"bad{i}", "password": "p", "confirm": "p",
                                                   "csrf_token": csrf_from(page)}, headers={"Accept-Language": "ru"})
        statuses.append(response.status_code)
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Слишком много запросов" in response.get_data(as_text=True)


def test_api_rate_limit_answers_json(client):
    for _ in range(6):
        response = client.post("/api/v1/requests", json={})
    assert response.status_code == 429 and response.json["error"]["code"] == "too_many_requests"
    assert response.headers.get("Retry-After")


def test_five_failures_lock_the_account_for_15_minutes_and_attempts_are_logged(client, clock):
    clock.set("2026-11-23T10:00:00+05:00")
    user = make_user(Role.citizen, email="victim@example.kz")
    for _ in range(5):
        assert login(client, user.email, "wrong-password").status_code == 200
    locked = login(client, user.email, PASSWORD)
    assert locked.status_code == 429 and "15" in locked.get_data(as_text=True)
    clock.set("2026-11-23T10:16:00+05:00")
    assert login(client, user.email, PASSWORD).status_code == 302
    attempts = db.session.scalars(select(SignIn).order_by(SignIn.id)).all()
    assert [a.success for a in attempts] == [False] * 5 + [True]
    assert attempts[-1].user_id == user.id and attempts[0].ip == "127.0.0.1"


def test_signing_in_starts_a_fresh_session(client):
    user = make_user(Role.citizen, email="s@example.kz")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session and session["_user_id"] == f"{user.id}:0"


def test_uploads_over_the_limit_are_refused_with_413(app, client, clock):
    from tests.hearings.factories import officer_of, published

    app.config["MAX_CONTENT_LENGTH"] = 2048
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    hearing = published(officer)
    login(client, officer.email)
    page = client.get(f"/manage/hearings/{hearing.id}").get_data(as_text=True)
    response = client.post(f"/manage/hearings/{hearing.id}/documents", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(b"%PDF-1.4\n" + b"0" * 5000), "big.pdf"),
                                 "csrf_token": csrf_from(page)})
    assert response.status_code == 413


def test_behind_a_trusted_proxy_each_client_has_its_own_rate_limit(settings):
    """With AARHUS_TRUSTED_PROXIES=1 the client named by X-Forwarded-For is limited, not the proxy's address."""
    from aarhus import create_app
    from tests.conftest import reset_schema

    def statuses(app, forwarded_for):
        client = app.test_client()
        return [client.post("/api/v1/requests", json={}, environ_base={"REMOTE_ADDR": "10.0.0.1"},
                            headers={"X-Forwarded-For": forwarded_for}).status_code for _ in range(6)]

    behind = create_app(settings.with_changes(trusted_proxies=1))
    alone = create_app(settings.with_changes(trusted_proxies=0))
    try:
        with behind.app_context():
            reset_schema()
        assert statuses(behind, "198.51.100.7")[-1] == 429
        assert statuses(behind, "198.51.100.8")[0] == 422  # another citizen, behind the same proxy: not limited
        assert statuses(alone, "198.51.100.9")[-1] == 429
        assert statuses(alone, "198.51.100.10")[0] == 429  # without trust the header is ignored: one bucket
    finally:
        for app in (behind, alone):
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def _filing(client, holder_id, subject):
    page = client.get("/requests/new").get_data(as_text=True)
    return {"requester_name": "Гүлнар", "contact_email": "gulnar@example.kz", "holder": str(holder_id),
            "subject": subject, "text": "Деректер", "language": "kk", "answer_form": "electronic",
            "csrf_token": csrf_from(page),
            "submission_key": re.search(r'name="submission_key" value="([^"]+)"', page).group(1)}


def test_correcting_a_request_form_does_not_use_up_the_filing_limit(client, clock):
    """A citizen who fixes mistakes, looks at the check page and changes what they wrote six times in a minute still
    files; only filings count against the limit of five a minute (and the form has a looser limit of its own)."""
    from tests.hearings.factories import officer_of

    clock.set("2026-11-23T10:00:00+05:00")
    holder = officer_of("KZ-35").body_id
    form = _filing(client, holder, "Су сапасы")
    for _ in range(6):
        assert client.post("/requests/new", data={**form, "contact_email": "gulnar@"}).status_code == 422
        assert client.post("/requests/new", data=form).status_code == 200  # the check page
        assert client.post("/requests/new", data={**form, "confirmed": "1", "edit": "1"}).status_code == 200
    assert client.post("/requests/new", data={**form, "confirmed": "1"}).status_code == 200
    assert client.get("/api/v1/requests").json["total"] == 1
    for n in range(4):
        assert client.post("/requests/new", data={**_filing(client, holder, f"Су {n}"), "confirmed": "1"}) \
            .status_code == 200
    refused = client.post("/requests/new", data={**_filing(client, holder, "Су 5"), "confirmed": "1"})
    assert refused.status_code == 429 and client.get("/api/v1/requests").json["total"] == 5


def test_correcting_a_comment_does_not_use_up_the_comment_limit(client, clock):
    from tests.hearings.factories import officer_of, published

    clock.set("2026-11-23T10:00:00+05:00")
    hearing = published(officer_of("KZ-35"))

    def form():
        page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
        return {"author_name": "Гүлнар", "contact": "gulnar@example.kz", "text": "Қарсымын", "show_name": "name",
                "csrf_token": csrf_from(page),
                "submission_key": re.search(r'name="submission_key" value="([^"]+)"', page).group(1)}

    typed = form()
    for _ in range(6):
        assert client.post(f"/hearings/{hearing.id}/comments", data={**typed, "text": ""}).status_code == 422
        assert client.post(f"/hearings/{hearing.id}/comments", data=typed).status_code == 200
    assert client.post(f"/hearings/{hearing.id}/comments", data={**typed, "confirmed": "1"}).status_code == 302
    for n in range(9):
        assert client.post(f"/hearings/{hearing.id}/comments",
                           data={**form(), "text": f"Қарсымын {n}", "confirmed": "1"}).status_code == 302
    refused = client.post(f"/hearings/{hearing.id}/comments", data={**form(), "confirmed": "1"})
    assert refused.status_code == 429
