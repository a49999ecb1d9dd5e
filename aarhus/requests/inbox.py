"""The officers' inbox: a holder's requests by due date, overdue first, and the acts on each."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from aarhus.api import fields as f
from aarhus.bodies.forms import holder_options
from aarhus.bodies.models import Body
from aarhus.core import esig_views
from aarhus.core.confirm import confirmation, confirmed, editing, staged_files, stored_files
from aarhus.core.dates import official_date
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.files import store
from aarhus.core.guard import roles_required
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.legal import explain, service
from aarhus.notify.mail import act_and_tell
from aarhus.requests import forms, labels, queries
from aarhus.requests import operations as ops
from aarhus.requests.models import InfoRequest
from aarhus.requests.permissions import allowed_actions, is_holder_officer
from aarhus.requests.views import answer_esignature


def _mine(number: str) -> InfoRequest:
    found = db.session.scalars(select(InfoRequest).where(InfoRequest.registration_number == number)).first()
    if found is None:
        abort(404)
    if not is_holder_officer(current_user, found):
        abort(403)
    return found


@roles_required(Role.akimat_officer)
def inbox() -> str:
    """My body's requests: open first, overdue before the rest, then by due date."""
    args = f.query(queries.REGISTER_ARGS)
    filters, page = queries.Filters.from_args(args), args.get("page", 1)
    today = legal_today()
    rows, total = queries.page_of(queries.inbox_query(current_user.body_id, filters, today), page)
    pages = max((total + queries.PAGE_SIZE - 1) // queries.PAGE_SIZE, 1)
    return render_template("requests/inbox.html", rows=rows, total=total, page=page, pages=pages, filters=filters,
                           labels=labels, today=today, status_of=ops.status_of,
                           args={k: v for k, v in request.args.items() if k in queries.REGISTER_ARGS and k != "page"})


@roles_required(Role.akimat_officer)
def handle(number: str, **given: Any) -> str:
    """One request with its clocks and the four acts."""
    found = _mine(number)
    redirect_form = given.pop("redirect_form", None) or forms.RedirectForm()
    redirect_form.to_holder.choices = holder_options(exclude=found.holder_id)
    deadline = service.compute("request.extended_answer" if found.extended_at else "request.answer",
                               found.registered_on, found.pack)
    refusal_due = service.compute_on("request.refusal", found.registered_on, found.pack)
    redirect_due = service.compute_on("request.redirect", found.registered_on, found.pack)
    esignature = answer_esignature(found)
    may_sign = bool(found.answer_pdf_sha256) and esignature is None and found.acted_by_id == current_user.id
    page = render_template("requests/handle.html", req=found, labels=labels, status=ops.status_of(found),
                           allowed=allowed_actions(found, current_user, legal_today()),
                           today=legal_today(), lines=explain.explanation(deadline), refusal_due=refusal_due,
                           redirect_due=redirect_due, answer_form=given.get("answer_form") or forms.AnswerForm(),
                           extend_form=given.get("extend_form") or forms.ExtendForm(), redirect_form=redirect_form,
                           refuse_form=given.get("refuse_form") or forms.RefuseForm(), esignature=esignature,
                           may_sign=may_sign, staged=staged_files(),
                           forwarded=db.session.get(InfoRequest, found.redirected_to_id) if found.redirected_to_id
                           else None)
    return esig_views.with_ncalayer(page) if may_sign else page


def _act(number: str, form_name: str, form: Any, action: Callable[[InfoRequest], Any], done: str,
         check: Callable[[InfoRequest], Any] | None = None, guard: Callable[[InfoRequest], Any] | None = None) -> Any:
    """Validate, refuse what the law refuses (``guard``), show the officer what will be sent (``check``), then act,
    commit and say what went out. A refusal at any step shows the form again with everything typed."""
    found = _mine(number)
    if editing():  # "Change what I wrote" on the check page
        return handle(number, **{form_name: form})
    if not form.validate_on_submit():
        return handle(number, **{form_name: form}), 422
    if not confirmed():
        try:
            if guard is not None:
                guard(found)
            if check is not None:
                return check(found)
        except OperationError as error:  # the law's refusal, or an upload refused while the page was prepared
            if not _mark(form, error):
                flash(error.message, "error")
            return handle(number, **{form_name: form}), error.status
    refusal: list[OperationError] = []
    if act_and_tell(lambda: action(found), done, refused=lambda error: refusal.append(error) or error.message):
        return redirect(url_for("requests.handle", number=number))
    _mark(form, refusal[0])  # e.g. another officer acted meanwhile, or the law refuses what the page accepted
    return handle(number, **{form_name: form}), refusal[0].status


# Where a refusal's ``fields`` (or its ``ground``) are on the page's forms.
_FIELD_OF = {"withheld": "withheld_ground"}


def _mark(form: Any, error: OperationError) -> bool:
    """Put ``error``'s message beside the fields it names; False when it names none of ``form``'s."""
    names = error.details.get("fields") or (["ground"] if "ground" in error.details else [])
    marked = False
    for name in names:
        field = form._fields.get(name) or form._fields.get(_FIELD_OF.get(name, ""))
        if field is not None:
            field.errors = [*field.errors, error.message]
            marked = True
    return marked


@roles_required(Role.akimat_officer)
def esign(number: str) -> Any:
    """Add my ЭЦП to the PDF of the answer or refusal I made (a detached CMS over its exact bytes)."""
    found = _mine(number)
    cms = esig_views.posted_signature()
    if cms is None:
        flash(_("Choose the signature file, or sign with NCALayer."), "error")
        return redirect(url_for("requests.handle", number=number))
    try:
        ops.sign_answer(found, cms, current_user)
    except OperationError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("requests.handle", number=number))
    db.session.commit()
    flash(_("The PDF is signed with your ЭЦП."), "success")
    return redirect(url_for("requests.handle", number=number))


def _going_to(found: InfoRequest) -> list[str]:
    return [_("The requester, %(name)s, by e-mail", name=found.requester_name),
            _("The public register of requests (never the requester's name or contacts)")]


@roles_required(Role.akimat_officer)
def answer(number: str) -> Any:
    """Answer, with files and a list of what is withheld."""
    form = forms.AnswerForm()
    withheld = [{"what": line.strip(), "ground": form.withheld_ground.data}
                for line in (form.withheld_what.data or "").splitlines() if line.strip()]
    files = [(f.stream, f.filename) for f in form.files.data or [] if f and f.filename]

    def check(found: InfoRequest) -> str:
        # New files replace the ones still attached from an earlier check (kept on the server, listed on the form).
        uploads = [store(stream, filename) for stream, filename in files] or stored_files()
        lines = [(_("Answer"), form.text.data)] + [
            (_("Withheld"), f"{w['what']} — {labels.GROUND_TITLES.get(w['ground'], w['ground'])}") for w in withheld]
        return confirmation(_("Send the answer to request %(number)s", number=found.registration_number), lines,
                            _going_to(found), url_for("requests.handle", number=found.registration_number), uploads,
                            editable=True)

    return _act(number, "answer_form", form, lambda r: ops.answer_request(
        r, text=form.text.data, language=r.language, withheld=withheld, pages=form.pages.data or 0, files=files,
        stored=stored_files(), actor=current_user),
        _("The answer is sent to the requester and published in the register."), check,
        guard=lambda r: ops.check_withheld(r, withheld))


@roles_required(Role.akimat_officer)
def extend(number: str) -> Any:
    """Extend once."""
    form = forms.ExtendForm()
    return _act(number, "extend_form", form, lambda r: ops.extend_request(
        r, form.reason.data, current_user, ground=form.ground.data, decided_by=form.decided_by.data),
        _("The answer is extended to 30 calendar days; the requester is told."),
        lambda r: confirmation(_("Extend the answer to request %(number)s", number=r.registration_number), [
            (_("Ground"), labels.EXTENSION_GROUND_TITLES.get(form.ground.data, "")),
            (_("Decided by the head of the body (name and post)"), form.decided_by.data),
            (_("Reason for the extension"), form.reason.data)], _going_to(r),
            url_for("requests.handle", number=r.registration_number), editable=True))


@roles_required(Role.akimat_officer)
def forward(number: str) -> Any:
    """Forward to the competent holder."""
    form = forms.RedirectForm()
    form.to_holder.choices = holder_options()  # the own body too: the law's refusal says why, not "not a choice"
    target = db.session.get(Body, int(form.to_holder.data)) if (form.to_holder.data or "").isdigit() else None
    return _act(number, "redirect_form", form, lambda r: ops.redirect_request(r, target, form.reason.data,
                                                                              current_user),
        _("The request is forwarded; the requester is told."),
        lambda r: confirmation(_("Forward request %(number)s", number=r.registration_number), [
            (_("Competent holder"), target.name() if target else "—"),
            (_("Why this body holds the information"), form.reason.data)],
            [*_going_to(r), _("The competent holder, where it is registered anew with its own clock")],
            url_for("requests.handle", number=r.registration_number), editable=True),
        guard=lambda r: ops.check_redirect(r, target, form.reason.data))


@roles_required(Role.akimat_officer)
def refuse(number: str) -> Any:
    """Refuse with a ground and reasons."""
    form = forms.RefuseForm()
    return _act(number, "refuse_form", form, lambda r: ops.refuse_request(
        r, form.ground.data, form.reason.data, current_user, state_secret=form.state_secret.data),
        _("The refusal is sent to the requester."),
        lambda r: confirmation(_("Refuse request %(number)s", number=r.registration_number), [
            (_("Ground"), labels.GROUND_TITLES.get(form.ground.data, form.ground.data)),
            (_("Reasons"), form.reason.data)], _going_to(r),
            url_for("requests.handle", number=r.registration_number), editable=True),
        guard=lambda r: ops.check_refusal(r, form.ground.data, form.reason.data,
                                          state_secret=form.state_secret.data))


@roles_required(Role.admin)
def tariff() -> Any:
    """Publish the per-page tariff for paper copies, after a confirmation; list the one in force and those scheduled."""
    form = forms.TariffForm()
    if form.validate_on_submit() and not editing():
        price_tiyn = int(form.price.data * Decimal(100))
        if not confirmed():
            return _check_tariff(form, price_tiyn)
        ops.set_tariff(price_tiyn, form.effective_from.data, form.legal_basis.data, current_user)
        db.session.commit()
        flash(_("The tariff is published; it is in force from %(date)s.",
                date=official_date(form.effective_from.data, case="ablative")), "success")
        return redirect(url_for("requests.tariff"))
    today = legal_today()
    return render_template("requests/tariff.html", form=form, tariff=ops.current_tariff(today),
                           scheduled=ops.scheduled_tariffs(today)), 422 if form.errors else 200


def _check_tariff(form: forms.TariffForm, price_tiyn: int) -> str:
    """What the tariff will be, from when, and what it changes."""
    summary = [(_("Price of one page, tenge"), f"{format_decimal(price_tiyn / 100)} ₸"),
               (_("In force from"), official_date(form.effective_from.data)),
               (_("Legal basis"), form.legal_basis.data)]
    current = ops.current_tariff()
    if current is not None:
        summary.append((_("Tariff in force now"), f"{format_decimal(current.price_tiyn / 100)} ₸"))
    return confirmation(_("Publish the copying tariff"), summary, [
        _("The public page of copying costs, which announces it until the day it comes into force"),
        _("The fee of every paper answer sent from that day")],
        url_for("requests.tariff"), editable=True, button=_("Publish the tariff"),
        note=_("A published tariff cannot be withdrawn here: a later tariff replaces it. The publication is "
               "written to the public log."))

