"""Pure rules of a finding as a case: its states and who may do which act in which state.

A finding is *open* when the engine records it; a compliance officer *sends* it to the responsible body, whose
officers *answer* it (explanation, corrective action, evidence) within ``finding.response`` (10 working days); the
compliance officer then *closes* it or *reopens* it (back to the body with a new clock, or back to open if it was
never sent). The case state is set by people only: the engine's cured/reopened marks never change it.
"""

from __future__ import annotations

STATES = ("open", "sent", "answered", "closed")

# Who acts: "compliance" = a compliance officer; "body" = an officer of the finding's responsible body.
# Each act → for each kind of actor, the states in which that actor may do it. Operations, the pages and the
# templates all ask this table (through ``audit.cases.allowed_actions``); nothing else decides.
ACTS: dict[str, dict[str, frozenset[str]]] = {
    "send": {"compliance": frozenset({"open"})},
    "answer": {"body": frozenset({"sent"})},
    "close": {"compliance": frozenset({"open", "answered"})},
    "reopen": {"compliance": frozenset({"answered", "closed"})},
}

# The state each act leaves the case in ("reopen": see ``after``).
NEXT = {"send": "sent", "answer": "answered", "close": "closed"}

RESPONSE_RULE = "finding.response"


def after(act: str, *, was_sent: bool) -> str:
    """The case state after ``act``: a reopened case goes back to the body if it had been sent, else it is open."""
    if act == "reopen":
        return "sent" if was_sent else "open"
    return NEXT[act]


def refusal_code(act: str, state: str, kinds: set[str]) -> str | None:
    """None if the table allows the act; "forbidden" if this actor may never do it; else "wrong_state"."""
    by_kind = ACTS[act]
    if any(state in by_kind.get(kind, ()) for kind in kinds):
        return None
    if not kinds & set(by_kind):
        return "forbidden"
    return "wrong_state"
