"""A hearing and what hangs from it: agreement, documents, media notices, comments, positions, protocol.

Only what people declare is stored (draft, agreed, published, cancelled and the
instants of acts); what the public sees as status is derived from dates in ``rules``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aarhus.accounts.models import User
from aarhus.bodies.models import Body, Region
from aarhus.core.db import StoredFileColumns, UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.time import utcnow


def _enum(cls: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class HearingForm(enum.StrEnum):
    """Open meeting (optionally with a video link) or written survey (Rules p.24)."""

    open_meeting = "open_meeting"
    survey = "survey"


class HearingState(enum.StrEnum):
    """The states people set; held / protocol states follow from dates and acts."""

    draft = "draft"
    agreed = "agreed"
    published = "published"
    cancelled = "cancelled"


class Stance(enum.StrEnum):
    """The initiator's position on a comment (Annex 3/4)."""

    accepted = "accepted"
    partly = "partly"
    rejected = "rejected"


class Channel(enum.StrEnum):
    """How a comment reached the hearing."""

    web = "web"
    api = "api"
    email = "email"
    post = "post"
    oral = "oral"


# Where a project in Kazakhstan can lie (degrees): the notice form and the API both hold coordinates to these.
LATITUDES, LONGITUDES = (40, 56), (46, 88)


class Hearing(db.Model):
    """A public hearing on a planned activity, run by one region's akimat."""

    __tablename__ = "hearings"
    __table_args__ = (
        Index("ix_hearings_public", "state", "starts_on", "id"),
        Index("ix_hearings_region", "region_id", "state", "starts_on"),
        # The public list and the API, newest first (``ORDER BY starts_on DESC, id DESC LIMIT n``), read backwards.
        Index("ix_hearings_listed", "starts_on", "id"),
        # A body's page and the officers' list of their akimat's hearings; with the public test's two columns the
        # body page counts its hearings by year from this index alone (5,000 rows scattered over 5,000 pages: 18 ms).
        Index("ix_hearings_akimat", "akimat_id", "starts_on", "id", "state", "first_published_at"),
        # The officers' and initiators' own lists, protocols due first (``protocol_due_on NULLS LAST, id DESC``).
        Index("ix_hearings_akimat_due", "akimat_id", "protocol_due_on", "id"),
        Index("ix_hearings_creator_due", "created_by_id", "protocol_due_on", "id"),
        # Counting the public hearings (the lists' page count) from the index alone, without reading the rows.
        Index("ix_hearings_visible", "state", "first_published_at"),
        # The audit's figures: the year's published hearings of each region, with their notice and protocol days,
        # counted from this index alone (``audit.stats``).
        Index("ix_hearings_audit_facts", "state", "region_id", "form", "hearing_date", "survey_end", "notice_on",
              "protocol_published_on"),
        CheckConstraint("form != 'survey' OR survey_start IS NULL OR survey_end IS NULL OR survey_end >= survey_start",
                        name="survey_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    akimat_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    form: Mapped[HearingForm] = mapped_column(_enum(HearingForm))
    state: Mapped[HearingState] = mapped_column(_enum(HearingState), default=HearingState.draft)
    # Notice texts, each in Kazakh and Russian.
    title_kk: Mapped[str] = mapped_column(String(500), default="")
    title_ru: Mapped[str] = mapped_column(String(500), default="")
    description_kk: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")
    place_kk: Mapped[str] = mapped_column(String(500), default="")
    place_ru: Mapped[str] = mapped_column(String(500), default="")
    address_kk: Mapped[str] = mapped_column(String(500), default="")
    address_ru: Mapped[str] = mapped_column(String(500), default="")
    districts: Mapped[str] = mapped_column(String(500), default="")  # in Kazakh
    districts_ru: Mapped[str] = mapped_column(String(500), default="")
    lat: Mapped[float | None]  # within LATITUDES
    lon: Mapped[float | None]  # within LONGITUDES
    video_url: Mapped[str] = mapped_column(String(500), default="")
    # The initiator (customer) of the planned activity.
    initiator_name: Mapped[str] = mapped_column(String(300), default="")  # in Kazakh (as registered)
    # In Russian, for the Russian notice and protocol ("АО «…»" for "«…» АҚ"); empty: the Kazakh name is shown.
    initiator_name_ru: Mapped[str] = mapped_column(String(300), default="", server_default="")
    initiator_bin: Mapped[str] = mapped_column(String(12), default="")
    initiator_contacts: Mapped[str] = mapped_column(String(500), default="")  # in Kazakh
    initiator_contacts_ru: Mapped[str] = mapped_column(String(500), default="")
    comments_address: Mapped[str] = mapped_column(String(500), default="")
    developer_name: Mapped[str] = mapped_column(String(300), default="")  # in Kazakh
    developer_name_ru: Mapped[str] = mapped_column(String(300), default="")
    developer_contacts: Mapped[str] = mapped_column(String(500), default="")
    expertise_body: Mapped[str] = mapped_column(String(300), default="")  # in Kazakh
    expertise_body_ru: Mapped[str] = mapped_column(String(300), default="")
    documentation_url: Mapped[str] = mapped_column(String(500), default="")
    # When and where: an open meeting has a date and time; a survey a period.
    hearing_date: Mapped[date | None]
    hearing_time: Mapped[time | None]
    survey_start: Mapped[date | None]
    survey_end: Mapped[date | None]
    # Set by the server at publication (rules.md §3) and by the deadline engine.
    notice_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The meeting day or the survey's first day: stored so lists filter and sort by an index.
    starts_on: Mapped[date | None]
    # Legal dates the audit compares, set when the dates or the acts change (rules.md §1, §5).
    notice_due_on: Mapped[date | None]  # latest lawful notice day (hearing.notice)
    documents_due_on: Mapped[date | None]  # hearing.documents
    survey_min_end_on: Mapped[date | None]  # hearing.survey_end
    notice_on: Mapped[date | None]  # the last required publication: portal, media kk, media ru (HN-01)
    notice_first_on: Mapped[date | None]  # the first of them: the agreement must precede it (HA-01)
    # The first publication; kept when a postponement takes the notice back, so the hearing stays public.
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    documents_on: Mapped[date | None]  # documentation opened on the portal
    protocol_published_on: Mapped[date | None]
    comments_close_on: Mapped[date | None]
    protocol_due_on: Mapped[date | None] = mapped_column(index=True)
    protocol_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    comment_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    region: Mapped[Region] = relationship()
    akimat: Mapped[Body] = relationship()
    created_by: Mapped[User | None] = relationship()
    documents: Mapped[list[Document]] = relationship(back_populates="hearing", order_by="Document.id")
    media_notices: Mapped[list[MediaNotice]] = relationship(back_populates="hearing",
                                                            order_by="MediaNotice.published_on")
    agreement: Mapped[Agreement | None] = relationship(back_populates="hearing", uselist=False)
    protocol: Mapped[Protocol | None] = relationship(back_populates="hearing", uselist=False)
    expertise_conclusion: Mapped[ExpertiseConclusion | None] = relationship(uselist=False, viewonly=True)
    expertise_applications: Mapped[list[ExpertiseApplication]] = relationship(
        viewonly=True, order_by="ExpertiseApplication.id")

    @property
    def start_on(self) -> date | None:
        """The anchor of the notice rules: the meeting date or the survey's first day."""
        return self.survey_start if self.form == HearingForm.survey else self.hearing_date

    @property
    def end_on(self) -> date | None:
        """The day the hearing ends: the meeting date or the survey's last day."""
        return self.survey_end if self.form == HearingForm.survey else self.hearing_date

    def in_language(self, field: str, lang: str) -> str:
        """A notice text whose Kazakh value is ``field`` and Russian ``field_ru``, in ``lang`` (else Kazakh)."""
        return (getattr(self, f"{field}_ru") if lang == "ru" else "") or getattr(self, field)

    def text(self, field: str, lang: str) -> str:
        """A bilingual field in ``lang`` (kk or ru), falling back to the other one."""
        other = "ru" if lang == "kk" else "kk"
        return getattr(self, f"{field}_{lang}", "") or getattr(self, f"{field}_{other}", "")


class Agreement(db.Model):
    """The akimat's agreement of the arrangements (Rules p.8–9)."""

    __tablename__ = "hearing_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), unique=True)
    place_kk: Mapped[str] = mapped_column(String(500))
    place_ru: Mapped[str] = mapped_column(String(500))
    hearing_time: Mapped[time | None]
    invitees: Mapped[str] = mapped_column(Text)
    information_methods: Mapped[str] = mapped_column(Text)
    responsible_officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agreed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    agreed_on: Mapped[date]

    hearing: Mapped[Hearing] = relationship(back_populates="agreement")
    responsible_officer: Mapped[User] = relationship(foreign_keys=[responsible_officer_id])


class Document(StoredFileColumns, db.Model):
    """An uploaded project document, stored outside the web root with its SHA-256."""

    __tablename__ = "hearing_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    hearing: Mapped[Hearing] = relationship(back_populates="documents")


class MediaNotice(db.Model):
    """A notice in a newspaper, on TV or radio (Rules p.10, p.24)."""

    __tablename__ = "hearing_media_notices"
    __table_args__ = (CheckConstraint("language IN ('kk', 'ru', 'both')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    outlet: Mapped[str] = mapped_column(String(300))
    published_on: Mapped[date]
    language: Mapped[str] = mapped_column(String(4))

    hearing: Mapped[Hearing] = relationship(back_populates="media_notices")


class Comment(db.Model):
    """A comment or proposal; the contact is never shown publicly."""

    __tablename__ = "hearing_comments"
    __table_args__ = (Index("ix_hearing_comments_hearing", "hearing_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"))
    receipt: Mapped[str] = mapped_column(String(24), unique=True)
    author_name: Mapped[str] = mapped_column(String(200))
    show_name: Mapped[bool] = mapped_column(default=True)  # else initials only
    contact: Mapped[str] = mapped_column(String(254))  # private
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    # A video-meeting participant's complaint that they could not connect.
    is_connection_complaint: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    hearing: Mapped[Hearing] = relationship()
    position: Mapped[Position | None] = relationship(back_populates="comment", uselist=False)

    @property
    def public_author(self) -> str:
        """The name, or its initials, as the author chose."""
        if self.show_name:
            return self.author_name
        return " ".join(f"{part[0]}." for part in self.author_name.split() if part)


class Position(db.Model):
    """The initiator's position on one comment, with reasons."""

    __tablename__ = "hearing_positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("hearing_comments.id"), unique=True)
    stance: Mapped[Stance] = mapped_column(_enum(Stance))
    reasons: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="position")


class Protocol(db.Model):
    """The protocol (Annex 3 open meeting / Annex 4 survey); signed exactly when both signers are set."""

    __tablename__ = "hearing_protocols"
    __table_args__ = (
        CheckConstraint("(chair_signed_at IS NULL) = (chair_signed_by_id IS NULL)", name="chair_signature"),
        CheckConstraint("(secretary_signed_at IS NULL) = (secretary_signed_by_id IS NULL)",
                        name="secretary_signature"),
        # Chair and secretary are two people, and each signs only as themself.
        CheckConstraint("chair_id IS NULL OR secretary_id IS NULL OR chair_id != secretary_id", name="two_signers"),
        CheckConstraint("chair_id IS NULL OR chair_signed_by_id IS NULL OR chair_signed_by_id = chair_id",
                        name="chair_signs"),
        CheckConstraint("secretary_id IS NULL OR secretary_signed_by_id IS NULL "
                        "OR secretary_signed_by_id = secretary_id", name="secretary_signs"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), unique=True)
    attendees: Mapped[int] = mapped_column(default=0)
    attendee_list: Mapped[str] = mapped_column(Text, default="")
    eia_presented: Mapped[bool] = mapped_column(default=False)
    chair_name: Mapped[str] = mapped_column(String(200), default="")
    secretary_name: Mapped[str] = mapped_column(String(200), default="")
    # The accounts that sign as chair and as secretary (a survey: the chair, its responsible person, only).
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    appeal_kk: Mapped[str] = mapped_column(Text, default="")
    appeal_ru: Mapped[str] = mapped_column(Text, default="")
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    chair_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    chair_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    secretary_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    secretary_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Recorded by the job worker once it has stored the published PDFs (protocol_pdf.store_job), soon after
    # publication; None meanwhile.
    pdf_sha256_kk: Mapped[str | None] = mapped_column(String(64))
    pdf_sha256_ru: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comments_included: Mapped[int] = mapped_column(default=0)  # comments in the PDF with the initiator's position
    # The snapshot the published PDFs were rendered from (comments, positions, signers).
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    # The copies for signing with an ЭЦП, by language: {"sha256", "content" (hash of what it shows), "made_at"}.
    signing_copies: Mapped[dict | None] = mapped_column(JSON)

    hearing: Mapped[Hearing] = relationship(back_populates="protocol")


class Subscription(db.Model):
    """E-mail subscription to a region's new hearings, with double opt-in."""

    __tablename__ = "hearing_subscriptions"
    __table_args__ = (UniqueConstraint("email", "region_id", name="uq_hearing_subscriptions_email_region"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    locale: Mapped[str] = mapped_column(String(2), default="kk")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    region: Mapped[Region | None] = relationship()


class ExpertiseConclusion(db.Model):
    """The state ecological expertise conclusion, posted by ``see.conclusion`` (Ecological Code art. 57)."""

    __tablename__ = "expertise_conclusions"
    __table_args__ = (CheckConstraint("outcome IN ('positive', 'negative')", name="outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), unique=True)
    received_on: Mapped[date]  # by the operator: the clock's start
    due_on: Mapped[date]
    outcome: Mapped[str] = mapped_column(String(10))
    summary_kk: Mapped[str] = mapped_column(Text, default="")
    summary_ru: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("hearing_documents.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_on: Mapped[date]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    document: Mapped[Document | None] = relationship()


class ExpertiseApplication(db.Model):
    """An application to register a public ecological expertise (Ecological Code art. 65).

    Registered or refused with reasons by ``pee.registration``; silence means it is
    deemed registered the day after (``deemed_at`` is set by the scheduler's job).
    """

    __tablename__ = "expertise_applications"
    __table_args__ = (CheckConstraint("decision IS NULL OR decision IN ('registered', 'refused')", name="decision"),
                      CheckConstraint("decision != 'refused' OR reasons != ''", name="refusal_has_reasons"))

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id"), index=True)
    organiser: Mapped[str] = mapped_column(String(300))  # public: an NGO or group
    contact: Mapped[str] = mapped_column(String(254))  # private
    received_on: Mapped[date]
    due_on: Mapped[date] = mapped_column(index=True)
    decision: Mapped[str | None] = mapped_column(String(10))
    reasons: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_on: Mapped[date | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
