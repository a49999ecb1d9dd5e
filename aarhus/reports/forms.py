"""The public comment form of the draft report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from aarhus.core.forms import options


class ConsultationCommentForm(FlaskForm):
    """A comment on the draft report; the contact is never published."""

    author_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    contact = StringField(_l("E-mail or phone (not published)"), validators=[DataRequired(), Length(max=254)])
    show_name = RadioField(_l("Show with my comment"), default="name",
                           choices=options([("name", _l("my name")), ("initials", _l("my initials only"))]))
    section = StringField(_l("Section (e.g. IX), if any"), validators=[Optional(), Length(max=8)])
    text = TextAreaField(_l("Your comment or proposal"), validators=[DataRequired(), Length(max=20000)])
