"""The home page answers "what can I take part in now?", in the visitor's region if they chose one."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.hearings.factories import officer_of, published


@pytest.fixture
def hearings(app, clock):
    clock.set("2026-11-23")
    karaganda = published(officer_of("KZ-35"), title_kk="Қарағанды кен орны", title_ru="Карагандинское месторождение")
    almaty = published(officer_of("KZ-75"), title_kk="Алматы жолы", title_ru="Алматинская дорога")
    soon = published(officer_of("KZ-35", email="o2@kz35.kz"), title_kk="Балқаш жағалауы", title_ru="Берег Балхаша",
                     start=date(2026, 12, 22))
    return karaganda, almaty, soon


def test_open_hearings_come_first_nearest_deadline_first(client, hearings):
    karaganda, almaty, soon = hearings
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    section = html.split('id="open-title"')[1].split("</section>")[0]
    links = re.findall(r'href="/hearings/(\d+)"', section)
    assert links[0] == str(soon.id) and {str(karaganda.id), str(almaty.id)} <= set(links)
    assert "Last day for comments" in section
    assert "in numbers" in html and "Hearing dates ahead" in html


def test_the_chosen_region_filters_and_is_remembered(client, hearings):
    karaganda, almaty, _soon = hearings
    chosen = client.get("/home/region?region=KZ-75")
    assert chosen.status_code == 302 and chosen.headers["Location"].endswith("/?region=KZ-75")
    html = client.get("/?region=KZ-75").get_data(as_text=True)
    assert f"/hearings/{almaty.id}" in html and f"/hearings/{karaganda.id}" not in html
    back = client.get("/")  # the cookie brings the visitor back to their region
    assert back.status_code == 302 and back.headers["Location"].endswith("/?region=KZ-75")
    client.get("/home/region?region=")  # all regions: forgotten
    assert client.get("/").status_code == 200


def test_an_empty_region_explains_itself_and_offers_a_subscription(client, hearings):
    html = client.get("/?region=KZ-10", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "No hearing in this region is taking comments right now." in html
    assert "/hearings/subscribe" in html
    assert "No protocol has been published yet." in html
