"""One act per click: a submission key (an API call's ``Idempotency-Key``, a form's hidden key) is used once.

The key is recorded in the same transaction as what the submission creates, so of two submissions with one key
exactly one creates anything: the other (a repeat, a double click, a reload) gets the first one's answer.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from flask import flash, g, make_response, redirect, request, session
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import JSON, String, UniqueConstraint, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.time import utcnow

MAX_KEY = 100


class Submission(db.Model):
    """A submission key within its scope (who sent it, where), and the answer it got."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_submissions_scope_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(MAX_KEY))
    status: Mapped[int | None]
    body: Mapped[Any | None] = mapped_column(JSON)
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def claim(scope: str, key: str) -> tuple[Submission, Submission | None]:
    """Record ``key`` in this transaction: (the new row, None); or, if it was used, (None, the earlier row).

    A concurrent submission with the same key waits here for the first to commit (PostgreSQL: the unique index;
    SQLite: the write lock), then finds its row.
    """
    scope, key = scope[:300], key[:MAX_KEY]
    earlier = _find(scope, key)
    if earlier is not None:
        return None, earlier
    row = Submission(scope=scope, key=key, created_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None, _find(scope, key)
    return row, None


def _find(scope: str, key: str) -> Submission | None:
    return db.session.scalars(select(Submission).where(Submission.scope == scope, Submission.key == key)).first()


FIELD = "submission_key"


def new_key() -> str:
    """A fresh key for a form (templates: ``{{ submission_key() }}``)."""
    return secrets.token_urlsafe(16)


def once(view: Callable) -> Callable:
    """A form view whose successful submission (a redirect) happens once per key: a second POST of the same form
    (a double click, a reload, back and send again) is sent where the first went, and creates nothing."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        key = request.form.get(FIELD, "").strip() if request.method == "POST" else ""
        if not key:
            return view(*args, **kwargs)
        claimed, earlier = claim(_form_scope(), key)
        if earlier is not None:
            db.session.rollback()
            flash(_("This form was already sent; it was not sent again."), "info")
            return redirect(earlier.location or _form_page())
        response = make_response(view(*args, **kwargs))
        # It went through (a redirect, or a page) unless the page was a check page or the form shown again.
        if response.status_code < 400 and inspect(claimed).persistent and not g.get("aarhus_not_final"):
            claimed.status = response.status_code
            claimed.location = response.location if 300 <= response.status_code < 400 else None
            db.session.commit()
        else:
            db.session.rollback()  # refused or re-shown with errors: the key may be used again
        return response

    return wrapped


def _form_page() -> str:
    """Where a repeated form goes when the first one's answer was a page, not a redirect: back to the form."""
    referrer = request.referrer or ""
    return referrer if referrer.startswith(request.host_url) else request.path


def _form_scope() -> str:
    who = f"user:{current_user.id}" if current_user.is_authenticated else f"session:{session.get('csrf_token', '')}"
    return f"form:{who}:{request.path}"
