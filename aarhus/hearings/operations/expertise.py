"""After the hearing: the state expertise conclusion and public ecological expertise applications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.files import StoredFile
from aarhus.core.time import legal_date, utcnow
from aarhus.hearings import rules
from aarhus.hearings.errors import HearingError, date_fault_message
from aarhus.hearings.models import ExpertiseApplication, ExpertiseConclusion, Hearing
from aarhus.hearings.operations.notice import store_document
from aarhus.hearings.permissions import require_act
from aarhus.ledger import chain as ledger
from aarhus.legal import service
from aarhus.legal.operations import meet_deadline, track_deadline

RECEIVED_IN_FUTURE = _l("The day of receipt cannot be later than today.")


def post_conclusion(hearing: Hearing, *, received_on: date, outcome: str, summaries: dict[str, str],
                    stream: Any, filename: str, actor: User, stored: StoredFile | None = None) -> ExpertiseConclusion:
    """Publish the SEE conclusion on the akimat's page; its due date counts from receipt.

    ``stored``: the file as checked and kept when the officer's check page was shown (then no ``stream``)."""
    require_act(hearing, "post_conclusion", actor)
    if hearing.expertise_conclusion is not None:
        raise HearingError("wrong_state")
    if outcome not in ("positive", "negative"):
        raise HearingError("invalid", fields=["outcome"])
    _check_received(received_on)
    document = store_document(hearing, stream, filename, actor, stored=stored)
    conclusion = ExpertiseConclusion(hearing_id=hearing.id, received_on=received_on, outcome=outcome,
                                     due_on=service.compute_on("see.conclusion", received_on),
                                     summary_kk=summaries.get("kk", ""), summary_ru=summaries.get("ru", ""),
                                     document=document, published_by_id=actor.id,
                                     published_on=legal_date(utcnow()))
    db.session.add(conclusion)
    track_deadline("hearing", hearing.id, "see.conclusion", received_on)
    meet_deadline("hearing", hearing.id, "see.conclusion", legal_date(utcnow()))
    db.session.flush()
    ledger.append("hearing.see_conclusion", "hearing", hearing.id,
                  {"received_on": received_on.isoformat(), "outcome": outcome, "sha256": document.sha256}, actor)
    return conclusion


def _check_received(received_on: date) -> None:
    """The day a document arrived starts its clock: it has happened (a later day would put off the decision and the
    tacit registration), and it lies in the calendar that counts the clock."""
    if not rules.FIRST_DAY <= received_on <= rules.LAST_DAY:
        message = date_fault_message("outside_calendar")
    elif received_on > legal_date(utcnow()):
        message = str(RECEIVED_IN_FUTURE)
    else:
        return
    raise HearingError("invalid", fields=["received_on"], field_errors={"received_on": message})


def receive_application(hearing: Hearing, *, organiser: str, contact: str, received_on: date,
                        actor: User) -> ExpertiseApplication:
    """Register the arrival of a public-expertise application; the 10 WD clock starts."""
    require_act(hearing, "receive_application", actor)
    if not organiser.strip() or not contact.strip():
        raise HearingError("invalid", fields=[k for k, v in (("organiser", organiser), ("contact", contact))
                                                if not v.strip()])
    _check_received(received_on)
    application = ExpertiseApplication(hearing_id=hearing.id, organiser=organiser.strip(), contact=contact.strip(),
                                       received_on=received_on,
                                       due_on=service.compute_on("pee.registration", received_on))
    db.session.add(application)
    db.session.flush()
    ledger.append("hearing.pee_received", "hearing", hearing.id,
                  {"application": application.id, "organiser": application.organiser,
                   "received_on": received_on.isoformat()}, actor)
    return application


def decide_application(application: ExpertiseApplication, decision: str, reasons: str, actor: User) -> None:
    """Register, or refuse with reasons, a public-expertise application."""
    hearing = db.session.get(Hearing, application.hearing_id)
    require_act(hearing, "decide_application", actor)
    db.session.refresh(application)  # as it is now that the hearing is locked
    today = legal_date(utcnow())
    open_decisions = rules.application_decisions(decision=application.decision, due_on=application.due_on,
                                                 deemed=application.deemed_at is not None, today=today)
    if decision in ("registered", "refused") and decision not in open_decisions:
        raise HearingError("wrong_state", application_status=rules.expertise_status(
            decision=application.decision, due_on=application.due_on, today=today))
    if decision not in ("registered", "refused") or (decision == "refused" and not reasons.strip()):
        raise HearingError("invalid", fields=["reasons" if decision == "refused" else "decision"])
    application.decision, application.reasons = decision, reasons.strip()
    application.decided_at, application.decided_by_id = utcnow(), actor.id
    application.decided_on = legal_date(application.decided_at)
    db.session.flush()
    ledger.append("hearing.pee_decided", "hearing", hearing.id,
                  {"application": application.id, "decision": decision, "reasons": application.reasons}, actor)


def mark_deemed_registered(now: datetime | None = None) -> int:
    """Record tacit registration of every application left undecided past its due date (idempotent)."""
    now = now or utcnow()
    today = legal_date(now)
    overdue = db.session.scalars(select(ExpertiseApplication).where(
        ExpertiseApplication.decision.is_(None), ExpertiseApplication.deemed_at.is_(None),
        ExpertiseApplication.due_on < today))
    count = 0
    for application in overdue:
        application.deemed_at = now
        ledger.append("hearing.pee_deemed_registered", "hearing", application.hearing_id,
                      {"application": application.id, "due_on": application.due_on.isoformat()}, None)
        count += 1
    db.session.flush()
    return count
