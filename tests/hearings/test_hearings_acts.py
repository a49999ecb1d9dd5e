"""Acts that hold up: no sequence of acts reaches a state the law forbids (issue "Acts that hold up")."""

from __future__ import annotations

from datetime import date

import pytest

from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Channel
from tests.hearings.factories import make_protocol_pdfs, officer_of, published, secretary_of, signers


@pytest.fixture
def officer(app):
    return officer_of("KZ-35")


@pytest.fixture
def hearing(officer, clock):
    clock.set("2026-11-23")
    return published(officer, start=date(2026, 12, 14))


def _comment(hearing, text="Шаң көп болады."):
    return ops.submit_comment(hearing, author_name="Айгүл Серікқызы", contact="aigul@example.kz", text=text,
                              show_name=True)


def _held_and_signed(hearing, officer, clock):
    comment = _comment(hearing)
    ops.set_position(comment, "accepted", "Шаң басатын жүйе орнатылады.", officer)
    clock.set("2026-12-15")
    secretary = secretary_of("KZ-35")
    ops.draft_protocol(hearing, {"attendees": 30, **signers(officer, secretary)}, officer)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    db.session.commit()


def _refused(act, *args, **kwargs) -> OperationError:
    with pytest.raises(OperationError) as refused:
        act(*args, **kwargs)
    db.session.rollback()
    return refused.value


def test_a_published_protocol_is_final_the_hearing_can_be_neither_postponed_nor_cancelled(app, hearing, officer, clock,
                                                                                        client):
    _held_and_signed(hearing, officer, clock)
    ops.publish_protocol(hearing, officer)
    make_protocol_pdfs(app)
    assert _refused(ops.postpone_hearing, hearing, {"hearing_date": date(2027, 2, 1)}, "Көшірілді", officer).status == 422
    assert _refused(ops.cancel_hearing, hearing, "Болмайды", officer).code in ("wrong_state", "already_held")
    assert client.get(f"/hearings/{hearing.id}").status_code == 200
    assert client.get(f"/api/v1/hearings/{hearing.id}").json["status"] == "protocol_published"
    pdf = client.get(f"/hearings/{hearing.id}/protocol.pdf?lang=kk")
    assert pdf.status_code == 200
    pdf.close()


def test_a_held_hearing_is_not_moved_or_called_off_even_before_its_protocol(hearing, officer, clock):
    clock.set("2026-12-15")
    assert _refused(ops.postpone_hearing, hearing, {"hearing_date": date(2027, 2, 1)}, "Көшірілді", officer).code \
        == "already_held"
    assert _refused(ops.cancel_hearing, hearing, "Болмайды", officer).code == "already_held"


def test_media_notices_are_dated_between_the_draft_and_today_and_recorded_only_before_the_hearing(hearing, officer,
                                                                                                 clock):
    clock.set("2026-11-30")
    refused = _refused(ops.add_media_notice, hearing, "Егемен Қазақстан", date(1900, 1, 1), "kk", officer)
    assert refused.code == "invalid" and refused.details["fields"] == ["media_notices.published_on"]
    assert _refused(ops.add_media_notice, hearing, "Егемен Қазақстан", date(2026, 12, 1), "kk", officer).code \
        == "invalid"  # tomorrow
    ops.add_media_notice(hearing, "Егемен Қазақстан", date(2026, 11, 30), "kk", officer)
    clock.set("2026-12-14")
    assert _refused(ops.add_media_notice, hearing, "Казахстанская правда", date(2026, 12, 14), "ru", officer).code \
        == "already_held"


def test_media_notices_cannot_be_added_to_a_cancelled_hearing(hearing, officer, clock):
    ops.cancel_hearing(hearing, "Жоба тоқтатылды", officer)
    db.session.commit()
    assert _refused(ops.add_media_notice, hearing, "Егемен Қазақстан", date(2026, 11, 23), "kk", officer).code \
        == "wrong_state"


def test_once_the_protocol_is_signed_no_comment_of_any_channel_is_accepted(hearing, officer, clock):
    hearing.video_url = "https://meet.example.kz/h"
    db.session.commit()
    _held_and_signed(hearing, officer, clock)
    assert _refused(ops.submit_comment, hearing, author_name="Б", contact="b@example.kz", text="Кеш",
                    show_name=True, channel=Channel.oral, entered_by=officer).code == "wrong_state"
    assert _refused(ops.submit_comment, hearing, author_name="Б", contact="b@example.kz", text="Қосыла алмадым",
                    show_name=False, connection_complaint=True).code == "wrong_state"


def test_publishing_rechecks_that_every_comment_has_a_position(hearing, officer, clock):
    _held_and_signed(hearing, officer, clock)
    from aarhus.hearings.models import Comment

    # A comment that reached the record after the signatures without a position (written straight into the table)

    db.session.add(Comment(hearing=hearing, receipt="H-X", author_name="Б", contact="b@example.kz", text="Жазба",
                           show_name=True, channel=Channel.web))
    db.session.commit()
    refused = _refused(ops.publish_protocol, hearing, officer)
    assert refused.code == "positions_missing" and refused.details["receipts"] == ["H-X"]
    assert hearing.protocol_published_at is None


def test_the_log_of_a_draft_is_not_public_until_the_hearing_is(officer, clock, client):
    from tests.hearings.factories import agree, draft

    hidden = draft(officer, start=date(2026, 12, 28))
    db.session.commit()
    assert client.get(f"/ledger/hearing/{hidden.id}").status_code == 404  # the draft and its history stay private
    agree(hidden, officer)
    ops.publish_hearing(hidden, officer)
    db.session.commit()
    assert client.get(f"/ledger/hearing/{hidden.id}").status_code == 200
    assert client.get("/ledger/user/1").status_code == 404
