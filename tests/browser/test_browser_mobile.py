"""No page is wider than a phone: every HTML page a role can open, at 390 px, has no horizontal scroll and no
table wider than the screen (tables become one card per row, static/js/tables.js labels the cells).

The pages come from the URL map (every GET endpoint that renders HTML), filled with the records of the security
matrix's world; a page that overflows is saved as a screenshot and named with the widest element."""

from __future__ import annotations

import pytest

from aarhus.core.guard import public_endpoints
from aarhus.core.roles import Role
from tests.browser.conftest import PHONE, shot, sign_in
from tests.conftest import PASSWORD
from tests.security.test_security_matrix import endpoints, url_of, world  # noqa: F401 (the fixture)

SKIP = ("static", "main.healthz", "main.set_language", "main.choose_region", "accounts.logout")
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  let worst = null;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const clipped = el.parentElement && el.parentElement.closest('.table-wrap, [style*=overflow]');
    if (r.right > limit + 1 && r.width > 0 && !(clipped && getComputedStyle(clipped).overflowX !== 'visible')) {
      if (!worst || r.right > worst.right) worst = {right: r.right, tag: el.tagName, cls: el.className, text: (el.textContent || '').slice(0, 40)};
    }
  }
  return worst;
}"""


def _pages(app, values, allowed):
    for rule, method in endpoints(app):
        if method != "GET" or rule.endpoint in SKIP or rule.rule.startswith("/api/") or "." in rule.rule.rsplit("/", 1)[-1]:
            continue
        if not allowed(rule.endpoint):
            continue
        yield rule.endpoint, url_of(rule, values)


def _check(page, url, name):
    probe = page.request.get(url, max_redirects=0)
    html = probe.status < 300 and "text/html" in (probe.headers.get("content-type") or "")
    probe.dispose()
    if not html:  # files, feeds, redirects and refusals are not pages
        return None
    page.goto(url)
    if name.endswith(("audit.dashboard", "legal.calendar", "legal.rules")):
        shot(page, f"phone-{name}")  # tables as cards, to look at
    wide = page.evaluate("""() => document.documentElement.scrollWidth > document.documentElement.clientWidth
        || [...document.querySelectorAll('table:not(.grid)')].some(
             t => t.getBoundingClientRect().width > document.documentElement.clientWidth)""")
    if not wide:
        return None
    shot(page, f"overflow-{name}")
    return page.evaluate(WIDEST) or {"scrollWidth": page.evaluate("document.documentElement.scrollWidth")}


@pytest.mark.parametrize("lang", ["kk", "ru"])  # Russian words are longer: both languages, every page
def test_no_page_scrolls_sideways_on_a_phone(app, open_page, world, lang):  # noqa: F811
    users, _stranger, values = world
    public = set(public_endpoints(app))
    overflowing = []
    for role in (None, Role.akimat_officer, Role.compliance_officer, Role.admin, Role.initiator, Role.citizen):
        page = open_page(PHONE, lang)
        if role is not None:
            sign_in(page, users[role].email, PASSWORD)

        def allowed(endpoint, role=role):
            if role is None:
                return endpoint in public
            roles = getattr(app.view_functions[endpoint], "required_roles", None)
            return endpoint not in public and (roles is None or role in roles)

        for endpoint, url in _pages(app, values, allowed):
            widest = _check(page, url, f"{role.value if role else 'anonymous'}-{endpoint}-{lang}")
            if widest is not None:
                overflowing.append((role.value if role else "anonymous", url, widest))
    assert overflowing == [], "\n".join(map(str, overflowing))
