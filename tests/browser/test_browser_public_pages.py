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
