"""A citizen follows a hearing by e-mail on a phone and a desktop, in Kazakh and in Russian, takes its dates into a
calendar (.ics), and a mail arrives on the next act."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from aarhus.core.extensions import db
from aarhus.hearings import operations as hearing_ops
from aarhus.hearings.models import Hearing
from aarhus.notify.mail import deliver_pending
from tests.browser.conftest import DESKTOP, PHONE, SHOTS, shot
from tests.hearings.factories import officer_of, published

CALENDAR = {"kk": "Күндерді күнтізбеме қосу (.ics)", "ru": "Добавить даты в мой календарь (.ics)"}
TEXTS = {"kk": ("Электрондық пошта арқылы бақылау", "Жазылу", "Жазылым расталды", "болдырылмады"),
         "ru": ("Следить по электронной почте", "Подписаться", "Подписка подтверждена", "отменены")}


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_citizen_follows_a_hearing_and_takes_its_dates(open_page, clock, smtp, lang, width):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    officer_id = officer.id
    hearing = published(officer)
    hearing_id = hearing.id
    follow_link, button, confirmed, cancelled = TEXTS[lang]
    page = open_page(PHONE if width == "phone" else DESKTOP, lang)
    page.goto(f"/hearings/{hearing.id}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.get_by_role("link", name=follow_link).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"39-hearing-follow-button-{lang}-{width}.png"))
    with page.expect_download() as download:
        page.get_by_role("link", name=CALENDAR[lang]).click()
    events = Path(download.value.path()).read_text(encoding="utf-8")
    assert events.count("BEGIN:VEVENT") == 2 and "DTSTART:20261228T060000Z" in events  # the meeting, 11:00 Almaty
    assert f"DTSTART;VALUE=DATE:{hearing.comments_close_on:%Y%m%d}" in events
    page.get_by_role("link", name=follow_link).click()
    shot(page, f"40-follow-hearing-form-{lang}-{width}")
    page.fill("#email", f"watcher-{lang}@mail.kz")
    page.get_by_role("button", name=button).click()
    expect(page.locator("main")).to_contain_text(f"watcher-{lang}@mail.kz")
    shot(page, f"41-follow-hearing-check-mail-{lang}-{width}")
    confirm = re.search(r"/follow/confirm/\S+", smtp[-1].get_content()).group(0)
    page.goto(confirm)
    expect(page.locator("h1")).to_have_text(confirmed)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    shot(page, f"42-follow-hearing-confirmed-{lang}-{width}")
    db.session.rollback()  # end this session's snapshot: the server has written since
    hearing = db.session.get(Hearing, hearing_id)
    hearing_ops.cancel_hearing(hearing, "Бастамашы жобадан бас тартты", db.session.get(type(officer), officer_id))
    db.session.commit()
    deliver_pending()
    mail = smtp[-1]
    assert mail["To"] == f"watcher-{lang}@mail.kz" and cancelled in mail.get_content()
    page.goto(re.search(r"/follow/unsubscribe/\S+", mail.get_content()).group(0))
    expect(page.locator("h1")).to_contain_text("жазылымнан" if lang == "kk" else "Вы отписались")
    shot(page, f"43-follow-hearing-unsubscribed-{lang}-{width}")
