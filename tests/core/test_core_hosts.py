"""Host header poisoning (issue 16, item 9): absolute links come from AARHUS_BASE_URL, never from the request's
Host header, and production refuses hosts it does not serve."""

from __future__ import annotations

import json
from datetime import date

import pytest

from aarhus import create_app
from aarhus.bodies.operations import akimat_of
from aarhus.core.config import SettingsError
from aarhus.core.extensions import db
from aarhus.ledger import anchor
from aarhus.requests import operations as request_ops
from tests.core.test_core_settings import production
from tests.hearings.factories import officer_of, published

EVIL = {"Host": "evil.example"}


@pytest.fixture
def world(app, clock):
    clock.set("2026-11-23")
    app.config["AARHUS"] = app.config["AARHUS"].with_changes(base_url="https://aarhus.example.kz/portal")
    hearing = published(officer_of("KZ-35"), start=date(2026, 12, 28))
    request, _ = request_ops.register_request(akimat_of("KZ-35"), {
        "requester_name": "Дана", "contact_email": "dana@example.kz", "language": "ru", "subject": "Выбросы",
        "text": "Прошу данные о выбросах.", "categories": ["environment_state"]})
    from aarhus.core.time import utcnow

    anchor.sign_current_head(utcnow())
    db.session.commit()
    return hearing.id, request.registration_number


def test_a_forged_host_appears_in_no_api_answer_feed_or_page(client, world):
    hearing_id, number = world
    urls = ["/api/v1/hearings", f"/api/v1/hearings/{hearing_id}", "/api/v1/requests", f"/api/v1/requests/{number}",
            "/hearings.atom", "/hearings.ics", "/ledger/heads.atom", "/ledger/heads.json", f"/hearings/{hearing_id}",
            "/hearings", "/requests", "/api/v1/openapi.json"]
    for url in urls:
        for _ in range(2):  # the second answer may come from the page cache, filled by the forged request
            response = client.get(url, headers=EVIL)
            body = response.get_data(as_text=True)
            assert response.status_code == 200, url
            assert "evil.example" not in body, url
    assert f"https://aarhus.example.kz/portal/hearings/{hearing_id}" in client.get("/hearings.atom").get_data(
        as_text=True)
    answer = client.get(f"/api/v1/hearings/{hearing_id}", headers=EVIL).json
    assert answer["url"] == f"https://aarhus.example.kz/portal/hearings/{hearing_id}"
    created = client.post("/api/v1/requests", headers=EVIL, json={
        "holder": "KZ-35", "requester_name": "Дана", "contact_email": "dana@example.kz", "language": "ru",
        "subject": "Вода", "text": "Прошу данные о воде.", "categories": ["environment_state"]})
    assert created.status_code == 201, created.json
    assert created.json["status_url"].startswith("https://aarhus.example.kz/portal/requests/status/")
    assert "evil.example" not in json.dumps(created.json)


def test_mail_sent_from_a_forged_request_links_to_the_base_url(client, world, smtp):
    from aarhus.notify.models import OutboxMessage as Outbox

    hearing_id, _number = world
    response = client.post(f"/api/v1/hearings/{hearing_id}/comments", headers=EVIL, json={
        "author_name": "Асель", "contact": "asel@example.kz", "text": "Су көзін қорғаңыз"})
    assert response.status_code == 201
    created = client.post("/api/v1/requests", headers=EVIL, json={
        "holder": "KZ-35", "requester_name": "Дана", "contact_email": "dana@example.kz", "language": "ru",
        "subject": "Вода", "text": "Прошу данные о воде.", "categories": ["environment_state"]})
    assert created.status_code == 201
    bodies = [m.body for m in db.session.query(Outbox).all()]
    assert bodies and not any("evil.example" in body for body in bodies)
    assert any("https://aarhus.example.kz/portal/requests/status/" in body for body in bodies)


def test_links_made_outside_a_request_use_the_base_url(app):
    from aarhus.core.urls import public_url

    app.config["AARHUS"] = app.config["AARHUS"].with_changes(base_url="https://aarhus.example.kz")
    assert public_url("hearings.detail", hearing_id=7) == "https://aarhus.example.kz/hearings/7"
    with app.test_request_context("/", headers=EVIL):
        from flask import url_for

        assert url_for("hearings.detail", hearing_id=7, _external=True) == "https://aarhus.example.kz/hearings/7"
        assert url_for("hearings.detail", hearing_id=7) == "/hearings/7"  # links inside the site stay relative


def test_production_refuses_unknown_hosts_with_400(tmp_path):
    app = create_app(production(tmp_path, base_url="https://aarhus.example.kz",
                                allowed_hosts="aarhus.example.kz, www.aarhus.example.kz"))
    try:
        client = app.test_client()
        for host in ("evil.example", "aarhus.example.kz.evil.example", "127.0.0.1:8000"):
            for path in ("/healthz", "/", "/api/v1/hearings", "/hearings.atom"):
                response = client.get(path, headers={"Host": host}, base_url="https://x")
                assert response.status_code == 400, (host, path)
                assert "evil" not in response.get_data(as_text=True)
        for host in ("aarhus.example.kz", "www.aarhus.example.kz", "aarhus.example.kz:443"):
            assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    finally:
        with app.app_context():
            db.engine.dispose()


def test_production_answers_the_base_url_host_when_no_hosts_are_listed(tmp_path):
    app = create_app(production(tmp_path, base_url="https://portal.example.kz"))
    try:
        client = app.test_client()
        assert client.get("/healthz", headers={"Host": "portal.example.kz"}).status_code == 200
        assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
    finally:
        with app.app_context():
            db.engine.dispose()


def test_production_requires_the_base_url(tmp_path):
    with pytest.raises(SettingsError, match="AARHUS_BASE_URL is required"):
        production(tmp_path, base_url="http://127.0.0.1:5000").validate()
    with pytest.raises(SettingsError, match="AARHUS_BASE_URL must be"):
        production(tmp_path, base_url="javascript:alert(1)").validate()


def test_development_answers_any_host(client):
    assert client.get("/healthz", headers=EVIL).status_code == 200
