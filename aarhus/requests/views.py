"""Public request pages: filing, the register, the requester's private page, fees."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from aarhus.api import fields as f
from aarhus.bodies.forms import holder_options
from aarhus.bodies.models import Body
from aarhus.core import esig, esig_views
from aarhus.core.cache import cached_page
from aarhus.core.confirm import confirmation, confirmed, counted, editing, not_final
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db, limiter
from aarhus.core.files import path_of
from aarhus.core.guard import public
from aarhus.core.i18n_fields import current_language
from aarhus.core.submissions import once
from aarhus.core.time import legal_today
from aarhus.hearings import feeds
from aarhus.legal import explain, service
from aarhus.notify.mail import deliver_pending
from aarhus.requests import answer_pdf, complaint, forms, labels, queries
from aarhus.requests import operations as ops
from aarhus.requests.models import AnswerFile, InfoRequest
from aarhus.requests.permissions import allowed_actions


def _by_number(number: str) -> InfoRequest:
    found = db.session.scalars(select(InfoRequest).where(InfoRequest.registration_number == number)).first()
    if found is None:
        abort(404)
    return found


@public
@limiter.limit("30 per minute", methods=["POST"])
@limiter.limit("5 per minute;50 per day", methods=["POST"], deduct_when=counted)
@once
def new() -> Any:
    """File a request; the page says before typing that anonymous requests are not considered."""
    form = forms.RequestForm()
    form.holder.choices = holder_options()
    if request.method == "GET" and current_user.is_authenticated:
        form.requester_name.data, form.contact_email.data = current_user.name, current_user.email
    if request.method == "GET" and current_language() == "ru":
        form.language.data = "ru"  # a visitor reading the page in Russian is answered in Russian unless they choose
    if request.method == "GET" and request.args.get("holder") in {str(c.value) for c in form.holder.choices}:
        form.holder.data = request.args["holder"]  # "Ask this body" on a body's page
    if request.method == "POST" and editing():  # "Change what I wrote" on the check page
        not_final()
        return render_template("requests/new.html", form=form)
    if form.validate_on_submit():
        data = {f: getattr(form, f).data for f in ("requester_name", "contact_email", "subject", "text", "language",
                                                   "answer_form", "postal_address", "fee_exemption", "categories")}
        holder = db.session.get(Body, int(form.holder.data))
        user = current_user if current_user.is_authenticated else None
        try:
            if not confirmed():
                with db.session.begin_nested() as trial:  # every rule checked before the check page, then undone
                    ops.register_request(holder, data, user)
                    trial.rollback()
                return _check_request(form, holder)
            created, token = ops.register_request(holder, data, user)
        except OperationError as error:
            for name in error.details.get("fields", []):
                if hasattr(form, name):
                    getattr(form, name).errors = [*getattr(form, name).errors, error.message]
        else:
            db.session.commit()
            deliver_pending()
            return render_template("requests/filed.html", req=created, token=token,
                                   deadline=service.compute("request.answer", created.registered_on, created.pack))
    return render_template("requests/new.html", form=form), 200 if not form.errors else 422


def _check_request(form: forms.RequestForm, holder: Body) -> str:
    """Check your answers: what will be sent, to whom, and what the register will show."""
    choice = {c.value: c.label for c in form.answer_form.choices}
    categories = {c.value: c.label for c in form.categories.choices}
    languages = {c.value: c.label for c in form.language.choices}
    summary = [(_("Body that holds the information"), holder.name()), (_("Subject"), form.subject.data),
               (_("What you ask for"), form.text.data),
               (_("Categories"), ", ".join(str(categories.get(c, c)) for c in form.categories.data or []) or "—"),
               (_("Language of the answer"), str(languages.get(form.language.data, ""))),
               (_("Form of the answer"), str(choice.get(form.answer_form.data, form.answer_form.data)))]
    if form.answer_form.data == "paper":
        summary.append((_("Postal address"), form.postal_address.data))
    summary += [(_("Your name"), form.requester_name.data), (_("E-mail for the answer and notices"),
                                                               form.contact_email.data)]
    return confirmation(_("Check your request before you send it"), summary, [
        _("%(body)s, which must answer within 15 calendar days", body=holder.name()),
        _("Your e-mail: the registration number and a private link to follow the request"),
        _("The public register: the subject, the body, the dates and the answer, never your name or e-mail")],
        url_for("requests.new"), editable=True,
        note=_("Once sent, the request is registered and cannot be withdrawn here."))


@public
@cached_page(params=queries.REGISTER_ARGS)
def index() -> str:
    """The public register: subject, holder, dates, status, answer — never who asked."""
    args = f.query(queries.REGISTER_ARGS)
    filters, page = queries.Filters.from_args(args), args.get("page", 1)
    today = legal_today()
    rows, total = queries.page_of(queries.register_query(filters, today), page)
    pages = max((total + queries.PAGE_SIZE - 1) // queries.PAGE_SIZE, 1)
    return render_template("requests/index.html", rows=rows, total=total, page=page, pages=pages, filters=filters,
                           labels=labels, today=today, status_of=ops.status_of, holders=holder_options(),
                           args={k: v for k, v in request.args.items() if k in queries.REGISTER_ARGS and k != "page"})


@public
@cached_page
def entry(number: str) -> str:
    """One register entry."""
    found = _by_number(number)
    return render_template("requests/entry.html", req=found, labels=labels, status=ops.status_of(found),
                           today=legal_today(), private=False, esignature=answer_esignature(found),
                           chain=forwarding_chain(found))


def forwarding_chain(found: InfoRequest) -> list[InfoRequest]:
    """Every registration of one request, from the first holder to the last, when it was forwarded."""
    first, seen = found, {found.id}
    while first.redirected_from_id and first.redirected_from_id not in seen:
        first = db.session.get(InfoRequest, first.redirected_from_id)
        seen.add(first.id)
    chain = [first]
    while chain[-1].redirected_to_id and len(chain) < 50:
        chain.append(db.session.get(InfoRequest, chain[-1].redirected_to_id))
    return chain if len(chain) > 1 else []


@public
def dates_ics(number: str) -> Response:
    """The request's due date as iCalendar (an all-day event; moved when the time is extended)."""
    found = _by_number(number)
    lang = "ru" if current_language() == "ru" else "kk"
    with force_locale(lang):
        summary = _("Answer due on request %(number)s", number=found.registration_number)
    stamp = found.registered_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    event = ["BEGIN:VEVENT", f"UID:request-{found.id}-due@aarhus.kz", f"DTSTAMP:{stamp}",
             f"DTSTART;VALUE=DATE:{found.due_on:%Y%m%d}",
             f"DTEND;VALUE=DATE:{found.due_on + timedelta(days=1):%Y%m%d}",
             f"SUMMARY:{feeds.ics_text(summary + ' — ' + found.subject)}",
             f"URL:{url_for('requests.entry', number=found.registration_number, _external=True)}", "END:VEVENT"]
    return feeds.calendar_response(event, found.registration_number, f"{found.registration_number}.ics")


def answer_esignature(found: InfoRequest) -> esig.ESignature | None:
    """The officer's ЭЦП over the PDF of the answer or refusal, if they added one."""
    return esig.signature_of("request", found.id, found.state.value) if found.answer_pdf_sha256 else None


@public
def answer_pdf_file(number: str) -> Response:
    """The PDF of the answer or refusal, signed by the installation (the exact bytes an officer's ЭЦП covers)."""
    pdf = answer_pdf.kept(_by_number(number))
    if pdf is None:
        abort(404)
    return esig_views.document_response(pdf, f"{number}.pdf")


@public
def answer_esig(number: str) -> Response:
    """The officer's ЭЦП over the PDF of the answer or refusal: a detached CMS."""
    found = answer_esignature(_by_number(number))
    if found is None:
        abort(404)
    return esig_views.signature_response(found.cms, f"{number}.p7s")


@public
def answer_file(number: str, file_id: int) -> Response:
    """Download a file of an answer (an attachment)."""
    found = _by_number(number)
    attached = db.get_or_404(AnswerFile, file_id)
    if attached.request_id != found.id:
        abort(404)
    return send_file(path_of(attached.stored_name), mimetype=attached.content_type, as_attachment=True,
                     download_name=attached.filename)


@public
@limiter.limit("10 per minute", methods=["POST"])
def status(token: str) -> Any:
    """The requester's private page: history, due dates explained, the answer, a complaint."""
    found = ops.by_token(token)
    if found is None:
        abort(404)
    form = forms.ComplaintForm()
    if request.form.get("pdf") and form.validate_on_submit():  # "Download as PDF": the text as typed, not sent
        return _complaint_pdf(found, form.text.data)
    if form.validate_on_submit():
        try:
            ops.file_complaint(found, form.text.data)
        except OperationError as error:
            form.text.errors = [error.message]
        else:
            db.session.commit()
            deliver_pending()
            flash(_("Your complaint was sent to the higher body."), "success")
            return redirect(url_for("requests.status", token=token))
    deadline = service.compute("request.extended_answer" if found.extended_at else "request.answer",
                               found.registered_on, found.pack)
    allowed = allowed_actions(found, None, legal_today(), requester=True)
    if "complain" in allowed and request.method == "GET":
        form.text.data = complaint.draft_text(found, legal_today())  # the facts and the law, ready to edit
    return render_template("requests/entry.html", req=found, labels=labels, status=ops.status_of(found),
                           today=legal_today(), private=True, form=form, lines=explain.explanation(deadline),
                           allowed=allowed, deadline=deadline, esignature=answer_esignature(found),
                           chain=forwarding_chain(found), higher=complaint.higher_body(found),
                           token=token), 422 if form.errors else 200


@public
def complaint_pdf(token: str) -> Response:
    """The pre-filled complaint as a PDF, for the requester to print or send on paper."""
    found = ops.by_token(token)
    if found is None or "complain" not in allowed_actions(found, None, legal_today(), requester=True):
        abort(404)
    return _complaint_pdf(found, complaint.draft_text(found, legal_today()))


def _complaint_pdf(found: InfoRequest, text: str) -> Response:
    pdf = complaint.render(found, text, legal_today())
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="complaint-{found.registration_number}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def mine() -> str:
    """The requests filed from this account."""
    rows = db.session.scalars(select(InfoRequest).where(InfoRequest.user_id == current_user.id)
                              .order_by(InfoRequest.id.desc()))
    return render_template("requests/mine.html", rows=list(rows), labels=labels, status_of=ops.status_of)


@public
def fees() -> str:
    """The tariff in force for paper copies, those announced for later, and the exempt categories."""
    today = legal_today()
    return render_template("requests/fees.html", tariff=ops.current_tariff(today),
                           scheduled=ops.scheduled_tariffs(today), labels=labels)


