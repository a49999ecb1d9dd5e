"""The request API of the contract, the pages, privacy and the e-mails at the SMTP server."""

import io
import re

import pytest

from aarhus.accounts.operations import issue_token
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.conftest import csrf_from, login, make_user

FILING = {"requester_name": "Гүлнар Сейітқызы", "contact_email": "gulnar@secret.kz", "holder": "KZ-75",
          "subject": "Алматы ауасының сапасы", "text": "2026 жылғы PM2.5 өлшемдерін сұраймын.", "language": "kk",
          "answer_form": "electronic", "categories": ["environment_state"]}


@pytest.fixture
def officer(app, clock):
    clock.set("2026-12-01")
    return make_user(Role.akimat_officer, email="officer@almaty.kz", region="KZ-75")


def auth(user):
    token = issue_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_filing_by_api_answers_the_contract(client, officer, smtp):
    response = client.post("/api/v1/requests", json=FILING)
    assert response.status_code == 201
    body = response.json
    assert body["registration_number"] == "KZ75-2026-00001" and body["registered_on"] == "2026-12-01"
    assert body["due_on"] == "2026-12-17" and "/requests/status/" in body["status_url"]
    assert smtp[0]["To"] == "gulnar@secret.kz" and "KZ75-2026-00001" in smtp[0]["Subject"]
    mail = smtp[0].get_content()
    assert "Жауап беру мерзімі — 2026 жылғы 17 желтоқсан" in mail and "«Ақпаратқа қол жеткізу туралы» Заң" in mail
    assert "Алматы қаласының әкімдігіне жіберген сұрау салуыңыз 2026 жылғы 1 желтоқсанда" in mail
    assert body["status_url"] in mail and not re.search(r"\d{4}-\d{2}-\d{2}", mail)


@pytest.mark.parametrize("blank", ["requester_name", "contact_email"])
def test_anonymous_filing_is_422(client, officer, blank):
    response = client.post("/api/v1/requests", json={**FILING, blank: "   "})
    assert response.status_code == 422 and response.json["error"]["code"] == "anonymous_not_accepted"


def test_the_officer_acts_through_the_api_with_the_contract_codes(client, officer, clock, smtp):
    number = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    headers = auth(officer)
    wrong = client.post(f"/api/v1/requests/{number}/answer", headers=headers, json={"text": "Ответ", "language": "ru"})
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "wrong_language"
    restricted = client.post(f"/api/v1/requests/{number}/refuse", headers=headers,
                             json={"ground": "restricted", "reason": "құпия"})
    assert restricted.status_code == 422 and restricted.json["error"]["code"] == "ground_not_allowed"
    unknown = client.post(f"/api/v1/requests/{number}/refuse", headers=headers, json={"ground": "lazy", "reason": "x"})
    assert unknown.json["error"]["code"] == "unknown_ground"
    assert client.post(f"/api/v1/requests/{number}/extend", headers=headers,
                       json={"reason": "Қосымша деректер керек"}).json["due_on"] == "2026-12-31"
    again = client.post(f"/api/v1/requests/{number}/extend", headers=headers, json={"reason": "тағы"})
    assert again.status_code == 422 and again.json["error"]["code"] == "extension_not_allowed"
    done = client.post(f"/api/v1/requests/{number}/answer", headers=headers,
                       json={"text": "PM2.5 деректері қоса беріледі", "language": "kk",
                             "withheld": [{"what": "Жеке тұлғалардың мекенжайлары", "ground": "restricted"}]})
    assert done.status_code == 422  # environment_state cannot be withheld as restricted either
    done = client.post(f"/api/v1/requests/{number}/answer", headers=headers,
                       json={"text": "PM2.5 деректері қоса беріледі", "language": "kk"})
    assert done.status_code == 200 and done.json["status"] == "answered"
    subjects = [m["Subject"] for m in smtp]
    assert len(subjects) == 3 and "ұзартылды" in subjects[1] and number in subjects[2]


def test_another_bodys_officer_is_refused_403(client, officer):
    number = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    stranger = make_user(Role.akimat_officer, email="o@kz35.kz", region="KZ-35")
    response = client.post(f"/api/v1/requests/{number}/answer", headers=auth(stranger),
                           json={"text": "x", "language": "kk"})
    assert response.status_code == 403
    citizen = make_user(Role.citizen, email="c@x.kz")
    assert client.post(f"/api/v1/requests/{number}/refuse", headers=auth(citizen),
                       json={"ground": "anonymous", "reason": "x"}).status_code == 403


def test_a_redirect_by_api_registers_at_the_receiving_body(client, officer):
    number = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    response = client.post(f"/api/v1/requests/{number}/redirect", headers=auth(officer),
                           json={"to_holder": "KZ-19", "reason": "Алматы облысының объектісі"})
    assert response.status_code == 200 and response.json["forwarded_as"] == "KZ19-2026-00001"
    assert client.get("/api/v1/requests/KZ19-2026-00001").json["status"] == "in_progress"


def test_personal_data_never_leaves_through_the_register(client, officer):
    number = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    client.post(f"/api/v1/requests/{number}/answer", headers=auth(officer), json={"text": "Жауап", "language": "kk"})
    for url in ("/requests", f"/requests/{number}", "/api/v1/requests", f"/api/v1/requests/{number}",
                "/api/v1/requests?q=Алматы"):
        body = client.get(url).get_data(as_text=True)
        assert "gulnar@secret.kz" not in body and "Гүлнар" not in body and "PM2.5 өлшемдерін" not in body, url
    assert client.get("/api/v1/requests?q=алматы").json["total"] == 1


def test_the_register_filters_by_status_and_shows_days_late(client, officer, clock):
    client.post("/api/v1/requests", json=FILING)
    clock.set("2026-12-21")
    listed = client.get("/api/v1/requests?status=overdue").json
    assert listed["total"] == 1 and listed["items"][0]["days_late"] == 4
    page = client.get("/requests?status=overdue", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "4 дня" in page


def test_filing_on_the_page_warns_first_and_keeps_input_on_error(client, officer):
    page = client.get("/requests/new").get_data(as_text=True)
    assert "5-бап" in page or "art. 5" in page
    response = client.post("/requests/new", data={"requester_name": "", "contact_email": "a@b.kz", "holder": "",
                                                  "subject": "Су сапасы", "text": "Деректер", "language": "kk",
                                                  "answer_form": "electronic", "csrf_token": csrf_from(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="Су сапасы"' in html and 'value="a@b.kz"' in html


def test_filing_on_the_page_shows_a_check_page_first_then_registers_once(client, officer, smtp):
    page = client.get("/requests/new").get_data(as_text=True)
    form = {"requester_name": "Гүлнар", "contact_email": "gulnar@secret.kz", "holder": str(officer.body_id),
            "subject": "Су сапасы", "text": "Деректер", "language": "kk", "answer_form": "electronic",
            "csrf_token": csrf_from(page), "submission_key": re.search(r'name="submission_key" value="([^"]+)"',
                                                                       page).group(1)}
    check = client.post("/requests/new", data=form, headers={"Accept-Language": "en"})
    html = check.get_data(as_text=True)
    assert check.status_code == 200 and "Check your request before you send it" in html and "Су сапасы" in html
    assert client.get("/api/v1/requests").json["total"] == 0 and smtp == []  # nothing registered yet
    changed = client.post("/requests/new", data={**form, "confirmed": "1", "edit": "1"}).get_data(as_text=True)
    assert 'value="Су сапасы"' in changed and 'value="gulnar@secret.kz"' in changed  # change: nothing lost
    sent = client.post("/requests/new", data={**form, "confirmed": "1"})
    assert sent.status_code == 200 and client.get("/api/v1/requests").json["total"] == 1
    again = client.post("/requests/new", data={**form, "confirmed": "1"})  # the same form once more: not twice
    assert again.status_code == 302 and client.get("/api/v1/requests").json["total"] == 1


def test_a_check_page_refuses_what_the_law_refuses_before_showing_it(client, officer):
    page = client.get("/requests/new").get_data(as_text=True)
    response = client.post("/requests/new", data={
        "requester_name": "Гүлнар", "contact_email": "gulnar@secret.kz", "holder": str(officer.body_id),
        "subject": "Су", "text": "Деректер", "language": "kk", "answer_form": "paper", "postal_address": "",
        "csrf_token": csrf_from(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and '<a href="#postal_address">' in html  # the summary links to the field


def test_the_private_page_explains_the_clock_and_takes_a_complaint(client, officer, clock, smtp):
    status_url = client.post("/api/v1/requests", json=FILING).json["status_url"]
    path = status_url.split("127.0.0.1:5000")[-1]
    page = client.get(path).get_data(as_text=True)
    # 1 Dec + 15 CD = 16 Dec, Independence Day: the trace names it and the date moves to the 17th.
    assert "Гүлнар" in page and "2026 жылғы 16 желтоқсан — Тәуелсіздік күні: жұмыс істелмейтін күн, есепке алынбайды" in page
    clock.set("2026-12-18")
    page = client.get(path).get_data(as_text=True)
    response = client.post(path, data={"text": "Мерзім бұзылды", "csrf_token": csrf_from(page)}, follow_redirects=True)
    assert "жоғары тұрған органға" in response.get_data(as_text=True)
    assert "KZ75-2026-00001" in smtp[-1]["Subject"] and "шағым" in smtp[-1]["Subject"].lower()


def test_the_inbox_shows_overdue_first_and_answers_with_files(client, officer, clock):
    first = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    clock.set("2026-12-10")
    second = client.post("/api/v1/requests", json={**FILING, "subject": "Су"}).json["registration_number"]
    clock.set("2026-12-20")
    login(client, officer.email)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert inbox.index(first) < inbox.index(second) and "row-bad" in inbox
    handle = client.get(f"/inbox/{second}").get_data(as_text=True)
    check = client.post(f"/inbox/{second}/answer", content_type="multipart/form-data", data={
        "text": "Деректер қоса беріледі", "pages": "0", "withheld_what": "", "withheld_ground": "",
        "files": [(io.BytesIO(b"%PDF-1.4\n%%EOF"), "су-деректері.pdf")], "csrf_token": csrf_from(handle)})
    page = check.get_data(as_text=True)  # check before you send: the text, the file, where it goes
    assert check.status_code == 200 and "Деректер қоса беріледі" in page and "су-деректері.pdf" in page
    assert client.get(f"/api/v1/requests/{second}").json["status"] != "answered"  # nothing sent yet
    stored = re.search(r'name="stored_files" value="([^"]+)"', page).group(1)
    response = client.post(f"/inbox/{second}/answer", data={
        "text": "Деректер қоса беріледі", "pages": "0", "withheld_what": "", "withheld_ground": "",
        "confirmed": "1", "stored_files": stored, "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    forged = client.post(f"/inbox/{first}/answer", data={"text": "x", "pages": "0", "confirmed": "1",
                                                          "stored_files": stored[:-2] + "xx", "csrf_token": csrf_from(page)})
    assert forged.status_code == 302  # a tampered file list attaches nothing
    assert client.get(f"/api/v1/requests/{first}").json["files"] == []
    entry = client.get(f"/api/v1/requests/{second}").json
    assert entry["status"] == "answered" and entry["files"][0]["name"] == "су-деректері.pdf"
    download = client.get(entry["files"][0]["url"].split("127.0.0.1:5000")[-1])
    assert download.headers["Content-Disposition"].startswith("attachment")
    download.close()
    assert client.get(f"/inbox/{second}").status_code == 200
    stranger = make_user(Role.akimat_officer, email="s@kz35.kz", region="KZ-35")
    client.post("/logout", data={"csrf_token": csrf_from(inbox)})
    login(client, stranger.email)
    assert client.get(f"/inbox/{first}").status_code == 403


def test_a_repeated_filing_with_an_idempotency_key_keeps_the_private_link_private(client, clock):
    first = client.post("/api/v1/requests", json=FILING, headers={"Idempotency-Key": "filing-1"})
    again = client.post("/api/v1/requests", json=FILING, headers={"Idempotency-Key": "filing-1"})
    assert first.status_code == again.status_code == 201 and "status_url" in first.json
    assert again.json["registration_number"] == first.json["registration_number"]
    assert "status_url" not in again.json  # never kept in clear: it was e-mailed and shown once
    other = client.post("/api/v1/requests", json={**FILING, "subject": "Басқа"}, headers={"Idempotency-Key": "filing-1"})
    assert other.status_code == 201 and other.json["registration_number"] != first.json["registration_number"]
