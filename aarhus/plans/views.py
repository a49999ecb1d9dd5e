"""The page where a responsible body enters its progress on an action-plan item."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from aarhus.core.extensions import db
from aarhus.core.guard import roles_required
from aarhus.core.roles import Role
from aarhus.plans.items import action_plan
from aarhus.plans.progress import may_write, plan_progress, save_progress


@roles_required(Role.akimat_officer, Role.compliance_officer, Role.admin)
def progress(concept: str, year: int, item: int) -> Any:
    """Enter the progress of one action-plan item for a year; every save is a new version."""
    try:
        entry = next(i for i in action_plan(concept)["items"] if i["number"] == item)
    except (KeyError, StopIteration):
        abort(404)
    if request.method == "POST":
        if not may_write(entry, current_user):
            abort(403)
        row = save_progress(concept, entry, year, (request.form.get("text") or "").strip(), current_user)
        db.session.commit()
        flash(_("Version %(version)d of the progress is saved.", version=row.version), "success")
        return redirect(url_for("plans.progress", concept=concept, year=year, item=item))
    current = plan_progress(concept, year).get(item, entry["progress"].get(str(year), ""))
    return render_template(
        "plans/item.html",
        concept=concept,
        year=year,
        entry=entry,
        current=current,
        may_write=may_write(entry, current_user),
        items=action_plan(concept)["items"],
    )
