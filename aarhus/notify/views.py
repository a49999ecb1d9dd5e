"""The outbox as the administrator sees it: mail given up on, mail waiting to be tried again."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from aarhus.core.extensions import db
from aarhus.core.guard import roles_required
from aarhus.core.roles import Role
from aarhus.core.time import utcnow
from aarhus.notify import mail
from aarhus.notify.models import OutboxMessage

SHOWN = 200


@roles_required(Role.admin)
def outbox() -> str:
    """Failed and waiting messages (the addresses are shown: the administrator must be able to fix them)."""
    failed = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.failed_at.is_not(None))
                                     .order_by(OutboxMessage.failed_at.desc()).limit(SHOWN)))
    waiting = list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None), OutboxMessage.attempts > 0)
        .order_by(OutboxMessage.next_attempt_at).limit(SHOWN)))
    since = utcnow() - timedelta(days=1)
    counts = {
        "sent": db.session.scalar(select(func.count()).where(OutboxMessage.sent_at >= since)) or 0,
        "queued": db.session.scalar(select(func.count()).select_from(mail.due_messages().subquery())) or 0,
    }
    return render_template("notify/outbox.html", failed=failed, waiting=waiting, counts=counts,
                           no_smtp=not current_app.config["AARHUS"].smtp_url)


@roles_required(Role.admin)
def retry(message_id: int) -> Response:
    """Send a failed or waiting message again at the next delivery round (after the address was fixed)."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.sent_at is not None:
        abort(404)
    mail.retry(message)
    db.session.commit()
    mail.deliver_pending()
    flash(_("The message will be sent again."), "success")
    return redirect(url_for("notify.outbox"))
