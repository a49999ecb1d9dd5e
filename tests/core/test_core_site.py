"""The footer's pages and a 404 that helps the visitor onward."""

import pytest


@pytest.mark.parametrize("path, phrase", [("/privacy", "94-V"), ("/accessibility", "(WCAG) 2.1"),
                                          ("/contact", "noreply@aarhus.kz")])
def test_footer_pages_answer_and_are_linked_from_every_page(client, path, phrase):
    page = client.get(path, headers={"Accept-Language": "en"})
    assert page.status_code == 200 and phrase in page.get_data(as_text=True)
    assert f'href="{path}"' in client.get("/requests").get_data(as_text=True)


def test_the_contact_address_is_configurable(app, client):
    app.config["AARHUS"] = app.config["AARHUS"].with_changes(contact_email="help@ecology.gov.kz")
    assert "help@ecology.gov.kz" in client.get("/contact").get_data(as_text=True)


def test_a_404_offers_search_and_the_main_lists(client):
    page = client.get("/hearings/999999", headers={"Accept-Language": "ru"})
    html = page.get_data(as_text=True)
    assert page.status_code == 404 and 'action="/search"' in html and 'href="/hearings"' in html
    assert 'href="/requests"' in html and 'href="/bodies"' in html
