"""Forms of the calculator and of the calendar and rule administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from aarhus.core.forms import DateField, options


class CalculatorForm(FlaskForm):
    """Pick a procedure and a date (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    rule = SelectField(_l("Procedure"), validators=[DataRequired()])
    date = DateField(_l("Date the clock starts"), validators=[InputRequired()])


class OverrideForm(FlaskForm):
    """A decreed day off or working day."""

    on = DateField(_l("Date"), validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=options([("day_off", _l("Day off")),
                                            ("working_day", _l("Working day"))]))
    name_kk = StringField(_l("Name in Kazakh"), validators=[DataRequired(), Length(max=200)])
    name_ru = StringField(_l("Name in Russian"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    source = StringField(_l("Legal source (decree)"), validators=[DataRequired(), Length(max=500)])


class RuleVersionForm(FlaskForm):
    """One version of a statutory period."""

    code = StringField(_l("Rule code"), validators=[DataRequired(), Length(max=40)])
    direction = SelectField(_l("Direction"), choices=options([("forward", _l("After the trigger")),
                                                      ("backward", _l("Before the hearing"))]))
    unit = SelectField(_l("Unit"), choices=options([("calendar", _l("Calendar days")),
                                            ("working", _l("Working days"))]))
    length = IntegerField(_l("Length"), validators=[InputRequired(), NumberRange(min=1, max=3650)])
    effective_from = DateField(_l("In force from"), validators=[InputRequired()])
    effective_to = DateField(_l("In force until (inclusive)"), validators=[Optional()])
    legal_basis_kk = TextAreaField(_l("Legal basis in Kazakh"), validators=[DataRequired()])
    legal_basis_ru = TextAreaField(_l("Legal basis in Russian"), validators=[DataRequired()])
    legal_basis_en = TextAreaField(_l("Legal basis in English"), validators=[DataRequired()])
    # The calculator and the case pages name the procedure by its title: Kazakh and Russian are required.
    title_kk = StringField(_l("Title in Kazakh"), validators=[DataRequired()])
    title_ru = StringField(_l("Title in Russian"), validators=[DataRequired()])
    title_en = StringField(_l("Title in English"), validators=[Optional()])

    def validate_effective_to(self, field: DateField) -> None:
        """The end of validity cannot precede its start."""
        from wtforms.validators import ValidationError

        if field.data and self.effective_from.data and field.data < self.effective_from.data:
            raise ValidationError(_l("The end date is before the start date."))
