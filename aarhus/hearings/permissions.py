"""Who may do what with a hearing now: the actor's kinds, asked against the life-cycle table of ``rules``."""

from __future__ import annotations

from datetime import date
from typing import Any

from aarhus.core.roles import Role
from aarhus.hearings import rules
from aarhus.hearings.errors import HearingError
from aarhus.hearings.models import Hearing


def is_region_officer(user: Any, hearing: Hearing) -> bool:
    """True for an akimat officer of the hearing's region."""
    return bool(user and user.role == Role.akimat_officer and user.body
                and user.body.region_id == hearing.region_id)


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


def stage_of(hearing: Hearing) -> str:
    """The hearing's stage of the life cycle (``rules.STAGES``)."""
    protocol = hearing.protocol
    signed = bool(protocol and (protocol.chair_signed_at or protocol.secretary_signed_at))
    return rules.stage(state=hearing.state.value, signed=signed, protocol_published=bool(
        hearing.protocol_published_at))


def allowed_actions(hearing: Hearing, user: Any, today: date) -> set[str]:
    """The acts ``user`` may do with the hearing today: the table, then the dates and the protocol's progress."""
    acts = rules.acts_allowed(stage_of(hearing), kinds_of(user, hearing))
    if not rules.comments_open(state=hearing.state.value, closes_on=hearing.comments_close_on, today=today):
        acts.discard("comment")
    if hearing.end_on is None or today < hearing.end_on:
        acts.discard("draft_protocol")
    if hearing.protocol is None:
        acts.discard("sign_protocol")
    if not is_signed(hearing):
        acts.discard("publish_protocol")
    if not hearing.video_url:
        acts.discard("connection_complaint")
    if hearing.expertise_conclusion is not None:
        acts.discard("post_conclusion")
    return acts


def require(allowed: bool) -> None:
    """Refuse with 403 unless ``allowed``."""
    if not allowed:
        raise HearingError("forbidden", 403)


def require_act(hearing: Hearing, act: str, user: Any) -> None:
    """Refuse unless the life-cycle table lets ``user`` do ``act`` in the hearing's stage (403 or wrong_state)."""
    code = rules.refusal_code(act, stage_of(hearing), kinds_of(user, hearing))
    if code == "forbidden":
        raise HearingError("forbidden", 403)
    if code:
        raise HearingError("wrong_state", state=hearing.state.value, stage=stage_of(hearing))
