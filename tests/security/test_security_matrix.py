"""Every endpoint × every role × own/other region. A new endpoint without a permission check fails here."""

import io
import re
from datetime import date

import pytest

from aarhus.accounts.operations import issue_token
from aarhus.core.extensions import db
from aarhus.core.guard import public_endpoints
from aarhus.core.roles import Role
from tests.conftest import csrf_from, login, make_user

# Endpoints any signed-in user may use (their own account, their own requests).
ANY_SIGNED_IN = {"accounts.logout", "accounts.password", "accounts.tokens", "accounts.revoke", "requests.mine", "accounts_api.me"}
# Region- or body-scoped endpoints: an officer elsewhere gets 403.
SCOPED = re.compile(r"^(hearings\.(edit|manage|upload|media_notice|agreement|publish|postpone|cancel|oral_comment|"
                    r"position|protocol|sign|signing_copy|publish_protocol|conclusion|application|decision)|"
                    r"requests\.(handle|answer|extend|forward|refuse|esign)|"
                    r"hearings_api\.(agree|publish|postpone|cancel|oral_comment|draft_protocol|sign_protocol|"
                    r"publish_protocol|upload_document|add_media_notice|position)|"
                    r"requests_api\.(answer|extend|redirect_to|refuse))$")


@pytest.fixture
def world(app, clock):
    """One hearing and one request in Karaganda (KZ-35), and users of every role."""
    from aarhus.bodies.operations import akimat_of
    from aarhus.hearings import operations as hearings
    from aarhus.hearings.operations import expertise
    from aarhus.requests import operations as requests
    from tests.hearings.factories import agree, draft

    clock.set("2026-11-23")
    users = {role: make_user(role, email=f"{role.value}@x.kz", region="KZ-35" if role == Role.akimat_officer else None)
             for role in Role}
    stranger = make_user(Role.akimat_officer, email="stranger@x.kz", region="KZ-75")
    hearing = draft(users[Role.initiator], region="KZ-35")
    agree(hearing, users[Role.akimat_officer])
    hearings.publish_hearing(hearing, users[Role.akimat_officer])
    comment = hearings.submit_comment(hearing, author_name="A", contact="a@a.kz", text="x", show_name=True)
    document = hearings.add_document(hearing, io.BytesIO(b"%PDF-1.4\n"), "d.pdf", users[Role.akimat_officer])
    application = expertise.receive_application(hearing, organiser="NGO", contact="n@n.kz", received_on=date(2026, 11, 23),
                                                actor=users[Role.akimat_officer])
    request, token = requests.register_request(akimat_of("KZ-35"), {
        "requester_name": "R", "contact_email": "r@r.kz", "language": "kk", "subject": "S", "text": "T"})
    db.session.commit()
    values = {"hearing_id": hearing.id, "comment_id": comment.id, "document_id": document.id,
              "application_id": application.id, "number": request.registration_number, "token": token,
              "receipt": comment.receipt, "role": "chair", "version_id": 1, "on": "2026-11-30", "token_id": 999999,
              "year": 2026, "subject_type": "hearing", "subject_id": hearing.id, "file_id": 1, "code": "kk",
              "job_id": 1, "finding_id": 1, "answer_id": 1, "message_id": 1, "body_id": 1, "build_id": 1, "numeral": "I",
              "concept": "taza-kazakhstan", "item": 1, "ca_id": 1, "lang": "kk", "user_id": 1}
    return users, stranger, values


def endpoints(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_endpoint_is_public_role_checked_or_listed(app):
    public = set(public_endpoints(app))
    unchecked = [rule.endpoint for rule, _method in endpoints(app)
                 if rule.endpoint not in public and rule.endpoint not in ANY_SIGNED_IN
                 and not getattr(app.view_functions[rule.endpoint], "required_roles", None)]
    assert unchecked == [], f"endpoints without a permission check: {unchecked}"


def url_of(rule, values):
    missing = [arg for arg in rule.arguments if arg not in values]
    assert not missing, f"give the matrix a value for {missing} ({rule.endpoint})"
    return rule.build({arg: values[arg] for arg in rule.arguments})[1]


def call(client, rule, method, url, headers):
    if method == "GET":
        response = client.get(url, headers=headers)
    elif rule.rule.startswith("/api/"):
        response = client.post(url, json={}, headers=headers)
    else:
        token = csrf_from(client.get("/requests/new").get_data(as_text=True))  # a form everyone can open
        response = client.post(url, data={"csrf_token": token}, headers=headers)
    response.close()
    return response.status_code


def test_the_matrix(app, client, world):
    users, stranger, values = world
    public = set(public_endpoints(app))
    # Signing out mid-matrix would end the session under test; the sign-in tests cover it.
    checked = [(rule, method) for rule, method in endpoints(app)
               if rule.endpoint not in public and rule.endpoint != "accounts.logout"]
    # Anonymous: pages send to sign-in, the API answers 401.
    for rule, method in checked:
        status = call(client, rule, method, url_of(rule, values), {})
        expected = 401 if rule.rule.startswith("/api/") else 302
        assert status == expected, (rule.endpoint, method, status)
    for role, user in users.items():
        headers = {"Authorization": f"Bearer {issue_token(user)}"}
        db.session.commit()
        signed_in = login(client, user.email)
        assert signed_in.status_code == 302, signed_in.get_data(as_text=True)[-1500:]
        for rule, method in checked:
            allowed = getattr(app.view_functions[rule.endpoint], "required_roles", None) or tuple(Role)
            status = call(client, rule, method, url_of(rule, values), headers)
            assert status < 500, (rule.endpoint, method, role, status)
            if role not in allowed:
                assert status == 403, (rule.endpoint, method, role, status)
            elif not SCOPED.match(rule.endpoint):
                assert status != 403, (rule.endpoint, method, role, status)
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/account/tokens").get_data(as_text=True))})


def test_officers_of_another_region_get_403_on_every_scoped_endpoint(app, client, world):
    users, stranger, values = world
    headers = {"Authorization": f"Bearer {issue_token(stranger)}"}
    db.session.commit()
    login(client, stranger.email)
    scoped = [(rule, method) for rule, method in endpoints(app) if SCOPED.match(rule.endpoint)]
    assert len(scoped) >= 30
    for rule, method in scoped:
        status = call(client, rule, method, url_of(rule, values), headers)
        assert status == 403, (rule.endpoint, method, status)
    own = {"Authorization": f"Bearer {issue_token(users[Role.akimat_officer])}"}
    db.session.commit()
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/account/tokens").get_data(as_text=True))})
    login(client, users[Role.akimat_officer].email)
    for rule, method in scoped:
        assert call(client, rule, method, url_of(rule, values), own) != 403, (rule.endpoint, method)


def test_public_pages_answer_anonymous_visitors(app, client, world):
    """Each public page (the log's signed heads and key among them) answers anyone, without a sign-in."""
    users, stranger, values = world
    public = set(public_endpoints(app))
    answered = {}
    for rule, method in endpoints(app):
        if rule.endpoint in public and method == "GET":
            response = client.get(url_of(rule, values))
            response.close()
            assert response.status_code < 500, (rule.endpoint, response.status_code)
            assert "/login" not in response.headers.get("Location", ""), rule.endpoint
            answered[rule.endpoint] = response.status_code
    assert {answered[e] for e in ("ledger.heads", "ledger.heads_json", "ledger.heads_atom", "ledger.key")} == {200}
