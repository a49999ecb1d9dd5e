"""Progress that the responsible bodies report on action-plan items, versioned."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
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


class PlanSubmission(db.Model):
    """A link of a concept's reporting chain, recorded when it happened (the summary sent to the Government Office
    by 15 June, Decree No 1206 p.3): the audit judges its date."""

    __tablename__ = "plan_submissions"
    __table_args__ = (UniqueConstraint("concept", "year", "link", name="uq_plan_submissions_link"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concept: Mapped[str] = mapped_column(String(30))
    year: Mapped[int]  # the reporting year
    link: Mapped[str] = mapped_column(String(20))  # government
    sent_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(300), default="")  # outgoing number and date of the letter
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
