"""Operations on hearings: check permission, check the rules, change, log, notify.

The caller (a view or a command) owns the transaction and commits once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from aarhus.accounts.models import User
from aarhus.bodies.operations import akimat_of, region_by_code
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.files import store
from aarhus.core.roles import Role
from aarhus.core.time import legal_date, legal_today, utcnow
from aarhus.core.urls import public_url
from aarhus.deadlines.rules import RuleNotFound
from aarhus.hearings import rules
from aarhus.hearings.models import (
    Agreement,
    Channel,
    Comment,
    Document,
    Hearing,
    HearingForm,
    HearingState,
    MediaNotice,
    Position,
    Protocol,
    Stance,
    Subscription,
)
from aarhus.ledger import chain as ledger
from aarhus.legal import service
from aarhus.legal.operations import meet_deadline, track_deadline
from aarhus.notify.mail import queue_mail

EDITABLE = (HearingState.draft, HearingState.agreed)
# The notice fields a draft may carry (attribute names of Hearing).
NOTICE_ATTRS = [*rules.COMMON_FIELDS.values(), *rules.MEETING_FIELDS.values(), *rules.SURVEY_FIELDS.values(),
                "documentation_url", "video_url", "lat", "lon"]


# --- permissions -------------------------------------------------------------------------

def is_region_officer(user: User | None, hearing: Hearing) -> bool:
    """True for an akimat officer of the hearing's region."""
    return bool(user and user.role == Role.akimat_officer and user.body
                and user.body.region_id == hearing.region_id)


def can_edit(user: User | None, hearing: Hearing) -> bool:
    """The initiator who created it, or an officer of its region, may edit a draft."""
    if user is None:
        return False
    return is_region_officer(user, hearing) or (user.role == Role.initiator and hearing.created_by_id == user.id)


def can_answer(user: User | None, hearing: Hearing) -> bool:
    """Who may enter the initiator's positions: the initiator or an officer of the region."""
    return can_edit(user, hearing)


def require(allowed: bool) -> None:
    """Refuse with 403 unless ``allowed``."""
    if not allowed:
        raise OperationError("forbidden", 403)


def require_state(hearing: Hearing, *states: HearingState) -> None:
    """Refuse with wrong_state unless the hearing is in one of ``states``."""
    if hearing.state not in states:
        raise OperationError("wrong_state", state=hearing.state.value)


# --- drafts ------------------------------------------------------------------------------

def create_hearing(region_code: str, form: str, values: dict[str, Any], actor: User) -> Hearing:
    """Create a draft; initiators anywhere, akimat officers in their own region."""
    region = region_by_code(region_code)
    if region is None:
        raise OperationError("invalid", fields=["region"])
    if form not in HearingForm.__members__:
        raise OperationError("invalid", fields=["form"])
    akimat = akimat_of(region_code)
    hearing = Hearing(region=region, region_id=region.id, akimat=akimat, akimat_id=akimat.id, form=HearingForm(form),
                      created_by=actor, created_by_id=actor.id)
    require(actor.role == Role.initiator or is_region_officer(actor, hearing))
    _assign(hearing, values)
    db.session.add(hearing)
    db.session.flush()
    ledger.append("hearing.created", "hearing", hearing.id, _notice_payload(hearing), actor)
    return hearing


def update_hearing(hearing: Hearing, values: dict[str, Any], actor: User) -> None:
    """Change a draft's notice fields (before publication only)."""
    require(can_edit(actor, hearing))
    require_state(hearing, *EDITABLE)
    _assign(hearing, values)
    db.session.flush()
    ledger.append("hearing.edited", "hearing", hearing.id, _notice_payload(hearing), actor)


def _assign(hearing: Hearing, values: dict[str, Any]) -> None:
    for attr in NOTICE_ATTRS:
        if attr in values:
            value = values[attr]
            setattr(hearing, attr, value.strip() if isinstance(value, str) else value)
    # A hearing has either a meeting date or a survey period, never both.
    if hearing.form == HearingForm.survey:
        hearing.hearing_date = hearing.hearing_time = None
    else:
        hearing.survey_start = hearing.survey_end = None
    _refresh_due_dates(hearing)


def _due(code: str, start: date | None) -> date | None:
    if start is None:
        return None
    try:
        return service.compute_on(code, start)
    except (RuleNotFound, ValueError):  # no rule in force then, or outside the calendar
        return None


def _refresh_due_dates(hearing: Hearing) -> None:
    """The notice, documentation and survey-length dates follow the hearing's dates (rules.md §2)."""
    hearing.starts_on = hearing.start_on
    hearing.notice_due_on = _due("hearing.notice", hearing.start_on)
    hearing.documents_due_on = _due("hearing.documents", hearing.start_on)
    hearing.survey_min_end_on = _due("hearing.survey_end", hearing.start_on) \
        if hearing.form == HearingForm.survey else None


def _refresh_notice_on(hearing: Hearing) -> None:
    """Publication = the earliest of the portal and a media publication carrying both languages (HN-01)."""
    by_language: dict[str, date] = {}
    for notice in hearing.media_notices:
        current = by_language.get(notice.language)
        by_language[notice.language] = min(current, notice.published_on) if current else notice.published_on
    candidates = [by_language.get("both")]
    if "kk" in by_language and "ru" in by_language:
        candidates.append(max(by_language["kk"], by_language["ru"]))
    if hearing.notice_published_at:
        candidates.append(legal_date(hearing.notice_published_at))
    dates = [d for d in candidates if d]
    hearing.notice_on = min(dates) if dates else None


def _notice_payload(hearing: Hearing) -> dict[str, Any]:
    values = {attr: getattr(hearing, attr) for attr in NOTICE_ATTRS}
    return {"form": hearing.form.value, "region": hearing.region.code, "notice": values,
            "documents": [{"name": d.filename, "sha256": d.sha256} for d in hearing.documents]}


def add_document(hearing: Hearing, stream: Any, filename: str, actor: User) -> Document:
    """Attach a project document (checked by content, SHA-256 kept)."""
    require(can_edit(actor, hearing))
    require_state(hearing, *EDITABLE, HearingState.published)
    stored = store(stream, filename)
    document = Document(hearing=hearing, filename=stored.filename, stored_name=stored.stored_name,
                        content_type=stored.content_type, size=stored.size, sha256=stored.sha256,
                        uploaded_by_id=actor.id)
    db.session.add(document)
    db.session.flush()
    ledger.append("hearing.document_added", "hearing", hearing.id,
                  {"document": document.id, "name": document.filename, "sha256": document.sha256}, actor)
    return document


def add_media_notice(hearing: Hearing, outlet: str, published_on: date, language: str, actor: User) -> MediaNotice:
    """Record a notice in the media (newspaper, TV, radio)."""
    require(can_edit(actor, hearing))
    if language not in ("kk", "ru", "both") or not outlet.strip():
        raise OperationError("invalid", fields=["media_notices"])
    notice = MediaNotice(hearing=hearing, outlet=outlet.strip(), published_on=published_on, language=language)
    db.session.add(notice)
    db.session.flush()
    db.session.refresh(hearing, ["media_notices"])
    _refresh_notice_on(hearing)
    ledger.append("hearing.media_notice", "hearing", hearing.id,
                  {"outlet": notice.outlet, "published_on": published_on.isoformat(), "language": language}, actor)
    return notice


# --- agreement and publication ---------------------------------------------------------

def record_agreement(hearing: Hearing, values: dict[str, Any], actor: User) -> Agreement:
    """The akimat agrees place, time, invitees, information methods and names the responsible officer."""
    require(is_region_officer(actor, hearing))
    require_state(hearing, *EDITABLE)
    officer = db.session.get(User, values.get("responsible_officer_id") or actor.id)
    missing = [k for k in ("invitees", "information_methods") if not (values.get(k) or "").strip()]
    if hearing.form == HearingForm.open_meeting:
        missing += [k for k in ("place_kk", "place_ru") if not (values.get(k) or "").strip()]
    if officer is None or not is_region_officer(officer, hearing):
        missing.append("responsible_officer_id")
    if missing:
        raise OperationError("invalid", fields=missing)
    agreement = hearing.agreement or Agreement(hearing=hearing)
    agreement.place_kk, agreement.place_ru = values.get("place_kk", ""), values.get("place_ru", "")
    agreement.hearing_time = values.get("hearing_time")
    agreement.invitees, agreement.information_methods = values["invitees"], values["information_methods"]
    agreement.responsible_officer_id, agreement.agreed_by_id, agreement.agreed_at = officer.id, actor.id, utcnow()
    agreement.agreed_on = legal_date(agreement.agreed_at)
    db.session.add(agreement)
    _assign(hearing, {k: v for k, v in values.items() if k in ("place_kk", "place_ru", "hearing_time") and v})
    hearing.state = HearingState.agreed
    db.session.flush()
    ledger.append("hearing.agreed", "hearing", hearing.id,
                  {"place": [agreement.place_kk, agreement.place_ru], "invitees": agreement.invitees,
                   "information_methods": agreement.information_methods,
                   "responsible_officer": officer.id}, actor)
    return agreement


def publication_refusal(hearing: Hearing, today: date) -> rules.GateRefusal | None:
    """Why the hearing may not be published today, or None."""
    values = {attr: getattr(hearing, attr) for attr in NOTICE_ATTRS}
    missing = rules.missing_fields(values, hearing.form.value, bool(hearing.documents),
                                   {m.language for m in hearing.media_notices})
    return rules.check_publication(
        form=hearing.form.value, start_on=hearing.start_on, end_on=hearing.end_on,
        agreed=hearing.agreement is not None and hearing.state == HearingState.agreed, missing=missing,
        today=today, pack=service.current_pack(), calendar=service.current_calendar())


def publish_hearing(hearing: Hearing, actor: User) -> None:
    """Publish the notice if the law allows it today; the server sets the instant."""
    require(is_region_officer(actor, hearing))
    require_state(hearing, HearingState.agreed, HearingState.draft)
    now = utcnow()
    refusal = publication_refusal(hearing, legal_date(now))
    if refusal:
        raise OperationError(refusal.code, **refusal.details)
    pack, calendar = service.current_pack(), service.current_calendar()
    hearing.state, hearing.notice_published_at = HearingState.published, now
    hearing.documents_on = legal_date(now)  # documentation is required to publish, and opens with the notice
    _refresh_notice_on(hearing)
    hearing.comments_close_on = rules.comments_close_on(hearing.form.value, hearing.start_on, hearing.end_on,
                                                        pack, calendar)
    hearing.protocol_due_on = rules.protocol_due_on(hearing.end_on, pack, calendar)
    track_deadline("hearing", hearing.id, "hearing.protocol", hearing.end_on)
    db.session.flush()
    ledger.append("hearing.published", "hearing", hearing.id, _notice_payload(hearing), actor)
    _tell_subscribers(hearing, "published")


def postpone_hearing(hearing: Hearing, values: dict[str, Any], reason: str, actor: User) -> None:
    """Move the hearing; the new date needs a new lawful notice, so it returns to 'agreed'."""
    require(is_region_officer(actor, hearing))
    require_state(hearing, HearingState.published, HearingState.agreed)
    if not reason.strip():
        raise OperationError("invalid", fields=["reason"])
    old = {"hearing_date": hearing.hearing_date, "survey_start": hearing.survey_start,
           "survey_end": hearing.survey_end}
    was_published = hearing.state == HearingState.published
    _assign(hearing, {k: v for k, v in values.items() if k in ("hearing_date", "hearing_time", "survey_start",
                                                               "survey_end", "place_kk", "place_ru")})
    hearing.state, hearing.notice_published_at = HearingState.agreed, None
    hearing.comments_close_on = hearing.protocol_due_on = hearing.documents_on = None
    _refresh_notice_on(hearing)
    db.session.flush()
    ledger.append("hearing.postponed", "hearing", hearing.id,
                  {"reason": reason, "old": old, "new": {k: getattr(hearing, k) for k in old}}, actor)
    if was_published:
        _tell_subscribers(hearing, "postponed")


def cancel_hearing(hearing: Hearing, reason: str, actor: User) -> None:
    """Cancel a hearing that has no published protocol; the reason is public."""
    require(is_region_officer(actor, hearing) or (can_edit(actor, hearing) and hearing.state in EDITABLE))
    require_state(hearing, HearingState.draft, HearingState.agreed, HearingState.published)
    if not reason.strip():
        raise OperationError("invalid", fields=["reason"])
    was_published = hearing.state == HearingState.published
    hearing.state, hearing.cancelled_at, hearing.cancel_reason = HearingState.cancelled, utcnow(), reason.strip()
    meet_deadline("hearing", hearing.id, "hearing.protocol", legal_today())
    db.session.flush()
    ledger.append("hearing.cancelled", "hearing", hearing.id, {"reason": hearing.cancel_reason}, actor)
    if was_published:
        _tell_subscribers(hearing, "cancelled")


# --- comments and positions -------------------------------------------------------------

def _new_receipt(hearing: Hearing) -> str:
    return f"H{hearing.id}-{secrets.token_hex(4).upper()}"


def submit_comment(hearing: Hearing, *, author_name: str, contact: str, text: str, show_name: bool,
                   channel: Channel = Channel.web, entered_by: User | None = None,
                   connection_complaint: bool = False) -> Comment:
    """Accept a comment while comments are open; oral comments are entered by an officer."""
    missing = [k for k, v in (("author_name", author_name), ("contact", contact), ("text", text))
               if not (v or "").strip()]
    if missing:
        raise OperationError("invalid", fields=missing)
    today = legal_today()
    if channel == Channel.oral or connection_complaint:
        require(is_region_officer(entered_by, hearing) or (connection_complaint and entered_by is None))
        require_state(hearing, HearingState.published)
        if hearing.protocol_published_at:
            raise OperationError("wrong_state")
    elif not rules.comments_open(state=hearing.state.value, closes_on=hearing.comments_close_on, today=today):
        closed = hearing.comments_close_on.isoformat() if hearing.comments_close_on else None
        raise OperationError("comments_closed", closed_on=closed)
    comment = Comment(hearing=hearing, receipt=_new_receipt(hearing), author_name=author_name.strip()[:200],
                      contact=contact.strip()[:254], text=text.strip(), show_name=show_name, channel=channel,
                      is_connection_complaint=connection_complaint,
                      entered_by_id=entered_by.id if entered_by else None)
    db.session.add(comment)
    # Counted in SQL so concurrent submissions do not lose updates.
    db.session.execute(update(Hearing).where(Hearing.id == hearing.id)
                       .values(comment_count=Hearing.comment_count + 1))
    db.session.flush()
    ledger.append("hearing.comment_received", "hearing", hearing.id,
                  {"receipt": comment.receipt, "channel": channel.value, "text_sha256": _sha(comment.text)},
                  entered_by)
    if "@" in comment.contact:
        _mail_receipt(hearing, comment)
    return comment


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _mail_receipt(hearing: Hearing, comment: Comment) -> None:
    from aarhus.core.i18n_fields import current_language

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
    require(can_answer(actor, hearing))
    if hearing.protocol_published_at or (hearing.protocol and hearing.protocol.chair_signed_at):
        raise OperationError("wrong_state")
    if stance not in Stance.__members__ or not reasons.strip():
        raise OperationError("invalid", fields=["stance" if stance not in Stance.__members__ else "reasons"])
    position = comment.position or Position(comment=comment)
    position.stance, position.reasons = Stance(stance), reasons.strip()
    position.decided_by_id, position.decided_at = actor.id, utcnow()
    db.session.add(position)
    db.session.flush()
    ledger.append("hearing.position", "hearing", hearing.id,
                  {"receipt": comment.receipt, "stance": stance, "reasons_sha256": _sha(position.reasons)}, actor)
    return position


def comments_of(hearing: Hearing) -> list[Comment]:
    """Every comment of a hearing with its position, oldest first, in one query."""
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(select(Comment).where(Comment.hearing_id == hearing.id)
                                   .options(selectinload(Comment.position)).order_by(Comment.id)))


# --- protocol --------------------------------------------------------------------------

DEFAULT_APPEAL = {
    "kk": "Қоғамдық тыңдаулар нәтижелері бойынша қабылданған шешімге Қазақстан Республикасының заңнамасында "
          "белгіленген тәртіппен жоғары тұрған органға немесе сотқа шағым жасалуы мүмкін.",
    "ru": "Решение, принятое по итогам общественных слушаний, может быть обжаловано в вышестоящий орган или "
          "в суд в порядке, установленном законодательством Республики Казахстан.",
}


def draft_protocol(hearing: Hearing, values: dict[str, Any], actor: User) -> Protocol:
    """Fill in the protocol's record of the meeting once the hearing has ended."""
    require(is_region_officer(actor, hearing))
    require_state(hearing, HearingState.published)
    if hearing.end_on is None or legal_today() < hearing.end_on:
        raise OperationError("not_held")
    protocol = hearing.protocol or Protocol(hearing=hearing)
    if protocol.published_at or protocol.chair_signed_at:
        raise OperationError("wrong_state")
    protocol.attendees = int(values.get("attendees") or 0)
    protocol.attendee_list = values.get("attendee_list", "") or ""
    protocol.eia_presented = bool(values.get("eia_presented"))
    protocol.chair_name = (values.get("chair_name") or "").strip()
    protocol.secretary_name = (values.get("secretary_name") or "").strip()
    protocol.appeal_kk = (values.get("appeal_kk") or DEFAULT_APPEAL["kk"]).strip()
    protocol.appeal_ru = (values.get("appeal_ru") or DEFAULT_APPEAL["ru"]).strip()
    if hearing.form == HearingForm.open_meeting and not (protocol.chair_name and protocol.secretary_name):
        raise OperationError("invalid", fields=["chair_name", "secretary_name"])
    protocol.drafted_at = utcnow()
    db.session.add(protocol)
    db.session.flush()
    ledger.append("hearing.protocol_drafted", "hearing", hearing.id,
                  {"attendees": protocol.attendees, "eia_presented": protocol.eia_presented}, actor)
    return protocol


def signatures_needed(hearing: Hearing) -> tuple[str, ...]:
    """Chair and secretary for an open meeting (Annex 3); the responsible person for a survey (Annex 4)."""
    return ("chair", "secretary") if hearing.form == HearingForm.open_meeting else ("chair",)


def sign_protocol(hearing: Hearing, role: str, actor: User) -> None:
    """Sign as chair or secretary; refused while any comment lacks a position."""
    require(is_region_officer(actor, hearing))
    protocol = hearing.protocol
    if protocol is None or protocol.published_at or role not in signatures_needed(hearing):
        raise OperationError("wrong_state")
    comments = comments_of(hearing)
    if not rules.can_finalise_protocol({c.id for c in comments}, {c.id for c in comments if c.position}):
        raise OperationError("positions_missing",
                             receipts=[c.receipt for c in comments if c.position is None])
    setattr(protocol, f"{role}_signed_by_id", actor.id)
    setattr(protocol, f"{role}_signed_at", utcnow())
    db.session.flush()
    ledger.append("hearing.protocol_signed", "hearing", hearing.id, {"as": role}, actor)


def is_signed(hearing: Hearing) -> bool:
    """True when every required signature is on the protocol."""
    protocol = hearing.protocol
    return bool(protocol) and all(getattr(protocol, f"{r}_signed_at") for r in signatures_needed(hearing))


def publish_protocol(hearing: Hearing, actor: User) -> None:
    """Render the protocol to PDF in Kazakh and Russian, keep their SHA-256, and publish."""
    from aarhus.hearings import protocol as protocol_pdf

    require(is_region_officer(actor, hearing))
    if not is_signed(hearing):
        raise OperationError("not_signed")
    protocol = hearing.protocol
    if protocol.published_at:
        raise OperationError("wrong_state")
    now = utcnow()
    protocol.snapshot = protocol_pdf.snapshot(hearing, published_at=now)
    hashes = protocol_pdf.render_and_store(hearing)
    protocol.pdf_sha256_kk, protocol.pdf_sha256_ru = hashes["kk"], hashes["ru"]
    protocol.published_at = hearing.protocol_published_at = now
    hearing.protocol_published_on = legal_date(now)
    protocol.comments_included = len(protocol.snapshot["comments"])
    meet_deadline("hearing", hearing.id, "hearing.protocol", legal_date(now))
    db.session.flush()
    ledger.append("hearing.protocol_published", "hearing", hearing.id, {"pdf_sha256": hashes}, actor)


# --- subscriptions ----------------------------------------------------------------------

def subscribe(email: str, region_code: str | None, lang: str) -> Subscription:
    """Ask to receive a region's new hearings (or all regions); a confirmation mail is sent."""
    region = region_by_code(region_code) if region_code else None
    if region_code and region is None:
        raise OperationError("invalid", fields=["region"])
    email = email.strip().lower()
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


def _tell_subscribers(hearing: Hearing, event: str) -> None:
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


