"""The citizen's journeys of issue 18, each in Kazakh and Russian, at desktop (1280 px) and phone (390 px) width.

Every step is saved to test-output/screenshots/citizen-<journey>-<step>-<lang>-<width>.png and checked for a
sideways scroll. The texts asserted are read from the catalogs, and must be translated (not the English msgid)."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.notify.mail import deliver_pending
from aarhus.requests import operations as request_ops
from aarhus.requests.models import InfoRequest
from tests.browser.conftest import DESKTOP, PHONE, open_menu, shot
from tests.conftest import make_user
from tests.hearings.factories import officer_of, published

CATALOGS = Path(__file__).resolve().parents[2] / "aarhus" / "translations"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
journey = pytest.mark.parametrize(("lang", "width"), [(lang, width) for lang in ("kk", "ru") for width in WIDTHS])
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DOUBLE_STOP = re.compile(r"\sг\.\.(?!\.)")  # "до 17 декабря 2026 г.." : one period ends the sentence
REFUSAL = {"kk": "Сұрау салудың мәні көрсетілмеген", "ru": "Не указано, какая информация запрашивается"}


def t(lang: str, msgid: str) -> str:
    """``msgid`` as the catalog of ``lang`` has it; a missing translation fails here."""
    text = Translations.load(str(CATALOGS), [lang]).gettext(msgid)
    assert text != msgid, f"{msgid!r} is not translated into {lang}"
    return text


def fits(page) -> None:
    """No sideways scroll, and nothing of the page's words left as an ISO date."""
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url
    text = page.locator("main").inner_text()
    assert not ISO_DATE.search(text) and not DOUBLE_STOP.search(text), page.url


def step(page, name: str, lang: str, width: str) -> None:
    fits(page)
    shot(page, f"citizen-{name}-{lang}-{width}")


@journey
def test_home_lists_open_hearings_nearest_deadline_first_and_remembers_the_region(open_page, clock, lang, width):
    clock.set("2026-11-23")
    karaganda = officer_of("KZ-35")
    later = published(karaganda, start=date(2027, 1, 20))
    sooner = published(karaganda, start=date(2026, 12, 28))
    elsewhere = published(officer_of("KZ-75"), start=date(2026, 12, 21))
    page = open_page(WIDTHS[width], lang)
    page.goto("/")
    open_links = page.locator("#open-title + ul h3 a")
    hrefs = [open_links.nth(i).get_attribute("href") for i in range(open_links.count())]
    assert hrefs == [f"/hearings/{h.id}" for h in (elsewhere, sooner, later)]  # nearest last day for comments first
    expect(page.locator("#open-title")).to_have_text(t(lang, "Open for your comments now"))
    step(page, "home-01-all-regions", lang, width)
    page.select_option("#region", "KZ-35")
    page.locator("form.home-region button[type=submit]").click()
    expect(open_links).to_have_count(2)
    assert [open_links.nth(i).get_attribute("href") for i in range(2)] == [f"/hearings/{sooner.id}",
                                                                         f"/hearings/{later.id}"]
    step(page, "home-02-region-chosen", lang, width)
    page.goto("/hearings")
    page.goto("/")  # the choice is remembered
    assert page.url.endswith("/?region=KZ-35")
    expect(open_links).to_have_count(2)


@journey
def test_search_finds_a_hearing_and_highlights_the_words(open_page, clock, lang, width):
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"))
    query = {"kk": "мыс кенін", "ru": "медной руды"}[lang]
    page = open_page(WIDTHS[width], lang)
    page.goto("/")
    open_menu(page)  # folded on a phone
    page.get_by_role("link", name=t(lang, "Search")).first.click()
    page.fill("#q", query)
    page.locator("form.search-form button[type=submit]").click()
    marks = page.locator(".search-results mark")
    expect(marks.first).to_be_visible()
    assert {m.lower() for m in marks.all_inner_texts()} & set(query.split())
    step(page, "search-01-results", lang, width)
    page.locator(".search-results a").first.click()
    expect(page).to_have_url(re.compile(rf"/hearings/{hearing.id}$"))


FILING = {"kk": {"name": "Гүлнар Сейітқызы", "subject": "Алматы ауасының сапасы",
                 "text": "2026 жылғы PM2.5 өлшемдерін сұраймын."},
          "ru": {"name": "Гульнар Сеитова", "subject": "Качество воздуха в Алматы",
                 "text": "Прошу предоставить измерения PM2.5 за 2026 год."}}


@journey
def test_a_request_checked_followed_refused_and_complained_of(open_page, clock, smtp, tmp_path, lang, width):
    """Journeys 3, 4 and 5: the request form's error summary and kept input, the check page, following the request
    by e-mail with its .ics, the public thread after a refusal, and the complaint pre-filled as PDF."""
    clock.set("2026-12-01")
    officer = make_user(Role.akimat_officer, email="officer@almaty.kz", region="KZ-75")
    officer_id, holder = officer.id, officer.body.name(lang)
    filing = FILING[lang]
    page = open_page(WIDTHS[width], lang)
    page.goto("/requests/new")
    page.fill("#subject", filing["subject"])
    page.fill("#contact_email", "not-an-address")
    page.get_by_role("button", name=t(lang, "Send the request")).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(t(lang, "Please correct the fields marked below."))
    links = summary.locator("a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert {"#requester_name", "#contact_email", "#text"} <= set(targets), targets
    for target in targets:  # each entry leads to a field in error
        expect(page.locator(f"{target}[aria-invalid=true]")).to_have_count(1)
    expect(page.locator("#subject")).to_have_value(filing["subject"])  # kept as typed
    expect(page.locator("#contact_email")).to_have_value("not-an-address")
    step(page, "request-01-error-summary", lang, width)
    links.filter(has_text=page.locator("label[for=text]").inner_text()).first.click()
    expect(page.locator("#text")).to_be_focused()
    page.fill("#requester_name", filing["name"])
    page.fill("#contact_email", f"requester.{lang}@mail.kz")
    page.select_option("#holder", label=holder)
    page.fill("#text", filing["text"])
    page.get_by_role("button", name=t(lang, "Send the request")).click()
    expect(page.locator("main")).to_contain_text(filing["subject"])  # check your answers
    step(page, "request-02-check-your-answers", lang, width)
    page.get_by_role("button", name=t(lang, "Confirm and send")).click()
    expect(page.locator("h1")).to_have_text(t(lang, "Request registered"))
    step(page, "request-03-registered", lang, width)
    db.session.rollback()  # see what the server wrote
    found = db.session.scalars(db.select(InfoRequest)).one()
    number, request_id = found.registration_number, found.id
    status = re.search(r"/requests/status/[\w-]+", smtp[-1].get_content()).group(0)

    # Someone else follows the request on its public page, and takes its due date into a calendar.
    watcher = open_page(WIDTHS[width], lang)
    watcher.goto(f"/requests/{number}")
    step(watcher, "request-04-public-page", lang, width)
    with watcher.expect_download() as download:
        watcher.get_by_role("link", name=t(lang, "Add the due date to my calendar (.ics)")).click()
    calendar = Path(download.value.path()).read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20261217" in calendar and number in calendar and filing["name"] not in calendar
    watcher.get_by_role("link", name=t(lang, "Follow by e-mail")).click()
    watcher.fill("#email", f"journalist.{lang}@news.kz")
    watcher.get_by_role("button", name=t(lang, "Follow")).click()
    expect(watcher.locator("main")).to_contain_text(f"journalist.{lang}@news.kz")
    step(watcher, "request-05-follow-check-mail", lang, width)
    watcher.goto(re.search(r"/follow/confirm/\S+", smtp[-1].get_content()).group(0))
    step(watcher, "request-06-follow-confirmed", lang, width)

    # The holder refuses; the follower is told, in their language, without a verb agreeing with the holder.
    db.session.rollback()
    request_ops.refuse_request(db.session.get(InfoRequest, request_id), "no_substance", REFUSAL[lang], db.session.get(type(officer), officer_id))
    db.session.commit()
    deliver_pending()
    mail = [m for m in smtp if m["To"] == f"journalist.{lang}@news.kz"][-1].get_content()
    assert number in mail and filing["name"] not in mail and not ISO_DATE.search(mail) and not DOUBLE_STOP.search(mail)
    assert {"kk": "бас тартылды", "ru": "отказ"}[lang] in mail.lower(), mail
    watcher.goto(f"/requests/{number}")
    expect(watcher.locator("main")).to_contain_text(t(lang, "Refused"))
    main = watcher.locator("main").inner_text()
    assert filing["name"] not in main and f"requester.{lang}@mail.kz" not in main and filing["text"] not in main
    step(watcher, "request-07-public-thread-refused", lang, width)

    # The requester opens their private link: a complaint to the higher body, written for them.
    page.goto(status)
    complaint = page.locator("#complaint")
    expect(complaint.locator("h2")).to_have_text(t(lang, "Complain to the higher body"))
    written = page.locator("#complaint textarea").input_value()
    assert number in written and {"kk": "18-бабына", "ru": "статьёй 18"}[lang] in written, written
    assert REFUSAL[lang] in written and not DOUBLE_STOP.search(written), written
    complaint.scroll_into_view_if_needed()
    step(page, "request-08-complaint-offered", lang, width)
    with page.expect_download() as download:
        page.get_by_role("button", name=t(lang, "Download as PDF")).click()
    pdf = tmp_path / "complaint.pdf"
    pdf.write_bytes(Path(download.value.path()).read_bytes())
    flat = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert number in flat and {"kk": "бас тартылды", "ru": "отказано"}[lang] in flat, flat
    assert not ISO_DATE.search(flat) and not DOUBLE_STOP.search(flat) and "Asia/Almaty" not in flat and not re.search(r"\b\d{2}\.\d{2}\.\d{2}\b", flat)


@journey
def test_footer_pages_and_the_404_page_help_the_visitor_onward(open_page, clock, lang, width):
    clock.set("2026-11-23")
    page = open_page(WIDTHS[width], lang)
    page.goto("/")
    footer = page.locator("footer.site-footer")
    for msgid, path in (("Personal data", "/privacy"), ("Accessibility", "/accessibility"), ("Contact", "/contact")):
        page.goto("/")
        footer.get_by_role("link", name=t(lang, msgid), exact=True).click()
        expect(page).to_have_url(re.compile(rf"{path}$"))
        expect(page.locator("h1")).not_to_be_empty()
        step(page, f"footer-{path.strip('/')}", lang, width)
    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text(t(lang, "Page not found"))
    step(page, "404", lang, width)
    page.fill("main #q", {"kk": "тыңдау", "ru": "слушания"}[lang])
    page.locator("main form.search-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/search\?q="))
    page.go_back()
    page.get_by_role("link", name=t(lang, "Public hearings")).last.click()
    expect(page).to_have_url(re.compile(r"/hearings$"))


COMMENT = {"kk": ("Айгерім Сәрсенова", "Шаңды басу шараларын нақты көрсетіңіз."),
           "ru": ("Айгерим Сарсенова", "Укажите конкретные меры по подавлению пыли.")}


@journey
def test_a_comment_checked_changed_and_sent(open_page, clock, lang, width):
    """Journey 5 for a comment: the error summary links to the field, what was typed stays, the check page shows the
    name as it will be published, "Change what I wrote" brings the text back, and the receipt follows."""
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"))
    name, text = COMMENT[lang]
    page = open_page(WIDTHS[width], lang)
    page.goto(f"/hearings/{hearing.id}")
    page.fill("#author_name", name)
    page.fill("#contact", "aigerim@mail.kz")
    page.get_by_role("button", name=t(lang, "Send the comment")).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(t(lang, "Please correct the fields marked below."))
    expect(summary.locator("a[href='#text']")).to_have_count(1)
    expect(page.locator("#author_name")).to_have_value(name)  # kept as typed
    step(page, "comment-01-error-summary", lang, width)
    summary.locator("a[href='#text']").click()
    expect(page.locator("#text")).to_be_focused()
    page.fill("#text", text)
    page.check("input[name=show_name][value=initials]")
    page.get_by_role("button", name=t(lang, "Send the comment")).click()
    initials = "А. С."
    expect(page.locator("main")).to_contain_text(initials)  # the name as it will be shown
    expect(page.locator("main")).to_contain_text(text)
    step(page, "comment-02-check-your-answers", lang, width)
    page.get_by_role("button", name=t(lang, "Change what I wrote")).click()
    expect(page.locator("#text")).to_have_value(text)  # back on the form with everything typed
    page.fill("#text", text + " " + ("Рахмет." if lang == "kk" else "Спасибо."))
    page.get_by_role("button", name=t(lang, "Send the comment")).click()
    page.get_by_role("button", name=t(lang, "Confirm and send")).click()
    expect(page.locator(".flash-success")).to_contain_text(f"H{hearing.id}-")
    expect(page.locator("#comments")).to_contain_text(initials)
    assert "aigerim@mail.kz" not in page.content()
    step(page, "comment-03-received", lang, width)
