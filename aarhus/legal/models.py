"""Calendar overrides, rule versions and the open deadlines that depend on them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.deadlines import Override, Rule


class CalendarOverride(db.Model):
    """A decreed day off or working day that the holidays package does not know."""

    __tablename__ = "calendar_overrides"
    __table_args__ = (CheckConstraint("kind IN ('day_off', 'working_day')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    on: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(500))  # the decree that makes it so
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def to_override(self) -> Override:
        """The pure form the calendar understands."""
        return Override(self.on, self.kind, self.name_kk, self.name_ru, self.name_en, self.source)


class RuleVersion(db.Model):
    """One version of a statutory period in a rule pack; editable by an administrator."""

    __tablename__ = "rule_versions"
    __table_args__ = (
        UniqueConstraint("pack", "code", "effective_from", name="uq_rule_versions_pack_code_from"),
        CheckConstraint("direction IN ('forward', 'backward')", name="direction"),
        CheckConstraint("unit IN ('calendar', 'working')", name="unit"),
        CheckConstraint("length > 0", name="length_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pack: Mapped[str] = mapped_column(String(40), index=True)
    code: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(10))
    unit: Mapped[str] = mapped_column(String(10))
    length: Mapped[int]
    effective_from: Mapped[date]
    effective_to: Mapped[date | None]
    legal_basis_kk: Mapped[str] = mapped_column(Text)
    legal_basis_ru: Mapped[str] = mapped_column(Text)
    legal_basis_en: Mapped[str] = mapped_column(Text)
    title_kk: Mapped[str] = mapped_column(Text, default="")
    title_ru: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(Text, default="")
    trigger_kk: Mapped[str] = mapped_column(Text, default="")
    trigger_ru: Mapped[str] = mapped_column(Text, default="")
    trigger_en: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def to_rule(self) -> Rule:
        """The pure form the engine understands."""
        three = ("kk", "ru", "en")
        return Rule(code=self.code, direction=self.direction, unit=self.unit, length=self.length,
                    effective_from=self.effective_from, effective_to=self.effective_to,
                    legal_basis={lang: getattr(self, f"legal_basis_{lang}") for lang in three},
                    title={lang: getattr(self, f"title_{lang}") for lang in three},
                    trigger={lang: getattr(self, f"trigger_{lang}") for lang in three})


class TrackedDeadline(db.Model):
    """A deadline of a case (hearing, request…), set when its clock starts.

    ``met_on`` is set when the act happens; open deadlines are recomputed when the
    calendar or a rule changes.
    """

    __tablename__ = "tracked_deadlines"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id", "rule_code", name="uq_tracked_deadlines_subject_rule"),
        Index("ix_tracked_deadlines_open", "met_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    rule_code: Mapped[str] = mapped_column(String(40))
    pack: Mapped[str] = mapped_column(String(40))
    started_on: Mapped[date]
    due_on: Mapped[date]
    met_on: Mapped[date | None]
