"""Subscriptions to new hearings: double opt-in, one-click unsubscribe, a mail on each public change."""

from __future__ import annotations

import secrets

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from aarhus.bodies.operations import region_by_code
from aarhus.core.extensions import db
from aarhus.core.forms import is_email_address
from aarhus.core.time import utcnow
from aarhus.core.urls import public_url
from aarhus.hearings.errors import HearingError
from aarhus.hearings.models import Hearing, Subscription
from aarhus.notify.mail import queue_mail


def subscribe(email: str, region_code: str | None, lang: str) -> Subscription:
    """Ask to receive a region's new hearings (or all regions); a confirmation mail is sent."""
    region = region_by_code(region_code) if region_code else None
    if region_code and region is None:
        raise HearingError("invalid", fields=["region"])
    email = email.strip().lower()
    if not is_email_address(email):
        raise HearingError("invalid", fields=["email"])
    existing = db.session.scalars(select(Subscription).filter_by(
        email=email, region_id=region.id if region else None)).first()
    sub = existing or Subscription(email=email, region=region, token=secrets.token_urlsafe(32), locale=lang)
    db.session.add(sub)
    db.session.flush()
    if sub.confirmed_at is None:
        link = public_url("hearings.confirm_subscription", token=sub.token)
        with force_locale(lang):
            queue_mail(email, _("Confirm your subscription to public hearings"),
                       _("Open this link to confirm that you want to receive new hearing notices: %(link)s\n\n"
                         "If you did not ask for this, ignore this message.", link=link))
    return sub


def confirm_subscription(token: str) -> Subscription | None:
    """Confirm a subscription by its token."""
    sub = db.session.scalars(select(Subscription).filter_by(token=token)).first()
    if sub and sub.confirmed_at is None:
        sub.confirmed_at = utcnow()
    return sub


def unsubscribe(token: str) -> bool:
    """Remove a subscription by its token (one click)."""
    sub = db.session.scalars(select(Subscription).filter_by(token=token)).first()
    if sub is None:
        return False
    db.session.delete(sub)
    return True


def tell_subscribers(hearing: Hearing, event: str) -> None:
    """Mail every confirmed subscriber of the hearing's region that it was published, postponed or cancelled."""
    subs = db.session.scalars(select(Subscription).where(
        Subscription.confirmed_at.is_not(None),
        (Subscription.region_id == hearing.region_id) | Subscription.region_id.is_(None)))
    link = public_url("hearings.detail", hearing_id=hearing.id)
    stamp = hearing.notice_published_at or hearing.cancelled_at or utcnow()
    for sub in subs:
        with force_locale(sub.locale):
            subject = {"published": _("New public hearing: %(title)s"),
                       "postponed": _("Hearing postponed: %(title)s"),
                       "cancelled": _("Hearing cancelled: %(title)s")}[event] % {
                "title": hearing.text("title", sub.locale)}
            unsubscribe_link = public_url("hearings.unsubscribe", token=sub.token)
            body = _("%(title)s\n\nDetails: %(link)s\n\nUnsubscribe: %(unsubscribe)s",
                     title=hearing.text("title", sub.locale), link=link, unsubscribe=unsubscribe_link)
        queue_mail(sub.email, subject, body, dedup_key=f"hearing:{hearing.id}:{event}:{stamp.isoformat()}:{sub.id}")
