"""Following one hearing or one request: double opt-in, a mail per change at a real SMTP server, one-click leave,
per-item calendars, the public thread of a request, and the complaint the requester is offered."""

from __future__ import annotations

import re
import subprocess

import pytest
from sqlalchemy import select

from aarhus.accounts.operations import issue_token
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.hearings import operations as hearing_ops
from aarhus.notify.mail import deliver_pending
from aarhus.profiles.models import Follow
from aarhus.requests.models import InfoRequest
from tests.conftest import csrf_from, make_user
from tests.hearings.factories import officer_of, published

FILING = {"requester_name": "Гүлнар Сейітқызы", "contact_email": "gulnar@secret.kz", "holder": "KZ-75",
          "subject": "Алматы ауасының сапасы", "text": "2026 жылғы PM2.5 өлшемдерін сұраймын.", "language": "kk",
          "answer_form": "electronic", "categories": ["environment_state"]}


def auth(user):
    token = issue_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def follow(client, smtp, path, email, lang="kk"):
    """Ask to follow through the page, then open the confirmation link of the mail that arrives."""
    client.set_cookie("lang", lang)
    page = client.get(path)
    assert page.status_code == 200
    sent = client.post(path, data={"email": email, "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert sent.status_code == 200 and email in sent.get_data(as_text=True)
    mail = smtp[-1]
    assert mail["To"] == email
    body = mail.get_content()
    confirm = re.search(r"http\S+/follow/confirm/\S+", body).group(0)
    assert "/follow/unsubscribe/" in body
    return confirm


def unsubscribe_link(mail) -> str:
    return re.search(r"http\S+/follow/unsubscribe/\S+", mail.get_content()).group(0)


def ics_events(text: str) -> list[dict[str, str]]:
    """Strict RFC 5545 reading: CRLF lines of at most 75 octets, unfolded, one BEGIN/END pair per component."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR" and "VERSION:2.0" in lines
    events, current = [], None
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    for event in events:
        assert {"UID", "DTSTAMP", "SUMMARY"} <= set(event) and any(k.startswith("DTSTART") for k in event)
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    return events


@pytest.fixture
def officer(app, clock):
    clock.set("2026-11-23")
    return officer_of("KZ-35")


def test_follow_a_hearing_confirm_act_mail_unsubscribe(client, officer, smtp):
    hearing = published(officer)
    path = f"/follow/hearing/{hearing.id}"
    confirm = follow(client, smtp, path, "watcher@mail.kz", lang="ru")
    assert "Подтвердите" in smtp[-1]["Subject"]
    assert client.get(confirm.removeprefix("http://127.0.0.1:5000")).status_code == 200
    assert db.session.scalars(select(Follow)).one().confirmed_at is not None
    before = len(smtp)
    again = client.post(path, data={"email": "watcher@mail.kz",
                                     "csrf_token": csrf_from(client.get(path).get_data(as_text=True))})
    assert "Подписка подтверждена" in again.get_data(as_text=True) and len(smtp) == before  # nothing to confirm
    hearing_ops.cancel_hearing(hearing, "Бастамашы жобадан бас тартты", officer)
    db.session.commit()
    deliver_pending()
    mail = smtp[before]
    assert mail["To"] == "watcher@mail.kz" and "отменены" in mail["Subject"].lower()
    body = mail.get_content()
    assert f"/hearings/{hearing.id}" in body and "/follow/unsubscribe/" in body
    link = unsubscribe_link(mail).removeprefix("http://127.0.0.1:5000")
    assert client.get(link).status_code == 200
    assert db.session.scalars(select(Follow)).all() == []


def test_unconfirmed_follower_gets_nothing_and_drafts_cannot_be_followed(client, officer, smtp):
    from tests.hearings.factories import draft

    hidden = draft(officer)
    db.session.commit()
    assert client.get(f"/follow/hearing/{hidden.id}").status_code == 404
    hearing = published(officer, title_kk="Екінші жоба")
    follow(client, smtp, f"/follow/hearing/{hearing.id}", "lazy@mail.kz")
    before = len(smtp)
    hearing_ops.cancel_hearing(hearing, "Себеп", officer)
    db.session.commit()
    deliver_pending()
    assert len(smtp) == before


def test_hearing_ics_has_the_meeting_and_the_last_day_for_comments(client, officer):
    hearing = published(officer)
    response = client.get(f"/hearings/{hearing.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = ics_events(response.get_data(as_text=True))
    assert [e["UID"] for e in events] == [f"hearing-{hearing.id}@aarhus.kz", f"hearing-{hearing.id}-comments@aarhus.kz"]
    assert events[0]["DTSTART"].startswith("20261228T")
    assert events[1]["DTSTART;VALUE=DATE"] == f"{hearing.comments_close_on:%Y%m%d}"
    assert "Қарағайлы" in events[0]["SUMMARY"]
    assert f"/hearings/{hearing.id}.ics" in client.get(f"/hearings/{hearing.id}").get_data(as_text=True)


@pytest.fixture
def almaty(app, clock):
    clock.set("2026-12-01")
    return make_user(Role.akimat_officer, email="officer@almaty.kz", region="KZ-75")


def test_follow_a_request_through_forwarding_answer_and_thread_page(client, almaty, smtp, clock):
    number = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    request_id = db.session.scalars(select(InfoRequest.id).filter_by(registration_number=number)).one()
    assert f"/follow/request/{request_id}" in client.get(f"/requests/{number}").get_data(as_text=True)
    confirm = follow(client, smtp, f"/follow/request/{request_id}", "journalist@news.kz")
    client.get(confirm.removeprefix("http://127.0.0.1:5000"))
    before = len(smtp)
    headers = auth(almaty)
    client.post(f"/api/v1/requests/{number}/extend", headers=headers, json={"reason": "Бірнеше иеленуші"})
    mails = [m for m in smtp[before:] if m["To"] == "journalist@news.kz"]
    assert len(mails) == 1 and "2026 жылғы 31 желтоқсанға дейін" in mails[0].get_content()
    karaganda = make_user(Role.akimat_officer, email="officer@karaganda.kz", region="KZ-35")
    moved = client.post(f"/api/v1/requests/{number}/redirect", headers=headers,
                        json={"to_holder": "KZ-35", "reason": "Ақпарат Қарағанды облысында"})
    assert moved.status_code == 200, moved.json
    new_number = moved.json["forwarded_as"]
    mail = [m for m in smtp[before:] if m["To"] == "journalist@news.kz"][-1]
    assert new_number in mail.get_content() and "gulnar" not in mail.get_content()
    # The follower follows the new registration too: its answer reaches them.
    client.post(f"/api/v1/requests/{new_number}/answer", headers=auth(karaganda),
                json={"text": "PM2.5 деректері қоса берілді.", "language": "kk"})
    last = [m for m in smtp if m["To"] == "journalist@news.kz"][-1]
    assert new_number in last["Subject"] and "жауабы жарияланды" in last.get_content()
    # The thread page: the chain both ways, never who asked or what they wrote.
    for shown, other in ((number, new_number), (new_number, number)):
        page = client.get(f"/requests/{shown}").get_data(as_text=True)
        assert f'href="/requests/{other}"' in page
        assert "Гүлнар" not in page and "gulnar@secret.kz" not in page and "PM2.5 өлшемдерін" not in page
    assert "PM2.5 деректері" in client.get(f"/requests/{new_number}").get_data(as_text=True)


def test_request_ics_has_its_due_date(client, almaty):
    number = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    response = client.get(f"/requests/{number}/dates.ics")
    events = ics_events(response.get_data(as_text=True))
    assert len(events) == 1 and events[0]["DTSTART;VALUE=DATE"] == "20261217"
    assert number in events[0]["SUMMARY"] and "Гүлнар" not in response.get_data(as_text=True)


def _status_path(smtp) -> str:
    return re.search(r"/requests/status/[\w-]+", smtp[0].get_content()).group(0)


@pytest.mark.parametrize(("lang", "article", "fact"), [
    ("kk", "18-бабына", "бас тартылды"), ("ru", "статьёй 18", "отказано")])
def test_refusal_offers_a_complaint_prefilled_with_facts_and_the_law_as_signed_pdf(client, almaty, smtp, tmp_path,
                                                                                   lang, article, fact):
    number = client.post("/api/v1/requests", json={**FILING, "language": lang}).json["registration_number"]
    status = _status_path(smtp)
    client.post(f"/api/v1/requests/{number}/refuse", headers=auth(almaty),
                json={"ground": "no_substance", "reason": "Мәні көрсетілмеген"})
    page = client.get(status).get_data(as_text=True)
    assert number in page and article in page and "complaint.pdf" in page
    pdf = client.get(f"{status}/complaint.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    path = tmp_path / "complaint.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert number in flat and article in flat and fact in flat
    assert ("Алматы қаласының әкімдігі" if lang == "kk" else "Алматы") in flat
    assert not re.search(r"\d{4}-\d{2}-\d{2}", flat)
    sig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in sig and "Total document signed" in sig
    # Sent through the system instead: the existing complaint act, with the text as edited.
    token = csrf_from(page)
    sent = client.post(status, data={"text": "Шағым мәтіні", "csrf_token": token})
    assert sent.status_code == 302
    public = client.get(f"/requests/{number}").get_data(as_text=True)
    assert "Шағым мәтіні" not in public and ("Бас тартуға" in public or "отказ" in public.lower())


def test_missed_deadline_complaint_names_art_11_and_18(client, almaty, smtp, clock, tmp_path):
    number = client.post("/api/v1/requests", json=FILING).json["registration_number"]
    status = _status_path(smtp)
    clock.set("2026-12-21")
    page = client.get(status).get_data(as_text=True)
    assert "11-бабы" in page and "18-бабына" in page and "мерзімі өткізіліп жіберілді" in page
    typed = client.post(status, data={"text": "Менің өз сөзім: жауап жоқ.", "pdf": "1",
                                      "csrf_token": csrf_from(page)})
    assert typed.status_code == 200 and typed.mimetype == "application/pdf"
    path = tmp_path / "typed.pdf"
    path.write_bytes(typed.data)
    flat = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Менің өз сөзім" in flat and number in flat and "18-бабы" in flat
