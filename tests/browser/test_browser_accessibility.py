"""axe-core (served from node_modules) on the main pages: no serious or critical violations."""

import json

import pytest

from tests.browser.conftest import AXE, PHONE, shot
from tests.hearings.factories import officer_of, published

PAGES = ["/", "/hearings", "/hearings/{id}", "/requests", "/requests/new", "/deadlines?rule=hearing.protocol&date=2026-03-20",
         "/calendar/2026", "/login", "/register", "/ledger"]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_main_pages_have_no_serious_accessibility_violations(open_page, clock, viewport):
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"))
    page = open_page(PHONE if viewport == "phone" else {"width": 1280, "height": 900}, "kk", bypass_csp=True)
    problems = {}
    for path in PAGES:
        page.goto(path.format(id=hearing.id))
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
        serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in json.loads(result)["violations"]
                   if v["impact"] in ("serious", "critical")]
        if serious:
            problems[path] = serious
            shot(page, f"axe-{viewport}-{path.strip('/').replace('/', '-').split('?')[0] or 'home'}")
    assert problems == {}
