"""Queue mail with the act that causes it; deliver it through SMTP after the commit."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import func, select

from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.notify.models import OutboxMessage


def queue_mail(to: str, subject: str, body: str, dedup_key: str | None = None) -> OutboxMessage | None:
    """Add a message to the outbox (flushed, not committed); None if ``dedup_key`` was queued before."""
    if dedup_key and db.session.scalars(select(OutboxMessage.id).filter_by(dedup_key=dedup_key)).first():
        return None
    message = OutboxMessage(to=to, subject=subject[:300], body=body, dedup_key=dedup_key)
    db.session.add(message)
    db.session.flush()
    return message


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


def deliver_pending(limit: int = 200) -> int:
    """Send queued mail when SMTP is configured; returns how many were sent."""
    settings = current_app.config["AARHUS"]
    if not settings.smtp_url:
        return 0  # development: mail stays readable in the outbox table
    pending = list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < 10)
        .order_by(OutboxMessage.id).limit(limit)))
    if not pending:
        return 0
    sent = 0
    try:
        server = _connect(settings.smtp_url)
    except (OSError, smtplib.SMTPException) as error:
        for message in pending:
            message.attempts += 1
            message.last_error = str(error)[:500]
        db.session.commit()
        return 0
    with server:
        for message in pending:
            sent += _send_one(server, message, settings.mail_from)
    db.session.commit()
    return sent


def _send_one(server: smtplib.SMTP, message: OutboxMessage, sender: str) -> int:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = sender, message.to, message.subject
    email["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    email.set_content(message.body)
    message.attempts += 1
    try:
        server.send_message(email)
    except smtplib.SMTPException as error:
        message.last_error = str(error)[:500]
        return 0
    message.sent_at = utcnow()
    return 1


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
