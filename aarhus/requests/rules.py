"""Pure rules of information requests: the life cycle, status from dates, the guards of each act, the fee."""

from __future__ import annotations

import calendar
from datetime import date

from aarhus.requests.models import GROUNDS, NON_RESTRICTABLE, SECRET_EXCEPTIONS

# The life cycle: registered → answered | refused | redirected, each final (a forwarded request is registered
# anew at the competent body). Each act → who does it and the states it may start from. Operations, the API,
# the pages and the templates all ask this table (through ``allowed_actions``).
ACTS: dict[str, tuple[str, frozenset[str]]] = {
    "answer": ("holder_officer", frozenset({"registered"})),
    "extend": ("holder_officer", frozenset({"registered"})),  # once, on or before the 15 CD date
    "redirect": ("holder_officer", frozenset({"registered"})),
    "refuse": ("holder_officer", frozenset({"registered"})),
    "complain": ("requester", frozenset({"registered", "answered", "refused"})),  # art. 18: refusal, lateness,
    #                                                                                 a partial answer
}


def allowed_actions(*, state: str, kinds: set[str], already_extended: bool, answer_due_on: date, due_on: date,
                    closed_on: date | None, withheld: bool, today: date) -> set[str]:
    """The acts an actor of these kinds may do now: the table, then the clocks of the law."""
    acts = {act for act, (kind, states) in ACTS.items() if kind in kinds and state in states}
    if not can_extend(already_extended=already_extended, answer_due_on=answer_due_on, today=today):
        acts.discard("extend")
    status = public_status(state=state, due_on=due_on, closed_on=closed_on, today=today)
    if complaint_reason(status=status, withheld=withheld) is None:
        acts.discard("complain")
    return acts


def public_status(*, state: str, due_on: date, closed_on: date | None, today: date) -> str:
    """What the register shows; "late" and "overdue" are derived, never stored."""
    if state == "answered":
        return "answered_late" if closed_on and closed_on > due_on else "answered"
    if state in ("refused", "redirected"):
        return state
    return "overdue" if today > due_on else "in_progress"


def days_late(*, due_on: date, closed_on: date | None, today: date) -> int:
    """Calendar days after the due date (rules.md §1: from the day after the due date)."""
    end = closed_on or today
    return max((end - due_on).days, 0)


def can_extend(*, already_extended: bool, answer_due_on: date, today: date) -> bool:
    """Once only, decided on or before the 15 CD date (Access to information art. 11)."""
    return not already_extended and today <= answer_due_on


def ground_problem(ground: str, categories: list[str], state_secret: bool = False) -> str | None:
    """None if ``ground`` may be used for a request of these categories, else the error code.

    Access to information art. 6: the non-restrictable categories are never refused as restricted, except that
    items 5-7 (legal acts, budgets, budget control) carve out what is a state secret.
    """
    if ground not in GROUNDS:
        return "unknown_ground"
    protected = set(categories) & set(NON_RESTRICTABLE)
    if ground == "restricted" and protected and not (state_secret and protected <= set(SECRET_EXCEPTIONS)):
        return "ground_not_allowed"
    return None


# The most a copied page may cost: 10 000 tenge (published tariffs are tens of tenge; more is a slip of the keyboard).
MAX_PAGE_PRICE_TIYN = 10_000 * 100


def fee_tiyn(*, answer_form: str, pages: int, price_tiyn: int, exempt: bool) -> int:
    """Copying costs: pages × tariff for paper answers; electronic answers and the exempt pay nothing."""
    if answer_form != "paper" or exempt or pages <= 0:
        return 0
    return pages * price_tiyn


def complaint_reason(*, status: str, withheld: bool) -> str | None:
    """What a complaint may be against (art. 18): a refusal, a missed deadline, or an answer that withheld part."""
    if status == "refused":
        return "refusal"
    if status in ("overdue", "answered_late"):
        return "missed_deadline"
    if status == "answered" and withheld:
        return "incomplete"
    return None


def complaint_is_late(*, reason: str, closed_on: date | None, due_on: date, today: date) -> bool:
    """Filed more than 3 months after the act (or the missed day) became known: accepted all the same, art. 18
    (the delay is weighed on the merits, never a ground to refuse to accept the complaint)."""
    since = due_on if reason == "missed_deadline" else closed_on
    return since is not None and today > _add_months(since, 3)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
