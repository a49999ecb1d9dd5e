"""Operations on information requests: permission, the law's guards, change, log, tell the requester.

Every act that concerns the requester queues its e-mail in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from aarhus.accounts.models import User
from aarhus.bodies.models import Body, BodyKind
from aarhus.bodies.operations import akimat_of
from aarhus.core import esig
from aarhus.core.dates import in_case, official_date
from aarhus.core.extensions import db
from aarhus.core.files import StoredFile, store
from aarhus.core.forms import clean_text, is_email_address
from aarhus.core.i18n_fields import pick
from aarhus.core.roles import Role
from aarhus.core.time import legal_date, legal_today, utcnow
from aarhus.core.urls import public_url
from aarhus.ledger import chain as ledger
from aarhus.legal import service
from aarhus.legal.operations import drop_deadline, meet_deadline, track_deadline
from aarhus.notify.mail import queue_mail
from aarhus.requests import answer_pdf, rules
from aarhus.requests.complaint import higher_body
from aarhus.requests.errors import RequestError
from aarhus.requests.models import (
    CATEGORIES,
    EXTENSION_GROUNDS,
    FEE_EXEMPTIONS,
    NON_RESTRICTABLE,
    SECRET_EXCEPTIONS,
    AnswerFile,
    Complaint,
    FeeTariff,
    InfoRequest,
    RequestState,
)
from aarhus.requests.permissions import allowed_actions, is_holder_officer, require_act


def find_holder(ref: Any) -> Body | None:
    """A holder by region code (its akimat) or by body id."""
    ref = str(ref or "").strip()
    if ref.upper().startswith("KZ-"):
        return akimat_of(ref.upper())
    return db.session.get(Body, int(ref)) if ref.isascii() and ref.isdigit() and len(ref) <= 9 else None


def holder_code(holder: Body) -> str:
    """The prefix of registration numbers: KZ75 for an akimat, B12 for another body."""
    if holder.kind == BodyKind.akimat and holder.region:
        return holder.region.code.replace("-", "")
    return f"B{holder.id}"


def _require(allowed: bool) -> None:
    if not allowed:
        raise RequestError("forbidden", 403)


def token_hash(token: str) -> str:
    """Only the hash of a private status link is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


# --- filing ------------------------------------------------------------------------------

STRING_FIELDS = ("requester_name", "contact_email", "postal_address", "language", "answer_form", "subject", "text",
                 "fee_exemption")


def clean_filing(data: dict[str, Any]) -> dict[str, Any]:
    """Only strings where strings are expected, a list of strings for categories; anything else is empty."""
    clean = {key: clean_text(data.get(key)) if isinstance(data.get(key), str) else "" for key in STRING_FIELDS}
    categories = data.get("categories")
    clean["categories"] = categories if isinstance(categories, list) and all(isinstance(c, str) for c in categories) \
        else (["?"] if categories else None)
    return clean


def register_request(holder: Body | None, data: dict[str, Any], user: User | None = None,
                     redirected_from: InfoRequest | None = None) -> tuple[InfoRequest, str]:
    """Register a request and start its clock; returns it with the private status token."""
    data = clean_filing(data)
    name, email = (data.get("requester_name") or "").strip(), (data.get("contact_email") or "").strip()
    if not name or not email:
        # Law on appeals art. 5: anonymous requests are not considered.
        raise RequestError("anonymous_not_accepted", fields=[k for k, v in (("requester_name", name),
                                                                              ("contact_email", email)) if not v])
    problems = _validate(holder, data)
    if problems:
        raise RequestError("invalid", fields=problems)
    token = secrets.token_urlsafe(24)
    now = utcnow()
    today = legal_date(now)
    request = InfoRequest(
        holder_id=holder.id, holder=holder, year=today.year, requester_name=name[:200], contact_email=email[:254],
        postal_address=(data.get("postal_address") or "").strip(), user_id=user.id if user else None,
        status_token_hash=token_hash(token), language=data["language"], answer_form=data.get("answer_form") or
        "electronic", subject=data["subject"].strip()[:500], text=data["text"].strip(),
        categories=list(dict.fromkeys(data.get("categories") or ["other"])), fee_exemption=data.get("fee_exemption")
        or None, registered_at=now, registered_on=today, pack=service.pack_name(),
        due_on=service.compute_on("request.answer", today), redirected_from_id=redirected_from.id if redirected_from
        else None)
    request.answer_due_on = request.due_on
    request.redirect_due_on = service.compute_on("request.redirect", today)
    request.refusal_due_on = service.compute_on("request.refusal", today)
    protected = set(request.categories) & set(NON_RESTRICTABLE)
    request.has_non_restrictable = bool(protected)
    request.secret_may_restrict = bool(protected) and protected <= set(SECRET_EXCEPTIONS)
    _number(request, holder, today.year)
    track_deadline("request", request.id, "request.answer", today)
    ledger.append("request.registered", "request", request.id,
                  {"number": request.registration_number, "holder": holder.id, "due_on": request.due_on.isoformat(),
                   "redirected_from": request.redirected_from_id}, user)
    _tell(request, "registered", token=token)
    return request, token


def _validate(holder: Body | None, data: dict[str, Any]) -> list[str]:
    problems = []
    if holder is None:
        problems.append("holder")
    if not is_email_address((data.get("contact_email") or "").strip()):
        problems.append("contact_email")
    if not (data.get("subject") or "").strip() or not (data.get("text") or "").strip():
        problems += [k for k in ("subject", "text") if not (data.get(k) or "").strip()]
    if data.get("language") not in ("kk", "ru"):
        problems.append("language")
    if (data.get("answer_form") or "electronic") not in ("electronic", "paper"):
        problems.append("answer_form")
    if data.get("answer_form") == "paper" and not (data.get("postal_address") or "").strip():
        problems.append("postal_address")
    if not set(data.get("categories") or ["other"]) <= set(CATEGORIES):
        problems.append("categories")
    if data.get("fee_exemption") and data["fee_exemption"] not in FEE_EXEMPTIONS:
        problems.append("fee_exemption")
    return problems


def _number(request: InfoRequest, holder: Body, year: int) -> None:
    """Give the next number of the holder and year; retry if a concurrent filing took it."""
    for _attempt in range(5):
        seq = (db.session.scalar(select(func.max(InfoRequest.seq)).where(
            InfoRequest.holder_id == holder.id, InfoRequest.year == year)) or 0) + 1
        request.seq, request.registration_number = seq, f"{holder_code(holder)}-{year}-{seq:05d}"
        savepoint = db.session.begin_nested()
        try:
            db.session.add(request)
            db.session.flush()
        except IntegrityError:
            savepoint.rollback()
            continue
        savepoint.commit()
        return
    raise RequestError("busy", 503)


# --- officer acts --------------------------------------------------------------------------

def answer_request(request: InfoRequest, *, text: str, language: str, actor: User,
                   withheld: list[dict[str, str]] | None = None, pages: int = 0,
                   files: list[tuple[Any, str]] | None = None, stored: list[StoredFile] | None = None) -> None:
    """Answer in the request's language; a partial answer lists what is withheld and on which ground."""
    require_act(request, "answer", actor)
    if language != request.language:
        raise RequestError("wrong_language", expected=request.language)
    if not text.strip():
        raise RequestError("invalid", fields=["text"])
    withheld = check_withheld(request, withheld)
    # Files come as uploads, or already checked and stored when the officer confirmed the answer.
    for upload in [*(stored or []), *(store(stream, filename) for stream, filename in files or [])]:
        db.session.add(AnswerFile(request=request, filename=upload.filename, stored_name=upload.stored_name,
                                  content_type=upload.content_type, size=upload.size, sha256=upload.sha256))
    now = utcnow()
    request.state, request.answered_at, request.acted_by_id = RequestState.answered, now, actor.id
    request.answer_text, request.answer_language, request.withheld = text.strip(), language, withheld
    request.pages = max(int(pages or 0), 0)
    request.fee_tiyn = rules.fee_tiyn(answer_form=request.answer_form, pages=request.pages,
                                      price_tiyn=current_tariff_tiyn(), exempt=bool(request.fee_exemption))
    _stop_clock(request, legal_date(now))
    db.session.flush()
    request.answer_pdf_sha256 = answer_pdf.render_and_store(request)
    ledger.append("request.answered", "request", request.id,
                  {"text_sha256": hashlib.sha256(request.answer_text.encode()).hexdigest(), "withheld": withheld,
                   "files": [f.sha256 for f in request.files], "late": legal_date(now) > request.due_on,
                   "pdf_sha256": request.answer_pdf_sha256}, actor)
    _tell(request, "answered")


def check_withheld(request: InfoRequest, withheld: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The withheld parts of an answer, cleaned; refused unless each names what and a ground the law allows here."""
    withheld = [{"what": str(w.get("what", "")).strip(), "ground": str(w.get("ground", "")),
                 "state_secret": w.get("state_secret") is True} for w in withheld or []]
    for item in withheld:
        problem = rules.ground_problem(item["ground"], request.categories, item["state_secret"])
        if problem or not item["what"]:
            raise RequestError(problem or "invalid", fields=["withheld"])
    return withheld


def extend_request(request: InfoRequest, reason: str, actor: User, *, ground: str = "several_holders",
                   decided_by: str = "") -> None:
    """Extend once to 30 CD on the ground the law names, as the head of the holder decided before the 15 CD date;
    the requester is told at once (Access to information art. 11)."""
    require_act(request, "extend", actor)
    missing = [k for k, v in (("reason", reason), ("ground", ground if ground in EXTENSION_GROUNDS else ""))
               if not v.strip()]
    if missing:
        raise RequestError("invalid", fields=missing)
    today = legal_today()
    answer_due = request.answer_due_on
    if "extend" not in allowed_actions(request, actor, today):
        raise RequestError("extension_not_allowed", answer_due_on=answer_due.isoformat(),
                             already_extended=request.extended_at is not None)
    now = utcnow()
    request.extended_at, request.extension_reason = now, reason.strip()
    request.extension_ground, request.extension_decided_by = ground, decided_by.strip()[:300]
    request.due_on = service.compute_on("request.extended_answer", request.registered_on, request.pack)
    request.extension_notice_due_on = service.compute_on("request.extension_notice", today, request.pack)
    request.extension_notified_at = now  # the notice is queued in this same transaction
    request.extended_on = request.extension_notified_on = today
    drop_deadline("request", request.id, "request.answer")
    track_deadline("request", request.id, "request.extended_answer", request.registered_on)
    ledger.append("request.extended", "request", request.id,
                  {"reason": request.extension_reason, "ground": ground,
                   "decided_by": request.extension_decided_by or None, "due_on": request.due_on.isoformat()}, actor)
    _tell(request, "extended")


def _stop_clock(request: InfoRequest, on: date) -> None:
    """The holder acted: the open answer clock (15 or 30 CD) is met on ``on``."""
    request.closed_on = on
    for code in ("request.answer", "request.extended_answer"):
        meet_deadline("request", request.id, code, on)


def check_redirect(request: InfoRequest, to_holder: Body | None, reason: str) -> None:
    """Refuse a forwarding with no competent holder, to the holder itself (``same_holder``), or without reasons."""
    if to_holder is None:
        raise RequestError("invalid", fields=["to_holder"])
    if to_holder.id == request.holder_id:
        raise RequestError("same_holder", fields=["to_holder"])
    if not reason.strip():
        raise RequestError("invalid", fields=["reason"])


def redirect_request(request: InfoRequest, to_holder: Body | None, reason: str, actor: User) -> InfoRequest:
    """Forward to the competent holder; the requester is told in this transaction; its clock starts there."""
    require_act(request, "redirect", actor)
    check_redirect(request, to_holder, reason)
    data = {"requester_name": request.requester_name, "contact_email": request.contact_email,
            "postal_address": request.postal_address, "language": request.language,
            "answer_form": request.answer_form, "subject": request.subject, "text": request.text,
            "categories": request.categories, "fee_exemption": request.fee_exemption}
    user = db.session.get(User, request.user_id) if request.user_id else None
    forwarded, _token = register_request(to_holder, data, user, redirected_from=request)
    # The requester follows the new registration with the same private link.
    forwarded.status_token_hash, request.status_token_hash = request.status_token_hash, f"moved:{forwarded.id}"
    now = utcnow()
    request.state, request.redirected_at, request.acted_by_id = RequestState.redirected, now, actor.id
    request.redirect_reason, request.redirected_to_id = reason.strip(), forwarded.id
    _stop_clock(request, legal_date(now))
    db.session.flush()
    ledger.append("request.redirected", "request", request.id,
                  {"to": to_holder.id, "new_number": forwarded.registration_number, "reason": request.redirect_reason},
                  actor)
    _tell(request, "redirected", forwarded=forwarded)
    return forwarded


def check_refusal(request: InfoRequest, ground: str, reason: str, *, state_secret: bool = False) -> None:
    """Refuse a refusal on a ground not in the list or not allowed for these categories (art. 6), or without reasons."""
    problem = rules.ground_problem(ground, request.categories, state_secret)
    if problem:
        raise RequestError(problem, ground=ground)
    if not reason.strip():
        raise RequestError("invalid", fields=["reason"])


def refuse_request(request: InfoRequest, ground: str, reason: str, actor: User, *, state_secret: bool = False) -> None:
    """Refuse on a ground from the closed list, with reasons (``state_secret``: restricted as a state secret)."""
    require_act(request, "refuse", actor)
    check_refusal(request, ground, reason, state_secret=state_secret)
    now = utcnow()
    request.state, request.refused_at, request.acted_by_id = RequestState.refused, now, actor.id
    request.refusal_ground, request.refusal_reason = ground, reason.strip()
    request.refusal_state_secret = ground == "restricted" and state_secret
    _stop_clock(request, legal_date(now))
    db.session.flush()
    request.answer_pdf_sha256 = answer_pdf.render_and_store(request)
    ledger.append("request.refused", "request", request.id, {"ground": ground, "reason": request.refusal_reason,
                                                            "state_secret": request.refusal_state_secret,
                                                            "pdf_sha256": request.answer_pdf_sha256}, actor)
    _tell(request, "refused")


def sign_answer(request: InfoRequest, cms: bytes | str, actor: User) -> None:
    """Add the ЭЦП of the officer who answered or refused, over the exact bytes of the kept PDF (optional, once)."""
    if not is_holder_officer(actor, request):
        raise RequestError("forbidden", 403)
    db.session.refresh(request, with_for_update=True)
    document = answer_pdf.kept(request)
    if document is None:
        raise RequestError("wrong_state")
    if request.acted_by_id != actor.id:
        raise RequestError("not_the_signer", 403)
    role = request.state.value  # "answered" or "refused"
    made_at = request.answered_at or request.refused_at
    kept = esig.verify_and_keep(cms, document, record_type="request", record_id=request.id, role=role,
                                lang=request.language, made_at=made_at, signer=actor)
    ledger.append("request.esigned", "request", request.id, {"as": role, "esig": kept.summary()}, actor)


# --- the requester ----------------------------------------------------------------------

def by_token(token: str) -> InfoRequest | None:
    """The request a private status link opens."""
    return db.session.scalars(select(InfoRequest).where(InfoRequest.status_token_hash == token_hash(token))).first()


def status_of(request: InfoRequest, today: date | None = None) -> str:
    """The derived status of a request."""
    return rules.public_status(state=request.state.value, due_on=request.due_on, closed_on=request.closed_on,
                               today=today or legal_today())


def file_complaint(request: InfoRequest, reason_text: str) -> Complaint:
    """Complain to the higher body; never routed to the body or official it concerns."""
    status = status_of(request)
    if "complain" not in allowed_actions(request, None, legal_today(), requester=True):
        raise RequestError("complaint_not_allowed", request_status=status)
    if not reason_text.strip():
        raise RequestError("invalid", fields=["text"])
    higher = higher_body(request)
    if higher is None:
        raise RequestError("no_higher_body")
    reason = rules.complaint_reason(status=status, withheld=bool(request.withheld))
    late = rules.complaint_is_late(reason=reason, closed_on=request.closed_on, due_on=request.due_on,
                                   today=legal_today())
    complaint = Complaint(request=request, to_body_id=higher.id, text=reason_text.strip(), reason=reason, late=late,
                          concerns_user_id=request.acted_by_id)
    db.session.add(complaint)
    db.session.flush()
    ledger.append("request.complaint", "request", request.id,
                  {"to": higher.id, "reason": complaint.reason, "late": late}, None)
    with force_locale(request.language):
        # Translators: in Kazakh %(body)s comes in the dative (…министрлігіне).
        queue_mail(request.contact_email, _("Your complaint on request %(number)s was sent",
                                            number=request.registration_number),
                   _("Your complaint was sent to %(body)s, the higher body. It is not sent to the official it "
                     "concerns.", body=in_case(higher.name(request.language), "dative", request.language)))
    return complaint


# --- fees ------------------------------------------------------------------------------

def current_tariff(on: date | None = None) -> FeeTariff | None:
    """The tariff in force (the latest effective on ``on``)."""
    on = on or legal_today()
    return db.session.scalars(select(FeeTariff).where(FeeTariff.effective_from <= on)
                              .order_by(FeeTariff.effective_from.desc(), FeeTariff.id.desc())).first()


def scheduled_tariffs(on: date | None = None) -> list[FeeTariff]:
    """The tariffs published to come into force after ``on``, by date (the latest published for a day wins)."""
    on = on or legal_today()
    rows = db.session.scalars(select(FeeTariff).where(FeeTariff.effective_from > on)
                              .order_by(FeeTariff.effective_from, FeeTariff.id))
    return list({row.effective_from: row for row in rows}.values())


def current_tariff_tiyn() -> int:
    """The price of a page in tiyn (0 when no tariff is published)."""
    tariff = current_tariff()
    return tariff.price_tiyn if tariff else 0


def set_tariff(price_tiyn: int, effective_from: date, legal_basis: str, actor: User) -> FeeTariff:
    """Publish a new per-page tariff (administrators)."""
    _require(actor.role == Role.admin)
    if not 0 <= price_tiyn <= rules.MAX_PAGE_PRICE_TIYN:  # 1e30 tenge fits no column
        raise RequestError("invalid", fields=["price"])
    if not legal_basis.strip():
        raise RequestError("invalid", fields=["legal_basis"])
    tariff = FeeTariff(price_tiyn=price_tiyn, effective_from=effective_from, legal_basis=legal_basis.strip(),
                       set_by_id=actor.id)
    db.session.add(tariff)
    db.session.flush()
    ledger.append("fees.tariff_set", "fees", tariff.id, {"price_tiyn": price_tiyn,
                                                          "effective_from": effective_from.isoformat()}, actor)
    return tariff


# --- notifications ----------------------------------------------------------------------

def _tell(request: InfoRequest, event: str, token: str | None = None, forwarded: InfoRequest | None = None) -> None:
    """Queue the e-mail of one step, in the request's language."""
    from aarhus.legal.explain import explanation

    lang = request.language
    with force_locale(lang):
        number, holder = request.registration_number, request.holder.name(lang)
        # Translators: the Kazakh case of each date and body is chosen here (dative before "дейін",
        # locative for "on", the dative of the body a request goes to); Russian and English take them as they are.
        if event == "registered":
            deadline = service.compute("request.answer", request.registered_on, request.pack)
            subject = _("Request %(number)s registered", number=number)
            body = _("Your request to %(holder)s is registered under number %(number)s on %(date)s.\n"
                     "The answer is due by %(due)s (%(basis)s).\n\nFollow it here (keep this link private): "
                     "%(link)s", holder=in_case(holder, "dative", lang), number=number,
                     date=official_date(request.registered_on, lang, case="locative"),
                     due=official_date(request.due_on, lang), basis=pick(deadline.legal_basis, lang),
                     link=public_url("requests.status", token=token))
            body += "\n\n" + "\n".join(explanation(deadline))
        elif event == "answered":
            subject = _("Answer to request %(number)s", number=number)
            body = _("%(holder)s answered your request %(number)s:\n\n%(text)s", holder=holder, number=number,
                     text=request.answer_text)
        elif event == "extended":
            subject = _("The answer to request %(number)s is extended", number=number)
            body = _("%(holder)s extended the time to answer your request %(number)s to %(due)s.\nReason: %(reason)s",
                     holder=holder, number=number, due=official_date(request.due_on, lang, case="dative"),
                     reason=request.extension_reason)
        elif event == "redirected":
            subject = _("Request %(number)s was forwarded", number=number)
            body = _("%(holder)s does not hold this information and forwarded your request to %(to)s, where it is "
                     "registered under number %(new)s; the answer is due by %(due)s.\nReason: %(reason)s",
                     holder=holder, number=number, to=in_case(forwarded.holder.name(lang), "dative", lang),
                     new=forwarded.registration_number, due=official_date(forwarded.due_on, lang),
                     reason=request.redirect_reason)
        else:
            from aarhus.requests.labels import GROUND_TITLES

            subject = _("Request %(number)s was refused", number=number)
            body = _("%(holder)s refused your request %(number)s.\nGround: %(ground)s\nReasons: %(reason)s\n\n"
                     "You may complain to the higher body within 3 months.", holder=holder, number=number,
                     ground=str(GROUND_TITLES[request.refusal_ground]), reason=request.refusal_reason)
    queue_mail(request.contact_email, subject, body)
