"""Progress on action-plan items: read the newest version; the responsible body saves a new one, logged."""

from __future__ import annotations

import hashlib
from typing import Any

from aarhus.core.errors import OperationError
from aarhus.core.roles import Role
from aarhus.core.versions import newest, save_version
from aarhus.ledger import chain as ledger
from aarhus.plans import rules
from aarhus.plans.models import PlanProgress


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
