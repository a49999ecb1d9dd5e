"""Findings past the last page, and the dashboard's years: never a page of nothing, never a year to come."""

from aarhus.core.roles import Role
from tests.audit.test_audit_web import audited  # noqa: F401 (fixture)


def test_a_page_past_the_end_goes_to_the_last_page_with_its_filters(client, as_role, audited, monkeypatch):  # noqa: F811
    from aarhus.audit import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    as_role(Role.compliance_officer)
    past = client.get("/audit/findings?year=2026&page=5")
    assert past.status_code == 302
    assert "page=" in past.headers["Location"] and "year=2026" in past.headers["Location"]
    html = client.get(past.headers["Location"]).get_data(as_text=True)
    assert "Бұл сүзгілерге сәйкес бұзушылық жоқ" not in html and 'href="/audit/findings/' in html
    assert 'rel="next"' not in html and 'rel="prev"' in html


def test_the_dashboard_offers_no_year_after_the_current_one(client, as_role, audited):  # noqa: F811
    as_role(Role.compliance_officer)
    current = client.get("/audit?year=2026").get_data(as_text=True)  # the clock says 23 November 2026
    assert "2027 →" not in current and "← 2025" in current
    past = client.get("/audit?year=2024").get_data(as_text=True)
    assert "2025 →" in past
