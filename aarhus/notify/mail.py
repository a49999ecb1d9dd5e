"""Queue mail with the act that causes it; deliver it through SMTP after the commit."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta
from email.header import Header
from email.mime.text import MIMEText
from email.utils import make_msgid
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, flash
from flask_babel import ngettext
from sqlalchemy import func, or_, select

from aarhus.core.dates import one_stop
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.forms import is_email_address
from aarhus.core.time import utcnow
from aarhus.notify.models import OutboxMessage

log = logging.getLogger(__name__)


MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def queue_mail(to: str, subject: str, body: str, dedup_key: str | None = None) -> OutboxMessage | None:
    """Add a message to the outbox (written with the act's commit); None if ``dedup_key`` was queued before.

    Never raises for a bad address: the message is kept, marked failed, for the administrator to see, and the act
    that queued it goes on (forms and the API refuse such addresses before they get here).
    """
    if dedup_key and db.session.scalars(select(OutboxMessage.id).filter_by(dedup_key=dedup_key)).first():
        return None
    message = OutboxMessage(to=to[:254], subject=one_stop(" ".join(subject.split()))[:300], body=one_stop(body),
                            dedup_key=dedup_key)
    if not is_email_address(to):
        message.failed_at, message.last_error = utcnow(), "not a single valid e-mail address"
    db.session.add(message)
    return message


def backoff(attempts: int) -> timedelta:
    """How long a message waits after its ``attempts``-th failure: 1, 2, 4 … minutes, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _connect(url: str) -> smtplib.SMTP:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("AARHUS_SMTP_URL must start with smtp:// or smtps://")
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    cls = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    server = cls(parts.hostname or "localhost", port, timeout=20)
    if parts.scheme == "smtp" and "starttls=1" in parts.query:
        server.starttls()
    if parts.username:
        server.login(unquote(parts.username), unquote(parts.password or ""))
    return server


def due_messages():
    """The query of messages waiting to be sent now."""
    return select(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= utcnow()))


def deliver_pending(limit: int = 200) -> int:
    """Send the mail that is due when SMTP is configured; returns how many were sent.

    Each message succeeds or fails alone: a failure is recorded on it (retried later with backoff, or given up
    on), committed at once, and the others go on. Nothing here raises into the act that called it.
    """
    settings = current_app.config["AARHUS"]
    if not settings.smtp_url:
        return 0  # development: mail stays readable in the outbox table
    ids = list(db.session.scalars(due_messages().with_only_columns(OutboxMessage.id)
                                  .order_by(OutboxMessage.id).limit(limit)))
    if not ids:
        return 0
    try:
        server = _connect(settings.smtp_url)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("SMTP unreachable: %s", error)
        return 0  # the server, not the messages: they stay due and the next round tries again
    sent = 0
    with server:
        for message_id in ids:
            message = db.session.get(OutboxMessage, message_id)
            if message is None or message.sent_at is not None or message.failed_at is not None:
                continue
            outcome = _send_one(server, message, settings.mail_from)
            db.session.commit()
            if outcome == "connection":
                break  # reconnect on the next round; this message waits its backoff, the rest stay due
            sent += outcome == "sent"
    return sent


def _fail(message: OutboxMessage, error: object, permanent: bool) -> None:
    message.last_error = str(error)[:500] or type(error).__name__
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.failed_at = utcnow()
    else:
        message.next_attempt_at = utcnow() + backoff(message.attempts)


def _compose(sender: str, to: str, subject: str, body: str) -> MIMEText:
    """The message as sent. The subject is encoded by ``email.header.Header``, which keeps each space inside the
    encoded words: the default policy's folding can put one between two encoded words, where readers drop it
    ("отказано.— KZ75-…")."""
    if any(ch in value for value in (sender, to, subject) for ch in "\r\n"):
        raise ValueError("a line break in a header")
    email = MIMEText(body if body.endswith("\n") else body + "\n", "plain", "utf-8")
    email["From"], email["To"], email["Subject"] = sender, to, Header(subject, "utf-8")
    email["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    return email


def _send_one(server: smtplib.SMTP, message: OutboxMessage, sender: str) -> str:
    message.attempts += 1
    try:
        email = _compose(sender, message.to, message.subject, message.body)
    except (ValueError, TypeError) as error:  # a header the message can never carry
        _fail(message, error, permanent=True)
        return "failed"
    try:
        server.send_message(email)
    except smtplib.SMTPRecipientsRefused as error:
        permanent = all(code >= 500 for code, _text in error.recipients.values())
        _fail(message, error, permanent=permanent)
        return "failed"
    except smtplib.SMTPResponseException as error:
        _fail(message, error, permanent=error.smtp_code >= 500 and error.smtp_code != 554)
        return "failed"
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        _fail(message, error, permanent=False)
        return "connection"
    except (smtplib.SMTPException, ValueError, TypeError, UnicodeError) as error:
        _fail(message, error, permanent=False)
        return "failed"
    message.sent_at, message.next_attempt_at, message.last_error = utcnow(), None, ""
    return "sent"


def retry(message: OutboxMessage) -> None:
    """An administrator sends a failed or waiting message again at the next round."""
    message.failed_at, message.next_attempt_at, message.attempts = None, None, 0


def outbox_mark() -> int:
    """The outbox's last message id now: what an act queues after it is what the act sent."""
    return db.session.scalar(select(func.max(OutboxMessage.id))) or 0


def sent_since(marker: int) -> list[tuple[str, int]]:
    """(subject, how many) of the mail queued after ``marker``, so the officer's page says what went out."""
    rows = db.session.execute(select(OutboxMessage.subject, func.count()).where(OutboxMessage.id > marker)
                              .group_by(OutboxMessage.subject).order_by(OutboxMessage.subject)).all()
    return [(subject, count) for subject, count in rows]


def sent_lines(marker: int) -> list[str]:
    """What the mail queued after ``marker`` was, in words for the officer's page (never the addresses)."""
    return [ngettext("%(num)d e-mail was sent: «%(subject)s»", "%(num)d e-mails were sent: «%(subject)s»", count,
                     subject=subject) for subject, count in sent_since(marker)]


def act_and_tell(action: Callable[[], Any], done: str,
                 refused: Callable[[OperationError], str] = lambda error: error.message) -> bool:
    """An officer's act from a page: run ``action``, commit, send its mail, and flash ``done`` and what went out;
    when the act is refused, roll back and flash ``refused(error)`` (nothing if it is empty: the caller shows the
    refusal at the form's fields). True when the act was done."""
    marker = outbox_mark()
    try:
        action()
    except OperationError as error:
        db.session.rollback()
        message = refused(error)
        if message:
            flash(message, "error")
        return False
    db.session.commit()
    deliver_pending()
    flash(done, "success")
    for line in sent_lines(marker):
        flash(line, "info")
    return True
