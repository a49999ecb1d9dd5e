"""The akimat officer's screens (/manage/hearings/…): what the tester found walking through them."""

import io
import re
from datetime import date

import pytest

from aarhus.core.extensions import db
from aarhus.hearings.models import Hearing
from tests.conftest import csrf_from, login
from tests.hearings.factories import officer_of, published

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def officer(app, clock, client):
    clock.set("2026-11-23")
    user = officer_of("KZ-35")
    login(client, user.email)
    return user


@pytest.fixture
def hearing(officer):
    return published(officer, start=date(2026, 12, 14))


def post(client, url, data, page_url, **kwargs):
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


def fresh(hearing_id):
    db.session.expire_all()
    return db.session.get(Hearing, hearing_id)


@pytest.mark.parametrize("act,data", [
    ("cancel", {"reason": "Жоба қайта қаралады"}),
    ("postpone", {"hearing_date": "2027-01-20", "reason": "Жоба қайта қаралады"}),
])
def test_cancelling_or_postponing_shows_a_check_page_first_and_change_keeps_the_reason(client, hearing, act, data):
    page = f"/manage/hearings/{hearing.id}"
    check = post(client, f"{page}/{act}", data, page)
    body = check.get_data(as_text=True)
    assert check.status_code == 200 and "Жоба қайта қаралады" in body and 'name="confirmed" value="1"' in body
    assert fresh(hearing.id).state.value == "published"  # nothing done yet
    again = client.post(f"{page}/{act}", data={**data, "edit": "1", "csrf_token": csrf_from(body)})
    form = again.get_data(as_text=True)
    assert again.status_code == 200 and "Жоба қайта қаралады</textarea>" in form and f'id="{act}"' in form
    assert fresh(hearing.id).state.value == "published"
    done = client.post(f"{page}/{act}", data={**data, "confirmed": "1", "csrf_token": csrf_from(body)})
    assert done.status_code == 302
    assert fresh(hearing.id).state.value == ("cancelled" if act == "cancel" else "agreed")


def test_the_conclusion_is_checked_with_its_file_before_it_is_published(client, hearing, clock):
    clock.set("2026-12-20")
    page = f"/manage/hearings/{hearing.id}"
    data = {"received_on": "2026-12-18", "outcome": "positive", "summary_kk": "Келісілді", "summary_ru": "Согласовано"}
    check = post(client, f"{page}/conclusion", {**data, "file": (io.BytesIO(PDF), "қорытынды.pdf")}, page,
                 content_type="multipart/form-data")
    body = check.get_data(as_text=True)
    assert check.status_code == 200 and "қорытынды.pdf" in body and 'name="stored_files"' in body
    assert fresh(hearing.id).expertise_conclusion is None
    stored = re.search(r'name="stored_files" value="([^"]+)"', body).group(1)
    done = client.post(f"{page}/conclusion", data={**data, "confirmed": "1", "stored_files": stored,
                                                   "csrf_token": csrf_from(body)})
    assert done.status_code == 302
    conclusion = fresh(hearing.id).expertise_conclusion
    assert conclusion is not None and conclusion.document.filename == "қорытынды.pdf"


def test_a_conclusion_received_in_the_future_is_refused_at_its_field(client, hearing, clock):
    clock.set("2026-12-20")
    page = f"/manage/hearings/{hearing.id}"
    data = {"received_on": "2026-12-25", "outcome": "positive", "summary_kk": "Келісілді"}
    refused = post(client, f"{page}/conclusion", {**data, "file": (io.BytesIO(PDF), "c.pdf")}, page,
                   content_type="multipart/form-data")
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Келісілді</textarea>" in body
    assert re.search(r'id="received_on-error">[^<]*бүгіннен', body)


def test_the_same_person_as_chair_and_secretary_is_refused_at_the_field_with_the_input_kept(client, hearing, officer,
                                                                                            clock):
    from tests.hearings.factories import secretary_of

    secretary_of("KZ-35")  # there is someone else to choose
    clock.set("2026-12-16")
    page = f"/manage/hearings/{hearing.id}"
    refused = post(client, f"{page}/protocol", {"attendees": "42", "attendee_list": "Тұрғындар, ҮЕҰ «Эко»",
                                                "eia_presented": "y", "chair_id": str(officer.id),
                                                "chair_name": "Асқар Бекұлы", "secretary_id": str(officer.id),
                                                "appeal_kk": "Сотқа шағымдануға болады", "appeal_ru": "Можно обжаловать"},
                   page)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "secretary_id" not in re.sub(r'[\w-]+="[^"]*"', "", body)
    assert re.search(r'id="secretary_id-error">Хатшы төрағадан басқа адам болуы тиіс', body)
    assert 'value="42"' in body and "Тұрғындар, ҮЕҰ «Эко»</textarea>" in body and 'value="Асқар Бекұлы"' in body
    assert "Сотқа шағымдануға болады</textarea>" in body
    assert fresh(hearing.id).protocol is None


def test_a_media_notice_dated_in_the_future_is_refused_at_the_date_with_the_outlet_kept(client, officer):
    from tests.hearings.factories import draft

    created = draft(officer)
    db.session.commit()
    page = f"/manage/hearings/{created.id}"
    refused = post(client, f"{page}/media-notices", {"outlet": "Егемен Қазақстан", "published_on": "2026-11-30",
                                                     "language": "kk"}, page)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'value="Егемен Қазақстан"' in body
    assert re.search(r'id="published_on-error">[^<]*бүгіннен', body)
    assert "media_notices.published_on" not in body


@pytest.mark.parametrize("lang,names", [
    ("kk", ["Жобаның атауы орысша", "Бұқаралық ақпарат құралдарындағы"]),
    ("ru", ["Название проекта на русском", "Объявления в средствах массовой информации"]),
])
def test_the_gate_names_every_problem_at_once_in_words(client, officer, lang, names):
    from aarhus.hearings import operations as ops
    from tests.hearings.factories import agree, notice_values

    values = {**notice_values(start=date(2026, 12, 1)), "title_ru": "", "description_ru": ""}
    created = ops.create_hearing("KZ-35", "open_meeting", values, officer)
    agree(created, officer)
    db.session.commit()
    client.get(f"/lang/{lang}")
    page = client.get(f"/manage/hearings/{created.id}").get_data(as_text=True)
    gate = re.search(r'<div class="gate".*?</div>', page, re.S).group(0)
    for code in ("title.ru", "description.ru", "media_notices"):
        assert code not in gate
    for name in names:
        assert name in gate
    assert "13.12.2026" in gate or "13 желтоқсан" in gate or "13 декабря" in gate  # the date, in the same answer


def test_an_oral_comment_is_refused_before_the_day_of_the_meeting(client, hearing, officer, clock):
    from aarhus.core.errors import OperationError
    from aarhus.hearings import operations as ops
    from aarhus.hearings.models import Channel

    page = f"/manage/hearings/{hearing.id}"
    before = client.get(page).get_data(as_text=True)
    assert "oral-comments" not in before and "14.12.2026" in before  # the form appears on the meeting's day
    form = {"author_name": "Ақын", "contact": "+7 700 000 00 00", "text": "Ауызша пікір"}
    refused = post(client, f"{page}/oral-comments", form, page, follow_redirects=True)
    assert "жиналыс күнінен бастап" in refused.get_data(as_text=True)
    assert ops.comments_of(fresh(hearing.id)) == []
    with pytest.raises(OperationError) as caught:
        ops.submit_comment(hearing, author_name="Ақын", contact="+7 700", text="x", show_name=True,
                           channel=Channel.oral, entered_by=officer)
    assert caught.value.code == "not_started"
    db.session.rollback()
    clock.set("2026-12-14")
    assert post(client, f"{page}/oral-comments", form, page).status_code == 302
    assert [c.text for c in ops.comments_of(fresh(hearing.id))] == ["Ауызша пікір"]


def test_a_cancelled_hearing_shows_when_and_why_and_no_countdown(client, hearing, officer):
    from aarhus.hearings import operations as ops

    ops.cancel_hearing(hearing, "Бастамашы жобаны кері қайтарып алды", officer)
    db.session.commit()
    index = client.get("/manage/hearings").get_data(as_text=True)
    row = re.search(rf'<tr[^>]*>\s*<td><a href="/manage/hearings/{hearing.id}">.*?</tr>', index, re.S).group(0)
    assert "Болдырылмады" in row and "23.11.2026" in row and 'class="left' not in row  # when, and no countdown
    page = client.get(f"/manage/hearings/{hearing.id}").get_data(as_text=True)
    assert "Бастамашы жобаны кері қайтарып алды" in page and "2026 жылғы 23 қараша" in page
    assert 'class="left' not in page and "дейін қабылданады" not in page and "Мерзімі:" not in page


def test_a_postponed_hearing_shows_when_and_why_and_no_empty_due_date(client, hearing, officer):
    from aarhus.hearings import operations as ops

    ops.postpone_hearing(hearing, {"hearing_date": date(2027, 1, 20)}, "Зал жөнделуде", officer)
    db.session.commit()
    page = client.get(f"/manage/hearings/{hearing.id}").get_data(as_text=True)
    assert "Зал жөнделуде" in page and "2026 жылғы 23 қараша" in page
    assert "Мерзімі:" not in page and 'class="left' not in page


@pytest.mark.parametrize("lang,words", [("kk", "Сақтамай қайту"), ("ru", "Вернуться без сохранения")])
def test_the_notice_form_has_a_way_back_that_is_not_called_cancel(client, hearing, lang, words):
    client.get(f"/lang/{lang}")
    for url, back in (("/manage/hearings/new", "/manage/hearings"),
                      (f"/manage/hearings/{hearing.id}/edit", f"/manage/hearings/{hearing.id}")):
        page = client.get(url).get_data(as_text=True)
        assert re.search(rf'<a[^>]*href="{back}"[^>]*>[^<]*{words}', page), url
        assert ">Болдырмау<" not in page and ">Отмена<" not in page


@pytest.mark.parametrize("lang,pending,pdfs", [
    ("kk", "Қолы күтілуде: Ләззат Иванова (хатшы)", ["Хаттама қазақ тілінде (PDF)", "Хаттама орыс тілінде (PDF)"]),
    ("ru", "Ожидается подпись: Ләззат Иванова (секретарь)",
     ["Протокол на казахском языке (PDF)", "Протокол на русском языке (PDF)"]),
])
def test_the_protocol_names_its_languages_and_the_awaited_signer_without_a_case_ending(app, client, hearing, officer,
                                                                                      clock, lang, pending, pdfs):
    from aarhus.hearings import operations as ops
    from tests.hearings.factories import make_protocol_pdfs, secretary_of, signers

    secretary = secretary_of("KZ-35")
    clock.set("2026-12-16")
    ops.draft_protocol(hearing, {"attendees": 10, **signers(officer, secretary)}, officer)
    ops.sign_protocol(hearing, "chair", officer)
    db.session.commit()
    client.get(f"/lang/{lang}")
    page = f"/manage/hearings/{hearing.id}"
    assert pending in client.get(page).get_data(as_text=True)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, officer)
    make_protocol_pdfs(app)
    body = client.get(page).get_data(as_text=True)
    assert "PDF kk" not in body and "PDF ru" not in body
    for label in pdfs:
        assert label in body
