"""The audit's forms: the monitoring import and the acts on a finding's case."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileRequired
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from aarhus.core.forms import FileField


class ImportForm(FlaskForm):
    """A CSV file in the contract's format."""

    file = FileField(_l("Monitoring file (CSV, UTF-8)"), validators=[FileRequired(), FileAllowed(["csv"])])


class CaseNoteForm(FlaskForm):
    """A compliance officer's act on a finding's case, with a note for the body and the log."""

    note = TextAreaField(_l("Note (the body sees it; it is written to the log)"),
                         validators=[Optional(), Length(max=4000)])


class ReopenForm(FlaskForm):
    """Reopening says why: what the answer lacks."""

    note = TextAreaField(_l("Why the case is reopened (the body sees it; it is written to the log)"),
                         validators=[DataRequired(), Length(max=4000)])


class CaseAnswerForm(FlaskForm):
    """The responsible body's answer to a finding."""

    explanation = TextAreaField(_l("Explanation"), validators=[DataRequired(), Length(max=20000)])
    corrective_action = TextAreaField(_l("Corrective action taken"), validators=[DataRequired(), Length(max=20000)])
    evidence = FileField(_l("Evidence (PDF, DOCX, PNG, JPEG)"))
