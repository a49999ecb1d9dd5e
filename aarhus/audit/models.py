"""Findings of the compliance audit and the hearings found by the monitoring."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db


class Finding(db.Model):
    """A violation of one rule of the catalogue by one record; ``cured_at`` once it no longer holds."""

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("rule_id", "subject_type", "subject_id", name="uq_findings_rule_subject"),
        Index("ix_findings_summary", "year", "region_id", "rule_id"),
        Index("ix_findings_body", "body_id", "rule_id"),  # a body's page: its findings by rule and by year
        # A record's findings, which every act's live re-check reads and synchronises (the unique key leads by rule).
        Index("ix_findings_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(8))
    severity: Mapped[str] = mapped_column(String(8))
    subject_type: Mapped[str] = mapped_column(String(30))  # hearing | monitored_hearing | request | …
    subject_id: Mapped[int]
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    year: Mapped[int]
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The finding as a case (``audit.case_rules``): open → sent → answered → closed, or reopened. People set it; the
    # engine never does — a finding the engine marks cured keeps its case, and a case closed stays closed if the
    # engine finds the violation again.
    case_state: Mapped[str] = mapped_column(String(10), default="open", server_default="open", index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    case_due_on: Mapped[date | None]  # the body's answer is due (rule ``finding.response``), from the last sending
    answered_on: Mapped[date | None]  # the day of the body's last answer (AU-01 when after ``case_due_on``)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# The findings list's order (year descending, then rule, then id): its first page read from the index, not sorted.
Index("ix_findings_list", Finding.year.desc(), Finding.rule_id, Finding.id)


class FindingAnswer(db.Model):
    """A responsible body's answer to a finding sent to it: explanation, corrective action, evidence file."""

    __tablename__ = "finding_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    explanation: Mapped[str] = mapped_column(Text)
    corrective_action: Mapped[str] = mapped_column(Text)
    file_stored_name: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None]
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MonitoredHearing(db.Model):
    """A hearing notice found on an akimat website by the monitoring (the contract's CSV format)."""

    __tablename__ = "monitored_hearings"
    # The audit's figures count the year's hearings of each region from this index alone (``audit.stats``).
    __table_args__ = (Index("ix_monitored_hearings_facts", "hearing_date", "region_id", "notice_published_on",
                            "protocol_published_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    title_kk: Mapped[str] = mapped_column(String(500), default="")
    title_ru: Mapped[str] = mapped_column(String(500), default="")
    form: Mapped[str] = mapped_column(String(20))
    survey_start: Mapped[date | None]
    hearing_date: Mapped[date]  # a survey: its last day
    notice_published_on: Mapped[date | None]
    notice_kk: Mapped[bool]
    notice_ru: Mapped[bool]
    notice_fields_complete: Mapped[bool]
    documents_published_on: Mapped[date | None]
    agreement_on: Mapped[date | None]
    protocol_published_on: Mapped[date | None]
    comments_received: Mapped[int] = mapped_column(default=0)
    comments_in_protocol: Mapped[int] = mapped_column(default=0)
    protocol_has_appeal_statement: Mapped[bool] = mapped_column(default=False)
    # Computed on import by the rule version in force (rules.md §2).
    notice_due_on: Mapped[date]
    documents_due_on: Mapped[date]
    survey_min_end_on: Mapped[date | None]
    protocol_due_on: Mapped[date]
    year: Mapped[int] = mapped_column(index=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditRun(db.Model):
    """One full run of the audit: when, what started it (nightly, command, dashboard, demo) and what it changed.

    Acts re-evaluate their own record's findings as they commit; these rows are the full runs only.
    """

    __tablename__ = "audit_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    trigger: Mapped[str] = mapped_column(String(20))  # nightly | command | dashboard | demo
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    found: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    cured: Mapped[int] = mapped_column(default=0)
    reopened: Mapped[int] = mapped_column(default=0)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AuditFigure(db.Model):
    """The findings counted by year, region, body, rule and kind of record: what the dashboard, the tile map and the
    national report read instead of counting the findings on every request.

    Rebuilt from the findings by every full run (``audit.figures.rebuild``) and kept in step by every
    synchronisation in between (a live re-check adds and takes away its own changes, in the act's transaction).
    A missing region or body is 0.
    """

    __tablename__ = "audit_figures"
    __table_args__ = (UniqueConstraint("year", "region_id", "body_id", "rule_id", "subject_type",
                                       name="uq_audit_figures_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    region_id: Mapped[int]
    body_id: Mapped[int]
    rule_id: Mapped[str] = mapped_column(String(8))
    subject_type: Mapped[str] = mapped_column(String(30))
    findings: Mapped[int] = mapped_column(default=0)  # every finding, cured or not
    open: Mapped[int] = mapped_column(default=0)  # those still found (``cured_at`` empty)


class AuditViolating(db.Model):
    """How many records have at least one open finding of a rule family, by year and region (the monitoring
    table's "hearings with notice violations"); kept like ``AuditFigure``."""

    __tablename__ = "audit_violating"
    __table_args__ = (UniqueConstraint("year", "region_id", "family", name="uq_audit_violating_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    region_id: Mapped[int]
    family: Mapped[str] = mapped_column(String(4))
    records: Mapped[int] = mapped_column(default=0)


class AuditCounted(db.Model):
    """Each hearing the dashboard counts (published in the system, or imported from the monitoring), as it was
    counted: its year (the hearing date's; a survey: its last day's), region, and whether its notice and protocol
    were posted. Kept with ``AuditHearings`` (``audit.figures.recount``): what a record counted in before an act is
    read here, so that the act moves it from its old figures to its new ones."""

    __tablename__ = "audit_counted"

    subject_type: Mapped[str] = mapped_column(String(30), primary_key=True)  # hearing, monitored_hearing
    subject_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    year: Mapped[int]
    region_id: Mapped[int]  # 0: none
    notice: Mapped[int]  # 1: its notice was posted
    protocol: Mapped[int]  # 1: its protocol was posted


class AuditHearings(db.Model):
    """The hearings of a year and region (both sources) with their notices and protocols posted: the dashboard's
    monitoring table, cards and tile map; rebuilt by every full run, kept in step by every act's live re-check and
    every import."""

    __tablename__ = "audit_hearings"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    region_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # 0: none
    hearings: Mapped[int] = mapped_column(default=0)
    notices: Mapped[int] = mapped_column(default=0)
    protocols: Mapped[int] = mapped_column(default=0)
