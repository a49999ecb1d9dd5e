"""The SEE conclusion (5 WD, EC art. 57) and public expertise applications (10 WD, EC art. 65)."""

import io
from datetime import date

import pytest

from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.hearings.operations import expertise
from aarhus.hearings.rules import expertise_status
from aarhus.ledger import chain as ledger
from tests.hearings.factories import officer_of, published

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def hearing(app, clock):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    return published(officer, start=date(2026, 12, 14)), officer


def test_the_conclusion_is_due_five_working_days_after_receipt(hearing, clock, client):
    hearing, officer = hearing
    clock.set("2026-12-18")
    conclusion = expertise.post_conclusion(hearing, received_on=date(2026, 12, 15), outcome="positive",
                                           summaries={"kk": "Келісілді", "ru": "Согласовано"},
                                           stream=io.BytesIO(PDF), filename="қорытынды.pdf", actor=officer)
    db.session.commit()
    assert conclusion.due_on == date(2026, 12, 23)  # 15 Dec + 5 WD: 17, 18, 21, 22, 23 (16 Dec a holiday)
    assert conclusion.document.filename == "қорытынды.pdf"
    page = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Согласовано" in page and "қорытынды.pdf" in page
    with pytest.raises(OperationError):
        expertise.post_conclusion(hearing, received_on=date(2026, 12, 15), outcome="positive", summaries={},
                                  stream=io.BytesIO(PDF), filename="again.pdf", actor=officer)


def test_a_conclusion_that_is_not_a_pdf_or_image_is_refused(hearing):
    hearing, officer = hearing
    with pytest.raises(OperationError) as caught:
        expertise.post_conclusion(hearing, received_on=date(2026, 11, 20), outcome="positive", summaries={},
                                  stream=io.BytesIO(b"MZ\x90\x00 not a document"), filename="x.pdf", actor=officer)
    assert caught.value.code == "bad_file"


def test_an_application_is_registered_refused_with_reasons_or_deemed_registered(hearing, clock):
    hearing, officer = hearing
    first = expertise.receive_application(hearing, organiser="«Эко Орда» ҚБ", contact="eco@orda.kz",
                                          received_on=date(2026, 11, 23), actor=officer)
    second = expertise.receive_application(hearing, organiser="Тұрғындар тобы", contact="+7 700",
                                           received_on=date(2026, 11, 23), actor=officer)
    assert first.due_on == date(2026, 12, 7)  # 10 WD after Monday 23 Nov
    with pytest.raises(OperationError):
        expertise.decide_application(first, "refused", "  ", officer)
    expertise.decide_application(first, "refused", "Өтініш жоба бойынша емес", officer)
    clock.set("2026-12-07")
    assert expertise.mark_deemed_registered() == 0
    assert expertise_status(decision=second.decision, due_on=second.due_on, today=date(2026, 12, 7)) == "pending"
    clock.set("2026-12-08")
    assert expertise.mark_deemed_registered() == 1
    assert expertise.mark_deemed_registered() == 0  # idempotent
    assert second.deemed_at is not None
    assert expertise_status(decision=None, due_on=second.due_on, today=date(2026, 12, 8)) == "deemed_registered"
    with pytest.raises(OperationError):
        expertise.decide_application(second, "refused", "кеш", officer)
    kinds = [e.kind for e in ledger.entries_for("hearing", hearing.id)]
    assert kinds.count("hearing.pee_deemed_registered") == 1


def test_past_its_day_an_application_is_deemed_registered_and_cannot_be_refused(hearing, clock):
    """EC art. 65: undecided after 10 WD it is registered, whether or not the nightly job has run yet."""
    hearing, officer = hearing
    clock.set("2026-12-01")
    application = expertise.receive_application(hearing, organiser="ЭкоЖол", contact="eco@example.kz",
                                                received_on=date(2026, 12, 1), actor=officer)
    db.session.commit()
    clock.set(application.due_on.isoformat())
    assert expertise_status(decision=None, due_on=application.due_on, today=application.due_on) == "pending"
    clock.set("2026-12-31")  # past the due day; mark_deemed_registered has not run
    with pytest.raises(OperationError) as refused:
        expertise.decide_application(application, "refused", "Кеш келді", officer)
    assert (refused.value.code, refused.value.details) == ("wrong_state", {"application_status": "deemed_registered"})
    expertise.decide_application(application, "registered", "", officer)  # confirming it is still recorded
    assert application.decision == "registered"
    with pytest.raises(OperationError):
        expertise.decide_application(application, "registered", "", officer)
