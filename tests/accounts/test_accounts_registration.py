"""Registration (issue 18, item 6): consent to the processing of personal data, kept with its time, and a confirmed
e-mail address before the first sign-in."""

from __future__ import annotations

from sqlalchemy import select

from aarhus.accounts import operations
from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.ledger.models import LogEntry
from tests.accounts.test_accounts_console import link_in
from tests.conftest import PASSWORD, csrf_from, login, make_user

FORM = {"name": "Асқар Нұрланұлы", "email": "Askar@Example.kz", "password": PASSWORD, "confirm": PASSWORD}


def register(client, lang="en", **data):
    page = client.get("/register", headers={"Accept-Language": lang}).get_data(as_text=True)
    return client.post("/register", data={**FORM, **data, "csrf_token": csrf_from(page)},
                       headers={"Accept-Language": lang})


def test_the_form_asks_for_consent_under_the_law_with_a_link_to_the_privacy_page(client):
    page = client.get("/register", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert 'name="consent"' in page and 'href="/privacy"' in page
    assert "21 мая 2013 года № 94-V" in page and "О персональных данных и их защите" in page
    kk = client.get("/register", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert "94-V" in kk and "Дербес деректер және оларды қорғау туралы" in kk


def test_registration_without_consent_is_refused_and_keeps_what_was_typed(client, smtp):
    response = register(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Without your consent" in page
    assert 'value="Асқар Нұрланұлы"' in page and 'value="Askar@Example.kz"' in page
    assert operations.find_user("askar@example.kz") is None and smtp == []


def test_an_unconfirmed_account_cannot_sign_in_until_the_mailed_link_is_opened(app, client, smtp):
    response = register(client, consent="y")
    assert response.status_code == 200 and "askar@example.kz" in response.get_data(as_text=True)
    user = db.session.scalars(select(User).where(User.email == "askar@example.kz")).one()
    assert user.role == Role.citizen and user.consented_at is not None and user.email_confirmed_at is None
    assert [m["To"] for m in smtp] == ["askar@example.kz"]
    # The right password, an unconfirmed address: refused, told why, offered the link again.
    refused = login(client, "askar@example.kz")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403 and "/account/confirm" in page
    assert client.get("/account/requests").status_code == 302
    resent = client.post("/account/confirm", data={"email": "askar@example.kz", "csrf_token": csrf_from(page)})
    assert resent.status_code == 200 and len(smtp) == 2
    # The link confirms; then the sign-in works.
    path = link_in(smtp[0], "confirm")
    confirmed = client.get(path)
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/login")
    db.session.refresh(user)
    assert user.email_confirmed_at is not None
    assert db.session.scalars(select(LogEntry).where(LogEntry.kind == "user.email_confirmed")).one()
    assert login(client, "askar@example.kz").status_code == 302
    assert client.get(path).status_code == 302  # opening it again changes nothing
    assert client.get("/account/confirm/forged").status_code == 400


def test_the_same_answer_when_resending_to_an_unknown_address(client, smtp):
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/account/confirm", data={"email": "nobody@example.kz", "csrf_token": csrf_from(page)})
    assert response.status_code == 200 and smtp == []


def test_accounts_made_by_others_count_as_confirmed(runner):
    assert make_user(Role.citizen, email="made@example.kz").email_confirmed_at is not None
    result = runner.invoke(args=["users", "create", "--email", "cli@example.kz", "--password", PASSWORD,
                                 "--role", "citizen"])
    assert result.exit_code == 0, result.output
    assert operations.find_user("cli@example.kz").email_confirmed_at is not None
