"""Create users, check passwords, issue and resolve personal API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from aarhus.accounts.models import ApiToken, SignIn, User
from aarhus.bodies.models import Body
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import utcnow
from aarhus.core.urls import public_url
from aarhus.ledger import chain as ledger
from aarhus.notify.mail import queue_mail

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


def create_user(email: str, password: str | None, role: Role, *, name: str = "",
                body: Body | None = None, organisation: str | None = None,
                bin: str | None = None, confirmed: bool = True, consented: bool = False,
                locale: str | None = None, actor: User | None = None) -> User:
    """Create an account; an akimat officer must belong to an akimat.

    ``password`` None: an invited account, with a password nobody knows until the invitee sets one. ``confirmed``:
    the e-mail address counts as proven (accounts made by administrators, the CLI and invitations); a citizen who
    registers proves it through the link mailed (``send_confirmation``). ``consented``: the owner consented to the
    processing of their personal data now.
    """
    if find_user(email):
        raise AccountError("email_taken")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError("password_too_short")
    if role == Role.akimat_officer and body is None:
        raise AccountError("officer_needs_body")
    now = utcnow()
    user = User(email=normalise_email(email), name=name, role=role, body=body,
                organisation=organisation, bin=bin, locale=locale,
                email_confirmed_at=now if confirmed else None, consented_at=now if consented else None,
                password_hash=generate_password_hash(password if password is not None
                                                     else secrets.token_urlsafe(32)))  # scrypt by default
    db.session.add(user)
    db.session.flush()
    ledger.append("user.created", "user", user.id, {"role": role.value}, actor=actor)
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
    """The active user whose password matches, else None (the caller refuses an unconfirmed one)."""
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


def active_admins() -> int:
    """How many enabled administrator accounts there are."""
    return db.session.scalar(select(func.count(User.id)).where(
        User.role == Role.admin, User.is_active_account.is_(True))) or 0


def _keep_an_admin(user: User, actor: User | None) -> None:
    """An administrator may not lock themselves out, nor leave the system without an enabled administrator."""
    if actor is not None and actor.id == user.id:
        raise AccountError("self")
    if user.role == Role.admin and user.is_active_account and active_admins() <= 1:
        raise AccountError("last_admin")


def disable_user(user: User, actor: User | None = None) -> bool:
    """Disable an account (administrators; ``users disable``): its sessions end and its API tokens stop working.
    False if it was disabled already. An administrator (``actor``) cannot disable themselves or the last
    administrator: AccountError ``self`` / ``last_admin``. The caller commits."""
    if not user.is_active_account:
        return False
    if actor is not None:
        _keep_an_admin(user, actor)
    user.is_active_account = False
    end_sessions(user)
    ledger.append("user.disabled", "user", user.id, {}, actor=actor)
    return True


def enable_user(user: User, actor: User | None = None) -> bool:
    """Enable a disabled account again; it signs in anew (its old sessions stay ended). False if it was enabled."""
    if user.is_active_account:
        return False
    user.is_active_account = True
    ledger.append("user.enabled", "user", user.id, {}, actor=actor)
    return True


def change_role(user: User, role: Role, body: Body | None, actor: User | None = None) -> bool:
    """Give an account another role or body (an akimat officer needs a body; other roles keep none). Its sessions
    end, so what it may do changes at once. False if nothing changed. AccountError ``officer_needs_body``,
    ``self`` (an administrator's own role) or ``last_admin``."""
    body = body if role == Role.akimat_officer else None
    if role == Role.akimat_officer and body is None:
        raise AccountError("officer_needs_body")
    if user.role == role and user.body_id == (body.id if body else None):
        return False
    if user.role == Role.admin and role != Role.admin:
        _keep_an_admin(user, actor)
    before = {"role": user.role.value, "body_id": user.body_id}
    user.role, user.body = role, body
    end_sessions(user)
    ledger.append("user.role_changed", "user", user.id,
                  {"from": before, "to": {"role": role.value, "body_id": body.id if body else None}}, actor=actor)
    return True


# Signed links mailed to a user. Each carries a fingerprint of the account's password hash (and e-mail), so it dies
# once used (setting a password changes the hash) and whenever the password changes in any other way.
INVITATION_HOURS = 72
RESET_MINUTES = 60
CONFIRMATION_DAYS = 7
_SALTS = {"invite": "aarhus-invitation", "reset": "aarhus-password-reset", "confirm": "aarhus-email-confirmation"}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALTS[purpose])


def _fingerprint(user: User) -> str:
    state = f"{user.password_hash}|{user.email}"
    return hashlib.sha256(state.encode()).hexdigest()[:24]


def make_link_token(user: User, purpose: str) -> str:
    """A signed token for an invitation, a password reset or an e-mail confirmation of ``user``."""
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user)})


def user_for_link(token: str, purpose: str) -> User:
    """The user a mailed link names, if it is genuine, unexpired and unused. AccountError ``link_expired`` or
    ``link_invalid`` (forged, used, or the account changed since)."""
    max_age = {"invite": INVITATION_HOURS * 3600, "reset": RESET_MINUTES * 60,
               "confirm": CONFIRMATION_DAYS * 86400}[purpose]
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise AccountError("link_expired") from error
    except BadSignature as error:
        raise AccountError("link_invalid") from error
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) and isinstance(data.get("u"), int) else None
    if user is None or not user.is_active_account or not hmac.compare_digest(str(data.get("f")), _fingerprint(user)):
        raise AccountError("link_invalid")
    return user


def invite_user(email: str, name: str, role: Role, body: Body | None, actor: User, lang: str) -> User:
    """Make an account for someone and mail them a link, valid 72 hours, on which they set their password."""
    # Not confirmed until the invitee uses the link: the console shows the invitation as not accepted until then.
    user = create_user(email, None, role, name=name, body=body, locale=lang, actor=actor, confirmed=False)
    ledger.append("user.invited", "user", user.id, {"role": role.value, "body_id": body.id if body else None},
                  actor=actor)
    link = public_url("accounts.accept_invitation", token=make_link_token(user, "invite"))
    with force_locale(lang):
        queue_mail(user.email, gettext("You are invited to the Aarhus Kazakhstan system"),
                   gettext("%(name)s, an administrator has opened an account for you (%(role)s) on the system for "
                           "public participation in environmental decision-making.\n\nSet your password and sign "
                           "in: %(link)s\n\nThe link works once, for %(hours)s hours.",
                           name=name or user.email, role=role.title, link=link, hours=INVITATION_HOURS))
    return user


def set_password_from_link(user: User, password: str, purpose: str) -> None:
    """Set the password through an invitation (``invite``) or a reset link (``reset``): the link dies, every other
    session ends."""
    if len(password) < MIN_PASSWORD:
        raise AccountError("password_too_short")
    user.password_hash = generate_password_hash(password)
    if user.email_confirmed_at is None:  # the link proved the address
        user.email_confirmed_at = utcnow()
    end_sessions(user)
    if purpose == "invite":
        ledger.append("user.invitation_accepted", "user", user.id, {}, actor=user)
    else:
        ledger.append("user.password_reset", "user", user.id, {}, actor=user)


def send_password_reset(email: str, lang: str) -> None:
    """Mail a reset link, valid one hour, to the account with this e-mail; nothing (and nothing different to say)
    when there is none or it is disabled. One mail per account in five minutes."""
    user = find_user(email)
    if user is None or not user.is_active_account:
        return
    link = public_url("accounts.reset", token=make_link_token(user, "reset"))
    bucket = int(utcnow().timestamp()) // 300
    with force_locale(user.locale or lang):
        queue_mail(user.email, gettext("Reset your password"),
                   gettext("Someone (we hope you) asked to reset the password of your account.\n\n"
                           "Set a new password: %(link)s\n\nThe link works once, for %(minutes)s minutes. "
                           "If you did not ask for this, ignore this message: your password stays as it is.",
                           link=link, minutes=RESET_MINUTES),
                   dedup_key=f"reset:{user.id}:{_fingerprint(user)}:{bucket}")


def send_confirmation(user: User, lang: str) -> None:
    """Mail the link that confirms the account's e-mail address (nothing if it is confirmed already)."""
    if user.email_confirmed_at is not None:
        return
    link = public_url("accounts.confirm_email", token=make_link_token(user, "confirm"))
    with force_locale(user.locale or lang):
        queue_mail(user.email, gettext("Confirm your e-mail address"),
                   gettext("Open this link to confirm the e-mail address of your account: %(link)s\n\n"
                           "Until then you cannot sign in. The link works for %(days)s days. "
                           "If you did not register, ignore this message.", link=link, days=CONFIRMATION_DAYS))


def confirm_email(token: str) -> User:
    """Confirm the address a confirmation link names (again: no change). AccountError as ``user_for_link``."""
    user = user_for_link(token, "confirm")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        ledger.append("user.email_confirmed", "user", user.id, {}, actor=user)
    return user


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


# A token's last use is written at most this often: calls within it add no write to the API's load.
TOKEN_USE_PRECISION = timedelta(minutes=1)


def token_in_use(token: str) -> ApiToken | None:
    """The unrevoked token of an active user that ``token`` is; None otherwise."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = db.session.scalars(
        select(ApiToken).where(ApiToken.token_hash == _hash_token(token),
                               ApiToken.revoked_at.is_(None))
    ).first()
    return row if row is not None and row.user.is_active else None


def user_for_token(token: str) -> User | None:
    """The active user owning an unrevoked token."""
    row = token_in_use(token)
    return row.user if row else None


def is_token_use_due(row: ApiToken, now: datetime) -> bool:
    """Whether a use at ``now`` should be written (never written, or last written a minute ago or more)."""
    return row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_PRECISION


def record_token_use(token_id: int, now: datetime) -> bool:
    """Write a token's last use, unless another call wrote one within the minute; True if this one wrote."""
    done = db.session.execute(update(ApiToken).where(
        ApiToken.id == token_id,
        or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - TOKEN_USE_PRECISION),
    ).values(last_used_at=now))
    return bool(done.rowcount)


def active_token_of(user: User, token_id: int) -> ApiToken | None:
    """One of the user's own tokens that is not revoked yet; None otherwise."""
    row = db.session.get(ApiToken, token_id)
    return row if row is not None and row.user_id == user.id and row.revoked_at is None else None


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False if it is not theirs."""
    row = active_token_of(user, token_id)
    if row is None:
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
