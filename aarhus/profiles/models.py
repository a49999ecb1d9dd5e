"""Following one hearing or one request by e-mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.time import utcnow


class Follow(db.Model):
    """A visitor's e-mail following one public record, with double opt-in and a one-click unsubscribe token."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("email", "subject_type", "subject_id", name="uq_follows_email_subject"),
        CheckConstraint("subject_type IN ('hearing', 'request')", name="subject_type"),
        Index("ix_follows_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(10))
    subject_id: Mapped[int]
    email: Mapped[str] = mapped_column(String(254))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    locale: Mapped[str] = mapped_column(String(2), default="kk")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
