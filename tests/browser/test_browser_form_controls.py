"""Dates typed as DD.MM.YYYY and a file picker in the page's language, in a real browser (kk and ru)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from aarhus.core.extensions import db
from aarhus.hearings.models import Hearing
from tests.browser.conftest import shot, sign_in
from tests.conftest import PASSWORD
from tests.hearings.factories import officer_of

TEXTS = {
    "kk": {"hint": "Пішімі: КК.АА.ЖЖЖЖ", "error": "Нақты күнді КК.АА.ЖЖЖЖ түрінде енгізіңіз",
           "button": "Файлды таңдау", "none": "Файл таңдалмады"},
    "ru": {"hint": "Формат: ДД.ММ.ГГГГ", "error": "Введите существующую дату в формате ДД.ММ.ГГГГ",
           "button": "Выбрать файл", "none": "Файл не выбран"},
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_notice_form_takes_a_typed_date_and_a_file_in_the_page_language(open_page, clock, tmp_path, lang):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    email = officer.email
    db.session.commit()
    page = open_page(lang=lang)
    sign_in(page, email, PASSWORD)
    page.goto("/manage/hearings/new")
    date_box = page.locator("#hearing_date")
    expect(date_box).to_have_attribute("type", "text")  # no browser picker in the browser's language
    expect(page.locator("#hearing_date-hint")).to_contain_text(TEXTS[lang]["hint"])
    page.fill("#title_kk", "Қарағайлы кенішін кеңейту")
    page.fill("#title_ru", "Расширение рудника Карагайлы")
    date_box.fill("31.02.2027")
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("#hearing_date-error")).to_contain_text(TEXTS[lang]["error"])
    expect(page.locator("#hearing_date")).to_have_value("31.02.2027")  # kept as typed
    shot(page, f"form-controls-date-error-{lang}")
    page.fill("#hearing_date", "15.01.2027")
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/manage/hearings/\d+$"))
    hearing_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    db.session.remove()
    assert db.session.get(Hearing, hearing_id).hearing_date == date(2027, 1, 15)
    picker = page.locator(".file-pick").first
    expect(picker.locator(".file-pick-button")).to_have_text(TEXTS[lang]["button"])
    expect(picker.locator(".file-pick-name")).to_have_text(TEXTS[lang]["none"])
    document = tmp_path / "ОВОС-2027.pdf"
    document.write_bytes(b"%PDF-1.4\n%%EOF\n")
    picker.locator("input[type=file]").set_input_files(str(document))
    expect(picker.locator(".file-pick-name")).to_have_text("ОВОС-2027.pdf")  # static/js/files.js, under the CSP
    picker.scroll_into_view_if_needed()
    shot(page, f"form-controls-file-{lang}")
    page.goto(f"/manage/hearings/{hearing_id}/edit")
    expect(page.locator("#hearing_date")).to_have_value("15.01.2027")
    shot(page, f"form-controls-date-{lang}")
