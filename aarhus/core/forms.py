"""Helpers shared by the forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from email_validator import EmailNotValidError, validate_email
from wtforms.fields.choices import SelectChoice


def options(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


# C0 and C1 control characters but the tab and the line feed: they break XML feeds, iCalendar and terminals, and
# no one types them. A carriage return becomes a line feed.
_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160)])


def clean_text(value: Any) -> Any:
    """A text as people typed it, without control characters (other values as they are)."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)


def is_web_address(value: Any) -> bool:
    """Only http and https addresses are links (never javascript:, data: or file:)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def is_email_address(value: Any) -> bool:
    """One mailbox, as a mail header can carry it: no display name, list, space, line break or control character."""
    if not isinstance(value, str) or not value or len(value) > 254 or value != value.strip():
        return False
    if any(ch.isspace() or ord(ch) < 32 or 127 <= ord(ch) < 160 or ch in '<>,;"()[]\\' for ch in value):
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
