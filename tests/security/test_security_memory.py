"""Memory exhaustion (issue 16, item 8): the forms' limits hold in the API, bodies are capped, the page cache is
bounded by bytes and keyed only on the parameters a page reads."""

import io

import pytest

from aarhus.core.cache import MemoryStore, entry_size
from aarhus.core.db import LONG_TEXT
from aarhus.core.extensions import limiter
from tests.conftest import csrf_from, login
from tests.hearings.factories import officer_of, published


@pytest.fixture
def hearing(app, clock):
    clock.set("2026-11-23")
    limiter.enabled = False
    yield published(officer_of("KZ-35"))
    limiter.enabled = True


def _comment(text):
    return {"author_name": "Айгүл", "contact": "aigul@example.kz", "text": text}


def test_a_19_mb_comment_is_refused_with_413_in_the_api_format(client, hearing):
    response = client.post(f"/api/v1/hearings/{hearing.id}/comments", json=_comment("ж" * (19 * 1024 * 1024 // 2)),
                           headers={"Accept-Language": "ru"})
    assert response.status_code == 413
    error = response.json["error"]
    assert error["code"] == "request_too_large" and error["limit"] == 1024 * 1024
    assert "слишком" in error["message"].lower()
    assert client.get(f"/api/v1/hearings/{hearing.id}").json["comment_count"] == 0


def test_the_api_takes_the_forms_limit_on_a_comment(client, hearing):
    longest = client.post(f"/api/v1/hearings/{hearing.id}/comments", json=_comment("ж" * LONG_TEXT))
    assert longest.status_code == 201
    over = client.post(f"/api/v1/hearings/{hearing.id}/comments", json=_comment("ж" * (LONG_TEXT + 1)))
    assert over.status_code == 422 and over.json["error"]["fields"] == ["text"]
    assert "20000" in over.json["error"]["field_errors"]["text"]


def test_a_form_page_body_over_the_cap_is_a_413_page(client, hearing):
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    response = client.post(f"/hearings/{hearing.id}/comments",
                           data={**_comment("ж" * (2 * 1024 * 1024)), "csrf_token": csrf_from(page)})
    assert response.status_code == 413 and "<html" in response.get_data(as_text=True)


def test_uploads_may_be_larger_than_other_bodies(app, client, hearing, settings):
    app.config["AARHUS"] = settings.with_changes(max_body_bytes=4096)
    officer = hearing.created_by
    login(client, officer.email)
    manage = client.get(f"/manage/hearings/{hearing.id}").get_data(as_text=True)
    pdf = b"%PDF-1.4\n" + b"0" * 50_000 + b"\n%%EOF\n"
    uploaded = client.post(f"/manage/hearings/{hearing.id}/documents", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(pdf), "eia.pdf"), "csrf_token": csrf_from(manage)})
    assert uploaded.status_code == 302
    big_form = client.post(f"/manage/hearings/{hearing.id}/cancel",
                           data={"reason": "x" * 50_000, "csrf_token": csrf_from(manage)})
    assert big_form.status_code == 413


@pytest.mark.parametrize("path,pages", [("/hearings", 2), ("/api/v1/hearings", 2), ("/requests", 2),
                                        ("/api/v1/requests", 2), ("/", 1), (None, 1)])
def test_unknown_parameters_make_no_new_cache_entries(app, client, hearing, path, pages):
    path = path or f"/hearings/{hearing.id}"
    store = app.extensions["aarhus_cache"]
    for n in range(50):
        assert client.get(path, query_string={"cachebust": n}).status_code == 200
    assert len(store) == 1
    client.get(path, query_string={"page": 2, "cachebust": 99})
    assert len(store) == pages  # a parameter the page reads makes a page of its own


def test_the_language_link_of_a_cached_page_carries_no_stray_parameter(client, hearing):
    client.get("/hearings", query_string={"region": "KZ-35", "cachebust": "first"})
    page = client.get("/hearings", query_string={"region": "KZ-35", "cachebust": "second"}).get_data(as_text=True)
    assert "cachebust" not in page and "region%3DKZ-35" in page


def test_the_page_cache_is_bounded_by_bytes():
    store = MemoryStore(max_bytes=100_000)
    for n in range(200):
        store.set(f"page-{n}", ("ж" * 2000, "text/html"))
        assert store.bytes <= 100_000
    assert store.bytes == sum(size for _value, size in store.data.values())
    assert store.get("page-199") is not None and store.get("page-0") is None  # the oldest went first
    store.set("huge", ("x" * 20_000, "text/html"))  # more than an eighth of the budget: not kept
    assert store.get("huge") is None and store.bytes <= 100_000
    assert entry_size("k", ("жж", "text/html")) == 4 + 1 + 9 + 200


def test_the_application_cache_respects_aarhus_page_cache_bytes(settings, clock):
    from aarhus import create_app
    from aarhus.core.extensions import db
    from tests.conftest import reset_schema

    app = create_app(settings.with_changes(page_cache_bytes=80_000))
    try:
        with app.app_context():
            reset_schema()
            client = app.test_client()
            store = app.extensions["aarhus_cache"]
            assert store.max_bytes == 80_000
            for n in range(1, 60):
                assert client.get("/hearings", query_string={"page": n}).status_code == 200
            assert 0 < store.bytes <= 80_000 and len(store) < 59
            db.session.remove()
    finally:
        with app.app_context():
            db.engine.dispose()
