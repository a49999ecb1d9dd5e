"""The public pages on a 390 px phone: where the comment form's answers land, what a called-off hearing shows.

Screenshots go to test-output/screenshots/public-<what>.png."""

from __future__ import annotations

from datetime import date

from aarhus.core.extensions import db
from aarhus.hearings import operations as ops
from tests.browser.conftest import PHONE, shot
from tests.hearings.factories import officer_of, published

IN_VIEW = """el => { const r = el.getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight; }"""


def test_an_empty_comment_lands_at_the_form_with_the_errors_focused(open_page, clock):
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"), start=date(2026, 12, 14))
    page = open_page(PHONE, "kk")
    page.goto(f"/hearings/{hearing.id}")
    page.fill("#author_name", "Сәуле")
    page.fill("#contact", "saule@mail.kz")
    page.click("#comment-form ~ form button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert summary.evaluate(IN_VIEW)
    page.screenshot(path=str(shot.__globals__["SHOTS"] / "public-comment-error-phone.png"))
    page.fill("#text", "Су қоймасына дейінгі қашықтықты көрсетіңіз")
    page.click("#comment-form ~ form button[type=submit]")
    page.wait_for_load_state()
    page.click("button[name=edit]")  # "change what I wrote": back at the form, as typed
    page.wait_for_load_state()
    assert page.locator("#text").evaluate(IN_VIEW) or page.locator("#comment-form").evaluate(IN_VIEW)
    page.click("#comment-form ~ form button[type=submit]")
    page.wait_for_load_state()
    page.click("form.form button[type=submit]:not([name=edit])")  # confirm and send
    page.wait_for_load_state()
    db.session.commit()  # end the test's snapshot: it sees what the live server wrote
    receipt = ops.comments_of(hearing)[0].receipt
    thanks = page.locator(f"li[id='{receipt}'] .flash-success")
    assert receipt in thanks.inner_text() and thanks.evaluate(IN_VIEW)
    page.screenshot(path=str(shot.__globals__["SHOTS"] / "public-comment-sent-phone.png"))


def test_a_cancelled_hearing_on_a_phone(open_page, clock):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))
    ops.cancel_hearing(hearing, "Бастамашы жобаны кері қайтарып алды", officer)
    db.session.commit()
    page = open_page(PHONE, "kk")
    page.goto(f"/hearings/{hearing.id}")
    assert page.locator(".called-off").is_visible() and page.locator(".left").count() == 0
    shot(page, "public-cancelled-phone")


def test_the_header_folds_into_a_menu_on_a_phone_and_the_focus_ring_stands_out(open_page, clock):
    clock.set("2026-11-23")
    page = open_page(PHONE, "ru")
    page.goto("/hearings")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 130, header  # was 277 of 844 px: every link of the menu, wrapped
    assert not page.locator(".main-nav").is_visible()
    page.locator(".nav-menu > summary").click()
    assert page.get_by_role("link", name="Поиск").is_visible()
    shot(page, "public-menu-open-phone")
    page.get_by_role("link", name="Поиск").focus()
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert ring == "rgb(27, 31, 35)"  # 16:1 on white; the amber band beside it, 5:1 on the header's blue
    wide = open_page({"width": 1280, "height": 900}, "ru")
    wide.goto("/hearings")
    assert wide.locator(".main-nav").is_visible() and not wide.locator(".nav-menu > summary").is_visible()


def test_the_tile_map_fits_a_phone_with_every_region_in_view(open_page, clock):
    clock.set("2026-11-23")
    page = open_page(PHONE, "kk")
    for url in ("/compliance", "/compliance/KZ-35"):
        page.goto(url)
        tiles = page.locator(".tilemap .tile")
        assert tiles.count() == 20
        width = page.evaluate("document.documentElement.clientWidth")
        rights = tiles.evaluate_all("ts => ts.map(t => t.getBoundingClientRect().right)")
        assert max(rights) <= width, (url, max(rights), width)  # was a 640 px map in a 358 px column
    page.locator("#tilemap").scroll_into_view_if_needed()
    shot(page, "public-tilemap-phone")
