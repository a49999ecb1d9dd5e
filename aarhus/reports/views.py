"""The reports page: build the PDFs, write the NIR answers, enter action-plan progress."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from aarhus.core.extensions import db, limiter
from aarhus.core.guard import public, roles_required
from aarhus.core.i18n_fields import pick
from aarhus.core.jobs import Job, state_of
from aarhus.core.roles import Role
from aarhus.core.time import legal_today, utcnow
from aarhus.core.versions import save_version
from aarhus.plans.items import CONCEPTS, offered_years, plan_years
from aarhus.reports import builders, builds
from aarhus.reports.data import nir_2021_answers, nir_sections
from aarhus.reports.models import NirAnswer, report_filename

EDITORS = (Role.compliance_officer, Role.admin)


@roles_required(*EDITORS)
def index() -> str:
    """Choose a report to build or to edit."""
    return _index_page()


def _index_page(status: int = 200, closes_on: str = "") -> Any:
    """The reports page; the NIR card shows the year's consultation once it is opened, else the form that opens it."""
    from aarhus.reports.consultation import consultation_of

    today = legal_today()
    year = today.year - 1
    plans = [(concept, name, offered_years(concept, today), _default_year(concept, year, today)) for concept, name in
             (("taza-kazakhstan", "«Таза Қазақстан»"), ("biodiversity", _("Biodiversity Concept 2026–2035")))]
    found = consultation_of(year)
    return render_template("reports/index.html", year=year, plans=plans, consultation=found, closes_on=closes_on,
                           consultation_open=found is not None and today <= found.closes_on), status


def _default_year(concept: str, year: int, today: Any) -> int:
    """Last year, or the nearest year of the plan to it (the first year of a plan that starts this year)."""
    years = offered_years(concept, today) or list(plan_years(concept))
    return min(max(year, years[0]), years[-1])


def _plan_year_refusal(kind: str | None, concept: str | None, year: int) -> str | None:
    """Why an action-plan report cannot be built for ``year``: the year is not one of the plan's."""
    if kind != "action-plan" or concept not in CONCEPTS or year in plan_years(concept):
        return None
    years = plan_years(concept)
    return _("The action plan covers %(first)d–%(last)d; there is no report for %(year)d.",
             first=years[0], last=years[-1], year=year)


@roles_required(*EDITORS)
def nir_pdf() -> Any:
    """Build and download the NIR."""
    from aarhus.reports.pdf import nir_pdf as build

    year, lang = request.args.get("year", type=int) or legal_today().year, request.args.get("lang", "kk")
    if not _report_wanted("nir", None, year, lang):
        abort(404)
    try:
        pdf, _data = build(year, lang, current_user)
    except builders.ReportCheckError as error:
        flash(
            _("The figures do not add up; the report was not built: %(problems)s", problems="; ".join(error.problems)),
            "error",
        )
        return redirect(url_for("reports.index"))
    db.session.commit()  # the generation's log entry
    return Response(
        pdf, mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename={report_filename('nir', None, year, lang)}"},
    )


@roles_required(*EDITORS)
def plan_pdf() -> Any:
    """Build and download an action-plan progress report."""
    from aarhus.reports.pdf import plan_pdf as build

    concept, lang = request.args.get("concept", "taza-kazakhstan"), request.args.get("lang", "kk")
    year = request.args.get("year", type=int) or legal_today().year
    if not _report_wanted("action-plan", concept, year, lang):
        abort(404)
    refusal = _plan_year_refusal("action-plan", concept, year)
    if refusal:
        flash(refusal, "error")
        return redirect(url_for("reports.index"))
    pdf, _data = build(concept, year, lang, current_user)
    db.session.commit()  # the generation's log entry
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename={report_filename('action-plan', concept, year, lang)}"},
    )


@roles_required(*EDITORS)
def nir_answer(year: int, numeral: str) -> Any:
    """Write the answer to one section in one language; every save is a new version."""
    section = next((s for s in nir_sections()["sections"] if s["numeral"] == numeral), None)
    lang = request.values.get("lang", "kk")
    if section is None or lang not in ("kk", "ru", "en"):
        abort(404)
    if request.method == "POST":
        row = save_version(NirAnswer, {"year": year, "numeral": numeral, "lang": lang},
                           text=(request.form.get("text") or "").strip(), author_id=current_user.id)
        db.session.commit()
        flash(_("Version %(version)d of the answer is saved.", version=row.version), "success")
        return redirect(url_for("reports.nir_answer", year=year, numeral=numeral, lang=lang))
    history = list(
        db.session.scalars(
            select(NirAnswer)
            .where(NirAnswer.year == year, NirAnswer.numeral == numeral, NirAnswer.lang == lang)
            .order_by(NirAnswer.version.desc())
        )
    )
    previous = nir_2021_answers().get(numeral, "") if lang == "kk" else ""
    return render_template(
        "reports/nir_answer.html",
        year=year,
        section=section,
        lang=lang,
        history=history,
        heading=pick(section["heading"], lang),
        question=pick(section["question"], lang),
        previous=previous,
        sections=nir_sections()["sections"],
    )


@roles_required(*EDITORS)
def open_consultation(year: int) -> Any:
    """Open the draft report of ``year`` for public comment until the given date, once asked to confirm."""
    from aarhus.core.confirm import confirmed
    from aarhus.core.errors import OperationError
    from aarhus.core.forms import parse_date
    from aarhus.reports import consultation

    typed = (request.form.get("closes_on") or "")[:20]
    closes_on = parse_date(typed)
    refusal = consultation.opening_refusal(year, closes_on, legal_today())
    if refusal is not None:
        flash(refusal.message, "error")
        return _index_page(422, typed)
    if not confirmed():
        return _opening_confirmation(year, closes_on)
    try:
        consultation.open_consultation(year, closes_on, current_user)
    except OperationError as error:  # opened by someone else in the meantime
        db.session.rollback()
        flash(error.message, "error")
        return _index_page(error.status, typed)
    db.session.commit()
    flash(_("The draft is open for public comment."), "success")
    return redirect(url_for("reports.consultation_page", year=year))


def _opening_confirmation(year: int, closes_on: Any) -> str:
    """What opening the consultation publishes, and that it is done once a year."""
    from aarhus.core.confirm import confirmation
    from aarhus.core.dates import official_date

    period = _("from %(opens)s to %(closes)s", opens=official_date(legal_today(), case="ablative"),
               closes=official_date(closes_on, case="dative"))
    return confirmation(
        _("Open the draft report for public comment"),
        [(_("Report"), _("National Implementation Report of the Aarhus Convention") + f", {year}"),
         (_("Comments accepted"), period)],
        [_("Everyone: the draft in Kazakh and Russian on its public page, with a form for comments"),
         _("The public log: who opened the consultation and when")],
        url_for("reports.index"),
        note=_("A year's draft can be opened for comment only once; the closing date cannot be changed afterwards."),
        button=_("Open for comment"))


@public
@limiter.limit("10 per minute;100 per day", methods=["POST"])
def consultation_page(year: int) -> Any:
    """The draft report open for comment: the PDFs, the comments (names or initials), the form."""
    from aarhus.core.errors import OperationError
    from aarhus.reports import consultation as operations
    from aarhus.reports.forms import ConsultationCommentForm
    from aarhus.reports.models import Consultation, ConsultationComment

    found = db.session.scalars(select(Consultation).where(Consultation.year == year)).first()
    if found is None:
        abort(404)
    form = ConsultationCommentForm()
    status = 200
    if form.validate_on_submit():
        try:
            made = operations.comment(found, author_name=form.author_name.data, contact=form.contact.data,
                                      text=form.text.data, show_name=form.show_name.data == "name",
                                      section=form.section.data or "")
        except OperationError as error:
            form.text.errors = [error.message]
            status = error.status
        else:
            db.session.commit()
            flash(_("Thank you. Your comment is registered under number %(receipt)s.", receipt=made.receipt), "success")
            return redirect(url_for("reports.consultation_page", year=year))
    elif request.method == "POST":
        status = 422
    comments = list(db.session.scalars(select(ConsultationComment).where(
        ConsultationComment.consultation_id == found.id).order_by(ConsultationComment.id)))
    is_open = found.opens_on <= legal_today() <= found.closes_on
    return render_template("reports/consultation.html", c=found, comments=comments, form=form, is_open=is_open), status


@public
def consultation_pdf(year: int) -> Any:
    """The draft report as it was opened for comment."""
    from flask import send_file

    from aarhus.core.files import upload_root
    from aarhus.reports.models import Consultation

    found = db.session.scalars(select(Consultation).where(Consultation.year == year)).first()
    lang = request.args.get("lang", "kk")
    if found is None or lang not in ("kk", "ru"):
        abort(404)
    return send_file(upload_root() / "reports" / f"{found.stored_name}-{lang}.pdf", mimetype="application/pdf",
                     download_name=f"nir-draft-{year}-{lang}.pdf")


@roles_required(*EDITORS)
def start_build() -> Any:
    """Queue a report's build and go to the page that follows it."""
    kind, lang = request.form.get("kind"), request.form.get("lang", "kk")
    year, concept = request.form.get("year", type=int), request.form.get("concept") or None
    if year is None or not _report_wanted(kind, concept, year, lang):
        flash(_("Choose a report, a year and a language."), "error")
        return redirect(url_for("reports.index"))
    refusal = _plan_year_refusal(kind, concept, year)
    if refusal:
        flash(refusal, "error")
        return redirect(url_for("reports.index"))
    job = builds.start_build(kind, year, lang, concept if kind == "action-plan" else None, current_user)
    db.session.commit()
    return redirect(url_for("reports.build_status", build_id=job.id))


def _build(build_id: int) -> Job:
    job = db.get_or_404(Job, build_id)
    if job.kind != builds.KIND:
        abort(404)
    return job


@roles_required(*EDITORS)
def build_status(build_id: int) -> Any:
    """The build's state, read from its job; the page reloads itself every two seconds until the PDF is ready."""
    job = _build(build_id)
    since = job.started_at or job.created_at
    return render_template("reports/build.html", build=job, state=state_of(job), title=builds.title_of(job),
                           filename=builds.filename_of(job), seconds=int((utcnow() - since).total_seconds()))


@roles_required(*EDITORS)
def build_pdf(build_id: int) -> Any:
    """Download the finished PDF."""
    job = _build(build_id)
    if job.state != "done" or job.output is None:
        abort(404)
    return Response(job.output, mimetype="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename={builds.filename_of(job)}"})


def _report_wanted(kind: str | None, concept: str | None, year: int, lang: str) -> bool:
    """Whether a report of this kind, concept, year and language can be built."""
    if kind == "nir":
        return lang in ("kk", "ru", "en") and 2000 <= year <= 2040
    return kind == "action-plan" and concept in CONCEPTS and lang in ("kk", "ru", "en") and 2024 <= year <= 2040
