"""What the home page shows a visitor: what they can take part in now, in their region if they chose one.

The home page's route is in ``core.site`` (below every domain); create_app registers ``context`` for it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import joinedload

from aarhus.bodies.models import Body, Region
from aarhus.bodies.operations import all_regions
from aarhus.core.extensions import db
from aarhus.hearings.models import Comment, Hearing, HearingState
from aarhus.hearings.queries import public_clause
from aarhus.requests.models import InfoRequest

OPEN_SHOWN = 8
UPCOMING_SHOWN = 5
PROTOCOLS_SHOWN = 5


def _in_region(query: Select, region: Region | None) -> Select:
    return query.where(Hearing.region_id == region.id) if region else query


def context(region_code: str, today: date) -> dict[str, Any]:
    """The home page's lists and figures (a few short indexed queries)."""
    regions = all_regions()
    region = next((r for r in regions if r.code == region_code), None)
    hearings = select(Hearing).options(joinedload(Hearing.region))
    open_now = _in_region(hearings.where(Hearing.state == HearingState.published,
                                         Hearing.protocol_published_at.is_(None),
                                         Hearing.comments_close_on >= today), region)
    upcoming = _in_region(hearings.where(Hearing.state == HearingState.published, Hearing.starts_on >= today),
                          region)
    protocols = _in_region(hearings.where(Hearing.protocol_published_at.is_not(None)), region)
    return {
        "regions": regions, "region": region, "today": today,
        "open_now": list(db.session.scalars(open_now.order_by(Hearing.comments_close_on, Hearing.id)
                                            .limit(OPEN_SHOWN))),
        "open_count": db.session.scalar(select(func.count()).select_from(open_now.subquery())) or 0,
        "upcoming": list(db.session.scalars(upcoming.order_by(Hearing.starts_on, Hearing.id).limit(UPCOMING_SHOWN))),
        "protocols": list(db.session.scalars(protocols.order_by(Hearing.protocol_published_at.desc())
                                             .limit(PROTOCOLS_SHOWN))),
        "year_figures": year_figures(today.year, region, today),
    }


def year_figures(year: int, region: Region | None, today: date) -> dict[str, Any]:
    """The numbers of the year: hearings announced, comments received, requests filed and completed on time.

    "On time" is judged as a body's page judges it (``profiles.stats.RequestYear.share_on_time``): of the requests
    completed and those still open past their due date, the share completed by the due date."""
    first, after = date(year, 1, 1), date(year + 1, 1, 1)
    hearings = select(func.count()).select_from(Hearing).where(public_clause(), Hearing.starts_on >= first,
                                                               Hearing.starts_on < after)
    comments = select(func.count()).select_from(Comment).join(Hearing, Comment.hearing_id == Hearing.id).where(
        public_clause(), Hearing.starts_on >= first, Hearing.starts_on < after)
    on_time = func.sum(case((InfoRequest.closed_on <= InfoRequest.due_on, 1), else_=0))
    overdue = func.sum(case((and_(InfoRequest.closed_on.is_(None), InfoRequest.due_on < today), 1), else_=0))
    requests = select(func.count(), func.count(InfoRequest.closed_on), on_time, overdue).where(
        InfoRequest.year == year)
    if region is not None:
        hearings = hearings.where(Hearing.region_id == region.id)
        comments = comments.where(Hearing.region_id == region.id)
        requests = requests.join(Body, InfoRequest.holder_id == Body.id).where(Body.region_id == region.id)
    filed, closed, on_time, overdue = db.session.execute(requests).one()
    judged = (closed or 0) + (overdue or 0)
    return {"year": year, "hearings": db.session.scalar(hearings) or 0, "comments": db.session.scalar(comments) or 0,
            "requests": filed or 0, "on_time": (on_time or 0) / judged if judged else None}
