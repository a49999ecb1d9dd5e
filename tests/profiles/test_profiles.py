"""A body's public page: its hearings, its requests with answer times by year, its compliance record."""

from __future__ import annotations

import re

import pytest

from aarhus.audit.engine import run_audit
from aarhus.bodies.operations import akimat_of
from aarhus.core.extensions import db
from tests.hearings.factories import officer_of, published
from tests.requests.test_requests_web import FILING, auth


@pytest.fixture
def officer(app, clock):
    clock.set("2026-11-23")
    return officer_of("KZ-35")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_body_page_shows_answer_times_by_year_and_links_back(client, officer, clock):
    hearing = published(officer)
    body = akimat_of("KZ-35")
    clock.set("2026-12-01")
    numbers = [client.post("/api/v1/requests", json={**FILING, "holder": "KZ-35", "subject": f"Сұрау {i}"})
               .json["registration_number"] for i in range(4)]
    headers = auth(officer)
    clock.set("2026-12-04")  # answered after 3 days
    assert client.post(f"/api/v1/requests/{numbers[0]}/answer", headers=headers,
                       json={"text": "Жауап", "language": "kk"}).status_code == 200
    clock.set("2026-12-08")  # refused after 7 days
    refused = client.post(f"/api/v1/requests/{numbers[1]}/refuse", headers=headers,
                          json={"ground": "unidentifiable", "reason": "Сұралған ақпаратты анықтау мүмкін емес"})
    assert refused.status_code == 200, refused.json
    clock.set("2027-01-10")  # answered late, after 40 days; one request is still open and overdue
    assert client.post(f"/api/v1/requests/{numbers[2]}/answer", headers=headers,
                       json={"text": "Кеш жауап", "language": "kk"}).status_code == 200
    db.session.commit()

    page = client.get(f"/bodies/{body.id}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    text = _text(page.get_data(as_text=True))
    # 2026: 4 received, 3 completed, median of 3, 7, 40 days = 7, on time 2 of (3 completed + 1 overdue) = 50%,
    # refused 1 of 3 completed = 33%, 1 open and overdue.
    assert re.search(r"2026 4 3 7 50% 33% 1", text), text
    html = page.get_data(as_text=True)
    assert f"/hearings/{hearing.id}" in html
    # linked from the register, the entry and the hearing
    assert f"/bodies/{body.id}" in client.get("/requests").get_data(as_text=True)
    assert f"/bodies/{body.id}" in client.get(f"/requests/{numbers[0]}").get_data(as_text=True)
    assert f"/bodies/{body.id}" in client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert f"/bodies/{body.id}" in client.get("/bodies").get_data(as_text=True)


def test_the_compliance_record_lists_findings_with_the_rules_text(client, officer, clock):
    body = akimat_of("KZ-35")
    clock.set("2026-12-01")
    client.post("/api/v1/requests", json={**FILING, "holder": "KZ-35"})
    clock.set("2027-02-01")  # long overdue
    run_audit()
    db.session.commit()
    html = client.get(f"/bodies/{body.id}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "IR-" in html
    assert "не выявила нарушений" not in html


def test_an_unknown_body_is_404_and_an_empty_body_explains_itself(client, app):
    assert client.get("/bodies/999999").status_code == 404
    body = akimat_of("KZ-10")
    html = client.get(f"/bodies/{body.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "No request has been addressed to this body yet." in html


def test_ask_this_body_prefills_the_request_form(client, app):
    body = akimat_of("KZ-35")
    html = client.get(f"/requests/new?holder={body.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{body.id}"', html)


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two_and_a_year_without_answers_shows_a_dash(
        client, officer, clock):
    """The figures are summed by the database (percentile_cont on PostgreSQL): the same as statistics.median."""
    body = akimat_of("KZ-35")
    clock.set("2026-12-01")
    numbers = [client.post("/api/v1/requests", json={**FILING, "holder": "KZ-35", "subject": f"Сұрау {i}"})
               .json["registration_number"] for i in range(2)]
    headers = auth(officer)
    for number, day in zip(numbers, ("2026-12-04", "2026-12-09"), strict=True):  # after 3 and 8 days
        clock.set(day)
        assert client.post(f"/api/v1/requests/{number}/answer", headers=headers,
                           json={"text": "Жауап", "language": "kk"}).status_code == 200
    clock.set("2027-01-05")  # one request of 2027, open and not yet due
    client.post("/api/v1/requests", json={**FILING, "holder": "KZ-35"})
    db.session.commit()
    text = _text(client.get(f"/bodies/{body.id}", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert re.search(r"2027 1 0 — — — 0", text), text
    assert re.search(r"2026 2 2 5\.5 100% 0% 0", text), text
    assert text.index("2027 1 0") < text.index("2026 2 2")


def test_the_home_page_and_the_body_page_judge_on_time_alike(client, officer, clock):
    """A request still open past its due date is already late: the home page's "completed on time" for the region
    counted only the closed ones (100 %) while the body's page said 50 %."""
    body = akimat_of("KZ-35")
    clock.set("2026-12-01")
    numbers = [client.post("/api/v1/requests", json={**FILING, "holder": "KZ-35", "subject": f"Сұрау {i}"})
               .json["registration_number"] for i in range(2)]
    clock.set("2026-12-04")
    assert client.post(f"/api/v1/requests/{numbers[0]}/answer", headers=auth(officer),
                       json={"text": "Жауап", "language": "kk"}).status_code == 200
    clock.set("2026-12-28")  # the other one is open and overdue
    db.session.commit()
    body_page = _text(client.get(f"/bodies/{body.id}", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert re.search(r"2026 2 1 3 50% ", body_page), body_page
    home = _text(client.get("/home/region?region=KZ-35", headers={"Accept-Language": "en"}, follow_redirects=True)
                 .get_data(as_text=True))
    assert re.search(r"Requests completed on time 50%", home), home
