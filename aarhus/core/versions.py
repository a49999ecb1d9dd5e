"""Versioned texts (NIR answers, plan progress): every save is a new row; the newest wins."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from aarhus.core.extensions import db


def newest(model: Any, key: Any, *scope: Any) -> dict[Any, Any]:
    """The newest version of each ``key`` within ``scope`` (conditions on ``model``), by key."""
    latest = select(key.label("k"), func.max(model.version).label("v")).where(*scope).group_by(key).subquery()
    joined = select(model).join(latest, and_(key == latest.c.k, model.version == latest.c.v))
    rows = db.session.scalars(joined.where(*scope))
    return {getattr(row, key.key): row for row in rows}


def save_version(model: Any, scope: dict[str, Any], **values: Any) -> Any:
    """Add the next version for ``scope`` (column → value); the caller commits."""
    current = db.session.scalar(select(func.max(model.version)).where(
        *(getattr(model, column) == value for column, value in scope.items()))) or 0
    row = model(**scope, **values, version=current + 1)
    db.session.add(row)
    db.session.flush()
    return row
