"""The publication gate: every refusal of rules.md §3, and its lawful boundary."""

from datetime import date

import pytest

from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.hearings import operations as ops
from aarhus.ledger import chain as ledger
from tests.hearings.factories import agree, draft, officer_of


def refusal(hearing, officer):
    with pytest.raises(OperationError) as caught:
        ops.publish_hearing(hearing, officer)
    return caught.value


def test_exactly_twenty_days_ahead_is_lawful_and_the_instant_is_the_servers(officer, clock):
    now = clock.set("2026-11-23")
    hearing = draft(officer, start=date(2026, 12, 13))  # 23 Nov + 20 days
    agree(hearing, officer)
    ops.publish_hearing(hearing, officer)
    assert hearing.state.value == "published"
    assert hearing.notice_published_at == now
    assert hearing.comments_close_on == date(2026, 12, 9)  # 3 WD before Sunday 13 Dec: 11, 10, 9
    assert hearing.protocol_due_on == date(2026, 12, 23)  # 7 WD after 13 Dec, 16 Dec a holiday
    entry = [e for e in ledger.entries_for("hearing", hearing.id) if e.kind == "hearing.published"][0]
    assert entry.payload["notice"]["title_kk"] == hearing.title_kk


def test_nineteen_days_is_too_late_and_names_the_earliest_date(officer):
    hearing = draft(officer, start=date(2026, 12, 12))
    agree(hearing, officer)
    error = refusal(hearing, officer)
    assert error.code == "notice_too_late"
    assert error.details["earliest_hearing_date"] == "2026-12-13"
    assert error.details["latest_notice_on"] == "2026-11-22"


@pytest.mark.parametrize("blank,field", [("title_ru", "title.ru"), ("description_kk", "description.kk"),
                                         ("address_ru", "location.address.ru"), ("place_kk", "place.kk"),
                                         ("expertise_body", "expertise_body"), ("initiator_bin", "initiator.bin"),
                                         ("developer_contacts", "documentation_developer.contacts"),
                                         ("comments_address", "initiator.comments_address"),
                                         ("expertise_body_ru", "expertise_body.ru"),
                                         ("districts_ru", "location.districts.ru"),
                                         ("initiator_contacts_ru", "initiator.contacts.ru"),
                                         ("developer_name_ru", "documentation_developer.name.ru")])
def test_each_missing_field_or_language_is_named(officer, blank, field):
    hearing = draft(officer, **{blank: ""})
    error = refusal(hearing, officer)
    assert error.code == "missing_fields" and field in error.details["fields"]


def test_a_malformed_bin_counts_as_missing(officer):
    assert "initiator.bin" in refusal(draft(officer, initiator_bin="12345"), officer).details["fields"]


def test_no_documentation_is_refused(officer):
    hearing = draft(officer, documentation_url="")
    assert "documentation_url" in refusal(hearing, officer).details["fields"]


def test_a_media_notice_in_one_language_only_is_refused(officer):
    hearing = ops.create_hearing("KZ-35", "open_meeting", __import__("tests.hearings.factories", fromlist=["x"])
                                 .notice_values(), officer)
    ops.add_media_notice(hearing, "Индустриальная Караганда", date(2026, 11, 23), "ru", officer)
    assert "media_notices" in refusal(hearing, officer).details["fields"]
    ops.add_media_notice(hearing, "Орталық Қазақстан", date(2026, 11, 23), "kk", officer)
    agree(hearing, officer)
    ops.publish_hearing(hearing, officer)


def test_publication_without_agreement_is_refused(officer):
    assert refusal(draft(officer), officer).code == "not_agreed"


def test_a_survey_shorter_than_twenty_working_days_is_refused(officer):
    hearing = draft(officer, form="survey", start=date(2026, 12, 14), survey_end=date(2027, 1, 8))
    agree(hearing, officer)
    error = refusal(hearing, officer)
    # 20 WD from 14 Dec 2026: 16 Dec, 1–2 Jan (and 4 Jan observed), 7 Jan are days off.
    assert error.code == "survey_too_short" and error.details["earliest_survey_end"] == "2027-01-15"
    ops.postpone_hearing(hearing, {"survey_end": date(2027, 1, 15)}, "Мерзімді ұзарту", officer)
    ops.publish_hearing(hearing, officer)
    assert hearing.comments_close_on == date(2027, 1, 15)


def test_an_officer_of_another_region_gets_403(officer):
    hearing = draft(officer)
    stranger = officer_of("KZ-75", email="almaty@akimat.kz")
    for action in (lambda: agree(hearing, stranger), lambda: ops.publish_hearing(hearing, stranger),
                   lambda: ops.cancel_hearing(hearing, "no", stranger)):
        with pytest.raises(OperationError) as caught:
            action()
        assert caught.value.status == 403


def test_postponing_needs_a_new_lawful_notice(officer, clock):
    hearing = draft(officer, start=date(2026, 12, 20))
    agree(hearing, officer)
    ops.publish_hearing(hearing, officer)
    clock.set("2026-12-10")
    db.session.commit()
    # A date no notice published today could lawfully announce would leave the hearing stuck: it is refused.
    with pytest.raises(OperationError) as caught:
        ops.postpone_hearing(hearing, {"hearing_date": date(2026, 12, 25)}, "Зал жөндеуде", officer)
    db.session.rollback()
    assert caught.value.code == "notice_too_late" and caught.value.details["earliest_hearing_date"] == "2026-12-30"
    assert hearing.state.value == "published" and hearing.hearing_date == date(2026, 12, 20)
    ops.postpone_hearing(hearing, {"hearing_date": date(2026, 12, 30)}, "Заңды мерзім", officer)
    assert hearing.state.value == "agreed" and hearing.notice_published_at is None
    ops.postpone_hearing(hearing, {"hearing_date": date(2027, 1, 11)}, "Зал әлі дайын емес", officer)
    ops.publish_hearing(hearing, officer)
    db.session.commit()
    kinds = [e.kind for e in ledger.entries_for("hearing", hearing.id)]
    assert kinds.count("hearing.published") == 2 and kinds.count("hearing.postponed") == 2
