"""Holes an adversarial tester found in the hearing life cycle, each reproduced through the API or the pages.

The officer of Karaganda region's akimat acts on 23 November 2026 (``conftest``); the common hearing is published
for 14 December.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from aarhus.bodies.models import BodyKind
from aarhus.bodies.operations import akimat_of, create_body, region_by_code
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Channel, HearingState
from aarhus.hearings.operations import expertise
from tests.conftest import PASSWORD, csrf_from, login, make_user
from tests.hearings.factories import agree, draft, published
from tests.hearings.test_hearings_web import NOTICE, bearer


def _refused(act, *args, **kwargs) -> OperationError:
    with pytest.raises(OperationError) as refused:
        act(*args, **kwargs)
    db.session.rollback()
    return refused.value


def _manage_form(client, hearing_id: int, **fields) -> dict:
    return {**fields, "csrf_token": csrf_from(client.get(f"/manage/hearings/{hearing_id}").get_data(as_text=True))}


# --- 1. a draft cancelled before publication ------------------------------------------------------------------------

def test_a_draft_cancelled_before_publication_stays_private(client, officer):
    initiator = make_user(Role.initiator, email="firm@secret.kz")
    auth = bearer(initiator)
    created = client.post("/api/v1/hearings", headers=auth, json={
        "region": "KZ-35", "form": "open_meeting", "title": {"kk": "Құпия жоба", "ru": "Секретный проект"}})
    hearing_id = created.json["id"]
    assert client.post(f"/api/v1/hearings/{hearing_id}/cancel", headers=auth, json={"reason": "x"}).status_code == 200
    assert client.get(f"/hearings/{hearing_id}").status_code == 404
    assert client.get(f"/api/v1/hearings/{hearing_id}").status_code == 404
    assert client.get("/api/v1/hearings?status=cancelled").json["total"] == 0
    assert "Құпия жоба" not in client.get("/hearings.atom?region=KZ-35").get_data(as_text=True)
    assert "Құпия жоба" not in client.get("/hearings.ics?region=KZ-35").get_data(as_text=True)
    body = client.get(f"/bodies/{akimat_of('KZ-35').id}")
    assert body.status_code == 200 and "Құпия жоба" not in body.get_data(as_text=True)


def test_a_hearing_cancelled_after_publication_stays_public(client, hearing, officer):
    ops.cancel_hearing(hearing, "Жоба қайтарылды", officer)
    db.session.commit()
    assert client.get(f"/api/v1/hearings/{hearing.id}").json["status"] == "cancelled"
    assert client.get(f"/bodies/{akimat_of('KZ-35').id}").status_code == 200


# --- 2. postponement to a past or absurd date -----------------------------------------------------------------------

@pytest.mark.parametrize("new_date", ["2025-01-01", "2026-11-23", "2026-12-12"])
def test_the_api_refuses_a_postponement_the_notice_rule_forbids(client, hearing, officer, new_date):
    response = client.post(f"/api/v1/hearings/{hearing.id}/postpone", headers=bearer(officer),
                           json={"reason": "x", "hearing_date": new_date})
    assert response.status_code == 422, response.json
    error = response.json["error"]
    assert error["code"] == "notice_too_late" and error["fields"] == ["hearing_date"]
    assert error["earliest_hearing_date"] == "2026-12-13"
    assert "13.12.2026" in error["field_errors"]["hearing_date"]  # the earliest lawful date, named
    db.session.refresh(hearing)
    assert hearing.state == HearingState.published and hearing.hearing_date == date(2026, 12, 14)


def test_a_lawful_postponement_leaves_the_hearing_movable(client, hearing, officer):
    auth = bearer(officer)
    moved = client.post(f"/api/v1/hearings/{hearing.id}/postpone", headers=auth,
                        json={"reason": "x", "hearing_date": "2026-12-13"})
    assert moved.status_code == 200 and moved.json["status"] == "postponed"
    again = client.post(f"/api/v1/hearings/{hearing.id}/postpone", headers=auth,
                        json={"reason": "y", "hearing_date": "2027-01-20"})
    assert again.status_code == 200, again.json


@pytest.mark.parametrize("typed", ["01.01.0001", "31.12.9999", "01.12.2026"])
def test_the_postponement_form_refuses_a_date_outside_the_calendar_or_too_soon(client, hearing, officer, typed):
    login(client, officer.email, PASSWORD)
    url = f"/manage/hearings/{hearing.id}"
    response = client.post(f"{url}/postpone", data=_manage_form(client, hearing.id, hearing_date=typed, reason="r"))
    assert response.status_code in (302, 422)
    db.session.refresh(hearing)
    assert hearing.state == HearingState.published and hearing.hearing_date == date(2026, 12, 14)
    page = client.get(url, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = response.get_data(as_text=True) + page.get_data(as_text=True)
    assert any(said in html for said in ("13.12.2026", "2026-12-13", "31.12.2040"))  # the earliest lawful date


def test_a_postponed_survey_cannot_end_before_it_starts(client, officer):
    survey = published(officer, form="survey", start=date(2026, 12, 14), survey_end=date(2027, 1, 29))
    response = client.post(f"/api/v1/hearings/{survey.id}/postpone", headers=bearer(officer),
                           json={"reason": "x", "survey_start": "2027-03-01"})
    assert response.status_code == 422 and response.json["error"]["fields"] == ["survey_end"]


# --- 3. a survey ending before it starts ----------------------------------------------------------------------------

def test_a_survey_ending_before_it_starts_is_refused_with_a_field_error(client, officer):
    notice = {**NOTICE, "form": "survey", "survey_start": "2027-03-01", "survey_end": "2027-01-01"}
    response = client.post("/api/v1/hearings", headers=bearer(officer), json=notice)
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "invalid" and response.json["error"]["fields"] == ["survey_end"]


def test_the_notice_form_refuses_a_survey_ending_before_it_starts(client, officer):
    login(client, officer.email, PASSWORD)
    page = client.get("/manage/hearings/new").get_data(as_text=True)
    response = client.post("/manage/hearings/new", data={
        "region": "KZ-35", "form": "survey", "title_kk": "Сауалнама", "survey_start": "01.03.2027",
        "survey_end": "01.01.2027", "csrf_token": csrf_from(page)}, headers={"Accept-Language": "en"})
    assert response.status_code in (200, 422)  # the form again, with the field's message
    assert "last day of the survey cannot be before its first day" in response.get_data(as_text=True)


# --- 4. expertise received dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("received_on", [date(2026, 11, 24), date(2040, 6, 1), date(1999, 12, 31)])
def test_an_expertise_application_is_not_received_in_the_future_or_outside_the_calendar(hearing, officer,
                                                                                          received_on):
    refused = _refused(expertise.receive_application, hearing, organiser="«Жасыл» ҚБ", contact="eco@mail.kz",
                       received_on=received_on, actor=officer)
    assert refused.code == "invalid" and refused.details["fields"] == ["received_on"]


@pytest.mark.parametrize(("path", "fields"), [
    ("expertise-applications", {"organiser": "«Жасыл» ҚБ", "contact": "eco@mail.kz", "received_on": "31.12.9999"}),
    ("expertise-applications", {"organiser": "«Жасыл» ҚБ", "contact": "eco@mail.kz", "received_on": "01.06.2040"}),
    ("conclusion", {"outcome": "positive", "received_on": "01.01.0001"})])
def test_the_expertise_forms_refuse_impossible_received_dates(client, hearing, officer, path, fields):
    login(client, officer.email, PASSWORD)
    data = _manage_form(client, hearing.id, **fields)
    if path == "conclusion":
        import io
        data["file"] = (io.BytesIO(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), "c.pdf")
    response = client.post(f"/manage/hearings/{hearing.id}/{path}", data=data, content_type="multipart/form-data")
    assert response.status_code in (302, 422)
    db.session.expire_all()
    assert not hearing.expertise_applications and hearing.expertise_conclusion is None
    assert client.get(f"/manage/hearings/{hearing.id}").status_code == 200


# --- 5. only the region's akimat runs its hearings ------------------------------------------------------------------

def test_an_officer_of_another_body_in_the_region_cannot_act_as_its_akimat(client, officer):
    hearing = draft(officer, start=date(2026, 12, 28))
    db.session.commit()
    other = create_body(BodyKind.other, {"kk": "Орман шаруашылығы", "ru": "Лесное хозяйство", "en": "Forestry"},
                        region=region_by_code("KZ-35"))
    from aarhus.accounts import operations as accounts

    outsider = accounts.create_user("forest@karaganda.kz", PASSWORD, Role.akimat_officer, body=other)
    db.session.commit()
    auth = bearer(outsider)
    agreed = client.post(f"/api/v1/hearings/{hearing.id}/agreement", headers=auth, json={
        "place": {"kk": "Зал А", "ru": "Зал А"}, "invitees": "x", "information_methods": "y"})
    assert agreed.status_code == 403
    agree(hearing, officer)
    db.session.commit()
    assert client.post(f"/api/v1/hearings/{hearing.id}/publish", headers=auth).status_code == 403
    assert not ops.can_edit(outsider, hearing) and not ops.is_region_officer(outsider, hearing)


# --- 6. the akimat's agreement cannot be edited away ----------------------------------------------------------------

@pytest.mark.parametrize("change", [{"place_kk": "Басқа жер", "place_ru": "Другое место"},
                                    {"hearing_time": time(23, 30)}, {"hearing_date": date(2027, 1, 15)}])
def test_the_agreed_date_time_and_place_cannot_be_changed_behind_the_akimat(officer, change):
    initiator = make_user(Role.initiator, email="firm@kazmys.kz")
    hearing = draft(initiator, start=date(2026, 12, 28), region="KZ-35")
    agree(hearing, officer)
    db.session.commit()
    edit = {attr: getattr(hearing, attr) for attr in ops.NOTICE_ATTRS}
    refused = _refused(ops.update_hearing, hearing, {**edit, **change}, initiator)
    assert refused.code == "agreement_changed" and set(refused.details["fields"]) <= {
        "place.kk", "place.ru", "hearing_time", "hearing_date"}
    ops.update_hearing(hearing, {**edit, "title_kk": "Жаңа атауы"}, initiator)  # the rest of the notice may change
    ops.publish_hearing(hearing, officer)
    assert (hearing.place_kk, hearing.hearing_time) == (hearing.agreement.place_kk, time(11, 0))


def test_publication_checks_the_notice_against_the_agreement(officer):
    hearing = draft(officer, start=date(2026, 12, 28))
    ops.record_agreement(hearing, {"place_kk": "Зал А", "place_ru": "Зал А", "hearing_time": time(11, 0),
                                   "invitees": "x", "information_methods": "y"}, officer)
    hearing.place_kk, hearing.hearing_time = "Басқа жер", time(23, 30)  # as a bulk import or an old row might
    db.session.flush()
    refused = _refused(ops.publish_hearing, hearing, officer)
    assert refused.code == "not_agreed"


# --- 7. oral comments and connection complaints before the meeting --------------------------------------------------

def test_oral_comments_are_entered_from_the_meeting_day_only(client, hearing, officer, clock):
    auth = bearer(officer)
    body = {"author_name": "Болат", "contact": "+7 701", "text": "Ауызша", "show_name": True}
    early = client.post(f"/api/v1/hearings/{hearing.id}/oral-comments", headers=auth, json=body)
    assert early.status_code == 422 and early.json["error"]["code"] == "not_started"
    clock.set("2026-12-14T10:00:00+05:00")
    assert client.post(f"/api/v1/hearings/{hearing.id}/oral-comments", headers=auth, json=body).status_code == 201


def test_a_survey_takes_no_oral_comments(client, officer, clock):
    survey = published(officer, form="survey", start=date(2026, 12, 14), survey_end=date(2027, 1, 29))
    clock.set("2026-12-20")
    response = client.post(f"/api/v1/hearings/{survey.id}/oral-comments", headers=bearer(officer),
                           json={"author_name": "Болат", "contact": "+7 701", "text": "Ауызша", "show_name": True})
    assert response.status_code == 422 and response.json["error"]["code"] == "no_meeting"


def test_a_connection_complaint_is_refused_before_the_video_meeting(client, hearing, clock):
    hearing.video_url = "https://meet.example.kz/h"
    db.session.commit()
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    sent = client.post(f"/hearings/{hearing.id}/connection-complaint", headers={"Accept-Language": "en"}, data={
        "author_name": "Сәуле", "contact": "saule@mail.kz", "text": "Байланыс үзілді", "csrf_token": csrf_from(page)})
    assert sent.status_code == 422 and "The meeting has not begun yet" in sent.get_data(as_text=True)
    assert not ops.comments_of(hearing)
    clock.set("2026-12-14T11:30:00+05:00")
    complaint = ops.submit_comment(hearing, author_name="Сәуле", contact="saule@mail.kz", text="Байланыс үзілді",
                                   show_name=False, connection_complaint=True)
    assert complaint.is_connection_complaint and complaint.channel == Channel.web
