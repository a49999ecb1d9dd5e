"""Accounts: one user per e-mail, a role, and hashed personal API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aarhus.bodies.models import Body
from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import utcnow


class User(UserMixin, db.Model):
    """A person who signs in. Initiators carry their organisation's BIN."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role != 'akimat_officer' OR body_id IS NOT NULL", name="officer_has_body"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=30))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    organisation: Mapped[str | None] = mapped_column(String(300))
    bin: Mapped[str | None] = mapped_column(String(12))
    locale: Mapped[str | None] = mapped_column(String(5))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Raised to end every session of the account (signing out, a new password, the account disabled): a session
    # cookie carries the version it was signed in under and is worthless after (issue 16: a cookie copied before
    # signing out still opened the account).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the owner proved the e-mail address (the link mailed at registration); None: the account cannot sign in
    # yet. Accounts made by administrators, the CLI and invitations count as confirmed when made.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the owner consented to the processing of their personal data (Law of the RK of 21 May 2013 No. 94-V) at
    # registration; None for accounts made by others.
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    body: Mapped[Body | None] = relationship()

    @property
    def invitation_pending(self) -> bool:
        """An administrator invited this person, who has not yet set a password on the link: every other way in
        (registration, the CLI) records consent or a proven address."""
        return self.email_confirmed_at is None and self.consented_at is None

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    def get_id(self) -> str:  # Flask-Login: what the session cookie names, "id:session version"
        return f"{self.id}:{self.session_version or 0}"

    def has_role(self, *roles: Role) -> bool:
        """True when the user holds one of ``roles``."""
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 is stored, the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so a user can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class SignIn(db.Model):
    """Every sign-in attempt: kept for security review and for the lockout."""

    __tablename__ = "sign_ins"
    __table_args__ = (db.Index("ix_sign_ins_email_at", "email", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    success: Mapped[bool]
    ip: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
