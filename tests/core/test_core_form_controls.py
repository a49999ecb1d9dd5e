"""Form controls speak the page's language: dates typed and shown as DD.MM.YYYY (no browser date picker), file
inputs with a translated button, and the server's validation messages (WTForms' own too) in kk and ru."""

import re
from datetime import date, time
from pathlib import Path

import pytest
import wtforms
from babel.messages.pofile import read_po
from sqlalchemy import select

from aarhus.core.forms import parse_date, parse_time
from aarhus.hearings.models import Hearing
from tests.conftest import csrf_from, login
from tests.hearings.factories import notice_values, officer_of

# WTForms' own English messages ("This field is required.", "Not a valid date value.", …), from its catalog
with (Path(wtforms.__file__).parent / "locale" / "wtforms.pot").open("rb") as pot:
    WTFORMS_MESSAGES = [m.id for m in read_po(pot) if m.id and isinstance(m.id, str) and len(m.id) > 12]
DATE_ERROR = {"kk": "Нақты күнді КК.АА.ЖЖЖЖ түрінде енгізіңіз", "ru": "Введите существующую дату в формате ДД.ММ.ГГГГ"}
DATE_HINT = {"kk": "Пішімі: КК.АА.ЖЖЖЖ", "ru": "Формат: ДД.ММ.ГГГГ"}
REQUIRED = {"kk": "Бұл өрісті толтыру міндетті.", "ru": "Это поле обязательно для заполнения."}
OWN_KAZAKH = "Бұл өріс міндетті түрде керек."  # WTForms' own Kazakh, not the official style


def english_messages(page: str) -> list[str]:
    return [message for message in WTFORMS_MESSAGES if message in page]


def test_parse_time_reads_the_24_hour_clock():
    assert parse_time("14:30") == parse_time("14.30") == time(14, 30) and parse_time("9:05") == time(9, 5)
    for wrong in ("2:30 PM", "24:00", "14:3", "", None):
        assert parse_time(wrong) is None


def test_parse_date_reads_the_official_numeric_style_and_iso():
    assert parse_date("26.12.2026") == parse_date("2026-12-26") == date(2026, 12, 26)
    assert parse_date(" 1.2.2027 ") == date(2027, 2, 1)
    for wrong in ("12/26/2026", "26.12.26", "31.02.2026", "2026-2-1", "", None, "26.12.2026x"):
        assert parse_date(wrong) is None


@pytest.fixture
def officer(app, clock, client):
    clock.set("2026-11-23")
    user = officer_of("KZ-35")
    login(client, user.email)
    return user


def notice(**changes):
    values = {k: (v.strftime("%d.%m.%Y") if hasattr(v, "strftime") else str(v)) for k, v in notice_values().items()}
    return {"region": "KZ-35", "form": "open_meeting", **values, "hearing_time": "11:00", **changes}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_notice_with_dates_typed_as_dd_mm_yyyy_is_saved(client, officer, lang):
    client.set_cookie("lang", lang)
    page = client.get("/manage/hearings/new").get_data(as_text=True)
    assert 'type="date"' not in page and 'type="time"' not in page and DATE_HINT[lang] in page
    response = client.post("/manage/hearings/new", data={**notice(hearing_date="15.01.2027"),
                                                         "csrf_token": csrf_from(page)})
    assert response.status_code == 302, english_messages(response.get_data(as_text=True))
    hearing = client.application.extensions["sqlalchemy"].session.scalars(select(Hearing)).one()
    assert hearing.hearing_date == date(2027, 1, 15)
    edit = client.get(f"/manage/hearings/{hearing.id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="hearing_date"[^>]*value="15.01.2027"', edit)
    assert re.search(r'<input[^>]*id="hearing_time"[^>]*value="11:00"', edit)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_impossible_date_is_refused_in_the_page_language_and_kept_as_typed(client, officer, lang):
    client.set_cookie("lang", lang)
    token = csrf_from(client.get("/manage/hearings/new").get_data(as_text=True))
    response = client.post("/manage/hearings/new", data={**notice(hearing_date="31.02.2027"), "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code != 302
    assert DATE_ERROR[lang] in page
    assert re.search(r'<input[^>]*id="hearing_date"[^>]*value="31.02.2027"', page)
    assert not english_messages(page)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_wtforms_own_messages_come_in_the_page_language(client, officer, lang):
    """Required fields, a float, an address, a time, a date: every message WTForms writes, in kk and ru."""
    client.set_cookie("lang", lang)
    token = csrf_from(client.get("/manage/hearings/new").get_data(as_text=True))
    response = client.post("/manage/hearings/new", data={
        **notice(), "region": "", "lat": "north", "video_url": "not an address", "hearing_time": "11 o'clock",
        "survey_start": "12/31/2026", "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code != 302
    assert not english_messages(page), english_messages(page)
    assert page.count('class="error"') >= 4
    calculator = client.get("/deadlines", query_string={"rule": "", "date": ""}).get_data(as_text=True)
    assert REQUIRED[lang] in calculator and not english_messages(calculator) and OWN_KAZAKH not in calculator
    time_error = {"kk": "Уақытты СС:ММ түрінде", "ru": "Введите время в формате ЧЧ:ММ"}[lang]
    assert time_error in page


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_calculator_takes_and_shows_dates_in_the_official_style(client, lang):
    client.set_cookie("lang", lang)
    page = client.get("/deadlines").get_data(as_text=True)
    rule = re.search(r'<select[^>]*name="rule"[^>]*>.*?<option[^>]*value="([^"]+)"', page, re.S).group(1)
    assert re.search(r'<input[^>]*name="date"[^>]*value="\d\d\.\d\d\.\d{4}"', page)
    done = client.get("/deadlines", query_string={"rule": rule, "date": "01.03.2027"})
    assert done.status_code == 200 and 'value="01.03.2027"' in done.get_data(as_text=True)
    wrong = client.get("/deadlines", query_string={"rule": rule, "date": "03/01/2027"})
    assert wrong.status_code == 400 and DATE_ERROR[lang] in wrong.get_data(as_text=True)
    assert 'value="03/01/2027"' in wrong.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_file_inputs_carry_a_translated_button_and_no_file_text(client, officer, lang):
    client.set_cookie("lang", lang)
    token = csrf_from(client.get("/manage/hearings/new").get_data(as_text=True))
    response = client.post("/manage/hearings/new", data={**notice(), "csrf_token": token})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    button = {"kk": "Файлды таңдау", "ru": "Выбрать файл"}[lang]
    none = {"kk": "Файл таңдалмады", "ru": "Файл не выбран"}[lang]
    assert re.search(r'<span class="file-pick"[^>]*>\s*<input[^>]*type="file"', page)
    assert button in page and none in page
    assert "js/files.js" in page


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_reports_page_date_boxes_take_dd_mm_yyyy_and_keep_a_wrong_one(client, as_role, clock, lang):
    from aarhus.core.roles import Role
    from aarhus.plans.models import PlanSubmission

    clock.set("2027-06-20")
    as_role(Role.compliance_officer)
    client.set_cookie("lang", lang)
    page = client.get("/reports").get_data(as_text=True)
    assert 'type="date"' not in page and DATE_HINT[lang] in page
    wrong = client.post("/reports/plans/biodiversity/submissions",
                        data={"year": "2026", "sent_on": "12/06/2027", "csrf_token": csrf_from(page)})
    assert wrong.status_code == 302
    back = client.get(wrong.headers["Location"]).get_data(as_text=True)
    assert 'value="12/06/2027"' in back  # the typed text comes back into its box
    sent = client.post("/reports/plans/biodiversity/submissions",
                       data={"year": "2026", "sent_on": "12.06.2027", "csrf_token": csrf_from(page)})
    assert sent.status_code == 302
    row = client.application.extensions["sqlalchemy"].session.scalars(select(PlanSubmission)).one()
    assert row.sent_on == date(2027, 6, 12)


RANGE_ERROR = {"kk": "01.01.2000 – 31.12.2040 аралығында", "ru": "в пределах с 01.01.2000 по 31.12.2040",
               "en": "from 01.01.2000 to 31.12.2040"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("typed,accepted", [("31.12.1999", False), ("01.01.2000", True), ("2040-12-31", True),
                                            ("01.01.2041", False), ("31.12.9999", False), ("0001-01-01", False)])
def test_a_date_field_takes_only_the_years_of_the_calendar(app, lang, typed, accepted):
    from flask_babel import force_locale
    from werkzeug.datastructures import MultiDict

    from aarhus.legal.forms import CalculatorForm  # its date is the shared core.forms.DateField
    with app.test_request_context(), force_locale(lang):
        form = CalculatorForm(MultiDict({"rule": "request.answer", "date": typed}))
        form.rule.choices = [("request.answer", "request.answer")]
        assert form.validate() is accepted
        if not accepted:
            assert form.date.data is None and RANGE_ERROR[lang] in form.date.errors[0]
            assert form.date._value() == typed


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_notice_dated_outside_the_calendar_is_refused_and_kept_as_typed(client, officer, lang):
    client.set_cookie("lang", lang)
    token = csrf_from(client.get("/manage/hearings/new").get_data(as_text=True))
    response = client.post("/manage/hearings/new", data={**notice(hearing_date="15.01.9999"), "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code != 302 and RANGE_ERROR[lang] in page
    assert re.search(r'<input[^>]*id="hearing_date"[^>]*value="15.01.9999"', page)
