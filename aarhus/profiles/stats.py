"""The figures of one body's page, from live data: one query per table, grouped in Python by year."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, case, func, literal, select, type_coerce

from aarhus.audit.catalogue import CATALOGUE
from aarhus.audit.models import Finding
from aarhus.bodies.models import Body
from aarhus.core.extensions import db
from aarhus.hearings.models import Hearing
from aarhus.hearings.queries import public_clause
from aarhus.requests.models import InfoRequest, RequestState


@dataclass
class RequestYear:
    """How a body answered the requests registered in one year."""

    year: int
    received: int = 0
    closed: int = 0
    on_time: int = 0
    refused: int = 0
    redirected: int = 0
    overdue_open: int = 0
    # Median calendar days from registration to the final act (answer, refusal, redirect).
    median_days: float | None = None

    @property
    def share_on_time(self) -> float | None:
        """Share of the closed and the overdue open requests closed by their due date."""
        judged = self.closed + self.overdue_open
        return self.on_time / judged if judged else None

    @property
    def share_refused(self) -> float | None:
        """Share of the closed requests that were refused."""
        return self.refused / self.closed if self.closed else None


def request_years(body: Body, today: date) -> list[RequestYear]:
    """Newest year first, summed by the database (from ``ix_info_requests_holder_figures`` alone).

    The busiest akimat has 5,000 requests: reading them into Python to count took ~25 ms of its page's cold render.
    """
    closed = InfoRequest.closed_on.is_not(None)

    def counted(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    mine = InfoRequest.holder_id == body.id
    postgres = db.session.get_bind().dialect.name == "postgresql"
    days = type_coerce(InfoRequest.closed_on - InfoRequest.registered_on, Integer)
    median = func.percentile_cont(0.5).within_group(days) if postgres else literal(None)
    rows = db.session.execute(
        select(InfoRequest.year, func.count(), func.count(InfoRequest.closed_on),
               counted(InfoRequest.closed_on <= InfoRequest.due_on),
               counted(and_(closed, InfoRequest.state == RequestState.refused)),
               counted(and_(closed, InfoRequest.state == RequestState.redirected)),
               counted(and_(~closed, InfoRequest.due_on < today)), median)
        .where(mine).group_by(InfoRequest.year).order_by(InfoRequest.year.desc()))
    years = [RequestYear(*row[:7], median_days=_whole(row[7])) for row in rows]
    if not postgres:  # SQLite has no percentile_cont: the median from the closed requests' days
        spans: dict[int, list[int]] = defaultdict(list)
        for year, closed_on, registered_on in db.session.execute(
                select(InfoRequest.year, InfoRequest.closed_on, InfoRequest.registered_on).where(mine, closed)):
            spans[year].append((closed_on - registered_on).days)
        for entry in years:
            entry.median_days = statistics.median(spans[entry.year]) if spans[entry.year] else None
    return years


def _whole(value: float | None) -> float | None:
    """5.0 as 5, as ``statistics.median`` gives it for an odd count."""
    return int(value) if value is not None and float(value).is_integer() else value


def hearing_years(body: Body) -> list[tuple[int, int]]:
    """(year, public hearings) the body (an akimat) ran, newest first; a hearing without a date has no year."""
    year = func.extract("year", Hearing.starts_on)
    rows = db.session.execute(select(year, func.count()).where(Hearing.akimat_id == body.id, public_clause(),
                                                               Hearing.starts_on.is_not(None))
                              .group_by(year).order_by(year.desc()))
    return [(int(y), n) for y, n in rows]


def recent_hearings(body: Body, limit: int = 10) -> list[Hearing]:
    """The latest public hearings the body (an akimat) ran."""
    return list(db.session.scalars(select(Hearing).where(Hearing.akimat_id == body.id, public_clause())
                                   .order_by(Hearing.starts_on.desc(), Hearing.id.desc()).limit(limit)))


def compliance(body: Body) -> list[dict[str, Any]]:
    """Findings of the audit against the body by rule: open now and found in all, with the rule's text."""
    rows = db.session.execute(select(Finding.rule_id, func.count(), func.count(Finding.cured_at))
                              .where(Finding.body_id == body.id).group_by(Finding.rule_id)
                              .order_by(Finding.rule_id))
    by_rule = []
    for rule_id, found, cured in rows:
        rule = CATALOGUE.get(rule_id)
        by_rule.append({"rule_id": rule_id, "rule": rule, "found": found, "open": found - cured})
    return by_rule


def findings_by_year(body: Body) -> dict[int, int]:
    """Findings against the body per year."""
    counts: dict[int, int] = defaultdict(int)
    for year, n in db.session.execute(select(Finding.year, func.count()).where(Finding.body_id == body.id)
                                      .group_by(Finding.year)):
        counts[year] = n
    return dict(sorted(counts.items(), reverse=True))
