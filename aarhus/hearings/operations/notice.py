"""Acts on the notice: draft, documents, media notices, the akimat's agreement, publication, postponement,
cancellation.

The caller (a view, a command or a job) owns the transaction and commits once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _

from aarhus.accounts.models import User
from aarhus.bodies.operations import akimat_of, region_by_code
from aarhus.core.dates import official_date
from aarhus.core.extensions import db
from aarhus.core.files import StoredFile, store
from aarhus.core.forms import clean_text, is_web_address
from aarhus.core.roles import Role
from aarhus.core.time import legal_date, legal_today, utcnow
from aarhus.deadlines.rules import RuleNotFound
from aarhus.hearings import rules
from aarhus.hearings.errors import HearingError, date_fault_message
from aarhus.hearings.models import Agreement, Document, Hearing, HearingForm, HearingState, MediaNotice
from aarhus.hearings.operations.subscriptions import tell_subscribers
from aarhus.hearings.permissions import is_region_officer, require, require_act
from aarhus.ledger import chain as ledger
from aarhus.legal import service
from aarhus.legal.operations import meet_deadline, track_deadline

# The notice fields a draft may carry (attribute names of Hearing).
NOTICE_ATTRS = [*rules.COMMON_FIELDS.values(), *rules.MEETING_FIELDS.values(), *rules.SURVEY_FIELDS.values(),
                "documentation_url", "video_url", "lat", "lon", "initiator_name_ru"]  # the last: optional


def create_hearing(region_code: str, form: str, values: dict[str, Any], actor: User) -> Hearing:
    """Create a draft; initiators anywhere, akimat officers in their own region."""
    region = region_by_code(region_code)
    if region is None:
        raise HearingError("invalid", fields=["region"])
    if form not in HearingForm.__members__:
        raise HearingError("invalid", fields=["form"])
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
    require_act(hearing, "edit", actor)
    if hearing.state == HearingState.agreed:  # Rules p.8–9: what the akimat agreed is not changed behind it
        now = {attr: getattr(hearing, attr) for attr in NOTICE_ATTRS}
        changed = rules.changed_arrangements(hearing.form.value, now, _cleaned(values))
        if changed:
            raise HearingError("agreement_changed", fields=changed)
    _assign(hearing, values)
    db.session.flush()
    ledger.append("hearing.edited", "hearing", hearing.id, _notice_payload(hearing), actor)


def _assign(hearing: Hearing, values: dict[str, Any]) -> None:
    bad_links = [attr for attr in ("documentation_url", "video_url") if values.get(attr) and not is_web_address(
        values[attr])]
    if bad_links:
        raise HearingError("invalid", fields=bad_links)
    for attr, value in _cleaned(values).items():
        setattr(hearing, attr, value)
    # A hearing has either a meeting date or a survey period, never both.
    if hearing.form == HearingForm.survey:
        hearing.hearing_date = hearing.hearing_time = None
    else:
        hearing.survey_start = hearing.survey_end = None
    _check_dates(hearing)
    _refresh_due_dates(hearing)


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    """The notice fields among ``values``, as they are stored (texts cleaned and trimmed)."""
    cleaned = {attr: clean_text(values[attr]) for attr in NOTICE_ATTRS if attr in values}
    return {attr: value.strip() if isinstance(value, str) else value for attr, value in cleaned.items()}


def _check_dates(hearing: Hearing) -> None:
    """Refuse, field by field, dates the calendar does not cover and a survey that ends before it starts (the
    database's ck_hearings_survey_order holds the latter too)."""
    faults = rules.date_faults(hearing.form.value, {attr: getattr(hearing, attr) for attr in rules.SURVEY_FIELDS}
                               | {"hearing_date": hearing.hearing_date})
    if faults:
        raise HearingError("invalid", fields=list(faults),
                           field_errors={name: date_fault_message(fault) for name, fault in faults.items()})


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
    """The notice is published when its last required publication is: the portal, the media in Kazakh and the
    media in Russian (Rules p.10; HN-01 judges this date). None while one of them is missing."""
    portal = legal_date(hearing.notice_published_at) if hearing.notice_published_at else None
    media = [(m.language, m.published_on) for m in hearing.media_notices]
    hearing.notice_on = rules.notice_published_on(portal, media)
    hearing.notice_first_on = min([on for _language, on in media] + ([portal] if portal else []), default=None)


def _notice_payload(hearing: Hearing) -> dict[str, Any]:
    values = {attr: getattr(hearing, attr) for attr in NOTICE_ATTRS}
    return {"form": hearing.form.value, "region": hearing.region.code, "notice": values,
            "documents": [{"name": d.filename, "sha256": d.sha256} for d in hearing.documents]}


def add_document(hearing: Hearing, stream: Any, filename: str, actor: User) -> Document:
    """Attach a project document (checked by content, SHA-256 kept)."""
    require_act(hearing, "add_document", actor)
    return store_document(hearing, stream, filename, actor)


def store_document(hearing: Hearing, stream: Any, filename: str, actor: User,
                   stored: StoredFile | None = None) -> Document:
    """Keep an uploaded file of the hearing and log it (callers have checked the act); ``stored``: a file
    already checked and kept (a confirmed upload)."""
    stored = stored or store(stream, filename)
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
    require_act(hearing, "add_media_notice", actor)
    if language not in ("kk", "ru", "both") or not outlet.strip():
        raise HearingError("invalid", fields=["media_notices"])
    earliest, latest = legal_date(hearing.created_at), legal_today()
    if not earliest <= published_on <= latest:  # it announces this draft, and happened
        reason = _("The publication date cannot be later than today: record a media notice once it has appeared.") \
            if published_on > latest else _("The publication date cannot be earlier than the draft notice (%(date)s).",
                                            date=official_date(earliest))
        raise HearingError("invalid", fields=["media_notices.published_on"], earliest=earliest.isoformat(),
                           latest=latest.isoformat(), field_errors={"media_notices.published_on": reason})
    notice = MediaNotice(hearing=hearing, outlet=outlet.strip(), published_on=published_on, language=language)
    db.session.add(notice)
    db.session.flush()
    db.session.refresh(hearing, ["media_notices"])
    _refresh_notice_on(hearing)
    ledger.append("hearing.media_notice", "hearing", hearing.id,
                  {"outlet": notice.outlet, "published_on": published_on.isoformat(), "language": language}, actor)
    return notice


def record_agreement(hearing: Hearing, values: dict[str, Any], actor: User) -> Agreement:
    """The akimat agrees place, time, invitees, information methods and names the responsible officer."""
    require_act(hearing, "agree", actor)
    officer = db.session.get(User, values.get("responsible_officer_id") or actor.id)
    missing = [k for k in ("invitees", "information_methods") if not (values.get(k) or "").strip()]
    if hearing.form == HearingForm.open_meeting:
        missing += [k for k in ("place_kk", "place_ru") if not (values.get(k) or "").strip()]
    if officer is None or not is_region_officer(officer, hearing):
        missing.append("responsible_officer_id")
    if missing:
        raise HearingError("invalid", fields=missing)
    agreement = hearing.agreement or Agreement(hearing=hearing)
    agreement.place_kk, agreement.place_ru = values.get("place_kk", ""), values.get("place_ru", "")
    agreement.hearing_time = values.get("hearing_time") or hearing.hearing_time  # the notice's, if not named
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
    """Why the hearing may not be published today (the first reason), or None."""
    refusals = publication_refusals(hearing, today)
    return refusals[0] if refusals else None


def publication_refusals(hearing: Hearing, today: date) -> list[rules.GateRefusal]:
    """Every reason the hearing may not be published today ([] if it may)."""
    values = {attr: getattr(hearing, attr) for attr in NOTICE_ATTRS}
    missing = rules.missing_fields(values, hearing.form.value, bool(hearing.documents),
                                   {m.language for m in hearing.media_notices})
    agreement = hearing.agreement
    agreed_now = agreement is not None and hearing.state == HearingState.agreed
    refusals = rules.publication_refusals(
        form=hearing.form.value, start_on=hearing.start_on, end_on=hearing.end_on, agreed=agreed_now, missing=missing,
        today=today, pack=service.current_pack(), calendar=service.current_calendar())
    if agreed_now and not missing:  # the notice says what was agreed (place, time), else it is not what was agreed
        agreed = {"place_kk": agreement.place_kk, "place_ru": agreement.place_ru} \
            | ({"hearing_time": agreement.hearing_time} if agreement.hearing_time else {})
        differs = rules.changed_arrangements(hearing.form.value, values, agreed)
        if differs:
            refusals.insert(0, rules.GateRefusal("not_agreed", {"fields": differs}))
    return refusals


def publish_hearing(hearing: Hearing, actor: User) -> None:
    """Publish the notice if the law allows it today; the server sets the instant."""
    require_act(hearing, "publish", actor)
    now = utcnow()
    refusal = publication_refusal(hearing, legal_date(now))
    if refusal:
        raise HearingError(refusal.code, **refusal.details)
    pack, calendar = service.current_pack(), service.current_calendar()
    hearing.state, hearing.notice_published_at = HearingState.published, now
    hearing.first_published_at = hearing.first_published_at or now
    hearing.documents_on = legal_date(now)  # documentation is required to publish, and opens with the notice
    _refresh_notice_on(hearing)
    hearing.comments_close_on = rules.comments_close_on(hearing.form.value, hearing.start_on, hearing.end_on,
                                                        pack, calendar)
    hearing.protocol_due_on = rules.protocol_due_on(hearing.end_on, pack, calendar)
    track_deadline("hearing", hearing.id, "hearing.protocol", hearing.end_on)
    db.session.flush()
    ledger.append("hearing.published", "hearing", hearing.id, _notice_payload(hearing), actor)
    tell_subscribers(hearing, "published")


def postpone_hearing(hearing: Hearing, values: dict[str, Any], reason: str, actor: User) -> None:
    """Move the hearing; the new date needs a new lawful notice, so it returns to 'agreed'."""
    require_act(hearing, "postpone", actor)
    if not reason.strip():
        raise HearingError("invalid", fields=["reason"])
    old = {"hearing_date": hearing.hearing_date, "survey_start": hearing.survey_start,
           "survey_end": hearing.survey_end}
    was_published = hearing.state == HearingState.published
    _assign(hearing, {k: v for k, v in values.items() if k in ("hearing_date", "hearing_time", "survey_start",
                                                               "survey_end", "place_kk", "place_ru")})
    _check_new_notice(hearing, legal_today())
    if hearing.agreement is not None:  # the akimat moves what it agreed: the agreement follows
        for attr in ("place_kk", "place_ru", "hearing_time"):
            if values.get(attr):
                setattr(hearing.agreement, attr, getattr(hearing, attr))
    hearing.state, hearing.notice_published_at = HearingState.agreed, None
    hearing.comments_close_on = hearing.protocol_due_on = hearing.documents_on = None
    _refresh_notice_on(hearing)
    db.session.flush()
    ledger.append("hearing.postponed", "hearing", hearing.id,
                  {"reason": reason, "old": old, "new": {k: getattr(hearing, k) for k in old}}, actor)
    if was_published:
        tell_subscribers(hearing, "postponed")


def _check_new_notice(hearing: Hearing, today: date) -> None:
    """A postponed hearing is announced again by a new notice, which must be lawful counted from its re-publication
    (rules.md §3; Rules p.10): the new date is no earlier than a notice published today allows."""
    earliest = rules.earliest_hearing_date(today, service.current_pack(), service.current_calendar())
    if hearing.start_on is None or hearing.start_on < earliest:
        name = "survey_start" if hearing.form == HearingForm.survey else "hearing_date"
        message = _("A new notice must be published at least 20 days before the hearing (Rules p.10): the earliest "
                    "lawful date is %(date)s.", date=official_date(earliest, style="numeric"))
        raise HearingError("notice_too_late", fields=[name], field_errors={name: message},
                           earliest_hearing_date=earliest.isoformat())


def cancel_hearing(hearing: Hearing, reason: str, actor: User) -> None:
    """Cancel a hearing that has no published protocol; the reason is public."""
    require_act(hearing, "cancel", actor)
    if not reason.strip():
        raise HearingError("invalid", fields=["reason"])
    was_published = hearing.state == HearingState.published
    hearing.state, hearing.cancelled_at, hearing.cancel_reason = HearingState.cancelled, utcnow(), reason.strip()
    meet_deadline("hearing", hearing.id, "hearing.protocol", legal_today())
    db.session.flush()
    ledger.append("hearing.cancelled", "hearing", hearing.id, {"reason": hearing.cancel_reason}, actor)
    if was_published:
        tell_subscribers(hearing, "cancelled")
