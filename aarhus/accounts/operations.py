"""Create users, check passwords, issue and resolve personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from aarhus.accounts.models import ApiToken, SignIn, User
from aarhus.bodies.models import Body
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import utcnow
from aarhus.ledger import chain as ledger

TOKEN_PREFIX = "aar_"
MIN_PASSWORD = 10


class AccountError(ValueError):
    """A user-facing reason why an account operation was refused."""


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The user with this e-mail, if any."""
    return db.session.scalars(select(User).where(User.email == normalise_email(email))).first()


def create_user(email: str, password: str, role: Role, *, name: str = "",
                body: Body | None = None, organisation: str | None = None,
                bin: str | None = None) -> User:
    """Create an account; an akimat officer must belong to an akimat."""
    if find_user(email):
        raise AccountError("email_taken")
    if len(password) < MIN_PASSWORD:
        raise AccountError("password_too_short")
    if role == Role.akimat_officer and body is None:
        raise AccountError("officer_needs_body")
    user = User(email=normalise_email(email), name=name, role=role, body=body,
                organisation=organisation, bin=bin,
                password_hash=generate_password_hash(password))  # scrypt by default
    db.session.add(user)
    db.session.flush()
    ledger.append("user.created", "user", user.id, {"role": role.value}, actor=None)
    return user


LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)


def is_locked_out(email: str) -> bool:
    """Five failed sign-ins within 15 minutes lock the e-mail until the window passes."""
    since = utcnow() - LOCKOUT_WINDOW
    failures = db.session.scalar(select(func.count(SignIn.id)).where(
        SignIn.email == normalise_email(email), SignIn.success.is_(False), SignIn.at > since)) or 0
    return failures >= LOCKOUT_FAILURES


def record_sign_in(email: str, user: User | None, ip: str) -> None:
    """Log a sign-in attempt (the caller commits)."""
    db.session.add(SignIn(email=normalise_email(email)[:254], user_id=user.id if user else None,
                          success=user is not None, ip=ip[:64]))


def authenticate(email: str, password: str) -> User | None:
    """The active user whose password matches, else None."""
    user = find_user(email)
    if user is None or not user.is_active:
        # Spend the same time as a real check so timing does not reveal accounts.
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def end_sessions(user: User) -> None:
    """End every session of ``user`` on every device: their cookies no longer sign anyone in (the caller commits)."""
    user.session_version = (user.session_version or 0) + 1


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password, after the current one; every session of the account ends (the caller signs the current
    one in again and commits). AccountError ``wrong_password`` or ``password_too_short``."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("wrong_password")
    if len(new) < MIN_PASSWORD:
        raise AccountError("password_too_short")
    user.password_hash = generate_password_hash(new)
    end_sessions(user)


def disable_user(user: User, actor: User | None = None) -> bool:
    """Disable an account (administrators; ``users disable``): its sessions end and its API tokens stop working.
    False if it was disabled already. The caller commits."""
    if not user.is_active_account:
        return False
    user.is_active_account = False
    end_sessions(user)
    ledger.append("user.disabled", "user", user.id, {}, actor=actor)
    return True


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, label: str = "") -> str:
    """Create a token for ``user`` and return it; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=_hash_token(token), prefix=token[:10],
                            label=label[:100]))
    db.session.flush()
    ledger.append("token.issued", "user", user.id, {"prefix": token[:10]}, actor=user)
    return token


def user_for_token(token: str) -> User | None:
    """The active user owning an unrevoked token, recording its use."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = db.session.scalars(
        select(ApiToken).where(ApiToken.token_hash == _hash_token(token),
                               ApiToken.revoked_at.is_(None))
    ).first()
    if row is None or not row.user.is_active:
        return None
    row.last_used_at = utcnow()
    return row.user


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False if it is not theirs."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or row.revoked_at:
        return False
    row.revoked_at = utcnow()
    ledger.append("token.revoked", "user", user.id, {"prefix": row.prefix}, actor=user)
    return True


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


# Compared against when the e-mail is unknown, so a sign-in takes as long whether or not the account exists.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
