"""The page where a responsible body enters its progress on an action-plan item."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.forms import parse_date
from aarhus.core.guard import roles_required
from aarhus.core.roles import Role
from aarhus.deadlines.calendar import FIRST_YEAR, LAST_YEAR
from aarhus.plans.items import action_plan, is_official, localized
from aarhus.plans.progress import may_write, plan_progress, record_submission, save_progress


@roles_required(Role.akimat_officer, Role.compliance_officer, Role.admin)
def progress(concept: str, year: int, item: int) -> Any:
    """Enter the progress of one action-plan item for a year; every save is a new version."""
    try:
        entry = next(i for i in action_plan(concept)["items"] if i["number"] == item)
    except (KeyError, StopIteration):
        abort(404)
    if not FIRST_YEAR <= year <= LAST_YEAR:  # a plan reports on years the statutory calendar covers
        abort(404)
    if request.method == "POST":
        if not may_write(entry, current_user):
            abort(403)
        row = save_progress(concept, entry, year, (request.form.get("text") or "").strip(), current_user)
        db.session.commit()
        flash(_("Version %(version)d of the progress is saved.", version=row.version), "success")
        return redirect(url_for("plans.progress", concept=concept, year=year, item=item))
    current = plan_progress(concept, year).get(item, entry["progress"].get(str(year), ""))
    lang = str(get_locale() or "kk")
    return render_template(
        "plans/item.html",
        concept=concept,
        year=year,
        entry=localized(entry, lang),
        official=is_official(lang),
        text_lang="kk" if is_official(lang) else lang,
        current=current,
        may_write=may_write(entry, current_user),
        items=action_plan(concept)["items"],
    )


@roles_required(Role.compliance_officer, Role.admin)
def submission(concept: str) -> Any:
    """Record that the summary of a reporting year was sent to the Government Office (AP-05 judges its date)."""
    try:
        sent_on = parse_date(request.form.get("sent_on"))
        if sent_on is None:
            raise ValueError("sent_on")
        year = int(request.form.get("year", ""))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(year)
        record_submission(concept, year, "government", sent_on, request.form.get("reference", ""), current_user)
    except (ValueError, OperationError):
        db.session.rollback()
        flash(_("Give the reporting year and a date of sending that is not in the future."), "error")
        return redirect(url_for("reports.index", sent_on=(request.form.get("sent_on") or "")[:20]))
    db.session.commit()
    flash(_("The sending of the summary is recorded."), "success")
    return redirect(url_for("reports.index"))
