"""Comments, positions, the protocol and its PDF; contacts never leave."""

import hashlib
import subprocess

import pytest

from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Channel
from aarhus.hearings.protocol_pdf import pdf_path
from tests.hearings.factories import draft, make_protocol_pdfs, secretary_of, signers

SECRET = "private.person@mail.kz"


def comment(hearing, text="Су көздеріне әсерін бағалаңыз", name="Айгерім Сәрсенова", show=True):
    created = ops.submit_comment(hearing, author_name=name, contact=SECRET, text=text, show_name=show)
    db.session.commit()
    return created


def test_comments_close_at_the_end_of_the_comments_day(hearing, clock):
    clock.set("2026-12-09T23:59:00+05:00")
    assert comment(hearing).receipt.startswith(f"H{hearing.id}-")
    clock.set("2026-12-10T00:01:00+05:00")
    with pytest.raises(OperationError) as caught:
        comment(hearing)
    assert caught.value.code == "comments_closed" and caught.value.details["closed_on"] == "2026-12-09"


def test_the_api_refuses_late_comments_with_closed_on(client, hearing, clock):
    clock.set("2026-12-10")
    response = client.post(f"/api/v1/hearings/{hearing.id}/comments",
                           json={"author_name": "A", "contact": "a@b.kz", "text": "late", "show_name": True})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "comments_closed" and response.json["error"]["closed_on"] == "2026-12-09"


def test_the_api_says_comments_closed_once_the_hearing_is_cancelled_and_404_for_a_draft(client, hearing, officer):
    ops.cancel_hearing(hearing, "Жоба қайтарылды", officer)
    db.session.commit()
    body = {"author_name": "A", "contact": "a@b.kz", "text": "кеш", "show_name": True}
    response = client.post(f"/api/v1/hearings/{hearing.id}/comments", json=body)
    assert response.status_code == 422 and response.json["error"]["code"] == "comments_closed"
    unpublished = draft(officer)
    db.session.commit()
    missing = client.post(f"/api/v1/hearings/{unpublished.id}/comments", json=body)
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    assert client.post("/api/v1/hearings/999999/comments", json=body).status_code == 404


@pytest.mark.parametrize(("body", "status", "code"), [
    ({}, 422, "invalid"), ({"author_name": " ", "contact": "", "text": ""}, 422, "invalid"),
    ({"text": 5}, 422, "invalid"), ([], 400, "bad_json")])
def test_a_comment_on_no_hearing_is_404_whatever_its_body(client, hearing, body, status, code):
    """Which hearing is said first: a missing one is 404 before the body is looked at, as for any other record."""
    missing = client.post("/api/v1/hearings/999999/comments", json=body)
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    there = client.post(f"/api/v1/hearings/{hearing.id}/comments", json=body)
    assert there.status_code == status and there.json["error"]["code"] == code
    assert not ops.comments_of(hearing)


def test_a_comment_on_a_closed_hearing_says_closed_whatever_its_body(client, hearing, clock):
    clock.set("2026-12-10")
    late = client.post(f"/api/v1/hearings/{hearing.id}/comments", json={"author_name": "", "text": 5})
    assert late.status_code == 422 and late.json["error"]["code"] == "comments_closed"
    assert late.json["error"]["closed_on"] == "2026-12-09"


def test_receipts_are_unique(hearing):
    receipts = {comment(hearing, text=f"ұсыныс {i}").receipt for i in range(30)}
    assert len(receipts) == 30
    db.session.refresh(hearing)
    assert hearing.comment_count == 30


def test_anonymous_comments_are_refused(hearing):
    with pytest.raises(OperationError) as caught:
        ops.submit_comment(hearing, author_name=" ", contact="", text="x", show_name=True)
    assert set(caught.value.details["fields"]) == {"author_name", "contact"}


def walk_to_signed(hearing, officer, clock, *, answer_all=True, secretary=None):
    first = comment(hearing, text="Шаңды басу шараларын көрсетіңіз")
    second = comment(hearing, text="Что будет с пастбищами?", name="Пётр Ким", show=False)
    clock.set("2026-12-14T15:00:00+05:00")
    oral = ops.submit_comment(hearing, author_name="Болат Ахметов", contact="+7 701 000 0000",
                              text="Жұмыс орындары жергілікті тұрғындарға берілсін", show_name=True,
                              channel=Channel.oral, entered_by=officer)
    ops.set_position(first, "accepted", "Шаң басу жүйесі жобаға енгізілді", officer)
    ops.set_position(second, "partly", "Пастбища сохраняются, кроме участка 4", officer)
    if answer_all:
        ops.set_position(oral, "rejected", "Кадр саясаты жобаның пәні емес", officer)
    clock.set("2026-12-15")
    secretary = secretary or secretary_of("KZ-35")
    ops.draft_protocol(hearing, {"attendees": 48, "eia_presented": True, "chair_name": "Ж. Омаров",
                                 "secretary_name": "Л. Иванова", **signers(officer, secretary)}, officer)
    return [first, second, oral]


def test_the_protocol_cannot_be_signed_while_a_comment_has_no_position(hearing, officer, clock):
    comments = walk_to_signed(hearing, officer, clock, answer_all=False)
    with pytest.raises(OperationError) as caught:
        ops.sign_protocol(hearing, "chair", officer)
    assert caught.value.code == "positions_missing" and caught.value.details["receipts"] == [comments[2].receipt]


def test_chair_and_secretary_are_two_people_and_each_signs_only_as_themself(hearing, officer, secretary, clock):
    walk_to_signed(hearing, officer, clock, secretary=secretary)
    db.session.commit()
    with pytest.raises(OperationError) as same:
        ops.draft_protocol(hearing, {"attendees": 48, **signers(officer, officer)}, officer)
    assert same.value.code == "invalid" and same.value.details["fields"] == ["secretary_id"]
    db.session.rollback()
    with pytest.raises(OperationError) as other:
        ops.sign_protocol(hearing, "secretary", officer)  # the chair may not sign for the secretary
    assert (other.value.code, other.value.status) == ("not_the_signer", 403)
    ops.sign_protocol(hearing, "chair", officer)
    with pytest.raises(OperationError):
        ops.sign_protocol(hearing, "chair", officer)  # once
    ops.sign_protocol(hearing, "secretary", secretary)
    protocol = hearing.protocol
    assert (protocol.chair_signed_by_id, protocol.secretary_signed_by_id) == (officer.id, secretary.id)
    ops.publish_protocol(hearing, officer)
    signed = hearing.protocol.snapshot["protocol"]
    assert signed["chair_signed_by"] == officer.name and signed["secretary_signed_by"] == "Ләззат Иванова"
    assert signed["chair_signed_at"] and signed["secretary_signed_at"]


def test_publishing_needs_both_signatures(hearing, officer, clock):
    walk_to_signed(hearing, officer, clock)
    ops.sign_protocol(hearing, "chair", officer)
    with pytest.raises(OperationError) as caught:
        ops.publish_protocol(hearing, officer)
    assert caught.value.code == "not_signed"


def test_the_protocol_pdf_holds_the_title_and_every_comment_in_both_languages(app, hearing, officer, secretary,
                                                                             clock, client):
    comments = walk_to_signed(hearing, officer, clock, secretary=secretary)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, officer)
    make_protocol_pdfs(app)
    assert hearing.protocol_published_at is not None
    for lang, heading, title in (("kk", "хаттамасы", hearing.title_kk), ("ru", "Протокол", hearing.title_ru)):
        text = subprocess.run(["pdftotext", "-layout", str(pdf_path(hearing.id, lang)), "-"],
                              capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        assert heading in flat and " ".join(title.split()) in flat
        for c in comments:
            assert c.receipt in flat and " ".join(c.text.split()[:3]) in flat
        assert "П. К." in flat and "Пётр Ким" not in flat  # initials, as the author chose
        assert SECRET not in flat and "+7 701" not in flat
        assert "Ж. Омаров" in flat and "Л. Иванова" in flat
    response = client.get(f"/hearings/{hearing.id}/protocol.pdf?lang=ru")
    data = response.data
    response.close()
    assert response.status_code == 200 and data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == hearing.protocol.pdf_sha256_ru


def test_the_protocol_pdf_keeps_the_paragraphs_and_shows_each_stance(app, hearing, officer, secretary, clock):
    walk_to_signed(hearing, officer, clock, secretary=secretary)
    clock.set("2026-12-09")
    long = comment(hearing, text="Бірінші абзац: су көздері.\n\nЕкінші абзац: шаң басу.")
    ops.set_position(long, "partly", "Бірінші бөлігі ескерілді.\nЕкіншісі жобаның пәні емес.", officer)
    clock.set("2026-12-15")
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, officer)
    make_protocol_pdfs(app)
    text = subprocess.run(["pdftotext", str(pdf_path(hearing.id, "kk")), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines, flat = {line.strip() for line in text.splitlines()}, " ".join(text.split())
    assert {"Бірінші абзац: су көздері.", "Екінші абзац: шаң басу."} <= lines  # the author's paragraphs
    assert "Бірінші бөлігі ескерілді. Екіншісі жобаның пәні емес." in flat
    for stance in ("Қабылданды.", "Ішінара қабылданды.", "Қабылданбады."):
        assert stance in flat


def test_protocol_due_date_and_overdue_status(hearing, clock, client):
    # 7 WD after Monday 14 Dec: 15, 17, 18, 21, 22, 23, 24 (16 Dec is Independence Day).
    clock.set("2026-12-24")
    body = client.get(f"/api/v1/hearings/{hearing.id}").json
    assert body["protocol_due_on"] == "2026-12-24" and body["status"] == "awaiting_protocol"
    assert client.get("/api/v1/hearings?status=protocol_overdue").json["items"] == []
    clock.set("2026-12-25")
    assert client.get(f"/api/v1/hearings/{hearing.id}").json["status"] == "protocol_overdue"
    listed = client.get("/api/v1/hearings?status=protocol_overdue").json
    assert [h["id"] for h in listed["items"]] == [hearing.id]


def test_contacts_never_appear_on_public_pages_api_or_feeds(hearing, client):
    comment(hearing)
    comment(hearing, name="Ерлан Байжанов", show=False)
    for url in (f"/hearings/{hearing.id}", "/hearings", f"/api/v1/hearings/{hearing.id}", "/api/v1/hearings",
                "/hearings.atom", "/hearings.ics"):
        body = client.get(url).get_data(as_text=True)
        assert SECRET not in body, url
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert "Айгерім Сәрсенова" in page and "Е. Б." in page and "Ерлан Байжанов" not in page
