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


def test_an_action_plan_offers_only_its_own_years(app, client, as_role, clock):
    """The biodiversity plan runs 2026–2035: in March 2026 the page offers 2026 only, never last year."""
    clock.set("2026-03-02")
    as_role(Role.compliance_officer)
    page = client.get("/reports").get_data(as_text=True)
    biodiversity = page.split('id="plan-year-biodiversity"')[1].split("</select>")[0]
    assert '<option value="2026" selected>2026</option>' in biodiversity and "2025" not in biodiversity
    taza = page.split('id="plan-year-taza-kazakhstan"')[1].split("</select>")[0]
    assert '<option value="2025" selected>2025</option>' in taza and '"2024"' in taza and '"2027"' not in taza


def test_a_year_outside_the_plan_is_refused_with_the_plans_years(app, client, as_role, clock):
    from sqlalchemy import func, select

    from aarhus.core.extensions import db
    from aarhus.core.jobs import Job

    clock.set("2026-03-02")
    as_role(Role.compliance_officer)
    client.get("/lang/ru")
    page = client.get("/reports").get_data(as_text=True)
    refused = client.post("/reports/builds", follow_redirects=True, data={
        "kind": "action-plan", "concept": "biodiversity", "year": "2025", "lang": "kk", "csrf_token": csrf_from(page)})
    assert "План действий охватывает 2026–2035 годы; отчёт за 2025 год не составляется." in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Job.id))) == 0
    pdf = client.get("/reports/action-plan.pdf?concept=biodiversity&year=2025&lang=kk", follow_redirects=True)
    assert pdf.mimetype == "text/html" and "отчёт за 2025 год не составляется" in pdf.get_data(as_text=True)


def test_the_cli_refuses_a_year_outside_the_plan(app, runner, tmp_path):
    result = runner.invoke(args=["report", "action-plan", "--concept", "biodiversity", "--year", "2025",
                                 "--out", str(tmp_path / "p.pdf")])
    assert result.exit_code != 0 and "2026–2035" in result.output and not (tmp_path / "p.pdf").exists()


def test_before_a_plan_starts_the_page_says_when_instead_of_offering_a_year(app, client, as_role, clock):
    clock.set("2025-05-01")
    as_role(Role.compliance_officer)
    client.get("/lang/en")
    page = client.get("/reports").get_data(as_text=True)
    assert 'id="plan-year-biodiversity"' not in page and "The action plan starts in 2026" in page
    assert 'id="plan-year-taza-kazakhstan"' in page
