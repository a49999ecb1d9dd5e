"""Who answers for an action-plan item: read from the plan's «responsible executors» column (pure)."""

from __future__ import annotations

# Executors that mean every local executive body (akimat): ЖАО, «облыстардың … әкімдіктері», local state bodies.
LOCAL_MARKERS = ("ЖАО", "облыстардың", "жергілікті", "республикалық маңызы бар қалалардың")
# The Ministry of Ecology and Natural Resources, the body of the system that leads both concepts.
MINISTRY_MARKERS = ("ЭТРМ",)


def is_responsible(executors: str, *, body_kind: str, body_names: list[str]) -> bool:
    """Whether a body (its kind, and its names) is among the item's responsible executors."""
    if body_kind == "akimat":
        return any(marker in executors for marker in LOCAL_MARKERS) or any(
            name and name in executors for name in body_names)
    if body_kind == "ministry":
        return any(marker in executors for marker in MINISTRY_MARKERS)
    return False
