"""Pages where initiators and akimat officers draft, agree, publish and close hearings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, func, or_, select
from wtforms.validators import Optional

from aarhus.accounts.models import User
from aarhus.bodies.forms import region_options
from aarhus.core import esig, esig_views
from aarhus.core.confirm import confirmation, confirmed, editing, not_final, stored_files
from aarhus.core.dates import official_date
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.files import store
from aarhus.core.forms import options
from aarhus.core.guard import roles_required
from aarhus.core.roles import Role
from aarhus.core.submissions import once
from aarhus.core.time import legal_today
from aarhus.hearings import forms, labels, protocol_pdf, queries, rules
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Channel, Comment, ExpertiseApplication, Hearing, HearingState
from aarhus.hearings.operations import expertise
from aarhus.hearings.permissions import is_public, stage_of
from aarhus.hearings.rules import expertise_status
from aarhus.hearings.serialize import status_of
from aarhus.legal import service
from aarhus.notify.mail import act_and_tell

RUNNERS = (Role.initiator, Role.akimat_officer)
MANAGE_PAGE_SIZE = 50


def _managed(hearing_id: int) -> Hearing:
    hearing = db.get_or_404(Hearing, hearing_id)
    if not ops.can_edit(current_user, hearing):
        abort(403)
    return hearing


def _officers(hearing: Hearing, blank: str | None = None) -> list:
    rows = db.session.scalars(select(User).where(User.role == Role.akimat_officer, User.body_id == hearing.akimat_id))
    return options(([("", blank)] if blank else []) + [(str(u.id), u.name or u.email) for u in rows])


def _period(hearing: Hearing) -> str:
    """The meeting's day and time, or the survey's days, as the confirmation page shows them."""
    if hearing.form.value == "survey":
        return f"{official_date(hearing.survey_start)} – {official_date(hearing.survey_end)}"
    time = hearing.hearing_time.strftime("%H:%M") if hearing.hearing_time else ""
    return f"{official_date(hearing.hearing_date)}, {time}".strip(", ")


def _comments_close(hearing: Hearing) -> Any:
    """The last day of written comments if the notice were published now (Rules p.13)."""
    return rules.comments_close_on(hearing.form.value, hearing.start_on, hearing.end_on, service.current_pack(),
                                   service.current_calendar())


def _with_officers(form: Any, hearing: Hearing) -> Any:
    """Offer the region's officers in the form's choices of a person (responsible officer, signers)."""
    if hasattr(form, "responsible_officer_id"):
        form.responsible_officer_id.choices = _officers(hearing)
    for name in ("chair_id", "secretary_id"):
        if hasattr(form, name):
            getattr(form, name).choices = _officers(hearing, _("Choose an officer"))
    return form


_DONE = or_(Hearing.protocol_published_at.is_not(None), Hearing.state == HearingState.cancelled)
MANAGE_ORDER = (case((_DONE, 2), (Hearing.protocol_due_on.is_(None), 1), else_=0),
                case((_DONE, None), else_=Hearing.protocol_due_on).asc().nulls_last(), Hearing.id.desc())


@roles_required(*RUNNERS)
def manage_index() -> str:
    """The hearings I run: my region's (officer) or my own (initiator), a page at a time: protocols still due first
    (the nearest due date first), then drafts, then the hearings that are done (protocol published, or cancelled),
    newest first. Sorted by the database among the region's hearings (a few thousand at national scale)."""
    mine = (Hearing.akimat_id == current_user.body_id if current_user.role == Role.akimat_officer
            else Hearing.created_by_id == current_user.id)
    total = db.session.scalar(select(func.count()).select_from(Hearing).where(mine)) or 0
    pages = max((total + MANAGE_PAGE_SIZE - 1) // MANAGE_PAGE_SIZE, 1)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    rows = list(db.session.scalars(select(Hearing).where(mine)
                                   .order_by(*MANAGE_ORDER)
                                   .limit(MANAGE_PAGE_SIZE).offset((page - 1) * MANAGE_PAGE_SIZE)))
    today = legal_today()
    return render_template("hearings/manage_index.html", rows=rows, today=today, status_of=status_of, labels=labels,
                           total=total, page=page, pages=pages)


@roles_required(*RUNNERS)
@once
def new() -> Any:
    """Start a draft notice."""
    form = forms.NoticeForm()
    form.region.choices = region_options()
    if request.method == "GET" and current_user.body and current_user.body.region:
        form.region.data = current_user.body.region.code
    if form.validate_on_submit():
        try:
            hearing = ops.create_hearing(form.region.data, form.form.data, _notice_values(form), current_user)
        except OperationError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The draft is saved. Add documents and media notices, then ask the akimat to agree it."),
                  "success")
            return redirect(url_for("hearings.manage", hearing_id=hearing.id))
    return render_template("hearings/notice_form.html", form=form, hearing=None)


@roles_required(*RUNNERS)
def edit(hearing_id: int) -> Any:
    """Correct a draft notice."""
    hearing = _managed(hearing_id)
    form = forms.NoticeForm(obj=hearing)
    form.region.choices = region_options()
    form.region.data = hearing.region.code
    form.form.data = hearing.form.value
    if form.validate_on_submit():
        try:
            ops.update_hearing(hearing, _notice_values(form), current_user)
        except OperationError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The notice is saved."), "success")
            return redirect(url_for("hearings.manage", hearing_id=hearing.id))
    return render_template("hearings/notice_form.html", form=form, hearing=hearing)


def _notice_values(form: forms.NoticeForm) -> dict[str, Any]:
    return {attr: getattr(form, attr).data for attr in ops.NOTICE_ATTRS if hasattr(form, attr)}


@roles_required(*RUNNERS)
def manage(hearing_id: int, **given: Any) -> str:
    """Everything an officer or initiator does with one hearing, step by step."""
    hearing = _managed(hearing_id)
    today = legal_today()
    agreement = forms.AgreementForm(obj=hearing.agreement) if "agreement_form" not in given else None
    if agreement is not None:
        _with_officers(agreement, hearing)
        if hearing.agreement is None:
            agreement.place_kk.data, agreement.place_ru.data = hearing.place_kk, hearing.place_ru
            agreement.hearing_time.data = hearing.hearing_time
    forms_ = {
        "document_form": forms.DocumentForm(), "media_form": forms.MediaNoticeForm(),
        "agreement_form": agreement, "postpone_form": forms.PostponeForm(), "cancel_form": forms.CancelForm(),
        "oral_form": forms.OralCommentForm(), "conclusion_form": forms.ConclusionForm(),
        "application_form": forms.ApplicationForm(), "opened": None,
        "protocol_form": _with_officers(forms.ProtocolForm(obj=hearing.protocol) if hearing.protocol else
                                        forms.ProtocolForm(appeal_kk=ops.DEFAULT_APPEAL["kk"],
                                                           appeal_ru=ops.DEFAULT_APPEAL["ru"]), hearing),
        **given,
    }
    allowed = ops.allowed_actions(hearing, current_user, today)
    refusals = ops.publication_refusals(hearing, today) if "publish" in allowed else []
    # The comments fifty at a time, as on the public page: a contested hearing's thousands made a page of megabytes.
    return render_template("hearings/manage.html", hearing=hearing, today=today, labels=labels,
                           status=status_of(hearing, today), **queries.requested_comments(hearing),
                           awaiting=queries.comments_awaiting_position(hearing), refusals=refusals,
                           postponement=queries.last_postponement(hearing),
                           allowed=allowed, stage=stage_of(hearing), is_public=is_public(hearing),
                           position_form=forms.PositionForm(), signatures=ops.signatures_needed(hearing),
                           esignatures=esig.signatures_of("protocol", hearing.id),
                           pdf_jobs=None if not hearing.protocol_published_at or protocol_pdf.is_ready(hearing.protocol)
                           else protocol_pdf.jobs_of(hearing.id),
                           expertise_status=expertise_status, decisions_open=rules.application_decisions, **forms_)


def _act(hearing_id: int, form_name: str, form: Any, action: Callable[[Hearing], Any], done: str,
         back: str | None = None, then: str | Callable[[Any], str] | None = None) -> Any:
    """Validate ``form``, run ``action``, commit and say ``done``; re-show the page with errors otherwise
    (a refusal that names the form's fields: at those fields, with what was typed; else, given ``back``, send
    there with the error). Done, send to ``then`` (default: the hearing's page; a function: of what the action
    made)."""
    hearing = _managed(hearing_id)
    here = url_for("hearings.manage", hearing_id=hearing_id)
    if form is not None and not _with_officers(form, hearing).validate_on_submit():
        return manage(hearing_id, **{form_name: form, "opened": form_name}), 422
    made, at_fields = [], []

    def refused(error: OperationError) -> str:
        if form is not None and _onto_fields(form, error):
            at_fields.append(error.status)
            return ""
        return _refusal(error)

    if not act_and_tell(lambda: made.append(action(hearing)), done, refused):
        if at_fields:
            return manage(hearing_id, **{form_name: form, "opened": form_name}), at_fields[0]
        return redirect(back or (then if isinstance(then, str) else None) or here)
    return redirect((then(made[0]) if callable(then) else then) or here)


def _onto_fields(form: Any, error: OperationError) -> bool:
    """Put a refusal at the fields of ``form`` it names (``media_notices.published_on`` → ``published_on``), with
    the field's own reason where the operation gave one; True if it named any."""
    reasons = error.details.get("field_errors") or {}
    placed = False
    for name in error.details.get("fields") or []:
        found = form._fields.get(str(name).rsplit(".", 1)[-1])
        if found is not None:
            found.errors = [*found.errors, str(reasons.get(name) or error.message)]
            placed = True
    return placed


def _check_first(hearing_id: int, form_name: str, form: Any, act: str, page: Callable[[Hearing], Any],
                 trial: Callable[[Hearing], Any] | None = None) -> Any:
    """Before an act that cannot be undone: the form again as typed ("Change what I wrote"), or, once the form is
    valid and the act allowed, the check page ``page(hearing)``. None when confirmed or refused: then ``_act``.

    ``trial``: the act itself, done and undone before the check page, so that what the law refuses (a new date too
    soon) is said at the form, not after the officer has confirmed."""
    if editing():
        not_final()
        return manage(hearing_id, **{form_name: form, "opened": form_name})
    hearing = _managed(hearing_id)
    if confirmed() or act not in ops.allowed_actions(hearing, current_user, legal_today()):
        return None
    if not _with_officers(form, hearing).validate_on_submit():
        return manage(hearing_id, **{form_name: form, "opened": form_name}), 422
    if trial is not None:
        try:
            with db.session.begin_nested() as attempt:
                trial(hearing)
                attempt.rollback()
        except OperationError as error:
            return _act(hearing_id, form_name, form, lambda _h, refusal=error: _reraise(refusal), "")
    return page(hearing)


def _reraise(error: OperationError) -> None:
    raise error


def _refusal(error: OperationError) -> str:
    """A refusal with what it names: the missing fields or the comments without a position, the earliest date."""
    fields = [str(labels.NOTICE_FIELDS.get(name, name)) for name in error.details.get("fields", [])]
    detail = "; ".join(fields) or ", ".join(error.details.get("receipts", []))
    extra = error.details.get("earliest_hearing_date") or error.details.get("earliest_survey_end") or ""
    return " ".join(filter(None, [error.message, detail, extra]))


@roles_required(*RUNNERS)
@once
def upload(hearing_id: int) -> Any:
    """Attach a project document."""
    form = forms.DocumentForm()
    return _act(hearing_id, "document_form", form,
                lambda h: ops.add_document(h, form.file.data.stream, form.file.data.filename, current_user),
                _("The document is attached."))


@roles_required(*RUNNERS)
@once
def media_notice(hearing_id: int) -> Any:
    """Record a media notice."""
    form = forms.MediaNoticeForm()
    return _act(hearing_id, "media_form", form,
                lambda h: ops.add_media_notice(h, form.outlet.data, form.published_on.data, form.language.data,
                                               current_user), _("The media notice is recorded."))


@roles_required(Role.akimat_officer)
def agreement(hearing_id: int) -> Any:
    """Record the akimat's agreement."""
    form = forms.AgreementForm()
    return _act(hearing_id, "agreement_form", form,
                lambda h: ops.record_agreement(h, {f: getattr(form, f).data for f in (
                    "place_kk", "place_ru", "hearing_time", "invitees", "information_methods",
                    "responsible_officer_id")}, current_user), _("The arrangements are agreed."))


@roles_required(Role.akimat_officer)
def publish(hearing_id: int) -> Any:
    """Publish the notice (the gate decides), once the officer has checked what goes out."""
    hearing = _managed(hearing_id)
    if not confirmed() and ops.publication_refusal(hearing, legal_today()) is None:
        return confirmation(_("Publish the notice"), [
            (_("Project"), hearing.title_kk), ("", hearing.title_ru),
            (_("Hearing"), _period(hearing)), (_("Written comments until"), official_date(_comments_close(hearing))),
        ], [_("Everyone: the hearing's public page, the list of hearings, the Atom and calendar feeds"),
            _("The confirmed subscribers of the region, by e-mail")], url_for("hearings.manage", hearing_id=hearing.id))
    return _act(hearing_id, "", None, lambda h: ops.publish_hearing(h, current_user),
                _("The notice is published."))


@roles_required(Role.akimat_officer)
def postpone(hearing_id: int) -> Any:
    """Move the hearing, once the officer has checked it; it must be published again with a lawful notice."""
    form = forms.PostponeForm()
    values = {"hearing_date": form.hearing_date.data, "survey_start": form.survey_start.data,
              "survey_end": form.survey_end.data}
    new = {k: v for k, v in values.items() if v}
    return _check_first(hearing_id, "postpone_form", form, "postpone", lambda h: confirmation(
        _("Postpone the hearing"), [
            (_("Project"), h.title_kk), (_("Hearing"), _period(h)),
            *[(str(form[k].label.text), official_date(v)) for k, v in new.items()],
            (_("Reason"), form.reason.data)], _told(h), url_for("hearings.manage", hearing_id=h.id),
        editable=True, button=_("Postpone the hearing"),
        note=_("The published notice is withdrawn at once; the hearing is announced again only by a new notice "
               "at least 20 days before the new date.")),
        trial=lambda h: ops.postpone_hearing(h, new, form.reason.data, current_user)) or _act(
        hearing_id, "postpone_form", form,
        lambda h: ops.postpone_hearing(h, new, form.reason.data, current_user),
        _("The hearing is postponed. Publish the new notice when it is lawful."))


@roles_required(*RUNNERS)
def cancel(hearing_id: int) -> Any:
    """Cancel the hearing, once the officer has checked it: this cannot be undone."""
    form = forms.CancelForm()
    return _check_first(hearing_id, "cancel_form", form, "cancel", lambda h: confirmation(
        _("Cancel the hearing"), [
            (_("Project"), h.title_kk), (_("Hearing"), _period(h)), (_("Reason for cancelling"), form.reason.data)],
        _told(h), url_for("hearings.manage", hearing_id=h.id), editable=True, button=_("Cancel the hearing"),
        note=_("This cannot be undone: a cancelled hearing cannot be published or held; the reason is public."))) \
        or _act(hearing_id, "cancel_form", form, lambda h: ops.cancel_hearing(h, form.reason.data, current_user),
                _("The hearing is cancelled."))


def _told(hearing: Hearing) -> list[str]:
    """Who learns of a postponement or a cancellation: the public and the subscribers once it was published."""
    if hearing.state.value != "published":
        return [_("The public log of the hearing")]
    return [_("Everyone: the hearing's public page, the list of hearings, the Atom and calendar feeds"),
            _("The confirmed subscribers of the region, by e-mail"), _("The public log of the hearing")]


@roles_required(Role.akimat_officer)
@once
def oral_comment(hearing_id: int) -> Any:
    """Enter a comment made at the meeting."""
    form = forms.OralCommentForm()
    return _act(hearing_id, "oral_form", form,
                lambda h: ops.submit_comment(h, author_name=form.author_name.data, contact=form.contact.data,
                                             text=form.text.data, show_name=True, channel=Channel.oral,
                                             entered_by=current_user), _("The oral comment is recorded."),
                then=lambda comment: queries.at_comment(comment, "hearings.manage"))


@roles_required(*RUNNERS)
def position(hearing_id: int, comment_id: int) -> Any:
    """Record the initiator's position on one comment."""
    _managed(hearing_id)  # permission before anything else
    comment = db.get_or_404(Comment, comment_id)
    if comment.hearing_id != hearing_id:
        abort(404)
    form = forms.PositionForm()
    at_comment = queries.at_comment(comment, "hearings.manage")
    if not form.validate_on_submit():
        flash(_("Choose a position and give the reasons."), "error")
        return redirect(at_comment)
    return _act(hearing_id, "", None, lambda h: ops.set_position(comment, form.stance.data, form.reasons.data,
                                                                  current_user), _("The position is recorded."),
                then=at_comment)


@roles_required(Role.akimat_officer)
def protocol(hearing_id: int) -> Any:
    """Save the record of the meeting for the protocol."""
    form = forms.ProtocolForm()
    return _act(hearing_id, "protocol_form", form,
                lambda h: ops.draft_protocol(h, form.data, current_user), _("The protocol draft is saved."))


@roles_required(Role.akimat_officer)
def sign(hearing_id: int, role: str) -> Any:
    """Sign the protocol as chair or secretary, once the signer has checked it, in the system or with an ЭЦП."""
    hearing = _managed(hearing_id)
    cms = esig_views.posted_signature()
    back = url_for("hearings.sign", hearing_id=hearing_id, role=role)
    if cms is None and request.form.get("esig"):
        flash(_("Choose the signature file, or sign with NCALayer."), "error")
        return redirect(back)
    if cms is not None:
        lang = request.form.get("lang", "kk")
        return _act(hearing_id, "", None, lambda h: ops.sign_protocol(h, role, current_user, cms=cms, lang=lang),
                    _("The protocol is signed with your ЭЦП."), back=back)
    if not confirmed():
        return _signing_page(hearing, role)
    return _act(hearing_id, "", None, lambda h: ops.sign_protocol(h, role, current_user),
                _("The protocol is signed."))


def _signing_page(hearing: Hearing, role: str) -> Any:
    """What the signer checks, the button that signs in the system, and (for the chosen signer) the ЭЦП form."""
    total = queries.comment_total(hearing)
    protocol = hearing.protocol
    awaiting = protocol is not None and getattr(protocol, f"{role}_id", None) == current_user.id \
        and not getattr(protocol, f"{role}_signed_at", None)
    title = _("Sign the protocol as chair") if role == "chair" else _("Sign the protocol as secretary")
    return esig_views.with_ncalayer(confirmation(title, [
        (_("Project"), hearing.title_kk), (_("Comments in the protocol"), str(total)),
        (_("With the initiator's position"), str(total - queries.comments_awaiting_position(hearing))),
    ], [_("The public log of the hearing: who signed, in which role, when"),
        _("After the first signature no comment is accepted and no position changes")],
        url_for("hearings.manage", hearing_id=hearing.id), template="hearings/sign.html",
        documents=[(lang, url_for("hearings.signing_copy", hearing_id=hearing.id, lang=lang))
                   for lang in ("kk", "ru")] if awaiting else []))


@roles_required(Role.akimat_officer)
def signing_copy(hearing_id: int, lang: str) -> Any:
    """The copy of the protocol to sign with an ЭЦП: the same bytes for every download, until it changes."""
    hearing = _managed(hearing_id)
    try:
        pdf = ops.signing_copy(hearing, lang)
    except OperationError:
        abort(404)
    db.session.commit()
    return esig_views.document_response(pdf, f"protocol-{hearing.id}-{lang}-for-signing.pdf")


@roles_required(Role.akimat_officer)
def publish_protocol(hearing_id: int) -> Any:
    """Render and publish the protocol, once the officer has checked it."""
    hearing = _managed(hearing_id)
    if not confirmed() and hearing.protocol is not None:
        protocol = hearing.protocol
        return confirmation(_("Publish the protocol"), [
            (_("Project"), hearing.title_kk), (_("Comments in the protocol"), str(len(ops.comments_of(hearing)))),
            (_("Chair"), protocol.chair_name), (_("Secretary"), protocol.secretary_name or "—"),
        ], [_("Everyone: the protocol as PDF in Kazakh and Russian, signed by the installation; it cannot be changed "
              "afterwards")], url_for("hearings.manage", hearing_id=hearing.id))
    return _act(hearing_id, "", None, lambda h: ops.publish_protocol(h, current_user),
                _("The protocol is published; its PDF files in Kazakh and Russian are being prepared."))


@roles_required(Role.akimat_officer)
def conclusion(hearing_id: int) -> Any:
    """Publish the state ecological expertise conclusion, once the officer has checked it and its file."""
    form = forms.ConclusionForm()
    stored = stored_files() if confirmed() else []
    if stored:  # checked and kept when the check page was shown
        form.file.validators = [Optional()]
    return _check_first(hearing_id, "conclusion_form", form, "post_conclusion",
                        lambda h: _check_conclusion(h, form)) or _act(
        hearing_id, "conclusion_form", form, lambda h: expertise.post_conclusion(
            h, received_on=form.received_on.data, outcome=form.outcome.data,
            summaries={"kk": form.summary_kk.data or "", "ru": form.summary_ru.data or ""},
            stream=None if stored else form.file.data.stream, filename="" if stored else form.file.data.filename,
            stored=stored[0] if stored else None, actor=current_user),
        _("The conclusion is published."))


def _check_conclusion(hearing: Hearing, form: forms.ConclusionForm) -> Any:
    """The conclusion's check page, its file checked and kept; or the form again with what is wrong."""
    if form.received_on.data > legal_today():
        form.received_on.errors = [*form.received_on.errors, str(expertise.RECEIVED_IN_FUTURE)]
        return manage(hearing.id, conclusion_form=form, opened="conclusion_form"), 422
    try:
        files = [store(form.file.data.stream, form.file.data.filename)]
    except OperationError as error:
        form.file.errors = [*form.file.errors, error.message]
        return manage(hearing.id, conclusion_form=form, opened="conclusion_form"), error.status
    return confirmation(_("Publish the state expertise conclusion"), [
        (_("Project"), hearing.title_kk), (str(form.received_on.label.text), official_date(form.received_on.data)),
        (str(form.outcome.label.text), str(labels.CONCLUSIONS.get(form.outcome.data, form.outcome.data))),
        (str(form.summary_kk.label.text), form.summary_kk.data or "—"),
        (str(form.summary_ru.label.text), form.summary_ru.data or "—")],
        [_("Everyone: the hearing's public page, with the conclusion's file"), _("The public log of the hearing")],
        url_for("hearings.manage", hearing_id=hearing.id), files, editable=True, button=_("Publish the conclusion"),
        note=_("This cannot be undone: once published the conclusion cannot be changed or replaced. If you change "
               "what you wrote, choose the file again."))


@roles_required(Role.akimat_officer)
@once
def application(hearing_id: int) -> Any:
    """Record an incoming public ecological expertise application."""
    form = forms.ApplicationForm()
    return _act(hearing_id, "application_form", form, lambda h: expertise.receive_application(
        h, organiser=form.organiser.data, contact=form.contact.data, received_on=form.received_on.data,
        actor=current_user), _("The application is recorded; the decision is due in 10 working days."))


@roles_required(Role.akimat_officer)
def decision(hearing_id: int, application_id: int) -> Any:
    """Register or refuse a public ecological expertise."""
    _managed(hearing_id)  # permission before anything else
    found = db.get_or_404(ExpertiseApplication, application_id)
    if found.hearing_id != hearing_id:
        abort(404)
    form = forms.DecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose a decision; a refusal needs its reasons."), "error")
        return redirect(url_for("hearings.manage", hearing_id=hearing_id))
    if not confirmed():
        return confirmation(_("Decide the public expertise application"), [
            (_("Organiser"), found.organiser),
            (_("Decision"), _("Register the expertise") if form.decision.data == "registered" else _("Refuse")),
            (_("Reasons"), form.reasons.data or "—")],
            [_("The organiser of the public expertise: %(organiser)s", organiser=found.organiser),
             _("The public log of the hearing")], url_for("hearings.manage", hearing_id=hearing_id))
    return _act(hearing_id, "", None, lambda h: expertise.decide_application(found, form.decision.data,
                                                                               form.reasons.data or "", current_user),
                _("The decision is recorded."))
