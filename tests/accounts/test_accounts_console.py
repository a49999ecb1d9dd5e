"""The administrator's console of accounts (issue 17, item 7) and password reset by e-mail: invitations, role and
body changes, disabling and enabling, reset links that work once and for an hour, all through real SMTP."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from aarhus.accounts import operations
from aarhus.accounts.models import User
from aarhus.bodies.operations import akimat_of
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.ledger.models import LogEntry
from tests.accounts.test_accounts_sessions import copy_session, signed_in
from tests.conftest import PASSWORD, csrf_from, login, make_user

NEW_PASSWORD = "a-brand-new-password"


def link_in(message, kind: str) -> str:
    """The path of the link of ``kind`` (invitation, reset, confirm) in a received mail."""
    match = re.search(rf"https?://\S+/account/{kind}/\S+", message.get_content())
    assert match, message.get_content()
    return urlsplit(match.group(0)).path


def post_form(client, url: str, data: dict, **kwargs):
    page = client.get(url, **kwargs).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_from(page)}, **kwargs)


def events(kind: str, user: User) -> list[LogEntry]:
    return list(db.session.scalars(select(LogEntry).where(LogEntry.kind == kind, LogEntry.subject_id == str(user.id))))


def invite(client, email="new.officer@example.kz", role="akimat_officer", body=None, lang="en"):
    body = body if body is not None else str(akimat_of("KZ-35").id)
    return post_form(client, "/admin/users/invite", {"email": email, "name": "Жанар Сейітқызы", "role": role,
                                                     "body": body}, headers={"Accept-Language": lang})


def test_an_invited_officer_sets_a_password_and_signs_in(app, client, as_role, smtp):
    admin = as_role(Role.admin)
    response = invite(client)
    assert response.status_code == 302
    invited = operations.find_user("new.officer@example.kz")
    assert invited.role == Role.akimat_officer and invited.body == akimat_of("KZ-35")
    # Until the invitee uses the link, the console says so: the address is not proven and no password is set.
    assert invited.email_confirmed_at is None
    listing = client.get("/admin/users", headers={"Accept-Language": "en"}).get_data(as_text=True)
    row = listing[listing.index("<td>new.officer@example.kz</td>"):]
    assert "Invitation not accepted yet" in row[:row.index("</tr>")]
    assert [m["To"] for m in smtp] == ["new.officer@example.kz"]
    assert "72" in smtp[0].get_content()
    assert events("user.invited", invited)[0].actor_id == admin.id
    assert events("user.created", invited)[0].actor_id == admin.id
    path = link_in(smtp[0], "invitation")
    guest = app.test_client()
    page = guest.get(path).get_data(as_text=True)
    assert "new.officer@example.kz" in page
    too_short = guest.post(path, data={"password": "short", "confirm": "short", "csrf_token": csrf_from(page)})
    assert too_short.status_code == 200 and 'class="error"' in too_short.get_data(as_text=True)
    done = guest.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf_from(page)})
    assert done.status_code == 302
    assert guest.get("/manage/hearings").status_code == 200  # signed in, as an officer
    assert events("user.invitation_accepted", invited)
    assert invited.email_confirmed_at is not None  # the link proved the address
    # The link worked once.
    assert app.test_client().get(path).status_code == 400
    assert login(app.test_client(), invited.email, NEW_PASSWORD).status_code == 302


def test_an_invitation_refused_keeps_what_was_typed_and_needs_a_body_for_officers(client, as_role, smtp):
    as_role(Role.admin)
    response = invite(client, email="o@example.kz", body="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="o@example.kz"' in page and "Жанар Сейітқызы" in page
    assert operations.find_user("o@example.kz") is None and smtp == []
    taken = invite(client, email="admin@example.kz", role="citizen", body="")
    assert taken.status_code == 422 and "already exists" in taken.get_data(as_text=True)


def test_an_invitation_link_expires_after_72_hours(app, client, as_role, smtp):
    as_role(Role.admin)
    invite(client, role="citizen", body="")
    path = link_in(smtp[0], "invitation")
    real = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: real(self) + 71 * 3600
    try:
        assert app.test_client().get(path).status_code == 200  # still open after 71 hours
        TimestampSigner.get_timestamp = lambda self: real(self) + 73 * 3600
        response = app.test_client().get(path, headers={"Accept-Language": "en"})
    finally:
        TimestampSigner.get_timestamp = real
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)


def test_disabling_ends_a_captured_session_and_api_tokens_and_enabling_lets_them_sign_in(app, client, as_role):
    admin = as_role(Role.admin)
    victim = make_user(Role.citizen, email="v@example.kz")
    token = operations.issue_token(victim)
    db.session.commit()
    theirs = app.test_client()
    assert login(theirs, victim.email).status_code == 302
    thief = app.test_client()
    copy_session(theirs, thief)
    assert signed_in(thief) and app.test_client().get(
        "/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    # First a page to check, then the act.
    page = client.get(f"/admin/users/{victim.id}").get_data(as_text=True)
    check = client.post(f"/admin/users/{victim.id}/disable", data={"csrf_token": csrf_from(page)},
                        headers={"Accept-Language": "en"})
    assert check.status_code == 200 and "v@example.kz" in check.get_data(as_text=True)
    db.session.refresh(victim)
    assert victim.is_active_account
    done = client.post(f"/admin/users/{victim.id}/disable", data={"csrf_token": csrf_from(page), "confirmed": "1"})
    assert done.status_code == 302
    db.session.refresh(victim)
    assert not victim.is_active_account
    assert not signed_in(thief) and not signed_in(theirs)
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert login(app.test_client(), victim.email).status_code == 200
    assert events("user.disabled", victim)[0].actor_id == admin.id
    assert "v@example.kz" in client.get("/admin/users?state=disabled").get_data(as_text=True)
    assert "v@example.kz" not in client.get("/admin/users?state=active").get_data(as_text=True)
    # Enabled again: a new sign-in works, the captured cookie stays dead.
    assert client.post(f"/admin/users/{victim.id}/enable", data={"csrf_token": csrf_from(page)}).status_code == 302
    assert not signed_in(thief)
    assert login(app.test_client(), victim.email).status_code == 302
    assert events("user.enabled", victim)[0].actor_id == admin.id


def test_an_administrator_cannot_disable_themselves_or_the_last_administrator(client, as_role):
    admin = as_role(Role.admin)
    page = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    for data in ({}, {"confirmed": "1"}):
        client.post(f"/admin/users/{admin.id}/disable", data={"csrf_token": csrf_from(page), **data})
    db.session.refresh(admin)
    assert admin.is_active_account
    demoted = client.post(f"/admin/users/{admin.id}", data={"role": "citizen", "body": "",
                                                          "csrf_token": csrf_from(page)},
                          headers={"Accept-Language": "en"})
    assert demoted.status_code == 422 and "your own account" in demoted.get_data(as_text=True)
    # The last enabled administrator, through the operation another admin's act would use.
    other = make_user(Role.admin, email="other.admin@example.kz")
    operations.disable_user(admin, other)
    db.session.commit()
    try:
        operations.disable_user(other, make_user(Role.admin, email="third@example.kz"))
    except operations.AccountError as error:
        raise AssertionError("two enabled admins: one may go") from error
    db.session.commit()
    third = operations.find_user("third@example.kz")
    with pytest.raises(operations.AccountError, match="last_admin"):
        operations.disable_user(third, other)


def test_role_and_body_change_is_logged_and_ends_the_sessions(app, client, as_role):
    admin = as_role(Role.admin)
    officer = make_user(Role.akimat_officer, email="off@example.kz", region="KZ-75")
    theirs = app.test_client()
    assert login(theirs, officer.email).status_code == 302 and signed_in(theirs)
    page = client.get(f"/admin/users/{officer.id}").get_data(as_text=True)
    karaganda = akimat_of("KZ-35")
    response = client.post(f"/admin/users/{officer.id}", data={"role": "akimat_officer", "body": str(karaganda.id),
                                                               "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    db.session.refresh(officer)
    assert officer.body_id == karaganda.id and not signed_in(theirs)
    entry = events("user.role_changed", officer)[0]
    assert entry.actor_id == admin.id and entry.payload["to"]["body_id"] == karaganda.id
    # An officer without a body is refused, and nothing changes.
    refused = client.post(f"/admin/users/{officer.id}", data={"role": "akimat_officer", "body": "",
                                                              "csrf_token": csrf_from(page)})
    assert refused.status_code == 422
    to_compliance = client.post(f"/admin/users/{officer.id}", data={"role": "compliance_officer", "body": "",
                                                                    "csrf_token": csrf_from(page)})
    assert to_compliance.status_code == 302
    db.session.refresh(officer)
    assert officer.role == Role.compliance_officer and officer.body_id is None
    page = client.get(f"/admin/users/{officer.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "role or body changed" in page


def test_the_list_filters_by_role_body_region_and_pages(client, as_role):
    as_role(Role.admin)
    make_user(Role.akimat_officer, email="almaty@example.kz", region="KZ-75")
    make_user(Role.akimat_officer, email="karaganda@example.kz", region="KZ-35")
    for i in range(55):
        operations.create_user(f"citizen{i:02d}@example.kz", PASSWORD, Role.citizen)
    db.session.commit()
    by_region = client.get("/admin/users?region=KZ-35").get_data(as_text=True)
    assert "karaganda@example.kz" in by_region and "almaty@example.kz" not in by_region
    by_body = client.get(f"/admin/users?body={akimat_of('KZ-75').id}").get_data(as_text=True)
    assert "almaty@example.kz" in by_body and "karaganda@example.kz" not in by_body
    officers = client.get("/admin/users?role=akimat_officer").get_data(as_text=True)
    assert "citizen01@example.kz" not in officers and "almaty@example.kz" in officers
    first = client.get("/admin/users?role=citizen").get_data(as_text=True)
    second = client.get("/admin/users?role=citizen&page=2").get_data(as_text=True)
    assert "citizen00@example.kz" in first and "citizen54@example.kz" not in first
    assert "citizen54@example.kz" in second and 'rel="prev"' in second
    assert client.get("/admin/users?page=99999999999999999999").status_code == 200


def test_non_administrators_get_403(client, as_role):
    as_role(Role.compliance_officer)
    for url in ("/admin/users", "/admin/users/invite", "/admin/users/1"):
        assert client.get(url).status_code == 403


def request_reset(client, email: str, lang: str = "en"):
    return post_form(client, "/account/forgot", {"email": email}, headers={"Accept-Language": lang})


def test_a_password_reset_round_trip_ends_other_sessions_and_signs_in(app, client, smtp):
    user = make_user(Role.citizen, email="r@example.kz")
    other = app.test_client()
    assert login(other, user.email).status_code == 302
    assert "/account/forgot" in client.get("/login").get_data(as_text=True)
    asked = request_reset(client, "R@example.kz")
    assert asked.status_code == 200 and [m["To"] for m in smtp] == ["r@example.kz"]
    path = link_in(smtp[0], "reset")
    page = client.get(path).get_data(as_text=True)
    done = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf_from(page)})
    assert done.status_code == 302 and signed_in(client)
    assert not signed_in(other)
    assert login(app.test_client(), user.email, PASSWORD).status_code == 200
    assert login(app.test_client(), user.email, NEW_PASSWORD).status_code == 302
    assert events("user.password_reset", user)
    # Used once: the same link no longer works, not even to look at.
    again = app.test_client().get(path, headers={"Accept-Language": "en"})
    assert again.status_code == 400 and "used already" in again.get_data(as_text=True)


def test_a_reset_link_expires_after_an_hour(app, client, smtp):
    make_user(Role.citizen, email="late@example.kz")
    request_reset(client, "late@example.kz")
    path = link_in(smtp[0], "reset")
    real = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: real(self) + 3601
    try:
        response = app.test_client().get(path, headers={"Accept-Language": "en"})
    finally:
        TimestampSigner.get_timestamp = real
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    assert app.test_client().get(path).status_code == 200  # within the hour it opens


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, smtp):
    make_user(Role.citizen, email="known@example.kz")
    known = request_reset(client, "known@example.kz").get_data(as_text=True)
    unknown = request_reset(client, "nobody@example.kz").get_data(as_text=True)

    def strip(page: str, email: str) -> str:
        return re.sub(r'name="csrf_token"[^>]*>', "", page).replace(email, "EMAIL")

    assert strip(known, "known@example.kz") == strip(unknown, "nobody@example.kz")
    assert [m["To"] for m in smtp] == ["known@example.kz"]


def test_a_forged_reset_link_is_refused(client):
    assert client.get("/account/reset/not-a-real-token").status_code == 400


def test_password_reset_requests_are_rate_limited(client):
    statuses = [request_reset(client, f"x{i}@example.kz").status_code for i in range(7)]
    assert 429 in statuses
