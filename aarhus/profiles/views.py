"""``/bodies``: every public body; ``/bodies/<id>``: its hearings, requests with answer times, compliance record."""

from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import func, select

from aarhus.bodies.labels import KIND_TITLES
from aarhus.bodies.models import Body, BodyKind
from aarhus.core.cache import cached_page
from aarhus.core.extensions import db
from aarhus.core.guard import public
from aarhus.core.time import legal_today
from aarhus.profiles import stats
from aarhus.requests.models import InfoRequest

KIND_ORDER = {BodyKind.ministry: 0, BodyKind.centre: 1, BodyKind.akimat: 2}


@public
@cached_page
def index() -> str:
    """Every body with the number of requests it received."""
    bodies = list(db.session.scalars(select(Body)))
    counts = dict(db.session.execute(select(InfoRequest.holder_id, func.count()).group_by(InfoRequest.holder_id)).all())
    bodies.sort(key=lambda b: (KIND_ORDER.get(b.kind, 3), b.name()))
    return render_template("profiles/index.html", bodies=bodies, counts=counts, kind_labels=KIND_TITLES)


@public
@cached_page
def body(body_id: int) -> str:
    """One body's public record."""
    found = db.session.get(Body, body_id)
    if found is None:
        abort(404)
    today = legal_today()
    return render_template("profiles/body.html", body=found, today=today,
                           requests=stats.request_years(found, today), hearing_years=stats.hearing_years(found),
                           hearings=stats.recent_hearings(found), compliance=stats.compliance(found),
                           findings_by_year=stats.findings_by_year(found), kind_labels=KIND_TITLES)
