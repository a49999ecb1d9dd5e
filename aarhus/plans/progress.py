"""Progress on action-plan items: read the newest version; the responsible body saves a new one, logged."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sqlalchemy import select

from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.core.versions import newest, save_version
from aarhus.ledger import chain as ledger
from aarhus.plans import rules
from aarhus.plans.items import REPORTING_DATES
from aarhus.plans.models import PlanProgress, PlanSubmission


def plan_progress(concept: str, year: int) -> dict[int, str]:
    """The newest progress entered for each item in ``year``."""
    rows = newest(PlanProgress, PlanProgress.item, PlanProgress.concept == concept, PlanProgress.year == year)
    return {item: row.text for item, row in rows.items()}


def may_write(entry: dict[str, Any], user: Any) -> bool:
    """A compliance officer or an administrator, or an officer of a body among the item's executors."""
    if user.role in (Role.compliance_officer, Role.admin):
        return True
    body = getattr(user, "body", None)
    if user.role != Role.akimat_officer or body is None:
        return False
    names = [body.name_kk, *((body.region.name_kk,) if body.region else ())]
    return rules.is_responsible(entry["executors"], body_kind=body.kind.value, body_names=names)


def save_progress(concept: str, entry: dict[str, Any], year: int, text: str, actor: Any) -> PlanProgress:
    """Add the next version of an item's progress for ``year`` and log it; the caller commits."""
    if not may_write(entry, actor):
        raise OperationError("forbidden", 403)
    row = save_version(PlanProgress, {"concept": concept, "item": entry["number"], "year": year}, text=text,
                       author_id=actor.id)
    ledger.append("plan.progress_saved", "plan_item", f"{concept}:{entry['number']}:{year}",
                  {"version": row.version, "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
                   "body": getattr(actor, "body_id", None)}, actor)
    return row


def record_submission(concept: str, year: int, link: str, sent_on: date, reference: str, actor: Any) -> PlanSubmission:
    """Record that a later link of the reporting chain was sent (compliance officers, administrators); logged."""
    if actor.role not in (Role.compliance_officer, Role.admin):
        raise OperationError("forbidden", 403)
    if link != "government" or link not in REPORTING_DATES.get(concept, {}):
        raise OperationError("invalid", fields=["link"])
    if sent_on > legal_today():
        raise OperationError("invalid", fields=["sent_on"])
    row = db.session.scalars(select(PlanSubmission).filter_by(concept=concept, year=year, link=link)).first()
    row = row or PlanSubmission(concept=concept, year=year, link=link)
    row.sent_on, row.reference, row.recorded_by_id = sent_on, reference.strip()[:300], actor.id
    db.session.add(row)
    db.session.flush()
    ledger.append("plan.submitted", "plan_item", f"{concept}:{link}:{year}",
                  {"sent_on": sent_on.isoformat(), "reference": row.reference}, actor)
    return row
