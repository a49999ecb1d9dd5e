"""The API's error format, its OpenAPI document, and the list of public endpoints."""

import re

from aarhus.core.guard import public_endpoints


def test_openapi_describes_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    described = {(path, method) for path, ops in document["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in described, f"{method} {path} missing from OpenAPI"


def test_errors_have_the_contract_shape_in_the_request_language(client):
    response = client.get("/api/v1/deadlines?rule=nope&date=2026-01-01", headers={"Accept-Language": "ru"})
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "unknown_rule"
    assert "Неизвестное правило" in error["message"]


def test_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_non_public_api_needs_a_token(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer aar_wrong"})
    assert bad.status_code == 401


def test_the_public_endpoints_are_exactly_these(app):
    assert public_endpoints(app) == sorted([
        "static", "main.home", "main.healthz", "main.set_language", "main.choose_region",
        "main.privacy", "main.accessibility", "main.contact",
        "accounts.login", "accounts.register", "accounts.forgot", "accounts.reset", "accounts.accept_invitation",
        "accounts.confirm_email", "accounts.resend_confirmation",
        "legal.calculator", "legal.calendar",
        "api.openapi_json", "legal_api.deadlines", "legal_api.calendar", "legal_api.rules",
        "hearings.index", "hearings.detail", "hearings.comment", "hearings.connection_complaint",
        "hearings.document", "hearings.protocol_pdf", "hearings.protocol_esig", "hearings.protocol_esig_document",
        "hearings.subscribe", "hearings.confirm_subscription",
        "hearings.unsubscribe", "hearings.atom", "hearings.ics", "hearings.item_ics",
        "hearings_api.list_hearings", "hearings_api.get_hearing", "hearings_api.comment",
        "requests.new", "requests.index", "requests.entry", "requests.answer_file", "requests.status", "requests.fees",
        "requests.answer_pdf", "requests.answer_esig", "requests.dates_ics", "requests.complaint_pdf",
        "requests_api.file_request", "requests_api.register", "requests_api.entry",
        "ledger.chain", "ledger.subject_log", "ledger.heads", "ledger.heads_json", "ledger.heads_atom", "ledger.key",
        "audit_api.summary", "search.page", "search_api.api_search",
        "profiles.index", "profiles.body", "profiles.follow", "profiles.confirm_follow", "profiles.unfollow", "audit.regions", "audit.region",
        "reports.consultation_page", "reports.consultation_pdf",
    ])


def test_pages_carry_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
