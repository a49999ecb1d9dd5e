"""Load the regions and the standing bodies; let an administrator add bodies."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from aarhus.bodies.models import Body, BodyKind, Region
from aarhus.core.extensions import db

REGIONS_FILE = Path(__file__).with_name("regions.json")

MINISTRY = {
    "kk": "Қазақстан Республикасы Экология және табиғи ресурстар министрлігі",
    "ru": "Министерство экологии и природных ресурсов Республики Казахстан",
    "en": "Ministry of Ecology and Natural Resources of the Republic of Kazakhstan",
}
CENTRE = {
    "kk": "«Қоршаған ортаны қорғаудың ақпараттық-талдау орталығы» РМК",
    "ru": "РГП «Информационно-аналитический центр охраны окружающей среды»",
    "en": "Information and Analytical Centre for Environmental Protection (RSE)",
}


def load_regions() -> list[dict[str, str]]:
    """The 20 regions with their ISO 3166-2:KZ codes, as shipped with the project."""
    return json.loads(REGIONS_FILE.read_text(encoding="utf-8"))


def seed_bodies() -> None:
    """Create the regions, an akimat per region, the ministry and its centre (idempotent)."""
    ministry = _ensure_body(BodyKind.ministry, None, MINISTRY, None)
    _ensure_body(BodyKind.centre, None, CENTRE, ministry)
    existing = {r.code: r for r in db.session.scalars(select(Region))}
    for row in load_regions():
        region = existing.get(row["code"])
        if region is None:
            region = Region(code=row["code"], name_kk=row["kk"], name_ru=row["ru"], name_en=row["en"])
            db.session.add(region)
            db.session.flush()
        # The akimats' official names, stored as written (never built by gluing an ending on a region's name).
        names = {"kk": row["akimat_kk"], "ru": row["akimat_ru"], "en": row["akimat_en"]}
        _ensure_body(BodyKind.akimat, region, names, ministry)
    db.session.flush()


def _ensure_body(kind: BodyKind, region: Region | None, names: dict, parent: Body | None) -> Body:
    query = select(Body).where(Body.kind == kind)
    query = query.where(Body.region_id == region.id) if region else query.where(Body.region_id.is_(None))
    body = db.session.scalars(query.limit(1)).first()
    if body is None:
        body = create_body(kind, names, region=region, parent=parent)
    return body


def create_body(kind: BodyKind, names: dict[str, str], *, region: Region | None = None,
                parent: Body | None = None, email: str | None = None,
                website: str | None = None) -> Body:
    """Add a body with its names in kk / ru / en."""
    body = Body(kind=kind, region=region, parent=parent, email=email, website=website,
                name_kk=names["kk"], name_ru=names["ru"], name_en=names["en"])
    db.session.add(body)
    db.session.flush()
    return body


def akimat_of(region_code: str) -> Body | None:
    """The akimat of the region with this ISO code."""
    return db.session.scalars(
        select(Body).join(Region).where(Region.code == region_code, Body.kind == BodyKind.akimat)
    ).first()


def region_by_code(code: str) -> Region | None:
    """The region with this ISO 3166-2:KZ code, if any."""
    return db.session.scalars(select(Region).where(Region.code == code)).first()


def all_regions() -> list[Region]:
    """Every region, in code order."""
    return list(db.session.scalars(select(Region).order_by(Region.code)))
