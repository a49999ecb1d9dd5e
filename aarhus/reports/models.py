"""Editors' answers to the NIR sections and bodies' progress on action-plan items, both versioned."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.time import utcnow


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


class Consultation(db.Model):
    """The draft NIR of a year open for public comment (section I asks how the public was consulted)."""

    __tablename__ = "report_consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    draft_sha256: Mapped[str] = mapped_column(String(64))
    stored_name: Mapped[str] = mapped_column(String(80))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsultationComment(db.Model):
    """A comment on the draft report; the contact is never shown."""

    __tablename__ = "report_consultation_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("report_consultations.id"), index=True)
    receipt: Mapped[str] = mapped_column(String(24), unique=True)
    author_name: Mapped[str] = mapped_column(String(200))
    show_name: Mapped[bool] = mapped_column(default=True)
    contact: Mapped[str] = mapped_column(String(254))
    section: Mapped[str] = mapped_column(String(8), default="")
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def public_author(self) -> str:
        """The name, or its initials, as the author chose."""
        return self.author_name if self.show_name else " ".join(f"{p[0]}." for p in self.author_name.split() if p)


def report_filename(kind: str, concept: str | None, year: int, lang: str) -> str:
    """nir-2026-kk.pdf, taza-kazakhstan-2024-ru.pdf."""
    return f"{kind if kind == 'nir' else concept}-{year}-{lang}.pdf"
