"""Read-side queries of requests: the public register and an officer's inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from aarhus.api import fields as f
from aarhus.bodies.models import Body, Region
from aarhus.core.extensions import db
from aarhus.requests.models import InfoRequest, RequestState

PAGE_SIZE = 20
MAX_PAGE = 100_000  # far past the last page, and an offset every database takes
STATUSES = ("in_progress", "overdue", "answered", "answered_late", "refused", "redirected")
# The query string of the register, the inbox and the API's list: what each parameter may be.
REGISTER_ARGS = {"holder": f.Integer(1, description="a body id"), "region": f.Text(10, description="KZ-NN"),
                 "status": f.Text(40, enum=STATUSES), "year": f.Integer(1, 9999), "q": f.Text(200),
                 "page": f.Integer(1, MAX_PAGE)}


@dataclass
class Filters:
    """What the register and the inbox filter by."""

    holder: str = ""
    region: str = ""
    status: str = ""
    year: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        """The filters among parsed ``REGISTER_ARGS``."""
        return cls(**{k: str(args.get(k) or "").strip() for k in ("holder", "region", "status", "year", "q")})


def status_clause(status: str, today: date):
    """SQL for one derived status (see ``rules.public_status``). Lateness of answers is judged in SQL too."""
    open_ = InfoRequest.state == RequestState.registered
    answered = InfoRequest.state == RequestState.answered
    return {
        "in_progress": and_(open_, InfoRequest.due_on >= today),
        "overdue": and_(open_, InfoRequest.due_on < today),
        "answered": and_(answered, InfoRequest.closed_on <= InfoRequest.due_on),
        "answered_late": and_(answered, InfoRequest.closed_on > InfoRequest.due_on),
        "refused": InfoRequest.state == RequestState.refused,
        "redirected": InfoRequest.state == RequestState.redirected,
    }.get(status)


def _filtered(query: Select, filters: Filters, today: date) -> Select:
    if filters.holder.isascii() and filters.holder.isdigit():
        query = query.where(InfoRequest.holder_id == int(filters.holder))
    if filters.region:
        query = query.join(Body, InfoRequest.holder_id == Body.id).join(Region, Body.region_id == Region.id) \
            .where(Region.code == filters.region)
    clause = status_clause(filters.status, today) if filters.status else None
    if clause is not None:
        query = query.where(clause)
    if filters.year.isascii() and filters.year.isdigit():
        query = query.where(InfoRequest.year == int(filters.year))
    if filters.q:
        like = f"%{filters.q.lower()}%"
        query = query.where(or_(func.lower(InfoRequest.subject).like(like),
                                func.lower(InfoRequest.registration_number).like(like)))
    return query


def register_query(filters: Filters, today: date) -> Select:
    """Every request of the register, newest first."""
    return _filtered(select(InfoRequest), filters, today).order_by(InfoRequest.registered_on.desc(),
                                                                    InfoRequest.id.desc())


def inbox_query(holder_id: int, filters: Filters, today: date) -> Select:
    """A holder's requests: open ones first, overdue before the rest, then by due date."""
    query = _filtered(select(InfoRequest).where(InfoRequest.holder_id == holder_id), filters, today)
    is_open = case((InfoRequest.state == RequestState.registered, 0), else_=1)
    return query.order_by(is_open, InfoRequest.due_on, InfoRequest.id)


def page_of(query: Select, page: int, size: int = PAGE_SIZE) -> tuple[list[InfoRequest], int]:
    """One page (holder, region and files loaded) and the total count.

    The page's ids are sorted first (from the index alone where it holds the order's columns: an inbox of
    thousands sorts narrow index entries, not whole rows), then only those rows are read."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    ids = list(db.session.scalars(query.with_only_columns(InfoRequest.id).limit(size).offset((page - 1) * size)))
    if not ids:
        return [], total
    found = {r.id: r for r in db.session.scalars(
        select(InfoRequest).where(InfoRequest.id.in_(ids))
        .options(joinedload(InfoRequest.holder).joinedload(Body.region), selectinload(InfoRequest.files))).unique()}
    return [found[i] for i in ids if i in found], total


def is_public_id(request_id: int) -> bool:
    """Every registered request is in the public register (never who asked), and so is its log."""
    return db.session.get(InfoRequest, request_id) is not None
