"""Following one hearing or one request by e-mail: double opt-in, a mail on each public change, one-click leave.

The acts do not know about followers: every act appends to the event log, and ``note`` (a listener registered in
``app.extensions`` by create_app, since the log sits below every domain) queues a mail to each confirmed follower
of the record in the act's own transaction. A mail says what happened in public terms only — never who asked,
commented or complained.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from aarhus.core.dates import in_case, official_date
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.forms import is_email_address
from aarhus.core.time import utcnow
from aarhus.core.urls import public_url
from aarhus.hearings import queries as hearing_queries
from aarhus.hearings.models import Hearing
from aarhus.ledger.chain import LISTENERS
from aarhus.notify.mail import queue_mail
from aarhus.profiles.models import Follow
from aarhus.requests import labels as request_labels
from aarhus.requests.models import InfoRequest

SUBJECTS = ("hearing", "request")
# The log's kinds a follower is told of.
HEARING_EVENTS = ("hearing.published", "hearing.postponed", "hearing.cancelled", "hearing.protocol_published",
                  "hearing.document_added")
REQUEST_EVENTS = ("request.redirected", "request.extended", "request.answered", "request.refused",
                  "request.complaint")


def init_app(app: Flask) -> None:
    """Listen to the log's appends."""
    listeners = app.extensions.setdefault(LISTENERS, [])
    if note not in listeners:
        listeners.append(note)


def record_of(subject_type: str, subject_id: int) -> Hearing | InfoRequest | None:
    """The public record a visitor may follow, or None."""
    if subject_type == "hearing":
        return db.session.get(Hearing, subject_id) if hearing_queries.is_public_id(subject_id) else None
    if subject_type == "request":
        return db.session.get(InfoRequest, subject_id)
    return None


def title_of(record: Hearing | InfoRequest, lang: str) -> str:
    """What the record is called in mails and pages (public words only)."""
    if isinstance(record, Hearing):
        return record.text("title", lang)
    return f"{record.registration_number} · {record.subject}"


def page_of(subject_type: str, record: Hearing | InfoRequest) -> str:
    """The record's public page."""
    if subject_type == "hearing":
        return public_url("hearings.detail", hearing_id=record.id)
    return public_url("requests.entry", number=record.registration_number)


def follow(subject_type: str, subject_id: int, email: str, lang: str) -> Follow:
    """Ask to follow one public record; a confirmation mail is sent (nothing else until it is confirmed)."""
    record = record_of(subject_type, subject_id)
    if record is None:
        raise OperationError("not_found", 404)
    email = email.strip().lower()
    if not is_email_address(email):
        raise OperationError("invalid", fields=["email"])
    found = db.session.scalars(select(Follow).filter_by(email=email, subject_type=subject_type,
                                                        subject_id=subject_id)).first()
    found = found or Follow(email=email, subject_type=subject_type, subject_id=subject_id,
                            token=secrets.token_urlsafe(32), locale=lang)
    found.locale = lang
    db.session.add(found)
    db.session.flush()
    if found.confirmed_at is None:
        with force_locale(lang):
            queue_mail(email, _("Confirm that you follow: %(title)s", title=title_of(record, lang)),
                       _("Open this link to confirm that you want an e-mail on each change of «%(title)s»: "
                         "%(link)s\n\nIf you did not ask for this, ignore this message.\n\nUnsubscribe: "
                         "%(unsubscribe)s", title=title_of(record, lang),
                         link=public_url("profiles.confirm_follow", token=found.token),
                         unsubscribe=public_url("profiles.unfollow", token=found.token)))
    return found


def confirm(token: str) -> Follow | None:
    """Confirm by the token of the mail's link."""
    found = db.session.scalars(select(Follow).filter_by(token=token)).first()
    if found and found.confirmed_at is None:
        found.confirmed_at = utcnow()
    return found


def unfollow(token: str) -> Follow | None:
    """Stop following (one click); returns what was removed."""
    found = db.session.scalars(select(Follow).filter_by(token=token)).first()
    if found is not None:
        db.session.delete(found)
        db.session.flush()
    return found


def followers(subject_type: str, subject_id: int) -> list[Follow]:
    """The confirmed followers of one record."""
    return list(db.session.scalars(select(Follow).where(
        Follow.subject_type == subject_type, Follow.subject_id == subject_id,
        Follow.confirmed_at.is_not(None)).order_by(Follow.id)))


def note(entry: Any) -> None:
    """A log entry was appended in this session: tell the record's confirmed followers, if it is news to them."""
    if entry.kind not in HEARING_EVENTS + REQUEST_EVENTS:
        return
    subject_id = int(entry.subject_id)
    targets = followers(entry.subject_type, subject_id)
    if not targets:
        return
    record = record_of(entry.subject_type, subject_id)
    if record is None:
        return
    if entry.kind == "request.redirected":  # followers follow the new registration too, already confirmed
        _carry_over(targets, record)
    for target in targets:
        with force_locale(target.locale):
            what = _event_line(entry, record, target.locale)
            title = title_of(record, target.locale)
            body = _("%(what)s\n\n%(title)s\n%(link)s\n\nYou get this e-mail because you follow it. "
                     "Unsubscribe (one click): %(unsubscribe)s", what=what, title=title,
                     link=page_of(entry.subject_type, record),
                     unsubscribe=public_url("profiles.unfollow", token=target.token))
            subject = f"{what.splitlines()[0]} — {title}"
        queue_mail(target.email, subject, body, dedup_key=f"follow:{entry.hash[:32]}:{target.id}")


def _carry_over(targets: list[Follow], request: InfoRequest) -> None:
    if request.redirected_to_id is None:
        return
    for target in targets:
        exists = db.session.scalars(select(Follow.id).filter_by(
            email=target.email, subject_type="request", subject_id=request.redirected_to_id)).first()
        if exists is None:
            db.session.add(Follow(email=target.email, subject_type="request", subject_id=request.redirected_to_id,
                                  token=secrets.token_urlsafe(32), locale=target.locale, confirmed_at=utcnow()))
    db.session.flush()


def _event_line(entry: Any, record: Any, lang: str) -> str:
    """One public sentence on what happened, in the follower's language (the locale is forced by the caller)."""
    kind = entry.kind
    if kind == "hearing.published":
        when = record.hearing_date or record.survey_start
        return _("The hearing notice is published; the hearing is on %(date)s.",
                 date=official_date(when, lang, case="locative"))
    if kind == "hearing.postponed":
        return _("The hearing is postponed; a new notice will give the new date.")
    if kind == "hearing.cancelled":
        return _("The hearing is cancelled.")
    if kind == "hearing.protocol_published":
        return _("The protocol of the hearing is published.")
    if kind == "hearing.document_added":
        return _("A new document was added to the hearing: %(name)s",
                 name=entry.payload.get("filename") or entry.payload.get("name") or "")
    holder = record.holder.name(lang)
    if kind == "request.redirected":
        forwarded = db.session.get(InfoRequest, record.redirected_to_id)
        return _("The request was forwarded to %(body)s under the new number %(new)s; the answer is due by %(due)s.",
                 body=in_case(forwarded.holder.name(lang), "dative", lang), new=forwarded.registration_number,
                 due=official_date(forwarded.due_on, lang, case="dative"))
    if kind == "request.extended":
        return _("The time to answer was extended to %(due)s.\nGround: %(ground)s",
                 due=official_date(record.due_on, lang, case="dative"),
                 ground=str(request_labels.EXTENSION_GROUND_TITLES.get(record.extension_ground or "", "")))
    if kind == "request.answered":
        return _("The answer of %(holder)s is published.", holder=in_case(holder, "genitive", lang))
    if kind == "request.refused":
        return _("The request was refused.\nGround: %(ground)s",
                 ground=str(request_labels.GROUND_TITLES[record.refusal_ground]))
    return _("A complaint was filed with the higher body.")
