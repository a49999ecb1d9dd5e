"""The monitoring import form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileRequired

from aarhus.core.forms import FileField


class ImportForm(FlaskForm):
    """A CSV file in the contract's format."""

    file = FileField(_l("Monitoring file (CSV, UTF-8)"), validators=[FileRequired(), FileAllowed(["csv"])])
