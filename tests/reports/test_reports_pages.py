"""The reports page: opening the draft to consultation, and which years each report offers."""

from aarhus.core.roles import Role
from tests.conftest import csrf_from


def test_opening_the_draft_asks_first_then_the_page_links_to_the_consultation(app, client, as_role, clock):
    clock.set("2026-03-02")
    as_role(Role.compliance_officer)
    page = client.get("/reports").get_data(as_text=True)
    assert 'action="/reports/nir/2025/consultation"' in page
    asked = client.post("/reports/nir/2025/consultation", data={"closes_on": "2026-04-01", "csrf_token": csrf_from(page)})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in html
    assert client.get("/reports/nir/2025/draft").status_code == 404  # nothing opened yet
    opened = client.post("/reports/nir/2025/consultation",
                         data={"closes_on": "2026-04-01", "confirmed": "1", "csrf_token": csrf_from(html)})
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/reports/nir/2025/draft")
    page = client.get("/reports").get_data(as_text=True)
    assert 'action="/reports/nir/2025/consultation"' not in page
    assert 'href="/reports/nir/2025/draft"' in page and "1 сәуірге дейін" in page
    again = client.post("/reports/nir/2025/consultation",
                        data={"closes_on": "2026-05-01", "confirmed": "1", "csrf_token": csrf_from(page)})
    text = again.get_data(as_text=True)
    assert again.status_code == 422 and "closes_on=" not in again.headers.get("Location", "")
    assert "бұрын ашылған" in text and "Бүгіннен кейінгі" not in text and 'href="/reports/nir/2025/draft"' in text


def test_a_closing_date_in_the_past_is_refused_before_anything_is_asked(app, client, as_role, clock):
    clock.set("2026-03-02")
    as_role(Role.compliance_officer)
    client.get("/lang/ru")
    page = client.get("/reports").get_data(as_text=True)
    refused = client.post("/reports/nir/2025/consultation", data={"closes_on": "2026-03-01", "csrf_token": csrf_from(page)})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'name="confirmed"' not in text
    assert "Укажите дату окончания позже сегодняшней." in text and "только один раз" not in text
    assert 'value="2026-03-01"' in text  # what was typed stays in the field
