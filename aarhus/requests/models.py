"""A request for environmental information and what follows it.

Stored: what people declared and when (registration, answer, extension, redirect,
refusal, complaint). Derived when read: "on time", "overdue by N days".
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aarhus.bodies.models import Body
from aarhus.core.db import StoredFileColumns, UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.time import utcnow


class RequestState(enum.StrEnum):
    """Outcomes only the system sets, from the officer's acts."""

    registered = "registered"
    answered = "answered"
    refused = "refused"
    redirected = "redirected"


# Access to information art. 6 (as seed 003 quotes it, L670-697): access to these may not be restricted.
NON_RESTRICTABLE = (
    "emergency",  # 1) emergencies, disasters, natural calamities, their official forecasts and consequences
    "health",  # 2) health care, sanitation, demography, migration, education, culture, social protection, economy,
    #             agriculture, crime
    "environment_state",  # 3) ecology, fire safety, sanitary-epidemiological and radiation situation, food safety
    "rights_violations",  # 4) violations of human and citizen rights and freedoms
    "legal_acts",  # 5) texts of normative legal acts and their drafts, except those that are state or other secrets
    "budget",  # 6) forming and spending republican and local budgets, except what is a state secret
    "budget_control",  # 7) control over the spending of budget funds, except what is a state secret
    "holder_violations",  # 8) violations of legality by information holders and their officials
    "defamation_acts",  # 9) legal acts on defamation: norms on disclosing information about officials, politicians
)
# The art. 6 items that carve out state secrets: refusing them as restricted is lawful only for a state secret.
SECRET_EXCEPTIONS = ("legal_acts", "budget", "budget_control")
CATEGORIES = (*NON_RESTRICTABLE, "other")
# Access to information art. 11 (rules.md §4): the one ground for extending the answer, decided by the head.
EXTENSION_GROUNDS = ("several_holders",)
# Access to information art. 11(16) and Law on appeals art. 5, in order (rules.md §4).
GROUNDS = ("unidentifiable", "non_compliant", "restricted", "analysis_pending", "inspection_pending",
           "decision_pending", "foreign_agreement_pending", "anonymous", "no_substance")
# Access to information art. 11: the twelve categories exempt from copying costs.
FEE_EXEMPTIONS = ("war_veterans", "equated_to_veterans", "disabled_1_2", "families_disabled_children",
                  "chronic_diseases", "pensioners", "orphans", "kandas", "disaster_homeless", "large_families",
                  "families_of_fallen", "single_parent_families")


class InfoRequest(db.Model):
    """One request, registered at one holder; its clock starts on ``registered_on``."""

    __tablename__ = "info_requests"
    __table_args__ = (
        UniqueConstraint("holder_id", "year", "seq", name="uq_info_requests_holder_year_seq"),
        CheckConstraint("language IN ('kk', 'ru')", name="language"),
        CheckConstraint("answer_form IN ('electronic', 'paper')", name="answer_form"),
        CheckConstraint("answer_form != 'paper' OR postal_address != ''", name="paper_needs_address"),
        CheckConstraint("state != 'refused' OR refusal_ground IS NOT NULL", name="refusal_has_ground"),
        # The inbox sorts a holder's requests (open first, then due date and id) from this index alone.
        Index("ix_info_requests_inbox", "holder_id", "state", "due_on", "id"),
        Index("ix_info_requests_register", "registered_on", "id"),
        # A body's page sums its requests by year (answer days, on time, refused) from this index alone.
        Index("ix_info_requests_holder_figures", "holder_id", "year", "state", "registered_on", "closed_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(30), unique=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    year: Mapped[int]
    seq: Mapped[int]
    # The requester: never shown publicly.
    requester_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    postal_address: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What is asked.
    language: Mapped[str] = mapped_column(String(2))
    answer_form: Mapped[str] = mapped_column(String(10), default="electronic")
    subject: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    fee_exemption: Mapped[str | None] = mapped_column(String(40))
    # The clock.
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    registered_on: Mapped[date]
    due_on: Mapped[date]  # 15 CD, or 30 CD after the extension
    # Set at registration for the audit (rules.md §2): the clocks of each possible act.
    answer_due_on: Mapped[date]  # the 15 CD date, the last day an extension may be decided
    redirect_due_on: Mapped[date]
    refusal_due_on: Mapped[date]
    has_non_restrictable: Mapped[bool] = mapped_column(default=False)
    # Every non-restrictable category of the request carves out state secrets (art. 6 items 5-7).
    secret_may_restrict: Mapped[bool] = mapped_column(default=False)
    pack: Mapped[str] = mapped_column(String(40))
    state: Mapped[RequestState] = mapped_column(
        Enum(RequestState, native_enum=False, length=12, values_callable=lambda e: [m.value for m in e]),
        default=RequestState.registered)
    # Acts, each with its instant and who did it.
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    extension_ground: Mapped[str | None] = mapped_column(String(30))
    extension_decided_by: Mapped[str] = mapped_column(String(300), default="")  # the head of the holder
    extension_notice_due_on: Mapped[date | None]
    extension_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extended_on: Mapped[date | None]
    extension_notified_on: Mapped[date | None]
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_text: Mapped[str] = mapped_column(Text, default="")
    answer_language: Mapped[str | None] = mapped_column(String(2))
    withheld: Mapped[list[dict]] = mapped_column(JSON, default=list)  # [{"what", "ground"}]
    pages: Mapped[int] = mapped_column(default=0)
    fee_tiyn: Mapped[int] = mapped_column(default=0)  # 1 tenge = 100 tiyn
    refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refusal_ground: Mapped[str | None] = mapped_column(String(30))
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    refusal_state_secret: Mapped[bool] = mapped_column(default=False)  # restricted because it is a state secret
    redirected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    redirect_reason: Mapped[str] = mapped_column(Text, default="")
    redirected_to_id: Mapped[int | None] = mapped_column(ForeignKey("info_requests.id"))
    redirected_from_id: Mapped[int | None] = mapped_column(ForeignKey("info_requests.id"))
    # The legal date of the final act (answer, refusal, redirect): judged against due_on.
    closed_on: Mapped[date | None]
    acted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The PDF of the answer or refusal (``requests.answer_pdf``), made in the act and signed by the installation.
    answer_pdf_sha256: Mapped[str | None] = mapped_column(String(64))

    holder: Mapped[Body] = relationship()
    files: Mapped[list[AnswerFile]] = relationship(back_populates="request", order_by="AnswerFile.id")
    complaints: Mapped[list[Complaint]] = relationship(back_populates="request", order_by="Complaint.id",
                                                       foreign_keys="Complaint.request_id")


class AnswerFile(StoredFileColumns, db.Model):
    """A file attached to an answer; public with the answer."""

    __tablename__ = "request_answer_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("info_requests.id"), index=True)

    request: Mapped[InfoRequest] = relationship(back_populates="files")


class Complaint(db.Model):
    """A complaint to the higher body against a refusal, a missed deadline or a partial answer (art. 18)."""

    __tablename__ = "request_complaints"
    __table_args__ = (CheckConstraint("reason IN ('refusal', 'missed_deadline', 'incomplete')", name="reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("info_requests.id"), index=True)
    to_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Filed more than 3 months after the requester learned of the act: still accepted (art. 18), the delay is
    # weighed on the merits.
    late: Mapped[bool] = mapped_column(default=False)
    # The official the complaint is about; they may not handle it (Law on appeals art. 15(2)).
    concerns_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    request: Mapped[InfoRequest] = relationship(back_populates="complaints", foreign_keys=[request_id])
    to_body: Mapped[Body] = relationship()


class FeeTariff(db.Model):
    """The published price of one copied or printed page (paper answers only)."""

    __tablename__ = "fee_tariffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    price_tiyn: Mapped[int]
    effective_from: Mapped[date]
    legal_basis: Mapped[str] = mapped_column(String(500))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
