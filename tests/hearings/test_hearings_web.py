"""The hearing API of the contract, the public pages, feeds and e-mail."""

from datetime import date

from sqlalchemy import select

from aarhus.accounts.operations import issue_token
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Subscription
from aarhus.notify.models import OutboxMessage
from tests.conftest import csrf_from, login, make_user
from tests.hearings.factories import make_protocol_pdfs, officer_of, published, secretary_of

NOTICE = {
    "region": "KZ-35", "form": "open_meeting",
    "title": {"kk": "Теміртау қоқыс полигоны", "ru": "Полигон ТБО в Темиртау"},
    "description": {"kk": "Жаңа полигон салу", "ru": "Строительство нового полигона"},
    "initiator": {"name": "«Таза Қала» ЖШС", "bin": "210240012345",
                  "contacts": {"kk": "+7 7213 00 00 00", "ru": "+7 7213 00 00 00"},
                  "comments_address": "info@tazaqala.kz"},
    "documentation_developer": {"name": {"kk": "«ЭкоПроект» ЖШС", "ru": "ТОО «ЭкоПроект»"}, "contacts": "eco@proekt.kz"},
    "expertise_body": {"kk": "Экологиялық реттеу және бақылау комитеті",
                       "ru": "Комитет экологического регулирования и контроля"},
    "location": {"address": {"kk": "Теміртау қ., солтүстік өнеркәсіп аймағы", "ru": "г. Темиртау, северная промзона"},
                 "districts": {"kk": ["Теміртау"], "ru": ["Темиртау"]}, "lat": 50.06, "lon": 72.96},
    "hearing_date": "2026-12-28", "hearing_time": "15:00",
    "place": {"kk": "Теміртау, Металлургтер сарайы", "ru": "Темиртау, Дворец металлургов"},
    "documentation_url": "https://tazaqala.kz/ovos",
    "media_notices": [{"outlet": "Орталық Қазақстан", "published_on": "2026-11-23", "language": "both"}],
}


def bearer(user):
    token = issue_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_the_contract_flow_create_agree_publish(client, officer):
    initiator = make_user(Role.initiator, email="firm@tazaqala.kz")
    created = client.post("/api/v1/hearings", json=NOTICE, headers=bearer(initiator))
    assert created.status_code == 201, created.json
    hearing_id = created.json["id"]
    assert created.json["status"] == "draft" and created.json["title"]["kk"] == NOTICE["title"]["kk"]
    auth = bearer(officer)
    early = client.post(f"/api/v1/hearings/{hearing_id}/publish", headers=auth)
    assert early.status_code == 422 and early.json["error"]["code"] == "not_agreed"
    agreed = client.post(f"/api/v1/hearings/{hearing_id}/agreement", headers=auth, json={
        "place": NOTICE["place"], "hearing_time": "15:00", "invitees": ["Тұрғындар", "ҮЕҰ «Эко»"],
        "information_methods": ["газет", "тақталар"]})
    assert agreed.status_code == 200, agreed.json
    done = client.post(f"/api/v1/hearings/{hearing_id}/publish", headers=auth)
    assert done.status_code == 200
    body = client.get(f"/api/v1/hearings/{hearing_id}").json
    for key in ("id", "region", "form", "status", "hearing_date", "survey_start", "survey_end", "notice_published_at",
                "comments_close_on", "protocol_due_on", "protocol_published_at"):
        assert key in body
    assert body["status"] == "upcoming" and body["region"] == "KZ-35" and body["comments_close_on"] == "2026-12-23"
    receipt = client.post(f"/api/v1/hearings/{hearing_id}/comments",
                          json={"author_name": "Гүлмира", "contact": "g@mail.kz", "text": "Қарсымын", "show_name": True})
    assert receipt.status_code == 201 and receipt.json["receipt"].startswith(f"H{hearing_id}-")


def test_the_api_gate_codes(client, officer, clock):
    auth = bearer(officer)
    late = dict(NOTICE, hearing_date="2026-12-01")
    hearing_id = client.post("/api/v1/hearings", json=late, headers=auth).json["id"]
    client.post(f"/api/v1/hearings/{hearing_id}/agreement", headers=auth,
                json={"place": NOTICE["place"], "invitees": "x", "information_methods": "y"})
    response = client.post(f"/api/v1/hearings/{hearing_id}/publish", headers=auth)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "notice_too_late"
    assert response.json["error"]["earliest_hearing_date"] == "2026-12-13"
    incomplete = dict(NOTICE, title={"kk": "Тек қазақша"})
    hearing_id = client.post("/api/v1/hearings", json=incomplete, headers=auth).json["id"]
    client.post(f"/api/v1/hearings/{hearing_id}/agreement", headers=auth,
                json={"place": NOTICE["place"], "invitees": "x", "information_methods": "y"})
    response = client.post(f"/api/v1/hearings/{hearing_id}/publish", headers=auth)
    assert response.json["error"]["code"] == "missing_fields" and response.json["error"]["fields"] == ["title.ru"]


def test_an_officer_of_another_region_is_refused_403(client, officer):
    hearing_id = client.post("/api/v1/hearings", json=NOTICE, headers=bearer(officer)).json["id"]
    stranger = bearer(officer_of("KZ-75", email="almaty@akimat.kz"))
    for path in ("publish", "agreement"):
        response = client.post(f"/api/v1/hearings/{hearing_id}/{path}", headers=stranger, json={})
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    response = client.post("/api/v1/hearings", json=NOTICE, headers=stranger)
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    citizen = bearer(make_user(Role.citizen))
    assert client.post("/api/v1/hearings", json=NOTICE, headers=citizen).status_code == 403


def test_another_regions_officer_cannot_open_the_manage_page(client, officer):
    hearing = published(officer)
    make_user(Role.akimat_officer, email="a@akimat.kz", region="KZ-75")
    login(client, "a@akimat.kz")
    assert client.get(f"/manage/hearings/{hearing.id}").status_code == 403
    token = csrf_from(client.get("/manage/hearings").get_data(as_text=True))
    assert client.post(f"/manage/hearings/{hearing.id}/cancel", data={"reason": "x", "csrf_token": token}).status_code == 403


def test_drafts_are_not_public(client, officer):
    hearing = ops.create_hearing("KZ-35", "open_meeting", {"title_kk": "Жоба"}, officer)
    db.session.commit()
    assert client.get(f"/hearings/{hearing.id}").status_code == 404
    assert client.get(f"/api/v1/hearings/{hearing.id}").status_code == 404
    assert client.get("/api/v1/hearings").json["total"] == 0


def test_list_filters_and_cyrillic_search(client, officer):
    first = published(officer, start=date(2026, 12, 20))
    published(officer, start=date(2027, 1, 20), title_ru="Ветряная электростанция", title_kk="Жел электр станциясы")
    published(officer_of("KZ-75", email="almaty@akimat.kz"), start=date(2026, 12, 21))
    assert client.get("/api/v1/hearings").json["total"] == 3
    assert client.get("/api/v1/hearings?region=KZ-75").json["total"] == 1
    assert client.get("/api/v1/hearings?month=2027-01").json["total"] == 1
    found = client.get("/api/v1/hearings?q=ВЕТРЯНАЯ").json
    assert found["total"] == 1 and found["items"][0]["title"]["kk"] == "Жел электр станциясы"
    page = client.get("/hearings?q=мыс&region=KZ-35", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert f'/hearings/{first.id}"' in page
    empty = client.get("/hearings?q=жоқнәрсе").get_data(as_text=True)
    assert 'class="empty"' in empty


def test_pages_paginate(client, officer):
    for day in range(21):
        published(officer, start=date(2026, 12, 14 + day % 10), title_ru=f"Проект {day}")
    first = client.get("/api/v1/hearings?page=1").json
    second = client.get("/api/v1/hearings?page=2").json
    assert len(first["items"]) == 20 and len(second["items"]) == 1 and first["total"] == 21
    assert 'rel="next"' in client.get("/hearings").get_data(as_text=True)


def test_a_citizen_comments_on_the_page_and_sees_the_receipt(client, officer, smtp):
    hearing = published(officer)
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    form = {"author_name": "Сәуле Мұратқызы", "contact": "saule@mail.kz", "show_name": "initials",
            "text": "Полигонға дейінгі қашықтықты көрсетіңіз", "csrf_token": csrf_from(page)}
    check = client.post(f"/hearings/{hearing.id}/comments", data=form, headers={"Accept-Language": "en"})
    checked = check.get_data(as_text=True)  # check your comment: how the name will show, where it goes
    assert check.status_code == 200 and "Check your comment before you send it" in checked and "С. М." in checked
    assert ops.comments_of(hearing) == [] and smtp == []
    response = client.post(f"/hearings/{hearing.id}/comments", data={**form, "confirmed": "1"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    receipt = ops.comments_of(hearing)[0].receipt
    assert receipt in html and "С. М." in html and "saule@mail.kz" not in html
    assert [m["To"] for m in smtp] == ["saule@mail.kz"] and receipt in smtp[0].get_content()


def _with_comments(hearing, count):
    for n in range(1, count + 1):
        ops.submit_comment(hearing, author_name=f"Азамат {n}", contact=f"a{n}@example.kz", text=f"Пікір нөмірі {n}.",
                           show_name=True)
    db.session.commit()
    return hearing


def test_a_busy_hearings_page_shows_its_comments_fifty_at_a_time_and_a_new_one_where_it_lands(client, officer):
    hearing = _with_comments(published(officer), 120)
    receipts = [c.receipt for c in ops.comments_of(hearing)]
    first = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert "(120)" in first and all(r in first for r in receipts[:50]) and receipts[50] not in first
    assert f'href="/hearings/{hearing.id}?page=2#comments"' in first and 'rel="prev"' not in first
    last = client.get(f"/hearings/{hearing.id}?page=3").get_data(as_text=True)
    assert '<ol class="comments" start="101">' in last and all(r in last for r in receipts[100:])
    assert receipts[99] not in last and f'href="/hearings/{hearing.id}?page=2#comments"' in last
    assert client.get(f"/hearings/{hearing.id}?page=4").status_code == 404
    assert client.get(f"/hearings/{hearing.id}?page=x").status_code == 400
    # A citizen's comment, the 121st, lands on the third page: the receipt brings them to it.
    form = {"author_name": "Сәуле", "contact": "saule@mail.kz", "show_name": "name", "text": "Тағы бір пікір",
            "csrf_token": csrf_from(first), "confirmed": "1"}
    sent = client.post(f"/hearings/{hearing.id}/comments", data=form)
    receipt = ops.comments_of(hearing)[-1].receipt
    assert sent.status_code == 302 and sent.headers["Location"] == f"/hearings/{hearing.id}?page=3#{receipt}"
    landing = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert receipt in landing and "(121)" in landing


def test_the_officers_page_pages_the_comments_counts_those_awaiting_and_returns_to_the_answered_one(client, officer):
    hearing = _with_comments(published(officer), 120)
    comments = ops.comments_of(hearing)
    login(client, officer.email)
    url = f"/manage/hearings/{hearing.id}"
    first = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert first.count('class="comment-box"') == 50 and f'id="c{comments[50].id}"' not in first
    assert "120 comments await the initiator's position." in first and f'href="{url}?page=2#comments"' in first
    assert client.get(f"{url}?page=4").status_code == 404
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    form = {"stance": "accepted", "reasons": "Ескерілді", "csrf_token": csrf_from(second)}
    saved = client.post(f"{url}/comments/{comments[74].id}/position", data=form)
    assert saved.status_code == 302 and saved.headers["Location"] == f"{url}?page=2#c{comments[74].id}"
    back = client.get(saved.headers["Location"], headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "119 comments await the initiator's position." in back and "Ескерілді" in back


def test_an_oral_comment_and_a_connection_complaint_return_to_the_page_that_shows_them(client, officer, clock):
    hearing = published(officer)
    hearing.video_url = "https://meet.example.kz/h"
    _with_comments(hearing, 120)
    clock.set("2026-12-28T15:00:00+05:00")  # the day of the meeting: complaints and oral comments come with it
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    sent = client.post(f"/hearings/{hearing.id}/connection-complaint", data={
        "author_name": "Сәуле", "contact": "saule@mail.kz", "text": "Байланыс үзілді", "csrf_token": csrf_from(page)})
    complaint = ops.comments_of(hearing)[-1]
    assert complaint.is_connection_complaint
    assert sent.status_code == 302 and sent.headers["Location"] == f"/hearings/{hearing.id}?page=3#{complaint.receipt}"
    assert f'<li id="{complaint.receipt}">' in client.get(sent.headers["Location"]).get_data(as_text=True)
    login(client, officer.email)
    url = f"/manage/hearings/{hearing.id}"
    form = {"author_name": "Ақын", "contact": "+7 700 000 00 00", "text": "Ауызша пікір",
            "csrf_token": csrf_from(client.get(url).get_data(as_text=True))}
    recorded = client.post(f"{url}/oral-comments", data=form)
    oral = ops.comments_of(hearing)[-1]
    assert oral.text == "Ауызша пікір"
    assert recorded.status_code == 302 and recorded.headers["Location"] == f"{url}?page=3#c{oral.id}"
    assert f'id="c{oral.id}"' in client.get(recorded.headers["Location"]).get_data(as_text=True)


def test_a_rejected_comment_keeps_what_was_typed(client, officer):
    hearing = published(officer)
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    response = client.post(f"/hearings/{hearing.id}/comments", data={
        "author_name": "", "contact": "x@y.kz", "show_name": "name", "text": "Менің пікірім", "csrf_token": csrf_from(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Менің пікірім" in html and 'value="x@y.kz"' in html


def test_feeds_list_published_hearings_by_region(client, officer):
    hearing = published(officer)
    published(officer_of("KZ-75", email="almaty@akimat.kz"), title_kk="Алматы жобасы")
    atom = client.get("/hearings.atom?region=KZ-35")
    assert atom.mimetype == "application/atom+xml"
    assert atom.get_data(as_text=True).count("<entry>") == 1 and hearing.title_kk in atom.get_data(as_text=True)
    ics = client.get("/hearings.ics").get_data(as_text=True)
    assert ics.count("BEGIN:VEVENT") == 2 and f"UID:hearing-{hearing.id}@aarhus.kz" in ics
    assert "DTSTART:20261228T060000Z" in ics  # 11:00 in Almaty (UTC+5)
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_subscription_is_double_opt_in_and_one_click_unsubscribe(client, officer, smtp):
    page = client.get("/hearings/subscribe").get_data(as_text=True)
    client.post("/hearings/subscribe", data={"email": "watcher@mail.kz", "region": "KZ-35",
                                             "csrf_token": csrf_from(page)})
    assert len(smtp) == 1 and "/hearings/subscriptions/confirm/" in smtp[0].get_content()
    published(officer)
    ops_outbox = db.session.scalars(select(OutboxMessage)).all()
    assert len(ops_outbox) == 1  # unconfirmed: no notice mail
    sub = db.session.scalars(select(Subscription)).one()
    assert client.get(f"/hearings/subscriptions/confirm/{sub.token}").status_code == 200
    hearing = published(officer, title_kk="Екінші жоба")
    from aarhus.notify.mail import deliver_pending

    deliver_pending()
    assert len(smtp) == 2 and "Екінші жоба" in smtp[1]["Subject"]
    assert f"/hearings/{hearing.id}" in smtp[1].get_content()
    assert client.get(f"/hearings/subscriptions/unsubscribe/{sub.token}").status_code == 200
    assert db.session.scalars(select(Subscription)).all() == []


def test_the_whole_workflow_runs_through_the_api(app, client, officer, clock):
    import io
    import subprocess

    auth = bearer(officer)
    hearing_id = client.post("/api/v1/hearings", json=dict(NOTICE, hearing_date="2026-12-14"), headers=auth).json["id"]
    doc = client.post(f"/api/v1/hearings/{hearing_id}/documents", headers=auth, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"%PDF-1.4\n%%EOF"), "ОВОС.pdf")})
    assert doc.status_code == 201 and len(doc.json["sha256"]) == 64
    bad = client.post(f"/api/v1/hearings/{hearing_id}/documents", headers=auth, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"#!/bin/sh\nrm -rf /"), "evil.pdf")})
    assert bad.status_code == 422 and bad.json["error"]["code"] == "bad_file"
    client.post(f"/api/v1/hearings/{hearing_id}/agreement", headers=auth,
                json={"place": NOTICE["place"], "invitees": "x", "information_methods": "y"})
    assert client.post(f"/api/v1/hearings/{hearing_id}/publish", headers=auth).status_code == 200
    receipt = client.post(f"/api/v1/hearings/{hearing_id}/comments",
                          json={"author_name": "Ә. Б.", "contact": "a@b.kz", "text": "Ескерту"}).json["receipt"]
    clock.set("2026-12-14T15:00:00+05:00")
    oral = client.post(f"/api/v1/hearings/{hearing_id}/oral-comments", headers=auth,
                       json={"author_name": "Ақын", "contact": "+7 700", "text": "Ауызша"}).json["receipt"]
    clock.set("2026-12-15")
    secretary = secretary_of("KZ-35")
    assert client.post(f"/api/v1/hearings/{hearing_id}/protocol", headers=auth, json={
        "attendees": 10, "chair_name": "Төраға", "secretary_name": "Хатшы", "chair_id": officer.id,
        "secretary_id": secretary.id}).status_code == 200
    refused = client.post(f"/api/v1/hearings/{hearing_id}/protocol/sign", headers=auth, json={"as": "chair"})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "positions_missing"
    assert set(refused.json["error"]["receipts"]) == {receipt, oral}
    for r in (receipt, oral):
        client.post(f"/api/v1/hearings/{hearing_id}/comments/{r}/position", headers=auth,
                    json={"stance": "accepted", "reasons": "Ескерілді"})
    sign = f"/api/v1/hearings/{hearing_id}/protocol/sign"
    assert client.post(sign, headers=auth, json={"as": "secretary"}).status_code == 403  # not the chair's to sign
    assert client.post(sign, headers=auth, json={"as": "chair"}).status_code == 200
    assert client.post(sign, headers=bearer(secretary), json={"as": "secretary"}).status_code == 200
    published = client.post(f"/api/v1/hearings/{hearing_id}/protocol/publish", headers=auth).json
    assert published["status"] == "protocol_published" and published["protocol_published_at"]
    waiting = client.get(f"/hearings/{hearing_id}/protocol.pdf?lang=kk")  # the job worker has not run yet
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "10"
    assert f'href="/hearings/{hearing_id}#protocol"' in waiting.get_data(as_text=True)
    make_protocol_pdfs(app)
    pdf = client.get(f"/hearings/{hearing_id}/protocol.pdf?lang=kk")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
    pdf.close()
    assert receipt in text and oral in text and "Ескерту" in text


def test_show_name_is_a_boolean_and_anything_else_is_refused(client, officer, clock):
    hearing = published(officer, start=date(2026, 12, 28))
    url = f"/api/v1/hearings/{hearing.id}/comments"
    body = {"author_name": "Айгерім Сәрсенова", "contact": "a@example.kz", "text": "Су көзі"}
    refused = client.post(url, json={**body, "show_name": "false"})
    assert refused.status_code == 422 and refused.json["error"]["fields"] == ["show_name"]
    hidden = client.post(url, json={**body, "show_name": False})
    assert hidden.status_code == 201
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert "Айгерім Сәрсенова" not in page and "А. С." in page


def test_control_characters_never_reach_the_feeds_and_links_are_only_http(client, officer, clock):
    """A \\x0b in a title made the Atom feed invalid XML; a bare CR broke iCalendar lines; javascript: was a link."""
    import xml.etree.ElementTree as ElementTree

    hearing = published(officer, start=date(2026, 12, 28), title_kk="Полигон\x0b жобасы", title_ru="Полигон\rТБО")
    assert hearing.title_kk == "Полигон жобасы" and hearing.title_ru == "Полигон\nТБО"
    ElementTree.fromstring(client.get("/hearings.atom").data)  # parses
    ics = client.get("/hearings.ics?lang=ru").get_data(as_text=True)
    assert "\r" not in ics.replace("\r\n", "")
    initiator = make_user(Role.initiator, email="js@example.kz")
    bad = client.post("/api/v1/hearings", headers=bearer(initiator),
                      json={**NOTICE, "documentation_url": "javascript:alert(1)"})
    assert bad.status_code == 422 and bad.json["error"]["fields"] == ["documentation_url"]


def test_my_hearings_come_a_page_at_a_time_protocols_due_first(client, officer, monkeypatch):
    from aarhus.hearings import manage
    from tests.hearings.factories import draft

    later = published(officer, start=date(2027, 1, 20), title_kk="Кейінгі тыңдау")
    sooner = published(officer, start=date(2026, 12, 20), title_kk="Ертерек тыңдау")
    unpublished = draft(officer, title_kk="Жоба жасалуда")  # no protocol due yet: last
    db.session.commit()
    assert sooner.protocol_due_on < later.protocol_due_on and unpublished.protocol_due_on is None
    monkeypatch.setattr(manage, "MANAGE_PAGE_SIZE", 2)
    login(client, officer.email)
    first = client.get("/manage/hearings").get_data(as_text=True)
    assert first.index("Ертерек тыңдау") < first.index("Кейінгі тыңдау") and "Жоба жасалуда" not in first
    assert 'href="/manage/hearings?page=2"' in first
    second = client.get("/manage/hearings?page=2").get_data(as_text=True)
    assert "Жоба жасалуда" in second and "Ертерек тыңдау" not in second and 'href="/manage/hearings"' in second and 'rel="prev" href="/manage/hearings"' in second
    assert "Жоба жасалуда" in client.get("/manage/hearings?page=99").get_data(as_text=True)  # the last page


def test_the_initiator_is_named_in_kazakh_and_in_russian(client, officer):
    """``initiator.name`` is a Kazakh string as before, or both names; the Russian page shows the Russian one."""
    auth = bearer(officer)
    both = dict(NOTICE, initiator={**NOTICE["initiator"], "name": {"kk": "«Таза Қала» ЖШС", "ru": "ТОО «Таза Кала»"}})
    created = client.post("/api/v1/hearings", json=both, headers=auth)
    assert created.status_code == 201, created.json
    body = created.json
    assert (body["initiator"]["name"], body["initiator"]["name_ru"]) == ("«Таза Қала» ЖШС", "ТОО «Таза Кала»")
    body = client.post("/api/v1/hearings", json=NOTICE, headers=auth).json
    assert (body["initiator"]["name"], body["initiator"]["name_ru"]) == ("«Таза Қала» ЖШС", None)
    login(client, officer.email)
    page = client.get(f"/manage/hearings/{created.json['id']}/edit", headers={"Accept-Language": "ru"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'value="ТОО «Таза Кала»"' in text and "Инициатор на русском языке" in text


def test_each_comment_shows_its_channel_stance_or_pending_answer_in_the_readers_language(client, officer, clock):
    """The labels are translated once per page, not per comment (issue 19: a hearing with 200 comments)."""
    hearing = published(officer, start=date(2026, 12, 28))
    receipts = [client.post(f"/api/v1/hearings/{hearing.id}/comments",
                            json={"author_name": f"Ә. Б{i}", "contact": "a@b.kz", "text": f"Ескерту {i}"})
                .json["receipt"] for i in range(3)]
    answered = client.post(f"/api/v1/hearings/{hearing.id}/comments/{receipts[0]}/position", headers=bearer(officer),
                           json={"stance": "partly", "reasons": "Ішінара ескерілді"})
    assert answered.status_code == 200, answered.json
    db.session.commit()
    for lang, stance, pending, channel in (("ru", "Принято частично", "Инициатор ещё не ответил.", "Веб-сайт"),
                                           ("en", "Partly accepted", "The initiator has not answered yet.", "Website")):
        html = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": lang}).get_data(as_text=True)
        comments = html[html.index('id="comments"'):]
        assert comments.count(f"<strong>{stance}:</strong> Ішінара ескерілді") == 1
        assert comments.count(pending) == 2
        assert comments.count(f" · {channel} · ") == 3


def test_the_receipt_mail_names_the_hearing_in_the_language_of_the_page(client, officer):
    hearing = published(officer)
    for lang, title in (("ru", hearing.title_ru), ("kk", hearing.title_kk)):
        client.post(f"/api/v1/hearings/{hearing.id}/comments", headers={"Accept-Language": lang},
                    json={"author_name": "Айгүл", "contact": "aigul@example.kz", "text": "Су", "show_name": True})
        body = db.session.scalars(select(OutboxMessage.body).order_by(OutboxMessage.id.desc())).first()
        assert f"«{title}»" in body


def test_protocols_still_due_come_before_the_hearings_whose_protocol_is_published(client, officer, clock):
    """A published protocol is done: listing it first (its due date is the earliest) pushed the officer's overdue
    protocol down the page."""
    from aarhus.hearings import operations as ops
    from tests.hearings.factories import draft, secretary_of, signers

    done = published(officer, start=date(2026, 12, 14), title_kk="Хаттамасы жарияланған")
    due = published(officer, start=date(2026, 12, 21), title_kk="Хаттамасы күтілуде")
    later = published(officer, start=date(2027, 1, 25), title_kk="Алдағы тыңдау")
    draft(officer, title_kk="Жоба жасалуда")
    clock.set("2026-12-15")
    secretary = secretary_of("KZ-35")
    ops.draft_protocol(done, {"attendees": 30, **signers(officer, secretary)}, officer)
    ops.sign_protocol(done, "chair", officer)
    ops.sign_protocol(done, "secretary", secretary)
    ops.publish_protocol(done, officer)
    db.session.commit()
    clock.set("2027-01-05")
    assert done.protocol_due_on < due.protocol_due_on < later.protocol_due_on
    login(client, officer.email)
    page = client.get("/manage/hearings").get_data(as_text=True)
    order = sorted(("Хаттамасы жарияланған", "Хаттамасы күтілуде", "Алдағы тыңдау", "Жоба жасалуда"), key=page.index)
    assert order == ["Хаттамасы күтілуде", "Алдағы тыңдау", "Жоба жасалуда", "Хаттамасы жарияланған"]
