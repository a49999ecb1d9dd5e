"""Who may do what with a request now: the actor's kinds, asked against the life-cycle table of ``rules``."""

from __future__ import annotations

from datetime import date
from typing import Any

from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.requests import rules
from aarhus.requests.errors import RequestError
from aarhus.requests.models import InfoRequest


def is_holder_officer(user: Any, request: InfoRequest) -> bool:
    """An officer of the body that holds the request."""
    return bool(user and user.role == Role.akimat_officer and user.body_id == request.holder_id)


def allowed_actions(request: InfoRequest, user: Any, today: date, *, requester: bool = False) -> set[str]:
    """The acts ``user`` (or the requester, who holds the private link) may do with the request today."""
    kinds = {"holder_officer"} if is_holder_officer(user, request) else set()
    if requester:
        kinds.add("requester")
    return rules.allowed_actions(state=request.state.value, kinds=kinds,
                                 already_extended=request.extended_at is not None,
                                 answer_due_on=request.answer_due_on, due_on=request.due_on,
                                 closed_on=request.closed_on, withheld=bool(request.withheld), today=today)


def require_act(request: InfoRequest, act: str, user: Any) -> None:
    """Lock the request's row and read it afresh, then refuse unless the table lets the holder's officer do
    ``act`` (403; already_closed once decided; state_changed when a concurrent act decided it meanwhile)."""
    if not is_holder_officer(user, request):
        raise RequestError("forbidden", 403)
    seen = request.state
    db.session.refresh(request, with_for_update=True)  # PostgreSQL: SELECT … FOR UPDATE; SQLite queues writers
    if request.state.value not in rules.ACTS[act][1]:
        raise RequestError("state_changed" if request.state != seen else "already_closed", state=request.state.value)
