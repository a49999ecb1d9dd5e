"""The administrator's form to add a body."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from aarhus.formutil import options


class BodyForm(FlaskForm):
    """A public body with its names in three languages."""

    kind = SelectField(_l("Kind"), choices=options([("akimat", _l("Akimat")), ("ministry", _l("Ministry")),
                                            ("centre", _l("Centre")), ("other", _l("Other body"))]))
    region = SelectField(_l("Region"), validators=[Optional()])
    parent = SelectField(_l("Higher body (hears complaints)"), validators=[Optional()])
    name_kk = StringField(_l("Name in Kazakh"), validators=[DataRequired(), Length(max=300)])
    name_ru = StringField(_l("Name in Russian"), validators=[DataRequired(), Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=300)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email()])
    website = URLField(_l("Website"), validators=[Optional(), URL()])
