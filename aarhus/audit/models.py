"""The append-only event log: each entry's hash covers the previous one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.extensions import db
from aarhus.models import UTCDateTime

GENESIS = "0" * 64


class LogEntry(db.Model):
    """One event. Kinds are dotted names listed in ``aarhus.audit.ledger.EVENT_KINDS``."""

    __tablename__ = "log_entries"
    __table_args__ = (Index("ix_log_entries_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(60))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A unique previous hash makes a fork of the chain impossible.
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
