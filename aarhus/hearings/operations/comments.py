"""Acts on comments: written, oral and connection complaints, with receipts; the initiator's positions."""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Iterable
from typing import Any

from flask import has_request_context
from flask_babel import gettext as _
from sqlalchemy import select, update

from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.forms import clean_text
from aarhus.core.i18n_fields import current_language
from aarhus.core.time import legal_today, utcnow
from aarhus.hearings.errors import HearingError
from aarhus.hearings.models import Channel, Comment, Hearing, Position, Stance
from aarhus.hearings.permissions import allowed_actions, lock, require_act
from aarhus.ledger import chain as ledger
from aarhus.notify.mail import queue_mail


def _new_receipt(hearing: Hearing) -> str:
    # 48 random bits: unique among the millions of a national hearing season without a retry (receipts are unique).
    return f"H{hearing.id}-{secrets.token_hex(6).upper()}"


def submit_comment(hearing: Hearing, *, author_name: str, contact: str, text: str, show_name: bool,
                   channel: Channel = Channel.web, entered_by: User | None = None,
                   connection_complaint: bool = False) -> Comment:
    """Accept a comment while comments are open; oral comments are entered by an officer."""
    missing = [k for k, v in (("author_name", author_name), ("contact", contact), ("text", text))
               if not (v or "").strip()]
    if missing:
        raise HearingError("invalid", fields=missing)
    today = legal_today()
    written = not (channel == Channel.oral or connection_complaint)
    if not written:
        require_act(hearing, "connection_complaint" if connection_complaint else "oral_comment", entered_by)
    else:
        # A shared lock (PostgreSQL: FOR KEY SHARE): comments do not wait for each other, while an act on the
        # hearing (which locks it FOR UPDATE: postponing, cancelling, the protocol) waits for those in flight and
        # they for it, so no comment lands in a hearing that an act has just closed.
        lock(hearing, shared=True)
        if "comment" not in allowed_actions(hearing, None, today):
            closed = hearing.comments_close_on.isoformat() if hearing.comments_close_on else None
            raise HearingError("comments_closed", closed_on=closed)
    author_name, contact, text = (clean_text(v) for v in (author_name, contact, text))
    comment = Comment(hearing=hearing, receipt=_new_receipt(hearing), author_name=author_name.strip()[:200],
                      contact=contact.strip()[:254], text=text.strip(), show_name=show_name, channel=channel,
                      is_connection_complaint=connection_complaint,
                      entered_by_id=entered_by.id if entered_by else None)
    db.session.add(comment)
    # A citizen's written comment sent through a request is chained into the log right after its commit, so that
    # comments on a busy last day do not queue for the log's lock, and counted then (``count_comments``).
    later = written and has_request_context()
    if not later:  # counted before the log's lock is taken, as the sealer does
        db.session.execute(update(Hearing).where(Hearing.id == hearing.id)
                           .values(comment_count=Hearing.comment_count + 1))
    db.session.flush()
    logged = {"receipt": comment.receipt, "channel": channel.value, "text_sha256": _sha(comment.text)}
    if later:
        ledger.append_later("hearing.comment_received", "hearing", hearing.id, logged, entered_by)
    else:
        ledger.append("hearing.comment_received", "hearing", hearing.id, logged, entered_by)
    if "@" in comment.contact:
        _mail_receipt(hearing, comment)
    return comment


def count_comments(entries: Iterable[Any], wait: bool = True) -> None:
    """Add the comments these pending log entries record to their hearings' counts (a hook of ``ledger.seal``).

    Counted in SQL so concurrent submissions do not lose updates; hearings in id order, so two sealers never
    wait for each other's rows in a circle. Not ``wait``ing, the rows are locked NOWAIT first (the sealer holds the
    log then, and an act holding a hearing's row waits for the log): a busy row raises the database's error.
    """
    counts = Counter(int(e.subject_id) for e in entries if e.kind == "hearing.comment_received")
    if counts and not wait:
        db.session.execute(select(Hearing.id).where(Hearing.id.in_(counts)).order_by(Hearing.id)
                           .with_for_update(key_share=True, nowait=True)).all()
    for hearing_id, added in sorted(counts.items()):
        db.session.execute(update(Hearing).where(Hearing.id == hearing_id)
                           .values(comment_count=Hearing.comment_count + added))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _mail_receipt(hearing: Hearing, comment: Comment) -> None:
    lang = current_language()
    subject = _("Your comment was received: %(receipt)s", receipt=comment.receipt)
    body = _("Thank you. Your comment on the hearing «%(title)s» was received and registered under "
             "number %(receipt)s. The initiator must state a position on it, and it will be included "
             "in the protocol.", title=hearing.text("title", "ru" if lang == "ru" else "kk"),
             receipt=comment.receipt)
    queue_mail(comment.contact, subject, body)


def set_position(comment: Comment, stance: str, reasons: str, actor: User) -> Position:
    """Record the initiator's position on a comment (accepted / partly / rejected, with reasons)."""
    hearing = comment.hearing
    require_act(hearing, "set_position", actor)
    if stance not in Stance.__members__ or not reasons.strip():
        raise HearingError("invalid", fields=["stance" if stance not in Stance.__members__ else "reasons"])
    position = comment.position or Position(comment=comment)
    position.stance, position.reasons = Stance(stance), reasons.strip()
    position.decided_by_id, position.decided_at = actor.id, utcnow()
    db.session.add(position)
    db.session.flush()
    ledger.append("hearing.position", "hearing", hearing.id,
                  {"receipt": comment.receipt, "stance": stance, "reasons_sha256": _sha(position.reasons)}, actor)
    return position
