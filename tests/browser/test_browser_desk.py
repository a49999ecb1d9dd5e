"""The compliance officer's desk in a real browser, under the site's own Content-Security-Policy."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from aarhus.audit.engine import run_audit
from aarhus.audit.importer import import_hearings
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.audit.test_audit_rules import csv_of
from tests.audit.test_audit_web import ROWS
from tests.browser.conftest import SHOTS, shot, sign_in
from tests.conftest import PASSWORD, make_user


def distinct_colours(png: bytes) -> int:
    """How many different pixel colours a PNG screenshot has."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    return len(colours)


@pytest.fixture
def audited_desk(app, clock):
    clock.set("2026-11-23")
    import_hearings(csv_of(*ROWS))
    run_audit()
    make_user(Role.compliance_officer, email="desk@ecogeo.kz")
    db.session.commit()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_dashboard_charts_are_drawn_under_the_sites_csp(open_page, audited_desk, lang):
    page = open_page(lang=lang)
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in(page, "desk@ecogeo.kz", PASSWORD)
    page.goto("/audit?year=2026")
    charts = page.locator("figure.chart svg")
    expect(charts).to_have_count(2)
    shot(page, f"20-audit-dashboard-{lang}")
    for index in range(2):
        chart = charts.nth(index)
        name = chart.get_attribute("aria-label")
        assert name, "each chart names itself for screen readers"
        png = chart.screenshot(path=str(SHOTS / f"21-audit-chart-{index + 1}-{lang}.png"))
        colours = distinct_colours(png)
        assert colours > 3, f"chart {name!r} is blank or one colour ({colours} colours)"
        # Mostly white paper with coloured bars: a black rectangle would make dark pixels dominate.
        from PIL import Image

        with Image.open(io.BytesIO(png)) as image:
            grey = image.convert("L")
            dark = sum(grey.histogram()[:60]) / (grey.width * grey.height)
        assert dark < 0.2, f"chart {name!r} is mostly dark ({dark:.0%}): its colours were blocked"
    assert not violations, violations
    # The text alternative: the table each chart draws.
    figure = page.locator("figure#chart-regions")
    figure.locator("summary").click()
    expect(figure.locator("table")).to_be_visible()
    expect(figure.locator("tbody tr")).to_have_count(2)
    shot(page, f"22-audit-chart-table-{lang}")


def test_a_compliance_officer_runs_the_full_audit_from_the_dashboard(open_page, clock):
    clock.set("2026-11-23")
    import_hearings(csv_of(*ROWS))  # imported, never audited: the dashboard is empty until a run
    make_user(Role.compliance_officer, email="desk@ecogeo.kz")
    db.session.commit()
    page = open_page(lang="ru")
    sign_in(page, "desk@ecogeo.kz", PASSWORD)
    page.goto("/audit?year=2026")
    expect(page.locator(".audit-run")).to_contain_text("Аудит ещё не проводился полностью")
    shot(page, "23-audit-before-the-run-ru")
    page.get_by_role("button", name="Запустить полный аудит").click()
    expect(page.locator("h1")).to_have_text("Полный аудит")
    expect(page.get_by_role("link", name="Вернуться к панели")).to_be_visible(timeout=60_000)
    shot(page, "24-audit-run-done-ru")
    page.get_by_role("link", name="Вернуться к панели").click()
    expect(page.locator(".audit-run")).to_contain_text("запущен с панели")
    expect(page.locator("figure.chart svg")).to_have_count(2)
    shot(page, "25-audit-after-the-run-ru")


@pytest.mark.parametrize(("lang", "notice_ru", "no"), [("kk", "Хабарландыру орыс тілінде", "жоқ"),
                                                      ("ru", "Объявление на русском языке", "нет")])
def test_a_finding_names_its_record_and_evidence_in_words(open_page, audited_desk, lang, notice_ru, no):
    page = open_page(lang=lang)
    sign_in(page, "desk@ecogeo.kz", PASSWORD)
    page.goto("/audit/findings?rule_id=HN-02&year=2026")
    shot(page, f"26-audit-findings-filtered-{lang}")
    page.get_by_role("link", name="HN-02").first.click()
    expect(page.locator("main")).to_contain_text(notice_ru)  # notice_ru
    expect(page.locator("main")).to_contain_text(no)  # False
    assert "notice_ru" not in page.locator("main").inner_text()
    shot(page, f"26-audit-finding-{lang}")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_tile_map_links_each_region_to_its_findings(open_page, audited_desk, lang):
    page = open_page(lang=lang)
    sign_in(page, "desk@ecogeo.kz", PASSWORD)
    page.goto("/audit?year=2026")
    tiles = page.locator("nav.tilemap a.tile")
    expect(tiles).to_have_count(20)
    boxes = [tiles.nth(i).bounding_box() for i in range(20)]
    widths, heights = [b["width"] for b in boxes], [b["height"] for b in boxes]
    assert max(widths) - min(widths) < 1 and max(heights) - min(heights) < 1, "every tile is the same size"
    karaganda = page.locator("a.tile[data-region='KZ-35']")
    astana, almaty = page.locator("a.tile[data-region='KZ-71']"), page.locator("a.tile[data-region='KZ-75']")
    west, east = page.locator("a.tile[data-region='KZ-27']"), page.locator("a.tile[data-region='KZ-63']")
    assert west.bounding_box()["x"] < karaganda.bounding_box()["x"] < east.bounding_box()["x"]
    assert astana.bounding_box()["y"] < karaganda.bounding_box()["y"] < almaty.bounding_box()["y"]
    # Karaganda: 3 hearings in 2026, 3 open findings on them → 100 per 100; Abai: no hearings.
    expect(karaganda).to_contain_text("100")
    assert "bin-3" in karaganda.get_attribute("class")
    assert "bin-none" in page.locator("a.tile[data-region='KZ-10']").get_attribute("class")
    png = page.locator("nav.tilemap").screenshot(path=str(SHOTS / f"27-audit-tile-map-{lang}.png"))
    assert distinct_colours(png) > 5
    karaganda.click()
    expect(page).to_have_url(re.compile(r"/audit/findings\?region_id=\d+&year=2026"))
    expect(page.locator("tbody tr")).to_have_count(3)
    shot(page, f"28-audit-region-findings-{lang}")


def test_the_desk_has_no_serious_accessibility_violations(open_page, audited_desk):
    import json

    from tests.browser.conftest import AXE

    page = open_page(lang="kk", bypass_csp=True)  # to add axe's script
    sign_in(page, "desk@ecogeo.kz", PASSWORD)
    problems = {}
    for path in ("/audit?year=2026", "/audit/findings?year=2026", "/audit/findings/1", "/compliance?year=2026",
                 "/compliance/KZ-35?year=2026"):
        page.goto(path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
        serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in json.loads(result)["violations"]
                   if v["impact"] in ("serious", "critical")]
        if serious:
            problems[path] = serious
    assert problems == {}


@pytest.mark.parametrize(("lang", "link", "almaty"), [("kk", "Өңірлер бойынша талаптардың сақталуы", "Алматы қаласы"),
                                                     ("ru", "Соблюдение требований по регионам", "Город Алматы")])
def test_anyone_opens_a_region_from_the_public_map(open_page, audited_desk, lang, link, almaty):
    page = open_page(lang=lang)  # not signed in
    page.goto("/")
    page.get_by_role("link", name=link).first.click()
    page.goto("/compliance?year=2026")
    expect(page.locator("nav.tilemap a.tile")).to_have_count(20)
    shot(page, f"29-public-compliance-map-{lang}")
    page.locator("a.tile[data-region='KZ-75']").click()
    expect(page).to_have_url(re.compile(r"/compliance/KZ-75\?year=2026$"))
    expect(page.locator("h1")).to_contain_text(almaty)
    expect(page.locator("main table").first).to_contain_text("HP-01")
    expect(page.locator("a.tile[aria-current=page]")).to_have_attribute("data-region", "KZ-75")
    shot(page, f"30-public-region-{lang}")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_bodys_page_shows_its_compliance_record(open_page, audited_desk, lang):
    from aarhus.bodies.operations import akimat_of

    body = akimat_of("KZ-75")
    page = open_page(lang=lang)  # the public page: anyone reads it
    page.goto("/bodies")
    page.locator(f"a[href='/bodies/{body.id}']").first.click()
    expect(page.locator("h1")).to_have_text(body.name(lang))
    expect(page.locator("main")).to_contain_text("HP-01")  # its findings, each rule with its text
    shot(page, f"31-body-page-{lang}")
