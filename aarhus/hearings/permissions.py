"""Who may do what with a hearing now: the actor's kinds, asked against the life-cycle table of ``rules``."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.hearings import rules
from aarhus.hearings.errors import HearingError
from aarhus.hearings.models import Hearing, Protocol


def is_region_officer(user: Any, hearing: Hearing) -> bool:
    """True for an officer of the akimat of the hearing's region: the akimat agrees, publishes and closes hearings
    (Rules p.8–9). An officer of another body of the region answers requests to that body, not these."""
    return bool(user and user.role == Role.akimat_officer and user.body_id is not None
                and user.body_id == hearing.akimat_id)


def can_edit(user: Any, hearing: Hearing) -> bool:
    """The initiator who created it, or an officer of its region, may run a hearing."""
    if user is None:
        return False
    return is_region_officer(user, hearing) or (user.role == Role.initiator and hearing.created_by_id == user.id)


def can_answer(user: Any, hearing: Hearing) -> bool:
    """Who may enter the initiator's positions: the initiator or an officer of the region."""
    return can_edit(user, hearing)


def kinds_of(user: Any, hearing: Hearing) -> set[str]:
    """The kinds of actor (the columns of ``rules.ACTS``) that ``user`` is for this hearing."""
    kinds = {"anyone"}
    if can_edit(user, hearing):
        kinds.add("runner")
    if is_region_officer(user, hearing):
        kinds.add("officer")
    return kinds


def is_signed(hearing: Hearing) -> bool:
    """True when every required signature is on the protocol."""
    protocol = hearing.protocol
    return bool(protocol) and all(getattr(protocol, f"{r}_signed_at") for r in rules.signatures_needed(
        hearing.form.value))


def is_public(hearing: Hearing) -> bool:
    """Whether anyone may see the hearing (``rules.is_public``)."""
    return rules.is_public(hearing.state.value, hearing.first_published_at is not None)


def stage_of(hearing: Hearing) -> str:
    """The hearing's stage of the life cycle (``rules.STAGES``)."""
    protocol = hearing.protocol
    signed = bool(protocol and (protocol.chair_signed_at or protocol.secretary_signed_at))
    return rules.stage(state=hearing.state.value, signed=signed, protocol_published=bool(
        hearing.protocol_published_at))


def refusals(hearing: Hearing, user: Any, today: date) -> dict[str, str]:
    """Every act ``user`` may not do with the hearing today, with the code of the refusal."""
    stage, kinds = stage_of(hearing), kinds_of(user, hearing)
    refused = {act: code for act in rules.ACTS if (code := rules.refusal_code(act, stage, kinds))}
    calendar = rules.calendar_refusals(state=hearing.state.value, start_on=hearing.start_on, end_on=hearing.end_on,
                                       comments_close_on=hearing.comments_close_on, today=today)
    survey = hearing.form.value == "survey"  # written only: nothing is said at a meeting, no link to one fails
    record = {
        "sign_protocol": "wrong_state" if hearing.protocol is None else None,
        "publish_protocol": None if is_signed(hearing) else "not_signed",
        "oral_comment": "no_meeting" if survey else None,
        "connection_complaint": "no_meeting" if survey else None if hearing.video_url else "wrong_state",
        "post_conclusion": "wrong_state" if hearing.expertise_conclusion is not None else None,
    }
    for act, code in {**calendar, **{a: c for a, c in record.items() if c}}.items():
        refused.setdefault(act, code)  # who may act, and in which stage, is said first
    return refused


def comment_refusal(hearing_id: int, today: date) -> tuple[str | None, Any]:
    """Lock the hearing's row FOR KEY SHARE (as ``lock(hearing, shared=True)``) and say why a citizen's written
    comment may not be received now: None if it may, "not_found" if no public hearing has this id, else the code
    ``refusals`` gives for "comment". With the row read (its titles name the hearing in the receipt).

    Two small queries, asked of the same table and calendar as ``refusals``: the path of the busiest act on the site
    does not load the hearing, its protocol and its conclusion to ask one question.
    """
    h, p = Hearing, Protocol
    row = db.session.execute(
        select(h.state, h.first_published_at, h.comments_close_on, h.protocol_published_at, h.title_kk, h.title_ru)
        .where(h.id == hearing_id).with_for_update(read=True, key_share=True)).first()
    if row is None or not rules.is_public(row.state.value, row.first_published_at is not None):
        return "not_found", row
    # In a statement of its own, after the lock: a statement that waited for the lock would still see the protocol
    # as it was when it began (read committed), not the signature the act it waited for committed meanwhile.
    signed = db.session.scalar(select(p.id).where(p.hearing_id == hearing_id, (p.chair_signed_at.is_not(None)
                                                                               | p.secretary_signed_at.is_not(None))))
    stage = rules.stage(state=row.state.value, signed=signed is not None,
                        protocol_published=row.protocol_published_at is not None)
    calendar = rules.calendar_refusals(state=row.state.value, start_on=None, end_on=None,
                                       comments_close_on=row.comments_close_on, today=today)
    return rules.refusal_code("comment", stage, {"anyone"}) or calendar.get("comment"), row


def allowed_actions(hearing: Hearing, user: Any, today: date) -> set[str]:
    """The acts ``user`` may do with the hearing today: the table, then the calendar and the record."""
    return set(rules.ACTS) - set(refusals(hearing, user, today))


def require(allowed: bool) -> None:
    """Refuse with 403 unless ``allowed``."""
    if not allowed:
        raise HearingError("forbidden", 403)


def lock(hearing: Hearing, shared: bool = False) -> None:
    """Lock the hearing's row until the transaction ends and read it afresh (PostgreSQL: SELECT … FOR UPDATE;
    SQLite's writers already queue at BEGIN). Every act takes it first, so two acts on one hearing never overlap.

    ``shared`` (FOR KEY SHARE) is for acts that may overlap each other but not the others (citizens' comments): it
    waits for, and holds off, FOR UPDATE only, and not the counting ``UPDATE`` of the row's plain columns."""
    db.session.refresh(hearing, with_for_update={"read": True, "key_share": True} if shared else True)
    # What hangs from the hearing is read afresh too (a signature, a protocol drafted meanwhile), not the copies
    # this session loaded before it waited for the lock.
    for record in (hearing.__dict__.get("protocol"), hearing.__dict__.get("expertise_conclusion")):
        if record is not None:
            db.session.expire(record)
    db.session.expire(hearing, ["protocol", "expertise_conclusion", "media_notices"])


def require_act(hearing: Hearing, act: str, user: Any) -> None:
    """Lock the hearing, then refuse unless ``user`` may do ``act`` today (403 for the wrong actor, else 422).

    An act that a concurrent act made impossible while this one waited for the lock is refused as state_changed.
    """
    seen = stage_of(hearing)
    lock(hearing)
    code = refusals(hearing, user, legal_today()).get(act)
    if code == "forbidden":
        raise HearingError("forbidden", 403)
    if code:
        now = stage_of(hearing)
        raise HearingError("state_changed" if now != seen else code, stage=now)
