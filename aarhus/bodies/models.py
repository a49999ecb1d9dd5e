"""Regions (ISO 3166-2:KZ) and bodies: akimats, the ministry, its centre, others."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aarhus.core.extensions import db
from aarhus.core.i18n_fields import TrilingualName


class BodyKind(enum.StrEnum):
    """What kind of public body this is."""

    akimat = "akimat"
    ministry = "ministry"
    centre = "centre"
    other = "other"


class Region(TrilingualName, db.Model):
    """One of the 20 regions: 17 oblasts and the cities Astana, Almaty, Shymkent."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)  # KZ-10 … KZ-79

    def __repr__(self) -> str:
        return f"<Region {self.code}>"


class Body(TrilingualName, db.Model):
    """A public body that holds information, runs hearings or supervises others."""

    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[BodyKind] = mapped_column(Enum(BodyKind, native_enum=False, length=20))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    # The higher body that hears complaints against this one.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))

    region: Mapped[Region | None] = relationship()
    parent: Mapped[Body | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Body {self.id} {self.kind}>"
