"""The officer's acts on /inbox/<number>: what the law refuses is said before the check page, a refusal after it
keeps what was typed, going back keeps the answer and its files, and the page tells the request's history."""


import html
import io
import re

import pytest

from aarhus.bodies.operations import akimat_of
from aarhus.core.roles import Role
from tests.conftest import csrf_from, login, make_user
from tests.requests.test_requests_web import FILING

EN = {"Accept-Language": "en"}
CHECK = "Check before you send"


@pytest.fixture
def number(client, app, clock):
    """A request to the Almaty akimat (environment_state: never refused as restricted), its officer signed in."""
    clock.set("2026-12-01")
    officer = make_user(Role.akimat_officer, email="officer@almaty.kz", region="KZ-75")
    found = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    login(client, officer.email)
    return found


def token(client, number):
    return csrf_from(client.get(f"/inbox/{number}").get_data(as_text=True))


def status(client, number):
    return client.get(f"/api/v1/requests/{number}").json["status"]


def own_id():
    return str(akimat_of("KZ-75").id)


def test_the_own_body_is_not_offered_as_the_competent_holder(client, number):
    page = client.get(f"/inbox/{number}", headers=EN).get_data(as_text=True)
    select = page[page.index('name="to_holder"'):]
    select = select[:select.index("</select>")]
    assert f'value="{own_id()}"' not in select and f'value="{akimat_of("KZ-19").id}"' in select


def test_forwarding_to_the_own_body_is_refused_before_the_check_page_and_keeps_the_reason(client, number):
    response = client.post(f"/inbox/{number}/redirect", headers=EN, data={
        "to_holder": own_id(), "reason": "Біздің объект емес", "csrf_token": token(client, number)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and CHECK not in page and "Біздің объект емес" in page
    assert status(client, number) == "in_progress"


def test_forwarding_to_the_own_body_after_the_check_page_says_why_and_keeps_everything(client, number):
    response = client.post(f"/inbox/{number}/redirect", headers=EN, data={
        "to_holder": own_id(), "reason": "Біздің объект емес", "confirmed": "1", "csrf_token": token(client, number)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Біздің объект емес" in page
    assert "Some values are missing or invalid" not in page
    assert "cannot be forwarded to the body that received it" in page
    assert status(client, number) == "in_progress"


def test_a_ground_the_law_forbids_is_refused_before_the_check_page(client, number):
    response = client.post(f"/inbox/{number}/refuse", headers=EN, data={
        "ground": "restricted", "reason": "Құпия деректер", "csrf_token": token(client, number)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and CHECK not in page
    assert "can never be refused as restricted" in page and "Құпия деректер" in page
    assert '<option selected value="restricted">' in page or 'value="restricted" selected' in page


@pytest.mark.parametrize("lang, message", [("kk", "6-бап"), ("ru", "ст. 6"), ("en", "art. 6")])
def test_a_refusal_refused_after_the_check_page_shows_the_form_again_with_what_was_typed(client, number, lang,
                                                                                          message):
    """A race: the check page was shown, then the refusal is refused; nothing typed is lost, the message is clear."""
    response = client.post(f"/inbox/{number}/refuse", headers={"Accept-Language": lang}, data={
        "ground": "restricted", "reason": "Құпия деректер", "confirmed": "1", "csrf_token": token(client, number)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Құпия деректер" in page and message in page
    assert status(client, number) == "in_progress"


def test_a_withheld_part_the_law_forbids_is_refused_before_the_check_page(client, number):
    response = client.post(f"/inbox/{number}/answer", headers=EN, content_type="multipart/form-data", data={
        "text": "Деректер", "withheld_what": "Мекенжайлар", "withheld_ground": "restricted", "pages": "0",
        "csrf_token": token(client, number)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and CHECK not in page and "can never be refused as restricted" in page
    assert "Мекенжайлар" in page


def test_the_forwarding_refusal_is_said_in_kazakh(client, number):
    response = client.post(f"/inbox/{number}/redirect", headers={"Accept-Language": "kk"}, data={
        "to_holder": own_id(), "reason": "Біздің объект емес", "confirmed": "1", "csrf_token": token(client, number)})
    assert "алған органның өзіне жіберуге болмайды" in response.get_data(as_text=True)


def hidden_fields(page, action=None):
    """The hidden inputs of the form that posts to ``action`` (by default the check page's confirming form)."""
    start = page.index(f'action="{action}"') if action else page.index('<input type="hidden" name="confirmed"')
    form = page[page.rindex("<form", 0, start):]
    form = form[:form.index("</form>")]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields[html.unescape(attrs["name"])] = html.unescape(attrs.get("value", ""))
    return fields


def test_changing_the_answer_keeps_the_text_and_the_attached_file(client, number):
    answer = {"text": "PM2.5 деректері қоса беріледі", "pages": "0", "withheld_what": "", "withheld_ground": ""}
    check = client.post(f"/inbox/{number}/answer", headers=EN, content_type="multipart/form-data", data={
        **answer, "files": [(io.BytesIO(b"%PDF-1.4\n%%EOF"), "су-деректері.pdf")], "csrf_token": token(client, number)})
    page = check.get_data(as_text=True)
    assert check.status_code == 200 and CHECK in page
    assert re.search(r'<button type="submit" name="edit" value="1" class="secondary">', page)  # not the primary look
    back = client.post(f"/inbox/{number}/answer", headers=EN, data={**hidden_fields(page), "edit": "1"})
    form = back.get_data(as_text=True)
    assert back.status_code == 200 and CHECK not in form and "PM2.5 деректері қоса беріледі" in form
    assert "су-деректері.pdf" in form and "Still attached" in form  # the file is kept on the server, and said so
    again = client.post(f"/inbox/{number}/answer", headers=EN, content_type="multipart/form-data",
                        data={**hidden_fields(form, f"/inbox/{number}/answer"), "text": "PM2.5 деректері, түзетілген", "pages": "0", "withheld_what": "",
                              "withheld_ground": ""})
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "су-деректері.pdf" in page and "түзетілген" in page
    assert client.post(f"/inbox/{number}/answer", data=hidden_fields(page)).status_code == 302
    entry = client.get(f"/api/v1/requests/{number}").json
    assert entry["status"] == "answered" and [f["name"] for f in entry["files"]] == ["су-деректері.pdf"]


def test_a_new_file_replaces_the_one_still_attached(client, number):
    first = client.post(f"/inbox/{number}/answer", headers=EN, content_type="multipart/form-data", data={
        "text": "Деректер", "pages": "0", "files": [(io.BytesIO(b"%PDF-1.4\n%%EOF"), "бірінші.pdf")],
        "csrf_token": token(client, number)}).get_data(as_text=True)
    form = client.post(f"/inbox/{number}/answer", data={**hidden_fields(first), "edit": "1"}).get_data(as_text=True)
    stored = re.search(r'name="stored_files" value="([^"]+)"', form).group(1)
    check = client.post(f"/inbox/{number}/answer", content_type="multipart/form-data", data={
        "text": "Деректер", "pages": "0", "stored_files": stored, "csrf_token": csrf_from(form),
        "files": [(io.BytesIO(b"%PDF-1.4\n%%EOF"), "екінші.pdf")]}).get_data(as_text=True)
    assert "екінші.pdf" in check and "бірінші.pdf" not in check


@pytest.mark.parametrize("act, data", [
    ("extend", {"ground": "several_holders", "decided_by": "Әкім Б. Б. Сағынтаев", "reason": "Басқа органдар"}),
    ("refuse", {"ground": "no_substance", "reason": "Мәні жазылмаған"}),
])
def test_changing_any_act_keeps_what_was_typed(client, number, act, data):
    page = client.post(f"/inbox/{number}/{act}", headers=EN,
                       data={**data, "csrf_token": token(client, number)}).get_data(as_text=True)
    assert re.search(r'<button type="submit" name="edit" value="1" class="secondary">', page)
    back = client.post(f"/inbox/{number}/{act}", data={**hidden_fields(page), "edit": "1"}).get_data(as_text=True)
    assert CHECK not in back and data["reason"] in back and status(client, number) == "in_progress"


def test_a_secondary_link_does_not_look_like_the_primary_button(app):
    css = (app.root_path + "/../static/css/site.css")
    with open(css, encoding="utf-8") as handle:
        assert re.search(r"\.button\.secondary[^{]*\{[^}]*background: #fff", handle.read())


@pytest.mark.parametrize("lang, heading", [("kk", "Нөмірі"), ("ru", "Номер"), ("en", "Number")])
def test_the_inbox_heads_the_number_column_as_a_number_not_a_quantity(client, number, lang, heading):
    page = client.get("/inbox", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<th scope="col">{heading}</th>' in page and "Саны" not in page and "Количество" not in page


def confirm(client, number, act, data, lang="en"):
    """Post an act's form, then confirm it from the check page."""
    check = client.post(f"/inbox/{number}/{act}", headers={"Accept-Language": lang},
                        data={**data, "csrf_token": token(client, number)}).get_data(as_text=True)
    assert CHECK in check or lang != "en"
    return client.post(f"/inbox/{number}/{act}", data=hidden_fields(check))


def section(page):
    return page[page.index('id="history"'):]


@pytest.mark.parametrize("lang, extended, due", [
    ("kk", "2026 жылғы 3 желтоқсан", "2026 жылғы 31 желтоқсан"),
    ("ru", "3 декабря 2026 г.", "31 декабря 2026 г."),
    ("en", "3 December 2026", "31 December 2026"),
])
def test_the_request_page_tells_the_extension_and_then_the_answer(client, clock, number, lang, extended, due):
    clock.set("2026-12-03")
    assert confirm(client, number, "extend", {"ground": "several_holders", "decided_by": "Әкім Е. Досаев",
                                              "reason": "Басқа органдардан деректер керек"}).status_code == 302
    page = section(client.get(f"/inbox/{number}", headers={"Accept-Language": lang}).get_data(as_text=True))
    assert extended in page and due in page and "Әкім Е. Досаев" in page
    assert "Басқа органдардан деректер керек" in page and ("art. 11" in page or "11" in page)
    clock.set("2026-12-20")
    assert confirm(client, number, "answer", {"text": "PM2.5 деректері қоса беріледі", "pages": "0"}).status_code == 302
    page = section(client.get(f"/inbox/{number}", headers={"Accept-Language": lang}).get_data(as_text=True))
    assert "PM2.5 деректері қоса беріледі" in page and "Әкім Е. Досаев" in page
    assert {"kk": "2026 жылғы 20 желтоқсан", "ru": "20 декабря 2026 г.", "en": "20 December 2026"}[lang] in page


def test_the_request_page_tells_the_refusal_with_its_ground(client, number):
    assert confirm(client, number, "refuse", {"ground": "no_substance", "reason": "Мәні жазылмаған"}).status_code == 302
    page = section(client.get(f"/inbox/{number}", headers=EN).get_data(as_text=True))
    assert "Refused" in page and "The substance of the request is not stated" in page and "Мәні жазылмаған" in page
    assert "1 December 2026" in page


def test_the_request_page_tells_where_it_was_forwarded(client, number):
    to = str(akimat_of("KZ-19").id)
    assert confirm(client, number, "redirect", {"to_holder": to, "reason": "Облыстың объектісі"}).status_code == 302
    page = section(client.get(f"/inbox/{number}", headers=EN).get_data(as_text=True))
    assert "KZ19-2026-00001" in page and "Облыстың объектісі" in page and "Akimat of Almaty Region" in page
