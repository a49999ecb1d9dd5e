"""What a citizen sees on a hearing's public page: a called-off hearing, the comment form's landing, prefills."""

from datetime import date

from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.hearings import operations as ops
from tests.conftest import csrf_from, login, make_user
from tests.hearings.factories import published


def test_a_cancelled_hearing_says_so_and_counts_nothing_down(client, officer, clock):
    hearing = published(officer, start=date(2026, 12, 14))
    clock.set("2026-11-30")
    ops.cancel_hearing(hearing, "Бастамашы жобаны кері қайтарып алды", officer)
    db.session.commit()
    html = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This hearing was cancelled on 30 November 2026." in html
    assert "Бастамашы жобаны кері қайтарып алды" in html and "Written comments are not accepted." in html
    assert 'class="left' not in html and "days left" not in html
    assert f"/hearings/{hearing.id}.ics" not in html and "Send a comment" not in html
    kk = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert "күн қалды" not in kk and "болдырылмады" in kk
    ics = client.get(f"/hearings/{hearing.id}.ics").get_data(as_text=True)
    assert ics.count("BEGIN:VEVENT") == 2 and ics.count("STATUS:CANCELLED") == 2


def test_a_postponed_hearing_says_so_with_its_reason_and_counts_nothing_down(client, officer, clock):
    hearing = published(officer, start=date(2026, 12, 14))
    clock.set("2026-11-30")
    ops.postpone_hearing(hearing, {"hearing_date": date(2027, 1, 20)}, "Құжаттама толықтырылады", officer)
    db.session.commit()
    html = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This hearing was postponed on 30 November 2026." in html and "Құжаттама толықтырылады" in html
    assert "Written comments are not accepted until a new notice is published." in html
    assert 'class="left' not in html and f"/hearings/{hearing.id}.ics" not in html
    ics = client.get(f"/hearings/{hearing.id}.ics").get_data(as_text=True)
    assert "STATUS:CONFIRMED" not in ics and "STATUS:TENTATIVE" in ics


def test_a_refused_or_reopened_comment_lands_at_the_form_with_its_errors_focused(client, officer):
    hearing = published(officer)
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert f'action="/hearings/{hearing.id}/comments#comment-form"' in page
    form = {"author_name": "Сәуле", "contact": "saule@mail.kz", "show_name": "name", "text": "",
            "csrf_token": csrf_from(page)}
    refused = client.post(f"/hearings/{hearing.id}/comments#comment-form", data=form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and '<div class="error-summary" role="alert" tabindex="-1" autofocus>' in html
    check = client.post(f"/hearings/{hearing.id}/comments", data={**form, "text": "Су қоймасы туралы"})
    assert f'formaction="/hearings/{hearing.id}/comments#comment-form"' in check.get_data(as_text=True)


def test_the_thank_you_is_shown_at_the_new_comment_where_the_page_lands(client, officer):
    hearing = published(officer)
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    form = {"author_name": "Сәуле", "contact": "saule@mail.kz", "show_name": "name", "text": "Су қоймасы туралы",
            "csrf_token": csrf_from(page), "confirmed": "1"}
    sent = client.post(f"/hearings/{hearing.id}/comments", data=form, headers={"Accept-Language": "en"})
    receipt = ops.comments_of(hearing)[0].receipt
    assert sent.headers["Location"] == f"/hearings/{hearing.id}#{receipt}"
    html = client.get(sent.headers["Location"], headers={"Accept-Language": "en"}).get_data(as_text=True)
    item = html[html.index(f'<li id="{receipt}">'):]
    item = item[:item.index("</li>")]
    assert f"Thank you. Your comment is registered under number {receipt}." in item
    assert html.count(f"Your comment is registered under number {receipt}") == 1


def test_the_contact_must_be_an_e_mail_or_a_phone_and_only_an_e_mail_gets_the_receipt(client, officer):
    hearing = published(officer)
    page = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The receipt is sent only to an e-mail address." in page
    form = {"author_name": "Сәуле", "show_name": "name", "text": "Су қоймасы туралы", "csrf_token": csrf_from(page)}
    for wrong in ("abc", "12", "saule@"):
        refused = client.post(f"/hearings/{hearing.id}/comments", data={**form, "contact": wrong},
                              headers={"Accept-Language": "ru"})
        html = refused.get_data(as_text=True)
        assert refused.status_code == 422 and f'value="{wrong}"' in html
        assert "Укажите адрес электронной почты (name@example.kz) или номер телефона" in html
    phone = client.post(f"/hearings/{hearing.id}/comments", data={**form, "contact": "+7 701 234-56-78"},
                        headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "E-mail or phone (never published)" in phone and "Your e-mail: the receipt" not in phone
    assert "The receipt is not sent to a phone number" in phone
    mail = client.post(f"/hearings/{hearing.id}/comments", data={**form, "contact": "saule@mail.kz"},
                       headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Your e-mail: the receipt" in mail and ops.comments_of(hearing) == []


def test_a_signed_in_citizens_name_and_e_mail_are_filled_in(client, officer):
    hearing = published(officer)
    citizen = make_user(Role.citizen, email="aigerim@mail.kz")
    login(client, citizen.email)
    html = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert f'name="author_name" required type="text" value="{citizen.name}"' in html
    assert 'value="aigerim@mail.kz"' in html


def test_the_other_languages_title_is_labelled_with_its_language(client, officer):
    hearing = published(officer)
    kk = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert '<p class="small">Орыс тілінде: <span lang="ru">Проект добычи меди на месторождении Карагайлы</span></p>' in kk
    ru = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<p class="small">На казахском языке: <span lang="kk">Қарағайлы кен орнында мыс өндіру жобасы</span></p>' in ru
