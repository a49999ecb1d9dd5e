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
from aarhus.hearings.permissions import comment_refusal, require_act
from aarhus.ledger import chain as ledger
from aarhus.notify.mail import queue_mail


def _new_receipt(hearing_id: int) -> str:
    # 48 random bits: unique among the millions of a national hearing season without a retry (receipts are unique).
    return f"H{hearing_id}-{secrets.token_hex(6).upper()}"


def _required(author_name: str, contact: str, text: str) -> None:
    missing = [k for k, v in (("author_name", author_name), ("contact", contact), ("text", text))
               if not (v or "").strip()]
    if missing:
        raise HearingError("invalid", fields=missing)


def submit_comment(hearing: Hearing, *, author_name: str, contact: str, text: str, show_name: bool,
                   channel: Channel = Channel.web, entered_by: User | None = None,
                   connection_complaint: bool = False) -> Comment:
    """Accept a comment while comments are open; oral comments are entered by an officer."""
    if channel != Channel.oral and not connection_complaint:
        return receive_comment(hearing.id, author_name=author_name, contact=contact, text=text,
                               show_name=show_name, channel=channel)
    _required(author_name, contact, text)
    require_act(hearing, "connection_complaint" if connection_complaint else "oral_comment", entered_by)
    comment = _comment(hearing.id, author_name, contact, text, show_name, channel, connection_complaint, entered_by)
    _count_and_log(comment, entered_by)
    if "@" in comment.contact:
        _mail_receipt(hearing, comment)
    return comment


def open_for_comment(hearing_id: int) -> Any:
    """The hearing's row, locked FOR KEY SHARE, if a citizen's written comment may be received now; else
    HearingError: 404 ``not_found`` if no public hearing has this id, 422 ``comments_closed`` with the closing day
    if comments are closed (by the calendar, or by the stage: signed, published, cancelled)."""
    refused, row = comment_refusal(hearing_id, legal_today())
    if refused == "not_found":
        raise HearingError("not_found", 404)
    if refused:  # the contract's one code for every reason
        closed = row.comments_close_on.isoformat() if row.comments_close_on else None
        raise HearingError("comments_closed", closed_on=closed)
    return row


def receive_comment(hearing_id: int, *, author_name: str, contact: str, text: str, show_name: bool,
                    channel: Channel = Channel.web, opened: Any = None) -> Comment:
    """A citizen's written comment (the page or the API), while comments are open; 404 if no public hearing.

    The busiest act on the site, on a contested hearing's last day: it reads only what decides it
    (``open_for_comment``, which locks the hearing's row FOR KEY SHARE: comments do not wait for each other, while
    an act on the hearing, which locks it FOR UPDATE, waits for those in flight and they for it, so no comment
    lands in a hearing that an act has just closed) and writes its three rows in one flush at the commit. The
    hearing is asked about before the comment's fields (``opened``: the row ``open_for_comment`` gave the caller for
    this hearing, in this transaction, if it asked already: the lock is what makes the answer hold).
    """
    row = opened if opened is not None else open_for_comment(hearing_id)
    _required(author_name, contact, text)
    comment = _comment(hearing_id, author_name, contact, text, show_name, channel, False, None)
    if has_request_context():
        # Chained into the log right after the commit, so that comments on a busy last day do not queue for the
        # log's lock, and counted then (``count_comments``).
        ledger.append_later("hearing.comment_received", "hearing", hearing_id, _logged(comment))
    else:  # the seed, commands
        _count_and_log(comment, None)
    if "@" in comment.contact:  # the row read has the titles
        _mail_receipt(row, comment)
    return comment


def _comment(hearing_id: int, author_name: str, contact: str, text: str, show_name: bool, channel: Channel,
             connection_complaint: bool, entered_by: User | None) -> Comment:
    author_name, contact, text = (clean_text(v) for v in (author_name, contact, text))
    comment = Comment(hearing_id=hearing_id, receipt=_new_receipt(hearing_id), author_name=author_name.strip()[:200],
                      contact=contact.strip()[:254], text=text.strip(), show_name=show_name, channel=channel,
                      is_connection_complaint=connection_complaint,
                      entered_by_id=entered_by.id if entered_by else None)
    db.session.add(comment)
    return comment


def _count_and_log(comment: Comment, actor: User | None) -> None:
    """Count the comment on its hearing, then chain its log entry now (counted before the log's lock is taken, in
    the order the sealer takes them)."""
    db.session.execute(update(Hearing).where(Hearing.id == comment.hearing_id)
                       .values(comment_count=Hearing.comment_count + 1))
    ledger.append("hearing.comment_received", "hearing", comment.hearing_id, _logged(comment), actor)


def _logged(comment: Comment) -> dict[str, str]:
    return {"receipt": comment.receipt, "channel": comment.channel.value, "text_sha256": _sha(comment.text)}


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


def _mail_receipt(hearing: Any, comment: Comment) -> None:
    """The receipt to the commenter's e-mail, naming the hearing (a loaded one, or a row read with its titles:
    ``Hearing.text`` picks the title in the request's language, Kazakh unless Russian)."""
    title = Hearing.text(hearing, "title", "ru" if current_language() == "ru" else "kk")
    subject = _("Your comment was received: %(receipt)s", receipt=comment.receipt)
    body = _("Thank you. Your comment on the hearing «%(title)s» was received and registered under "
             "number %(receipt)s. The initiator must state a position on it, and it will be included "
             "in the protocol.", title=title, receipt=comment.receipt)
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
