"""The dashboard keeps its figures drawn (per year, language and version) and draws them again after every change
they show: an act's live re-check, an act that changes only the hearings counted, a full run, an import."""

import re
from datetime import date

from sqlalchemy import event, select

from aarhus.audit.engine import run_audit
from aarhus.audit.importer import import_hearings
from aarhus.core.cache import MemoryStore
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.audit.test_audit_rules import GOOD, csv_of
from tests.conftest import login, make_user

URL = "/audit?year=2026"


def page(client, url=URL, language="en"):
    """The dashboard as served now (its figures kept or drawn), the form's token and nonces left out."""
    html = client.get(url, headers={"Accept-Language": language}).get_data(as_text=True)
    return re.sub(r'(value|nonce)="[^"]{20,}"', r'\1=""', html)


def fresh(app, client, url=URL, language="en"):
    """The dashboard drawn from scratch: the kept figures forgotten first."""
    app.extensions["aarhus_cache"] = MemoryStore()
    return page(client, url, language)


def card(html, what):
    """The number of one of the dashboard's cards ("notices posted", …)."""
    return int(re.search(r"<h2>([\d\s\u00a0,]+)</h2><p>" + what, html).group(1).replace(",", "").strip())


def statements(app, client, url=URL):
    seen = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return seen


def test_the_figures_are_drawn_once_and_served_kept_until_something_they_show_changes(app, client, clock):
    from tests.hearings.factories import officer_of, published

    clock.set("2026-11-23")
    published(officer_of("KZ-35"), start=date(2026, 12, 14))
    db.session.commit()
    make_user(Role.compliance_officer, email="c@k.kz")
    login(client, "c@k.kz")
    first = statements(app, client)
    again = statements(app, client)
    assert any("hearings" in s for s in first) and any("audit_figures" in s for s in first)
    assert not any("audit_figures" in s or "FROM hearings" in s for s in again), again  # kept: nothing counted
    assert len(again) < len(first)
    assert page(client) == fresh(app, client)
    # Per language and per year: each its own figures.
    assert page(client, language="ru") == fresh(app, client, language="ru") != fresh(app, client)
    assert page(client, "/audit?year=2025") == fresh(app, client, "/audit?year=2025")


def test_after_every_kind_of_change_the_dashboard_shows_what_a_fresh_count_shows(app, client, clock):
    from aarhus.hearings import operations as ops
    from tests.hearings.factories import officer_of, published, secretary_of, signers

    clock.set("2026-11-23")
    officer, secretary = officer_of("KZ-35"), secretary_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))  # protocol due 24 Dec
    db.session.commit()
    make_user(Role.compliance_officer, email="c@k.kz")
    login(client, "c@k.kz")
    before = page(client)
    assert card(before, "notices posted") == 1

    # An act that changes only the hearings counted (no finding): a second hearing published.
    published(officer, start=date(2026, 12, 15), title_kk="Екінші жоба")
    db.session.commit()
    after_notice = page(client)
    assert card(after_notice, "notices posted") == 2
    assert after_notice == fresh(app, client)

    # The nightly run finds the overdue protocol; the act that publishes it late cures HP-02 and finds HP-01 live.
    clock.set("2026-12-28")
    run_audit(trigger="nightly")
    db.session.commit()
    after_run = page(client)
    assert "HP-02" in after_run and card(after_run, "hearings with protocol violations") == 2
    assert after_run == fresh(app, client)
    ops.draft_protocol(hearing, {"attendees": 5, **signers(officer, secretary)}, officer)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, officer)
    db.session.commit()
    after_act = page(client)
    assert "HP-01" in after_act and card(after_act, "protocols posted") == 1
    assert after_act == fresh(app, client)

    # An import of monitoring records: a lawful one (no finding) is counted all the same.
    import_hearings(csv_of({**GOOD, "external_id": "M1"}))
    db.session.commit()
    after_import = page(client)
    assert card(after_import, "notices posted") == 3
    assert after_import == fresh(app, client)

    # A region renamed: the dashboard names every region.
    from aarhus.bodies.models import Region

    region = db.session.scalar(select(Region).where(Region.code == "KZ-35"))
    region.name_en = "Karaganda Region (renamed)"
    db.session.commit()
    assert "Karaganda Region (renamed)" in page(client) == fresh(app, client)


def test_findings_without_a_region_or_body_are_named_not_dashed(app, client, clock):
    """The action plans' findings have no region and no body: the dashboard showed them as "—: 61" and a "—" bar."""
    clock.set("2026-11-23")
    run_audit()
    db.session.commit()
    make_user(Role.compliance_officer, email="c@k.kz")
    login(client, "c@k.kz")
    html = page(client, "/audit?year=2025")
    assert "No body (action plans)" in html and "National level (no region)" in html
    assert ">—:" not in html and ">—</text>" not in html and "<th scope=\"row\">—</th>" not in html
