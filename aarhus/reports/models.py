"""Editors' answers to the NIR sections and bodies' progress on action-plan items, both versioned."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.extensions import db
from aarhus.models import UTCDateTime
from aarhus.timeutil import utcnow


class NirAnswer(db.Model):
    """One version of the answer to one section of the report of one year, in one language."""

    __tablename__ = "nir_answers"
    __table_args__ = (Index("ix_nir_answers_lookup", "year", "numeral", "lang", "version"),
                      CheckConstraint("lang IN ('kk', 'ru', 'en')", name="lang"))

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    numeral: Mapped[str] = mapped_column(String(8))
    lang: Mapped[str] = mapped_column(String(2))
    version: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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
