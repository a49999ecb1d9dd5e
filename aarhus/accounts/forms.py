"""Sign-in, registration and token forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from aarhus.accounts.operations import MIN_PASSWORD
from aarhus.core.forms import FileField


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class RegisterForm(FlaskForm):
    """A citizen's account: no IIN, no citizenship asked."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
                             description=_l("At least 10 characters."))
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))])


class TokenForm(FlaskForm):
    """Name a new API token."""

    label = StringField(_l("What the token is for"), validators=[Optional(), Length(max=100)])


class PasswordForm(FlaskForm):
    """A new password, after the current one."""

    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
                             description=_l("At least 10 characters."))
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))])


class TrustedCAForm(FlaskForm):
    """A certification authority's certificate to trust for electronic signatures."""

    certificate = FileField(_l("CA certificate (PEM or DER: .pem, .cer, .crt)"), validators=[FileRequired()])
