"""Report builders: plain data (no rendering), with statistics from live data and cross-checks."""

from __future__ import annotations

import hashlib
import json
import statistics
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select

from aarhus.audit import stats
from aarhus.audit.catalogue import CATALOGUE
from aarhus.bodies.models import Region
from aarhus.core.extensions import db
from aarhus.core.i18n_fields import pick
from aarhus.core.versions import newest
from aarhus.hearings.models import Comment, Hearing, HearingState, Position
from aarhus.plans.items import action_plan, is_official, localized, plan_title
from aarhus.plans.progress import plan_progress
from aarhus.reports.data import nir_sections
from aarhus.reports.models import Consultation, ConsultationComment, NirAnswer
from aarhus.requests.models import Complaint, InfoRequest, RequestState


class ReportCheckError(ValueError):
    """The figures do not add up: the report is not exported."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _in_year(column: Any, year: int) -> Any:
    return and_(column >= date(year, 1, 1), column < date(year + 1, 1, 1))


def latest_answers(year: int, lang: str) -> dict[str, NirAnswer]:
    """The newest version of each section's answer for the year and language."""
    return newest(NirAnswer, NirAnswer.numeral, NirAnswer.year == year, NirAnswer.lang == lang)


def hearing_statistics(year: int) -> dict[str, Any]:
    """Hearings made in the system whose hearing (or survey end) falls in the year."""
    end = func.coalesce(Hearing.survey_end, Hearing.hearing_date)
    published = [Hearing.state == HearingState.published, _in_year(end, year)]
    by_form = dict(
        db.session.execute(select(Hearing.form, func.count(Hearing.id)).where(*published).group_by(Hearing.form)).all()
    )
    by_region = db.session.execute(
        select(Region.code, func.count(Hearing.id))
        .join(Region, Hearing.region_id == Region.id)
        .where(*published)
        .group_by(Region.code)
        .order_by(Region.code)
    ).all()
    leads = [
        (start - notice).days
        for start, notice in db.session.execute(
            select(Hearing.starts_on, Hearing.notice_on).where(*published, Hearing.notice_on.is_not(None))
        )
    ]
    comments = db.session.scalar(select(func.count(Comment.id)).join(Hearing).where(*published)) or 0
    stances = dict(
        db.session.execute(
            select(Position.stance, func.count(Position.id))
            .join(Comment)
            .join(Hearing)
            .where(*published)
            .group_by(Position.stance)
        ).all()
    )
    protocol_on_time = (
        db.session.scalar(
            select(func.count(Hearing.id)).where(*published, Hearing.protocol_published_on <= Hearing.protocol_due_on)
        )
        or 0
    )
    protocol_late = (
        db.session.scalar(
            select(func.count(Hearing.id)).where(*published, Hearing.protocol_published_on > Hearing.protocol_due_on)
        )
        or 0
    )
    return {
        "by_form": {str(k.value if hasattr(k, "value") else k): v for k, v in by_form.items()},
        "by_region": [[code, n] for code, n in by_region],
        "total": sum(by_form.values()),
        "notice_lead_days": sorted(leads),
        "notice_lead_median": statistics.median(leads) if leads else None,
        "comments": comments,
        "positions": {str(k.value if hasattr(k, "value") else k): v for k, v in stances.items()},
        "protocols_on_time": protocol_on_time,
        "protocols_late": protocol_late,
    }


def request_statistics(year: int) -> dict[str, Any]:
    """Requests registered in the year, by outcome and refusal ground."""
    registered = [_in_year(InfoRequest.registered_on, year)]
    by_state = dict(
        db.session.execute(
            select(InfoRequest.state, func.count(InfoRequest.id)).where(*registered).group_by(InfoRequest.state)
        ).all()
    )
    by_state = {str(k.value if hasattr(k, "value") else k): v for k, v in by_state.items()}
    on_time = (
        db.session.scalar(
            select(func.count(InfoRequest.id)).where(
                *registered, InfoRequest.state == RequestState.answered, InfoRequest.closed_on <= InfoRequest.due_on
            )
        )
        or 0
    )
    grounds = dict(
        db.session.execute(
            select(InfoRequest.refusal_ground, func.count(InfoRequest.id))
            .where(*registered, InfoRequest.state == RequestState.refused)
            .group_by(InfoRequest.refusal_ground)
        ).all()
    )
    durations = [
        (closed - registered_on).days
        for registered_on, closed in db.session.execute(
            select(InfoRequest.registered_on, InfoRequest.closed_on).where(
                *registered, InfoRequest.closed_on.is_not(None)
            )
        )
    ]
    return {
        "received": sum(by_state.values()),
        "answered": by_state.get("answered", 0),
        "answered_on_time": on_time,
        "extended": db.session.scalar(
            select(func.count(InfoRequest.id)).where(*registered, InfoRequest.extended_at.is_not(None))
        )
        or 0,
        "redirected": by_state.get("redirected", 0),
        "refused": by_state.get("refused", 0),
        "open": by_state.get("registered", 0),
        "refused_by_ground": grounds,
        "complaints": db.session.scalar(select(func.count(Complaint.id)).join(InfoRequest).where(*registered)) or 0,
        "days_to_close": sorted(durations),
        "median_days_to_close": statistics.median(durations) if durations else None,
    }


def cross_checks(data: dict[str, Any]) -> list[str]:
    """Totals add up and durations are not negative; the list of problems (empty when sound)."""
    problems = []
    table, national = data["monitoring"]["rows"], data["monitoring"]["national"]
    for key in ("notices", "protocols", "notice_violations", "protocol_violations"):
        if sum(row[key] for row in table) != national[key]:
            problems.append(f"monitoring table: regions do not add up to the national {key}")
    req = data["requests"]
    if req["answered"] + req["redirected"] + req["refused"] + req["open"] != req["received"]:
        problems.append("requests: outcomes do not add up to the requests received")
    if req["answered_on_time"] > req["answered"]:
        problems.append("requests: more answered on time than answered")
    hearings = data["hearings"]
    if (
        sum(hearings["by_form"].values()) != hearings["total"]
        or sum(n for _c, n in hearings["by_region"]) != hearings["total"]
    ):
        problems.append("hearings: forms or regions do not add up to the total")
    if any(d < 0 for d in hearings["notice_lead_days"]) or any(d < 0 for d in req["days_to_close"]):
        problems.append("negative durations")
    if sum(hearings["positions"].values()) > hearings["comments"]:
        problems.append("hearings: more positions than comments")
    return problems


def fingerprint(data: dict[str, Any]) -> str:
    """SHA-256 of the data snapshot a report is built from."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def nir_data(year: int, lang: str) -> dict[str, Any]:
    """Everything the National Implementation Report for ``year`` shows, in ``lang``; cross-checked."""
    answers, structure = latest_answers(year, lang), nir_sections()
    sections = [
        {
            "numeral": s["numeral"],
            "heading": pick(s["heading"], lang),
            "question": pick(s["question"], lang),
            "answer": answers[s["numeral"]].text if s["numeral"] in answers else "",
            "version": answers[s["numeral"]].version if s["numeral"] in answers else 0,
            "after": pick(structure["after"][s["numeral"]], lang) if s["numeral"] in structure["after"] else "",
        }
        for s in structure["sections"]
    ]
    national = stats.summary(year)
    regions = {r.code: r for r in db.session.scalars(select(Region))}
    rows = [
        {
            "region": row["region"].code,
            "name": row["region"].name(lang),
            **{k: row[k] for k in ("notices", "protocols", "notice_violations", "protocol_violations")},
        }
        for row in stats.monitoring_table(year)
    ]
    data = {
        "year": year,
        "lang": lang,
        "sections": sections,
        "monitoring": {
            "rows": rows,
            "national": {k: national[k] for k in ("notices", "protocols", "notice_violations", "protocol_violations")},
        },
        "findings_by_rule": [
            {"rule": rid, "title": pick(CATALOGUE[rid].title, lang), "count": n}
            for rid, n in national["findings_by_rule"].items()
        ],
        "hearings": hearing_statistics(year),
        "requests": request_statistics(year),
        "region_names": {code: r.name(lang) for code, r in regions.items()},
        "consultation": consultation_summary(year),
    }
    problems = cross_checks(data)
    if problems:
        raise ReportCheckError(problems)
    data["sha256"] = fingerprint(data)
    return data


def plan_data(concept: str, year: int, lang: str) -> dict[str, Any]:
    """The action plan with each item's progress for ``year`` (entered, else the shipped report); the items' texts in
    ``lang`` (an unofficial translation but in Kazakh), the progress as the bodies wrote it."""
    plan, entered = action_plan(concept), plan_progress(concept, year)
    items = [
        {
            **{k: text[k] for k in ("number", "direction", "name", "form", "deadline", "executors")},
            "funding": text.get("funding", ""),
            "source": text.get("source", ""),
            "progress": entered.get(item["number"], item["progress"].get(str(year), "")),
        }
        for item in plan["items"]
        for text in (localized(item, lang),)
    ]
    directions = [localized(d, lang) for d in plan["directions"]]
    data = {
        "concept": concept,
        "year": year,
        "lang": lang,
        "title": plan_title(concept, lang),
        "official": is_official(lang),
        "directions": [{**d, "items": [i for i in items if i["direction"] == d["number"]]} for d in directions],
    }
    if sum(len(d["items"]) for d in data["directions"]) != len(plan["items"]):
        raise ReportCheckError(["action plan: items outside any direction"])
    data["sha256"] = fingerprint(data)
    return data


def consultation_summary(year: int) -> dict[str, Any] | None:
    """For section I: the consultation's period and how many comments it received."""
    consultation = db.session.scalars(select(Consultation).where(Consultation.year == year)).first()
    if consultation is None:
        return None
    count = (
        db.session.scalar(
            select(func.count(ConsultationComment.id)).where(ConsultationComment.consultation_id == consultation.id)
        )
        or 0
    )
    return {
        "opens_on": consultation.opens_on.isoformat(),
        "closes_on": consultation.closes_on.isoformat(),
        "comments": count,
    }
