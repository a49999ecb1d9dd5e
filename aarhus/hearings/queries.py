"""Read-side queries of public hearings: filters in SQL, status derived from dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from aarhus.api import fields as f
from aarhus.bodies.models import Region
from aarhus.core.extensions import db
from aarhus.core.time import legal_date
from aarhus.hearings.models import Comment, Hearing, HearingState, Protocol
from aarhus.ledger.models import LogEntry

PAGE_SIZE = 20
MAX_PAGE = 100_000  # far past the last page of any list, and an offset every database takes
START = Hearing.starts_on
END = func.coalesce(Hearing.survey_end, Hearing.hearing_date)
# A hearing is public once published: cancelled or postponed afterwards, it stays so (``first_published_at``); a
# draft cancelled before publication never is (``rules.is_public``).
PUBLIC_STATES = (HearingState.published,)


def last_postponement(hearing: Hearing) -> LogEntry | None:
    """The hearing's latest postponement while it awaits its new notice (when and why: only its log keeps them)."""
    return _latest_postponement(hearing) if hearing.state == HearingState.agreed else None


def _latest_postponement(hearing: Hearing) -> LogEntry | None:
    return db.session.scalars(select(LogEntry).where(
        LogEntry.subject_type == "hearing", LogEntry.subject_id == str(hearing.id),
        LogEntry.kind == "hearing.postponed").order_by(LogEntry.id.desc()).limit(1)).first()


def is_public_id(hearing_id: int) -> bool:
    """Whether the hearing with this id is public (its log page too): published, or cancelled or postponed after."""
    row = db.session.execute(select(Hearing.state, Hearing.first_published_at).where(Hearing.id == hearing_id)).first()
    return row is not None and (row.state in PUBLIC_STATES or row.first_published_at is not None)


def called_off(hearing: Hearing, status: str) -> tuple[date | None, str] | None:
    """For a cancelled or postponed hearing, the legal day it was called off and the public reason; else None.

    A postponement's day and reason are those of its latest ``hearing.postponed`` log entry.
    """
    if status == "cancelled":
        return (legal_date(hearing.cancelled_at) if hearing.cancelled_at else None), hearing.cancel_reason
    if status != "postponed":
        return None
    entry = _latest_postponement(hearing)
    return (legal_date(entry.at), str(entry.payload.get("reason") or "")) if entry else (None, "")


def published_pdf_sha256(hearing_id: int, lang: str) -> str | None | bool:
    """The SHA-256 of a public hearing's published protocol PDF in ``lang``: one indexed row, nothing else loaded.

    False when there is no published protocol (or the hearing is not public), None while the job worker has not
    yet stored the PDF.
    """
    row = db.session.execute(
        select(Hearing.state, Hearing.first_published_at, Protocol.published_at,
               Protocol.pdf_sha256_kk if lang == "kk" else Protocol.pdf_sha256_ru)
        .join(Protocol, Protocol.hearing_id == Hearing.id).where(Hearing.id == hearing_id)).first()
    if row is None or row[2] is None or not (row[0] in PUBLIC_STATES or row[1] is not None):
        return False
    return row[3]


def status_clause(status: str, today: date):
    """SQL for one derived public status (see ``rules.public_status``)."""
    live = and_(Hearing.state == HearingState.published, Hearing.protocol_published_at.is_(None))
    return {
        "cancelled": Hearing.state == HearingState.cancelled,
        "postponed": and_(Hearing.state == HearingState.agreed, Hearing.first_published_at.is_not(None)),
        "protocol_published": and_(Hearing.state == HearingState.published,
                                   Hearing.protocol_published_at.is_not(None)),
        "upcoming": and_(live, today < START),
        "in_progress": and_(live, today >= START, today <= END),
        "awaiting_protocol": and_(live, today > END, Hearing.protocol_due_on >= today),
        "protocol_overdue": and_(live, today > END, Hearing.protocol_due_on < today),
    }.get(status)


@dataclass
class Filters:
    """What a visitor filters the list by."""

    region: str = ""
    status: str = ""
    form: str = ""
    month: str = ""  # YYYY-MM of the hearing (survey: its start)
    q: str = ""

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> Filters:
        """The filters among parsed ``LIST_ARGS``."""
        return cls(**{k: args.get(k) or "" for k in ("region", "status", "form", "month", "q")})


class Cursor(f.Field):
    """Where keyset pagination goes on: ``YYYY-MM-DD.ID`` of the last hearing seen (``next_after``)."""

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        day, _dot, ident = str(raw).partition(".")
        try:
            start = date.fromisoformat(day) if len(day) == 10 else None
        except ValueError:
            start = None
        if start is None or not (ident.isascii() and ident.isdigit() and len(ident) <= 9):
            errors[name] = _("Must be the next_after value of an earlier page.")
            return None
        return start, int(ident)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}\.\d{1,9}$"}


STATUSES = ("upcoming", "in_progress", "awaiting_protocol", "protocol_overdue", "protocol_published", "postponed",
            "cancelled")
# The query string of the list (page and API): what each parameter may be.
LIST_ARGS = {"region": f.Text(10, description="KZ-NN"), "status": f.Text(40, enum=STATUSES),
             "form": f.Text(20, enum=["open_meeting", "survey"]), "month": f.Month(), "q": f.Text(200),
             "page": f.Integer(1, MAX_PAGE), "after": Cursor(description="next_after of the previous page")}


def public_clause() -> Any:
    """SQL for a hearing anyone may see: published, or cancelled or postponed after its first publication."""
    return or_(Hearing.state.in_(PUBLIC_STATES), Hearing.first_published_at.is_not(None))


def public_query(filters: Filters, today: date) -> Select:
    """Public hearings (``public_clause``) matching the filters, soonest first."""
    query = select(Hearing).where(public_clause())
    if filters.region:
        query = query.join(Region, Hearing.region_id == Region.id).where(Region.code == filters.region)
    clause = status_clause(filters.status, today) if filters.status else None
    if clause is not None:
        query = query.where(clause)
    if filters.form in ("open_meeting", "survey"):
        query = query.where(Hearing.form == filters.form)
    month = _month(filters.month)
    if month:
        first, after = month
        query = query.where(first <= START, after > START)
    if filters.q.strip():
        like = f"%{filters.q.strip().lower()}%"
        query = query.where(or_(*(func.lower(column).like(like) for column in (
            Hearing.title_kk, Hearing.title_ru, Hearing.initiator_name, Hearing.districts))))
    return query.order_by(Hearing.starts_on.desc(), Hearing.id.desc())


def _month(raw: str) -> tuple[date, date] | None:
    """The first day of a month ``YYYY-MM`` and of the next one (``LIST_ARGS`` checked it is one)."""
    if not raw:
        return None
    year, month = (int(part) for part in raw.split("-"))
    return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)


def page_of(query: Select, page: int, size: int = PAGE_SIZE) -> tuple[list[Hearing], int]:
    """One page of hearings (with region and akimat loaded) and the total count."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = db.session.scalars(query.options(joinedload(Hearing.region), joinedload(Hearing.akimat))
                              .limit(size).offset((max(page, 1) - 1) * size)).unique()
    return list(rows), total


def after_cursor(query: Select, cursor: tuple[date, int]) -> Select:
    """Keyset pagination: hearings after ``cursor`` (the start date and id of the last one seen)."""
    start, last_id = cursor
    return query.where(or_(Hearing.starts_on < start, and_(Hearing.starts_on == start, Hearing.id < last_id)))


def cursor_of(hearing: Hearing) -> str:
    """The cursor that continues after ``hearing``."""
    return f"{hearing.starts_on.isoformat() if hearing.starts_on else '0001-01-01'}.{hearing.id}"


# A hearing's page shows its comments this many at a time: a contested hearing gathers thousands, and its page
# must stay light on a phone and quick to render right after each comment (the protocol and the API list them all).
COMMENTS_PER_PAGE = 50
DETAIL_ARGS = {"page": f.Integer(1, MAX_PAGE)}


def comment_total(hearing: Hearing) -> int:
    """How many comments the hearing has (those of a moment ago too, before its kept count catches up)."""
    return db.session.scalar(select(func.count(Comment.id)).where(Comment.hearing_id == hearing.id)) or 0


def comment_pages(total: int) -> int:
    """How many pages of comments the hearing's page has (one, when there are none)."""
    return max(-(-total // COMMENTS_PER_PAGE), 1)


def requested_comments(hearing: Hearing) -> dict[str, Any]:
    """The page of the hearing's comments a GET asks for (``?page=``; a form re-shown after a POST: the first), for
    its public page and its officers' page: ``comments``, ``comment_total``, ``page``, ``pages`` and the number of
    its first comment; 404 past the last page."""
    from flask import abort, request

    page = f.query(DETAIL_ARGS).get("page", 1) if request.method == "GET" else 1
    total = comment_total(hearing)
    pages = comment_pages(total)
    if page > pages:
        abort(404)
    return {"comments": comments_page(hearing, page), "comment_total": total, "page": page, "pages": pages,
            "first_number": (page - 1) * COMMENTS_PER_PAGE + 1}


def comment_page_of(comment: Comment) -> int:
    """The page of its hearing's comments on which ``comment`` is shown (they are in the order received)."""
    rank = db.session.scalar(select(func.count(Comment.id)).where(Comment.hearing_id == comment.hearing_id,
                                                                  Comment.id <= comment.id))
    return comment_pages(rank or 0)


def at_comment(comment: Comment, endpoint: str = "hearings.detail") -> str:
    """The hearing's page (or its officers' page, ``hearings.manage``) at ``comment``: the page of comments that
    shows it, at its anchor (the receipt on the public page, ``c<id>`` on the officers' page)."""
    page = comment_page_of(comment)
    anchor = comment.receipt if endpoint == "hearings.detail" else f"c{comment.id}"
    return url_for(endpoint, hearing_id=comment.hearing_id, page=page if page > 1 else None, _anchor=anchor)


def comments_awaiting_position(hearing: Hearing) -> int:
    """How many of the hearing's comments have no position of the initiator yet."""
    return db.session.scalar(select(func.count(Comment.id)).where(Comment.hearing_id == hearing.id,
                                                                  ~Comment.position.has())) or 0


def comments_page(hearing: Hearing, page: int) -> list[Comment]:
    """One page of a hearing's comments with their positions, oldest first."""
    return list(db.session.scalars(_in_order(hearing).limit(COMMENTS_PER_PAGE)
                                   .offset((max(page, 1) - 1) * COMMENTS_PER_PAGE)))


def comments_of(hearing: Hearing) -> list[Comment]:
    """Every comment of a hearing with its position, oldest first, in one query."""
    return list(db.session.scalars(_in_order(hearing)))


def _in_order(hearing: Hearing) -> Select:
    """A hearing's comments with their positions, oldest first."""
    return (select(Comment).where(Comment.hearing_id == hearing.id).options(selectinload(Comment.position))
            .order_by(Comment.id))
