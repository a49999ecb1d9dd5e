"""Sign-in, registration and token forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

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
    consent = BooleanField(
        _l("I consent to the processing of my personal data (name and e-mail address) for my account and my "
           "participation, under the Law of the Republic of Kazakhstan of 21 May 2013 No. 94-V «On personal data "
           "and their protection»."),
        validators=[DataRequired(_l("Without your consent to the processing of personal data the account cannot "
                                    "be opened."))])


class NewPasswordForm(FlaskForm):
    """A password set through a mailed link: an invitation or a reset."""

    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
                             description=_l("At least 10 characters."))
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))])


class ForgotForm(FlaskForm):
    """The e-mail address of an account whose password is forgotten."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResendForm(FlaskForm):
    """Send the confirmation link again."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class InviteForm(FlaskForm):
    """An administrator invites someone: e-mail, name, role, and a body for officers."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), validators=[InputRequired()])
    body = SelectField(_l("Body (akimat officers only)"), validators=[Optional()])


class RoleForm(FlaskForm):
    """An administrator changes an account's role and body."""

    role = SelectField(_l("Role"), validators=[InputRequired()])
    body = SelectField(_l("Body (akimat officers only)"), validators=[Optional()])


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
