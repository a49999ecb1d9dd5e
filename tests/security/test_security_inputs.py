"""Inputs a penetration test sent (issue 16, item 7): each is refused with 400/422 and a message per field, never
a 500, in the API and on the pages."""

import pytest
from sqlalchemy import select

from aarhus.accounts.operations import issue_token
from aarhus.core.extensions import db, limiter
from aarhus.core.roles import Role
from aarhus.plans.models import PlanSubmission
from tests.conftest import csrf_from, login, make_user
from tests.hearings.factories import draft, officer_of, published

FILING = {"requester_name": "Гүлнар", "contact_email": "gulnar@example.kz", "holder": "KZ-35", "subject": "Ауа",
          "text": "PM2.5 өлшемдері.", "language": "kk", "answer_form": "electronic"}
NOTICE = {"region": "KZ-35", "form": "open_meeting", "title": {"kk": "Жоба", "ru": "Проект"}}


@pytest.fixture
def world(app, client, clock):
    """An officer of KZ-35 with a token, a published hearing, a draft and a request held by the region's akimat."""
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    world = {"public": published(officer).id, "draft": draft(officer).id}
    world["token"] = {"Authorization": f"Bearer {issue_token(officer)}"}
    db.session.commit()
    limiter.enabled = False
    world["number"] = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    yield world
    limiter.enabled = True


def _call(client, world, method, url, body):
    url = url.format(**world)
    if method == "get":
        return client.get(url, headers=world["token"])
    return client.post(url, json=body, headers=world["token"])


API_CASES = [
    ("get", "/api/v1/hearings?month=9999-12", None, "month"),
    ("get", "/api/v1/hearings?month=2026-13", None, "month"),
    ("get", "/api/v1/hearings?page=99999999999999999999", None, "page"),
    ("get", "/api/v1/hearings?page=-3", None, "page"),
    ("get", "/api/v1/hearings?after=9999-12-31.99999999999999999999", None, "after"),
    ("get", "/api/v1/requests?holder=²", None, "holder"),
    ("get", "/api/v1/requests?year=²", None, "year"),
    ("get", "/api/v1/requests?page=99999999999999999999", None, "page"),
    ("get", "/api/v1/deadlines?rule=hearing.protocol&date=9999-12-31", None, "date"),
    ("get", "/api/v1/audit/summary?year=²", None, "year"),
    ("get", "/api/v1/hearings?q=a%00b", None, "q"),
    ("get", "/api/v1/requests?q=%00", None, "q"),
    ("get", "/api/v1/requests/KZ%00", None, "number"),
    ("post", "/api/v1/hearings", {**NOTICE, "video_url": 1}, "video_url"),
    ("post", "/api/v1/hearings", {**NOTICE, "documentation_url": ["https://a.kz"]}, "documentation_url"),
    ("post", "/api/v1/hearings", {**NOTICE, "expertise_body": 5}, "expertise_body"),
    ("post", "/api/v1/hearings", {**NOTICE, "expertise_body": {"kk": {}}}, "expertise_body.kk"),
    ("post", "/api/v1/hearings", {**NOTICE, "media_notices": 1}, "media_notices"),
    ("post", "/api/v1/hearings", {**NOTICE, "media_notices": ["a"]}, "media_notices.0"),
    ("post", "/api/v1/hearings", {**NOTICE, "title": {"kk": 1}}, "title.kk"),
    ("post", "/api/v1/hearings", {**NOTICE, "title": {"kk": "Ж" * 501}}, "title.kk"),
    ("post", "/api/v1/hearings", {**NOTICE, "title": {"kk": "a\x00b"}, "place": {"kk": 1}}, "place.kk"),
    ("post", "/api/v1/hearings", {**NOTICE, "location": {"lat": "nan"}}, "location.lat"),
    ("post", "/api/v1/hearings", {**NOTICE, "location": {"lon": 1e999}}, "location.lon"),
    ("post", "/api/v1/hearings", {**NOTICE, "location": {"lat": 39.9}}, "location.lat"),
    ("post", "/api/v1/hearings", {**NOTICE, "hearing_date": "9999-12-31"}, "hearing_date"),
    ("post", "/api/v1/hearings", {**NOTICE, "region": ["KZ-35"]}, "region"),
    ("post", "/api/v1/hearings/{draft}/agreement", {"place": {"kk": 1}}, "place.kk"),
    ("post", "/api/v1/hearings/{draft}/agreement", {"responsible_officer_id": {}}, "responsible_officer_id"),
    ("post", "/api/v1/hearings/{draft}/agreement", {"responsible_officer_id": 10**30}, "responsible_officer_id"),
    ("post", "/api/v1/hearings/{draft}/media-notices", {"outlet": {}, "published_on": "2026-11-23",
                                                         "language": "kk"}, "outlet"),
    ("post", "/api/v1/hearings/{draft}/postpone", {"hearing_date": "9999-12-31"}, "hearing_date"),
    ("post", "/api/v1/hearings/{public}/comments", {"author_name": "A", "contact": "a@b.kz", "text": ["x"]}, "text"),
    ("post", "/api/v1/hearings/{public}/comments", {"author_name": "A" * 201, "contact": "a@b.kz", "text": "x"},
     "author_name"),
    ("post", "/api/v1/hearings/{public}/protocol", {"attendees": 10**30}, "attendees"),
    ("post", "/api/v1/requests", {**FILING, "holder": "²"}, "holder"),
    ("post", "/api/v1/requests", {**FILING, "subject": "S" * 501}, "subject"),
    ("post", "/api/v1/requests", {**FILING, "categories": "other"}, "categories"),
    ("post", "/api/v1/requests/{number}/redirect", {"to_holder": "²", "reason": "x"}, "to_holder"),
    ("post", "/api/v1/requests/{number}/answer", {"text": "Жауап", "language": "kk", "pages": 10**30}, "pages"),
]


@pytest.mark.parametrize("method,url,body,field", API_CASES, ids=[f"{c[1]} {c[3]}" for c in API_CASES])
def test_bad_api_input_is_refused_for_its_field(client, world, method, url, body, field):
    response = _call(client, world, method, url, body)
    assert response.status_code in (400, 422), response.get_data(as_text=True)[:500]
    error = response.json["error"]
    assert field in error["fields"], error
    assert error["field_errors"][field] and error["message"]


def test_field_messages_are_translated(client, world):
    response = client.post("/api/v1/hearings", json={**NOTICE, "title": {"kk": 1}},
                           headers={**world["token"], "Accept-Language": "ru"})
    assert response.status_code == 422
    assert "строк" in response.json["error"]["field_errors"]["title.kk"]


def test_the_api_never_stores_nan_and_answers_valid_json(client, world):
    created = client.post("/api/v1/hearings", json={**NOTICE, "location": {"lat": 43.25, "lon": "76.95"}},
                          headers=world["token"])
    assert created.status_code == 201
    assert created.json["location"]["lat"] == 43.25 and created.json["location"]["lon"] == 76.95
    assert "NaN" not in created.get_data(as_text=True)


def test_nul_in_a_text_field_is_dropped_not_a_500(client, world):
    created = client.post("/api/v1/hearings", json={**NOTICE, "title": {"kk": "Жо\x00ба", "ru": "Проект"}},
                          headers=world["token"])
    assert created.status_code == 201 and created.json["title"]["kk"] == "Жоба"


PAGE_CASES = [
    "/hearings?month=9999-12",
    "/hearings?page=99999999999999999999",
    "/hearings?q=a%00b",
    "/requests?holder=²",
    "/requests?year=²",
    "/requests?page=99999999999999999999",
    "/requests?q=%00",
    "/requests/KZ%00",
    "/deadlines?rule=hearing.protocol&date=9999-12-31",
    "/hearings.atom?region=%00",
    "/ledger/hearing/99999999999999999999",
    "/hearings/99999999999999999999",
    "/calendar/99999999999999999999",
]


@pytest.mark.parametrize("url", PAGE_CASES)
def test_bad_page_input_is_a_400_or_404(client, world, url):
    response = client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)


@pytest.mark.parametrize("year", ["99999999999999999999", "2147483648", "1000000"])
def test_a_huge_plan_year_is_not_found(client, world, year):
    user = make_user(Role.compliance_officer, email="compliance@example.kz")
    login(client, user.email)
    assert client.get(f"/reports/plans/taza-kazakhstan/{year}/7").status_code == 404
    page = client.get("/reports").get_data(as_text=True)
    sent = client.post("/reports/plans/taza-kazakhstan/submissions",
                       data={"year": year, "sent_on": "2026-11-20", "csrf_token": csrf_from(page)})
    assert sent.status_code == 302  # back to the reports page with the form's error
    assert db.session.scalars(select(PlanSubmission)).all() == []


def test_a_nul_in_a_page_form_is_a_400(client, world):
    page = client.get(f"/hearings/{world['public']}").get_data(as_text=True)
    response = client.post(f"/hearings/{world['public']}/comments",
                           data={"author_name": "A\x00", "contact": "a@b.kz", "text": "x", "csrf_token": csrf_from(page)})
    assert response.status_code == 400
    assert client.get(f"/api/v1/hearings/{world['public']}").json["comment_count"] == 0


# A lone surrogate (half of a UTF-16 pair) is valid JSON ("\ud800") but no UTF-8 text: it can be neither stored,
# hashed for the ledger nor mailed. Every JSON endpoint refuses it, naming the field.
SURROGATE_CASES = [
    ("/api/v1/hearings/{public}/comments", '{"author_name": "A", "contact": "a@b.kz", "text": "x\\ud800y"}', "text"),
    ("/api/v1/requests", '{"requester_name": "A\\ud800", "contact_email": "a@b.kz", "holder": "KZ-35", '
                         '"subject": "S", "text": "T", "language": "kk"}', "requester_name"),
    ("/api/v1/requests/{number}/extend", '{"reason": "\\udfff"}', "reason"),
    ("/api/v1/hearings/{draft}/cancel", '{"reason": "x\\ud800"}', "reason"),
    ("/api/v1/hearings/{draft}/postpone", '{"hearing_date": "2027-01-20", "reason": "\\ud800"}', "reason"),
    ("/api/v1/hearings/{public}/oral-comments", '{"author_name": "A", "text": "x\\udbff"}', "text"),
    ("/api/v1/hearings", '{"region": "KZ-35", "title": {"kk": "Ж\\ud800", "ru": "П"}}', "title.kk"),
    ("/api/v1/requests", '{"categories": ["other", "\\ud800"]}', "categories.1"),
]


@pytest.mark.parametrize("url,raw,field", SURROGATE_CASES, ids=[c[2] for c in SURROGATE_CASES])
def test_a_lone_surrogate_in_json_is_refused_for_its_field(client, world, url, raw, field):
    response = client.post(url.format(**world), data=raw, content_type="application/json", headers=world["token"])
    assert response.status_code == 422, response.get_data(as_text=True)[:500]
    error = response.json["error"]
    assert error["code"] == "invalid" and error["fields"] == [field], error
    assert "Unicode" in error["field_errors"][field]


def test_a_lone_surrogate_sent_as_raw_utf8_bytes_is_refused_too(client, world):
    raw = b'{"author_name": "A", "contact": "a@b.kz", "text": "x' + b"\xed\xa0\x80" + b'"}'
    response = client.post(f"/api/v1/hearings/{world['public']}/comments", data=raw,
                           content_type="application/json")
    assert response.status_code == 422 and response.json["error"]["fields"] == ["text"]
    assert client.get(f"/api/v1/hearings/{world['public']}").json["comment_count"] == 0


def test_a_lone_surrogate_in_a_key_is_refused(client, world):
    response = client.post("/api/v1/requests", data='{"x\\ud800": 1}', content_type="application/json")
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid"


@pytest.mark.parametrize("raw", ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000,
                                 '{"text":' + "[" * 100 + "]" * 100 + "}"])
def test_deeply_nested_json_is_a_bad_json_400(client, world, raw):
    for url in ("/api/v1/requests", f"/api/v1/hearings/{world['public']}/comments",
                f"/api/v1/requests/{world['number']}/extend"):
        response = client.post(url, data=raw, content_type="application/json", headers=world["token"])
        assert response.status_code == 400, (url, response.get_data(as_text=True)[:300])
        assert response.json["error"]["code"] == "bad_json" and response.json["error"]["message"]


def test_bad_json_messages_are_translated(client, world):
    response = client.post("/api/v1/requests", data="[" * 5000 + "]" * 5000, content_type="application/json",
                           headers={"Accept-Language": "ru"})
    assert response.status_code == 400 and "JSON" in response.json["error"]["message"]
    assert "вложен" in response.json["error"]["message"]
    response = client.post("/api/v1/requests", data='{"subject": "\\ud800"}', content_type="application/json",
                           headers={"Accept-Language": "kk"})
    assert "Unicode" in response.json["error"]["field_errors"]["subject"]
    assert "мәтін" in response.json["error"]["field_errors"]["subject"]


# Forms: a browser sends no lone surrogate (the bytes of one are no UTF-8 and stay unread), and a NUL is refused.
FORM_BODIES = [
    ("application/x-www-form-urlencoded", b"author_name=A&contact=a%40b.kz&text=x%ED%A0%80y"),
    ("application/x-www-form-urlencoded", b"author_name=A%00&contact=a%40b.kz&text=x"),
    ("multipart/form-data; boundary=XX", b'--XX\r\nContent-Disposition: form-data; name="text"\r\n\r\nx\xed\xa0\x80y'
                                         b'\r\n--XX\r\nContent-Disposition: form-data; name="author_name"\r\n\r\nA'
                                         b'\x00\r\n--XX--\r\n'),
]


@pytest.mark.parametrize("content_type,raw", FORM_BODIES, ids=["surrogate bytes", "nul", "multipart"])
def test_a_page_form_with_bad_text_is_not_a_500(client, world, content_type, raw):
    page = client.get(f"/hearings/{world['public']}").get_data(as_text=True)
    token = csrf_from(page).encode()
    if content_type.startswith("multipart"):
        raw = raw.replace(b"--XX--", b'--XX\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token +
                          b"\r\n--XX--")
    else:
        raw += b"&csrf_token=" + token
    response = client.post(f"/hearings/{world['public']}/comments", data=raw, content_type=content_type)
    assert response.status_code in (200, 302, 400), response.status_code
    comments = client.get(f"/api/v1/hearings/{world['public']}").json["comment_count"]
    assert comments == 0 or "\ud800" not in client.get(f"/hearings/{world['public']}").get_data(as_text=True)
