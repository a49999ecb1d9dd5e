"""Instants (aware UTC, ``*_at``) and legal dates (``*_on``) in the legal time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

# Tests pin the clock here; production always reads the system clock.
_pinned: Callable[[], datetime] | None = None


def utcnow() -> datetime:
    """The current instant, aware and in UTC."""
    return _pinned() if _pinned else datetime.now(UTC)


def pin_clock(now: Callable[[], datetime] | None) -> None:
    """Make ``utcnow`` answer ``now()`` (None restores the system clock). For tests and replays."""
    global _pinned
    _pinned = now


def legal_zone() -> ZoneInfo:
    """The configured legal time zone (Asia/Almaty by default)."""
    return ZoneInfo(current_app.config["AARHUS"].legal_timezone)


def legal_date(instant: datetime) -> date:
    """The legal date of an instant: its calendar date in the legal time zone."""
    if instant.tzinfo is None:  # SQLite returns naive values; they are stored as UTC.
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(legal_zone()).date()


def legal_today() -> date:
    """Today's legal date."""
    return legal_date(utcnow())
