"""The reports page: build the PDFs, write the NIR answers, enter action-plan progress."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from aarhus.accounts.models import Role
from aarhus.extensions import db
from aarhus.guard import roles_required
from aarhus.i18n_fields import pick
from aarhus.reports import builders
from aarhus.reports.data import action_plan, nir_2021_answers, nir_sections
from aarhus.reports.models import NirAnswer, PlanProgress
from aarhus.reports.versions import save_version
from aarhus.timeutil import legal_today

bp = Blueprint("reports", __name__)
EDITORS = (Role.compliance_officer, Role.admin)


@bp.get("/reports")
@roles_required(*EDITORS)
def index() -> str:
    """Choose a report to build or to edit."""
    return render_template("reports/index.html", year=legal_today().year - 1)


@bp.get("/reports/nir.pdf")
@roles_required(*EDITORS)
def nir_pdf() -> Any:
    """Build and download the NIR."""
    from aarhus.reports.pdf import nir_pdf as build

    year, lang = request.args.get("year", type=int) or legal_today().year, request.args.get("lang", "kk")
    if lang not in ("kk", "ru", "en") or not 2000 <= year <= 2040:
        abort(404)
    try:
        pdf, _data = build(year, lang, current_user)
    except builders.ReportCheckError as error:
        flash(
            _("The figures do not add up; the report was not built: %(problems)s", problems="; ".join(error.problems)),
            "error",
        )
        return redirect(url_for("reports.index"))
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f"attachment; filename=nir-{year}-{lang}.pdf"}
    )


@bp.get("/reports/action-plan.pdf")
@roles_required(*EDITORS)
def plan_pdf() -> Any:
    """Build and download an action-plan progress report."""
    from aarhus.reports.pdf import plan_pdf as build

    concept, lang = request.args.get("concept", "taza-kazakhstan"), request.args.get("lang", "kk")
    year = request.args.get("year", type=int) or legal_today().year
    if concept != "taza-kazakhstan" or lang not in ("kk", "ru") or not 2024 <= year <= 2040:
        abort(404)
    pdf, _data = build(concept, year, lang, current_user)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename={concept}-{year}-{lang}.pdf"},
    )


@bp.route("/reports/nir/<int:year>/<numeral>", methods=["GET", "POST"])
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


@bp.route("/reports/plans/<concept>/<int:year>/<int:item>", methods=["GET", "POST"])
@roles_required(Role.akimat_officer, *EDITORS)
def plan_item(concept: str, year: int, item: int) -> Any:
    """Enter the progress of one action-plan item for a year; every save is a new version."""
    try:
        entry = next(i for i in action_plan(concept)["items"] if i["number"] == item)
    except (KeyError, StopIteration):
        abort(404)
    if request.method == "POST":
        row = save_version(PlanProgress, {"concept": concept, "item": item, "year": year},
                           text=(request.form.get("text") or "").strip(), author_id=current_user.id)
        db.session.commit()
        flash(_("Version %(version)d of the progress is saved.", version=row.version), "success")
        return redirect(url_for("reports.plan_item", concept=concept, year=year, item=item))
    current = builders.plan_progress(concept, year).get(item, entry["progress"].get(str(year), ""))
    return render_template(
        "reports/plan_item.html",
        concept=concept,
        year=year,
        entry=entry,
        current=current,
        items=action_plan(concept)["items"],
    )
