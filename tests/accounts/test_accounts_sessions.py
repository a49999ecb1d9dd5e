"""Sessions end on the server (issue 16, item 10): a session cookie copied before signing out, changing the
password or the account being disabled opens nothing afterwards."""

from __future__ import annotations

from aarhus.accounts import operations
from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.conftest import PASSWORD, csrf_from, login, make_user

PRIVATE = "/account/requests"
NEW_PASSWORD = "another-long-password"


def copy_session(source, target) -> None:
    """What a thief does with a captured cookie."""
    target.set_cookie("session", source.get_cookie("session").value, domain="localhost")


def signed_in(client) -> bool:
    response = client.get(PRIVATE)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def sign_out(client) -> None:
    page = client.get("/account/tokens").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302


def test_a_cookie_captured_before_signing_out_is_sent_to_sign_in_after(app, client):
    user = make_user(Role.citizen, email="c@example.kz")
    assert login(client, user.email).status_code == 302
    thief = app.test_client()
    copy_session(client, thief)
    assert signed_in(thief)  # the copy works while the session lives
    sign_out(client)
    assert not signed_in(thief)
    assert not signed_in(client)
    assert login(client, user.email).status_code == 302 and signed_in(client)  # signing in again works


def change_password(client, current: str, new: str):
    page = client.get("/account/password").get_data(as_text=True)
    return client.post("/account/password", data={"current": current, "password": new, "confirm": new,
                                                  "csrf_token": csrf_from(page)}, headers={"Accept-Language": "en"})


def test_a_new_password_ends_every_other_session_and_keeps_this_one(app, client):
    user = make_user(Role.citizen, email="p@example.kz")
    other = app.test_client()
    assert login(client, user.email).status_code == 302 and login(other, user.email).status_code == 302
    thief = app.test_client()
    copy_session(client, thief)
    assert signed_in(other) and signed_in(thief)
    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/password")
    assert not signed_in(other) and not signed_in(thief)
    assert signed_in(client)  # the browser that changed it goes on, under a fresh cookie
    assert login(other, user.email, PASSWORD).status_code == 200  # the old password is refused
    assert login(other, user.email, NEW_PASSWORD).status_code == 302


def test_a_wrong_current_password_changes_nothing(app, client):
    user = make_user(Role.citizen, email="w@example.kz")
    other = app.test_client()
    login(client, user.email)
    login(other, user.email)
    response = change_password(client, "not-the-password", NEW_PASSWORD)
    assert response.status_code == 200 and "The current password is wrong." in response.get_data(as_text=True)
    assert signed_in(other) and signed_in(client)
    assert operations.authenticate(user.email, PASSWORD) is not None


def test_the_password_page_says_what_it_does_in_each_language(client):
    user = make_user(Role.citizen, email="l@example.kz")
    login(client, user.email)
    for lang, words in (("kk", "Құпиясөзді"), ("ru", "пароль"), ("en", "Change the password")):
        page = client.get("/account/password", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert words in page, lang


def test_disabling_an_account_ends_its_sessions_and_its_api_tokens(app, client, runner):
    user = make_user(Role.citizen, email="d@example.kz")
    token = operations.issue_token(user)
    db.session.commit()
    login(client, user.email)
    assert signed_in(client)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    result = runner.invoke(args=["users", "disable", "--email", user.email])
    assert result.exit_code == 0 and "disabled d@example.kz" in result.output
    assert not signed_in(client)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert login(client, user.email).status_code == 200  # and it cannot sign in again
    again = runner.invoke(args=["users", "disable", "--email", user.email])
    assert again.exit_code == 0 and "disabled already" in again.output
    assert runner.invoke(args=["users", "disable", "--email", "nobody@example.kz"]).exit_code == 1


def test_the_disabling_act_is_logged(app):
    from aarhus.ledger.models import LogEntry

    admin, user = make_user(Role.admin, email="a@example.kz"), make_user(Role.citizen, email="u@example.kz")
    assert operations.disable_user(user, admin) is True
    db.session.commit()
    assert db.session.get(User, user.id).is_active_account is False
    entry = db.session.query(LogEntry).filter_by(kind="user.disabled").one()
    assert entry.subject_id == str(user.id)


def test_a_cookie_from_before_sessions_carried_a_version_signs_no_one_in(client):
    user = make_user(Role.citizen, email="o@example.kz")
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(user.id), True
    assert not signed_in(client)
