"""Pure rules of information requests: status from dates, the guards of each act, the fee."""

from __future__ import annotations

import calendar
from datetime import date

from aarhus.requests.models import GROUNDS, NON_RESTRICTABLE

STATUSES = ("in_progress", "overdue", "answered", "answered_late", "refused", "redirected")


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


def ground_problem(ground: str, categories: list[str]) -> str | None:
    """None if ``ground`` may be used for a request of these categories, else the error code."""
    if ground not in GROUNDS:
        return "unknown_ground"
    if ground == "restricted" and set(categories) & set(NON_RESTRICTABLE):
        return "ground_not_allowed"  # Access to information art. 6
    return None


def fee_tiyn(*, answer_form: str, pages: int, price_tiyn: int, exempt: bool) -> int:
    """Copying costs: pages × tariff for paper answers; electronic answers and the exempt pay nothing."""
    if answer_form != "paper" or exempt or pages <= 0:
        return 0
    return pages * price_tiyn


def can_complain(*, status: str, closed_on: date | None, due_on: date, today: date) -> bool:
    """Against a refusal or a missed deadline, within 3 months (Access to information art. 18)."""
    if status == "refused":
        since = closed_on
    elif status in ("overdue", "answered_late"):
        since = due_on
    else:
        return False
    return since is not None and today <= _add_months(since, 3)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
