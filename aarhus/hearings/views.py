"""Public hearing pages, and the pages where initiators and akimat officers run a hearing."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from aarhus.api import fields as f
from aarhus.bodies.forms import region_options
from aarhus.bodies.operations import all_regions
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
from aarhus.hearings import forms, labels, protocol_pdf, queries
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Document, Hearing
from aarhus.hearings.permissions import is_public, stage_of
from aarhus.hearings.rules import expertise_status
from aarhus.hearings.serialize import status_of
from aarhus.notify.mail import deliver_pending

PREPARING_RETRY = 10  # seconds: a protocol's PDFs are stored a few seconds after publication
PDF_MAX_AGE = 3600  # a stored protocol PDF never changes; its ETag is its SHA-256
KNOWN_PDFS = 20_000  # protocol PDFs whose SHA-256 a worker keeps in memory (about 3 MB)


def _public_hearing(hearing_id: int) -> Hearing:
    hearing = db.get_or_404(Hearing, hearing_id)
    if not is_public(hearing):
        abort(404)
    return hearing


@public
@cached_page(params=queries.LIST_ARGS)
def index() -> str:
    """Public hearings with filters, search and pagination."""
    args = f.query(queries.LIST_ARGS)
    filters, page = queries.Filters.from_args(args), args.get("page", 1)
    today = legal_today()
    rows, total = queries.page_of(queries.public_query(filters, today), page)
    pages = max((total + queries.PAGE_SIZE - 1) // queries.PAGE_SIZE, 1)
    return render_template("hearings/index.html", rows=rows, total=total, page=page, pages=pages,
                           filters=filters, regions=all_regions(), today=today, status_of=status_of,
                           labels=labels,
                           args={k: v for k, v in request.args.items() if k in queries.LIST_ARGS and k != "page"})


@public
@cached_page(params=queries.DETAIL_ARGS)
def detail(hearing_id: int, comment_form: Any = None, complaint_form: Any = None) -> str:
    """A hearing's notice, documents, dates, protocol, and one page of its comments (``?page=``)."""
    hearing = _public_hearing(hearing_id)
    today = legal_today()
    status = status_of(hearing, today)
    return render_template("hearings/detail.html", hearing=hearing, today=today, labels=labels,
                           status=status, **queries.requested_comments(hearing),
                           called_off=queries.called_off(hearing, status),
                           allowed=ops.allowed_actions(hearing, None, today), stage=stage_of(hearing),
                           comment_form=comment_form or _comment_form(),
                           complaint_form=complaint_form or forms.ConnectionComplaintForm(),
                           lang="ru" if current_language() == "ru" else "kk", expertise_status=expertise_status,
                           esignatures=esig.signatures_of("protocol", hearing.id) if hearing.protocol_published_at
                           else {})


def _comment_form() -> forms.CommentForm:
    """An empty comment form; a signed-in person's name and e-mail filled in, as the request form does."""
    form = forms.CommentForm()
    if current_user.is_authenticated:  # never cached: a signed-in visitor's pages are rendered for them
        form.author_name.data, form.contact.data = current_user.name, current_user.email
    return form


@public
@limiter.limit("60 per minute")
@limiter.limit("10 per minute;200 per day", deduct_when=counted)
@once
def comment(hearing_id: int) -> Any:
    """Receive a written comment from the page; the receipt is shown and mailed."""
    hearing = _public_hearing(hearing_id)
    form = forms.CommentForm()
    if editing():  # "Change what I wrote" on the check page: the form again, as typed
        not_final()
        return detail(hearing_id, comment_form=form)
    if not form.validate_on_submit():
        return detail(hearing_id, comment_form=form), 422
    values = {"author_name": form.author_name.data, "contact": form.contact.data, "text": form.text.data,
              "show_name": form.show_name.data == "name"}
    try:
        if not confirmed():
            with db.session.begin_nested() as trial:  # every rule checked before the check page, then undone
                shown = ops.submit_comment(hearing, **values).public_author
                trial.rollback()
            return _check_comment(hearing, form, shown)
        created = ops.submit_comment(hearing, **values)
    except OperationError as error:
        form.text.errors = [*form.text.errors, error.message]
        return detail(hearing_id, comment_form=form), error.status
    db.session.commit()
    deliver_pending()
    # Shown at the new comment, where the redirect lands (detail.html), not at the top of the page, out of view.
    flash(_("Thank you. Your comment is registered under number %(receipt)s.", receipt=created.receipt),
          f"at:{created.receipt}")
    return redirect(queries.at_comment(created))  # the page of comments that shows it (the last), at it


def _check_comment(hearing: Hearing, form: forms.CommentForm, shown: str) -> str:
    """Check your comment: how it will be shown and where it goes."""
    title = hearing.title_ru if current_language() == "ru" and hearing.title_ru else hearing.title_kk
    return confirmation(_("Check your comment before you send it"), [
        (_("Hearing"), title), (_("Your name as it will be shown"), shown),
        (_("E-mail or phone (never published)"), form.contact.data), (_("Comment"), form.text.data)],
        [_("The hearing's public page, at once, with a receipt number"),
         _("The initiator, who must state a position on it in the protocol"),
         _("The protocol of the hearing, with the initiator's position"),
         _("Your e-mail: the receipt") if forms.is_e_mail(form.contact.data) else
         _("The receipt is not sent to a phone number: note the number shown on the next page.")],
        url_for("hearings.detail", hearing_id=hearing.id, _anchor="comment-form"), editable=True,
        edit_action=url_for("hearings.comment", hearing_id=hearing.id, _anchor="comment-form"),
        note=_("Once sent, the comment is published and written to the public log; it cannot be withdrawn."))


@public
@limiter.limit("5 per minute;50 per day")
@once
def connection_complaint(hearing_id: int) -> Any:
    """A video-meeting participant reports that they could not connect."""
    hearing = _public_hearing(hearing_id)
    form = forms.ConnectionComplaintForm()
    if not hearing.video_url:
        abort(404)
    if not form.validate_on_submit():
        return detail(hearing_id, complaint_form=form), 422
    try:
        created = ops.submit_comment(hearing, author_name=form.author_name.data, contact=form.contact.data,
                                     text=form.text.data, show_name=False, connection_complaint=True)
    except OperationError as error:
        if error.code == "invalid":
            form.text.errors = [error.message]
        else:  # not now (before the meeting, after the protocol): the page shows no form to hold the message
            flash(error.message, "error")
        return detail(hearing_id, complaint_form=form), error.status
    db.session.commit()
    deliver_pending()
    flash(_("Your complaint is registered under number %(receipt)s and goes into the protocol.",
            receipt=created.receipt), f"at:{created.receipt}")
    return redirect(queries.at_comment(created))


@public
def document(hearing_id: int, document_id: int) -> Response:
    """Download a project document (always as an attachment)."""
    doc = db.get_or_404(Document, document_id)
    hearing = db.get_or_404(Hearing, hearing_id)
    visible = is_public(hearing) or (
        current_user.is_authenticated and ops.can_edit(current_user, hearing))
    if doc.hearing_id != hearing_id or not visible:
        abort(404)
    return send_file(path_of(doc.stored_name), mimetype=doc.content_type, as_attachment=True,
                     download_name=doc.filename)


@public
def protocol_pdf_file(hearing_id: int) -> Response:
    """The published protocol as PDF, in Kazakh or Russian, sent from storage.

    At most one indexed row is read, once per worker: the stored file's SHA-256 is its ETag, so a repeated GET is
    answered 304 and a browser may keep the file (it never changes). Until the job worker has stored it (seconds
    after publication), a page says it is being prepared, with 503 and Retry-After: download tools then try again
    instead of saving an HTML page as the PDF, and a person is sent back to the protocol shown on the hearing's
    page.
    """
    lang = request.args.get("lang", "kk")
    # A stored protocol PDF never changes and its hearing stays public: once known, its SHA-256 is kept in this
    # process (per app), and the route reads nothing from the database.
    known = current_app.extensions.setdefault("protocol_pdf_sha256", {})
    sha256 = known.get((hearing_id, lang))
    if sha256 is None:
        sha256 = queries.published_pdf_sha256(hearing_id, lang) if lang in protocol_pdf.LANGS else False
        if sha256:
            if len(known) >= KNOWN_PDFS:
                known.clear()
            known[(hearing_id, lang)] = sha256
    if sha256 is False:
        abort(404)
    if sha256 is None:
        response = Response(render_template("hearings/protocol_preparing.html", hearing_id=hearing_id,
                                            retry=PREPARING_RETRY), status=503, mimetype="text/html")
        response.headers["Retry-After"] = str(PREPARING_RETRY)
        response.headers["Cache-Control"] = "no-store"
        return response
    return send_file(protocol_pdf.pdf_path(hearing_id, lang), mimetype="application/pdf",
                     download_name=f"protocol-{hearing_id}-{lang}.pdf", etag=sha256, conditional=True,
                     max_age=PDF_MAX_AGE)


def _published_esig(hearing_id: int, role: str) -> esig.ESignature:
    hearing = _public_hearing(hearing_id)
    found = esig.signature_of("protocol", hearing.id, role) if hearing.protocol_published_at else None
    if found is None:
        abort(404)
    return found


@public
def protocol_esig(hearing_id: int, role: str) -> Response:
    """A signer's ЭЦП of a published protocol: the detached CMS, to check against the copy it signed."""
    found = _published_esig(hearing_id, role)
    return esig_views.signature_response(found.cms, f"protocol-{hearing_id}-{role}.p7s")


@public
def protocol_esig_document(hearing_id: int, role: str) -> Response:
    """The exact copy of a published protocol that a signer signed with their ЭЦП."""
    found = _published_esig(hearing_id, role)
    pdf = protocol_pdf.signing_copy_path(hearing_id, found.document_lang).read_bytes()
    if hashlib.sha256(pdf).hexdigest() != found.document_sha256:
        abort(404)
    return esig_views.document_response(pdf, f"protocol-{hearing_id}-{found.document_lang}-for-signing.pdf")



@public
@limiter.limit("5 per minute", methods=["POST"])
def subscribe() -> Any:
    """Ask for e-mails about a region's new hearings (confirmed by a link)."""
    form = forms.SubscribeForm()
    form.region.choices = region_options(_("All regions"))
    if form.validate_on_submit():
        try:
            ops.subscribe(form.email.data, form.region.data or None, current_language())
        except OperationError as error:
            form.region.errors = [error.message]
        else:
            db.session.commit()
            deliver_pending()
            return render_template("hearings/subscribe_sent.html", email=form.email.data)
    return render_template("hearings/subscribe.html", form=form)


@public
def confirm_subscription(token: str) -> str:
    """Confirm a subscription from the e-mail link."""
    sub = ops.confirm_subscription(token)
    if sub is None:
        abort(404)
    db.session.commit()
    return render_template("hearings/subscription_done.html", confirmed=True, sub=sub)


@public
def unsubscribe(token: str) -> str:
    """One-click unsubscribe (GET from the mail link, POST from mail clients)."""
    removed = ops.unsubscribe(token)
    db.session.commit()
    return render_template("hearings/subscription_done.html", confirmed=False, removed=removed)


