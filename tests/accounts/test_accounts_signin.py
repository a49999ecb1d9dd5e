import pytest
from sqlalchemy import select

from aarhus.accounts.models import ApiToken, User
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.conftest import PASSWORD, csrf_from, login, make_user


@pytest.mark.parametrize("role", list(Role))
def test_every_role_signs_in_and_out(client, role):
    user = make_user(role)
    response = login(client, user.email)
    assert response.status_code == 302
    page = client.get("/account/tokens").get_data(as_text=True)
    assert user.email in page
    token = csrf_from(page)
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/account/tokens").status_code == 302


def test_wrong_password_is_refused_and_the_email_is_kept(client):
    user = make_user(Role.citizen)
    response = login(client, user.email, "not-the-password")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'value="{user.email}"' in page
    assert 'aria-invalid="true"' in page


def test_password_is_hashed_with_scrypt(app):
    user = make_user(Role.citizen)
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get("/account/tokens")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/account/tokens")


@pytest.mark.parametrize("path", ["/admin/rules", "/admin/calendar", "/admin/bodies", "/admin/rules/new"])
def test_an_officer_cannot_reach_admin_pages(client, as_role, path):
    as_role(Role.akimat_officer)
    assert client.get(path).status_code == 403


def test_admin_reaches_admin_pages(client, as_role):
    as_role(Role.admin)
    for path in ("/admin/rules", "/admin/calendar", "/admin/bodies"):
        assert client.get(path).status_code == 200


def test_a_form_posted_without_csrf_token_is_rejected(client):
    user = make_user(Role.citizen)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_sign_in_redirects_only_to_local_pages(client):
    user = make_user(Role.citizen)
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=https://evil.example/x",
                           data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_citizen_registration_needs_no_iin(client):
    token = csrf_from(client.get("/register").get_data(as_text=True))
    response = client.post("/register", data={
        "name": "Асқар Нұрланұлы", "email": "Askar@Example.kz", "password": PASSWORD,
        "confirm": PASSWORD, "consent": "y", "csrf_token": token})
    assert response.status_code == 200  # "check your e-mail": it signs in once the address is confirmed
    user = db.session.scalars(select(User).where(User.email == "askar@example.kz")).one()
    assert user.role == Role.citizen
    assert user.name == "Асқар Нұрланұлы"


def test_rejected_registration_keeps_what_was_typed(client):
    make_user(Role.citizen, email="taken@example.kz")
    token = csrf_from(client.get("/register").get_data(as_text=True))
    response = client.post("/register", data={
        "name": "Гүлнар Әбенова", "email": "taken@example.kz", "password": PASSWORD,
        "confirm": "different-password", "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Гүлнар Әбенова"' in page
    assert page.count('class="error"') >= 1


def test_api_token_is_shown_once_stored_hashed_and_works(client, as_role):
    user = as_role(Role.initiator)
    page = client.get("/account/tokens").get_data(as_text=True)
    page = client.post("/account/tokens", data={"label": "ERP", "csrf_token": csrf_from(page)}).get_data(as_text=True)
    token = page.split('class="token">')[1].split("<")[0]
    stored = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert token not in client.get("/account/tokens").get_data(as_text=True)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json["email"] == user.email and me.json["role"] == "initiator"


def test_revoked_token_no_longer_works(client, as_role):
    user = as_role(Role.citizen)
    from aarhus.accounts.operations import issue_token, revoke_token

    token = issue_token(user)
    db.session.commit()
    row = db.session.scalars(select(ApiToken)).one()
    revoke_token(user, row.id)
    db.session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_revoking_a_token_shows_a_confirmation_page_first(client, as_role):
    user = as_role(Role.citizen)
    from aarhus.accounts.operations import issue_token

    token = issue_token(user, "ERP")
    db.session.commit()
    row = db.session.scalars(select(ApiToken)).one()
    page = client.get("/account/tokens").get_data(as_text=True)
    check = client.post(f"/account/tokens/{row.id}/revoke", data={"csrf_token": csrf_from(page)},
                        headers={"Accept-Language": "en"})
    html = check.get_data(as_text=True)
    assert check.status_code == 200 and "Revoke the API token" in html and f"{row.prefix}…" in html and "ERP" in html
    assert 'name="confirmed" value="1"' in html
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    done = client.post(f"/account/tokens/{row.id}/revoke", data={"csrf_token": csrf_from(page), "confirmed": "1"})
    assert done.status_code == 302
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    kk = client.post(f"/account/tokens/{row.id}/revoke", data={"csrf_token": csrf_from(page)})
    assert kk.status_code == 404  # revoked already: nothing to confirm


def test_a_tokens_last_use_is_recorded_at_most_once_a_minute_and_shown(client, as_role, clock):
    from datetime import timedelta

    from sqlalchemy import event

    from aarhus.accounts.operations import issue_token

    start = clock.set("2026-12-01T10:00:00+05:00")
    user = as_role(Role.citizen)
    token = issue_token(user, "ERP")
    db.session.commit()
    writes = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("UPDATE API_TOKENS"):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        me = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/v1/me", headers=me).status_code == 200
        row = db.session.scalars(select(ApiToken)).one()
        db.session.refresh(row)
        assert row.last_used_at == start and len(writes) == 1
        clock.set(start + timedelta(seconds=30))
        assert client.get("/api/v1/me", headers=me).status_code == 200
        assert client.get("/api/v1/me", headers=me).status_code == 200
        db.session.refresh(row)
        assert row.last_used_at == start and len(writes) == 1  # within the minute: no write
        later = clock.set(start + timedelta(seconds=61))
        assert client.get("/api/v1/me", headers=me).status_code == 200
        db.session.refresh(row)
        assert row.last_used_at == later and len(writes) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    page = client.get("/account/tokens").get_data(as_text=True)
    cells = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "01.12.2026 10:01" in cells  # the legal time zone, numeric as in every table
    assert "<td>Белсенді</td>" in cells and "Жою</button>" in cells
    assert page.count("<th scope=\"col\">") >= 5 and "Әрекеттер" in page
