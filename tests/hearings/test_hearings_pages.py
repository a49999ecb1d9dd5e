"""An officer runs a hearing through the pages; every page renders in kk, ru and en."""

import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from aarhus.core.extensions import db
from aarhus.hearings.models import Hearing
from tests.conftest import csrf_from, login
from tests.hearings.factories import notice_values, officer_of

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def officer(app, clock, client):
    clock.set("2026-11-23")
    user = officer_of("KZ-35")
    login(client, user.email)
    return user


def post(client, url, data, page_url, **kwargs):
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


def test_an_officer_drafts_agrees_and_publishes_through_the_pages(client, officer):
    values = {k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in notice_values().items()}
    values["hearing_time"] = "11:00"
    response = post(client, "/manage/hearings/new", {"region": "KZ-35", "form": "open_meeting", **values},
                    "/manage/hearings/new")
    assert response.status_code == 302
    hearing_id = int(re.search(r"/manage/hearings/(\d+)", response.headers["Location"]).group(1))
    manage_url = f"/manage/hearings/{hearing_id}"
    page = client.get(manage_url).get_data(as_text=True)
    assert "Бұқаралық ақпарат құралдарындағы" in page and "media_notices" not in page  # the gate names what is missing
    post(client, f"{manage_url}/media-notices", {"outlet": "Орталық Қазақстан", "published_on": "2026-11-23",
                                                  "language": "both"}, manage_url)
    post(client, f"{manage_url}/documents", {"file": (io.BytesIO(PDF), "ОВОС.pdf")}, manage_url,
         content_type="multipart/form-data")
    bad = post(client, f"{manage_url}/agreement", {"invitees": "", "information_methods": "",
                                                   "place_kk": "Зал", "place_ru": "Зал"}, manage_url)
    assert bad.status_code == 422 and 'value="Зал"' in bad.get_data(as_text=True)
    post(client, f"{manage_url}/agreement", {"invitees": "Тұрғындар", "information_methods": "Газет",
                                             "place_kk": "Зал", "place_ru": "Зал",
                                             "responsible_officer_id": str(officer.id)}, manage_url)
    check = post(client, f"{manage_url}/publish", {}, manage_url)
    assert check.status_code == 200 and "Қарағайлы" in check.get_data(as_text=True)  # check before you send
    assert db.session.get(Hearing, hearing_id).notice_published_at is None
    done = post(client, f"{manage_url}/publish", {"confirmed": "1"}, manage_url, follow_redirects=True)
    assert "Хабарландыру жарияланды" in done.get_data(as_text=True)
    hearing = db.session.get(Hearing, hearing_id)
    assert hearing.state.value == "published" and hearing.documents[0].filename == "ОВОС.pdf"
    download = client.get(f"/hearings/{hearing_id}/documents/{hearing.documents[0].id}")
    assert download.headers["Content-Disposition"].startswith("attachment")
    download.close()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_manage_and_public_page_renders(client, officer, lang, clock):
    from tests.hearings.factories import published

    hearing = published(officer, start=date(2026, 12, 14))
    client.get(f"/lang/{lang}")
    for url in ("/manage/hearings", f"/manage/hearings/{hearing.id}", "/manage/hearings/new",
                f"/manage/hearings/{hearing.id}/edit", "/hearings", f"/hearings/{hearing.id}", "/hearings/subscribe"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.get_data(as_text=True)
    clock.set("2026-12-16")
    page = client.get(f"/manage/hearings/{hearing.id}").get_data(as_text=True)
    assert 'name="attendees"' in page  # the protocol form appears once the hearing is over


def test_a_form_sent_twice_creates_one_record(client, officer):
    """A double click or a reload of the comment form: one comment, and the second answer says so."""
    from aarhus.hearings.models import Comment
    from tests.hearings.factories import published

    hearing = published(officer, start=date(2026, 12, 28))
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    form = {"author_name": "Асель Нұрова", "contact": "asel@example.kz", "text": "Су көзін қорғаңыз",
            "show_name": "name", "submission_key": key, "csrf_token": csrf_from(page)}
    assert client.post(f"/hearings/{hearing.id}/comments", data=form).status_code == 200  # the check page
    form["confirmed"] = "1"
    first = client.post(f"/hearings/{hearing.id}/comments", data=form)
    second = client.post(f"/hearings/{hearing.id}/comments", data=form, follow_redirects=True)
    assert first.status_code == 302 and second.status_code == 200
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.hearing_id == hearing.id)) == 1
    assert "submission_key" in page
    fresh = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    again = {**form, "submission_key": re.search(r'name="submission_key" value="([^"]+)"', fresh).group(1),
             "text": "Тағы бір ескерту", "confirmed": "1"}
    assert client.post(f"/hearings/{hearing.id}/comments", data=again).status_code == 302
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.hearing_id == hearing.id)) == 2
