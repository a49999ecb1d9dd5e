"""Progress on action-plan items: read the newest version, save a new one."""

from __future__ import annotations

from typing import Any

from aarhus.core.versions import newest, save_version
from aarhus.plans.models import PlanProgress


def plan_progress(concept: str, year: int) -> dict[int, str]:
    """The newest progress entered for each item in ``year``."""
    rows = newest(PlanProgress, PlanProgress.item, PlanProgress.concept == concept, PlanProgress.year == year)
    return {item: row.text for item, row in rows.items()}


def save_progress(concept: str, item: int, year: int, text: str, actor: Any) -> PlanProgress:
    """Add the next version of an item's progress for ``year``; the caller commits."""
    return save_version(PlanProgress, {"concept": concept, "item": item, "year": year}, text=text,
                        author_id=actor.id)
