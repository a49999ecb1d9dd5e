"""Column types shared by the domain models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column


class UTCDateTime(TypeDecorator):
    """An aware UTC instant, stored as UTC on every database and read back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for an instant column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class StoredFileColumns:
    """An upload kept outside the web root (see ``aarhus.core.files``): name, place, type, size, SHA-256."""

    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))


# The longest text a person may type into an unbounded (``Text``) column: a comment, a request, an answer. The
# forms and the API both cap at it; a ``String(n)`` column caps at ``n``.
LONG_TEXT = 20_000


def max_length(column: Any) -> int:
    """How many characters a model attribute holds: its ``String`` length, else ``info["max_length"]`` or
    ``LONG_TEXT``."""
    length = getattr(column.type, "length", None)
    return length or column.info.get("max_length", LONG_TEXT)
