"""The administrator's form to add a body, and the choices of region and body other forms offer."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, SelectField, StringField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from aarhus.bodies.labels import KIND_TITLES
from aarhus.bodies.models import Body, BodyKind
from aarhus.bodies.operations import all_regions
from aarhus.core.extensions import db
from aarhus.core.forms import options


class BodyForm(FlaskForm):
    """A public body with its names in three languages."""

    kind = SelectField(_l("Kind"), choices=options(list(KIND_TITLES.items())))
    region = SelectField(_l("Region"), validators=[Optional()])
    parent = SelectField(_l("Higher body (hears complaints)"), validators=[Optional()])
    name_kk = StringField(_l("Name in Kazakh"), validators=[DataRequired(), Length(max=300)])
    name_ru = StringField(_l("Name in Russian"), validators=[DataRequired(), Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=300)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email()])
    website = URLField(_l("Website"), validators=[Optional(), URL()])


def region_options(blank: str | None = None) -> list:
    """The regions as select options, optionally after a blank choice."""
    pairs = [(r.code, r.name()) for r in all_regions()]
    return options(([("", blank)] if blank is not None else []) + pairs)


def holder_options(exclude: int | None = None) -> list:
    """Every body that can hold information: akimats by region, then the others (never ``exclude``, the body a
    request is forwarded from)."""
    query = select(Body).order_by(Body.kind != BodyKind.akimat, Body.id)
    bodies = db.session.scalars(query.where(Body.id != exclude) if exclude is not None else query)
    return options([("", _("Choose a body"))] + [(str(b.id), b.name()) for b in bodies])
