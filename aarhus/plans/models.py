"""Progress that the responsible bodies report on action-plan items, versioned."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.time import utcnow


class PlanProgress(db.Model):
    """One version of the progress information on one action-plan item for one year."""

    __tablename__ = "plan_progress"
    __table_args__ = (Index("ix_plan_progress_lookup", "concept", "item", "year", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concept: Mapped[str] = mapped_column(String(30))
    item: Mapped[int]
    year: Mapped[int]
    version: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
