"""Administration of bodies."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from aarhus.bodies import operations
from aarhus.bodies.forms import BodyForm
from aarhus.bodies.labels import KIND_TITLES
from aarhus.bodies.models import Body, BodyKind, Region
from aarhus.core.extensions import db
from aarhus.core.forms import options
from aarhus.core.guard import roles_required
from aarhus.core.roles import Role
from aarhus.ledger import chain as ledger


@roles_required(Role.admin)
def index() -> str | Response:
    """List the bodies and add one."""
    bodies = list(db.session.scalars(select(Body).order_by(Body.kind, Body.id)))
    regions = operations.all_regions()
    form = BodyForm()
    form.region.choices = options([("", "—")] + [(str(r.id), r.name()) for r in regions])
    form.parent.choices = options([("", "—")] + [(str(b.id), b.name()) for b in bodies])
    if form.validate_on_submit():
        region = db.session.get(Region, int(form.region.data)) if form.region.data else None
        parent = db.session.get(Body, int(form.parent.data)) if form.parent.data else None
        names = {"kk": form.name_kk.data, "ru": form.name_ru.data, "en": form.name_en.data}
        body = operations.create_body(BodyKind(form.kind.data), names, region=region, parent=parent,
                                      email=form.email.data or None, website=form.website.data or None)
        ledger.append("body.created", "body", body.id, {"names": names}, current_user)
        db.session.commit()
        flash(_("The body was added."), "success")
        return redirect(url_for("bodies.index"))
    return render_template("bodies/index.html", form=form, bodies=bodies, kind_titles=KIND_TITLES)
