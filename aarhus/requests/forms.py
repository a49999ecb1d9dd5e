"""Forms of the request pages: filing, the officer's acts, the complaint, the tariff."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from aarhus.core.db import max_length
from aarhus.core.forms import DateField, MultipleFileField, options
from aarhus.requests.labels import (
    ANSWER_FORMS,
    CATEGORY_TITLES,
    EXEMPTION_TITLES,
    EXTENSION_GROUND_TITLES,
    GROUND_TITLES,
)
from aarhus.requests.models import Complaint, FeeTariff, InfoRequest
from aarhus.requests.rules import MAX_PAGE_PRICE_TIYN


class RequestForm(FlaskForm):
    """A request: who asks (required), whom, what; never why (no purpose may be required)."""

    requester_name = StringField(_l("Your name or the name of your organisation"),
                                 validators=[DataRequired(), Length(max=max_length(InfoRequest.requester_name))])
    contact_email = EmailField(_l("E-mail for the answer and notices"), validators=[DataRequired(), Email()])
    holder = SelectField(_l("Body that holds the information"), validators=[DataRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=max_length(InfoRequest.subject))])
    text = TextAreaField(_l("What information do you ask for?"),
                         validators=[DataRequired(), Length(max=max_length(InfoRequest.text))],
                         description=_l("Describe the information so that it can be identified: object, place, "
                                        "period."))
    categories = SelectMultipleField(_l("Categories"), choices=options(CATEGORY_TITLES.items()),
                                     validators=[Optional()])
    language = RadioField(_l("Language of the answer"), default="kk",
                          choices=options([("kk", "Қазақша"), ("ru", "Русский")]))
    answer_form = RadioField(_l("Form of the answer"), default="electronic", choices=options(ANSWER_FORMS.items()))
    postal_address = StringField(_l("Postal address (for a paper answer)"),
                                 validators=[Optional(), Length(max=max_length(InfoRequest.postal_address))])
    fee_exemption = SelectField(_l("Exemption from copying costs (paper answers)"), validators=[Optional()],
                                choices=options([("", _l("No exemption")), *EXEMPTION_TITLES.items()]))


class AnswerForm(FlaskForm):
    """The answer, in the request's language, with files and what is withheld."""

    text = TextAreaField(_l("Answer"), validators=[DataRequired()])
    files = MultipleFileField(_l("Files (PDF, DOCX, PNG, JPEG)"))
    withheld_what = TextAreaField(_l("Withheld parts (partial answer), one per line"), validators=[Optional()])
    withheld_ground = SelectField(_l("Ground for the withheld parts"), validators=[Optional()],
                                  choices=options([("", "—"), *GROUND_TITLES.items()]))
    pages = IntegerField(_l("Pages copied or printed (paper answer)"), default=0,
                         validators=[Optional(), NumberRange(min=0, max=10000)])


class ExtendForm(FlaskForm):
    """The one extension, on the ground the law names, decided by the head of the holder."""

    ground = RadioField(_l("Ground"), choices=options(EXTENSION_GROUND_TITLES.items()), default="several_holders",
                        validators=[DataRequired()])
    decided_by = StringField(_l("Decided by the head of the body (name and post)"),
                             validators=[DataRequired(), Length(max=max_length(InfoRequest.extension_decided_by))])
    reason = TextAreaField(_l("Reason for the extension"), validators=[DataRequired()])


class RedirectForm(FlaskForm):
    """Forward to the competent holder."""

    to_holder = SelectField(_l("Competent holder"), validators=[DataRequired()])
    reason = TextAreaField(_l("Why this body holds the information"), validators=[DataRequired()])


class RefuseForm(FlaskForm):
    """A motivated refusal on a ground from the closed list."""

    ground = SelectField(_l("Ground"), choices=options([("", _l("Choose the ground"))] + list(GROUND_TITLES.items())),
                         validators=[DataRequired()])
    state_secret = BooleanField(_l("The information is a state secret (legal acts and budget information only)"))
    reason = TextAreaField(_l("Reasons"), validators=[DataRequired()])


class ComplaintForm(FlaskForm):
    """A complaint to the higher body."""

    text = TextAreaField(_l("Your complaint"), validators=[DataRequired(), Length(max=max_length(Complaint.text))])


class TariffForm(FlaskForm):
    """The per-page tariff for paper copies."""

    price = DecimalField(_l("Price of one page, tenge"), places=2, validators=[InputRequired()])
    effective_from = DateField(_l("In force from"), validators=[InputRequired()])
    legal_basis = StringField(_l("Legal basis"),
                              validators=[DataRequired(), Length(max=max_length(FeeTariff.legal_basis))])

    def validate_price(self, field: DecimalField) -> None:
        """A finite amount in tenge from 0 to the maximum, in whole tiyn (Decimal reads 1e30, Infinity and NaN)."""
        value, most = field.data, Decimal(MAX_PAGE_PRICE_TIYN) / 100
        if value is None:
            return
        if not value.is_finite() or not 0 <= value <= most or value != value.quantize(Decimal("0.01")):
            raise ValidationError(_("Enter the price in tenge: an amount from 0 to %(max)s with at most two "
                                    "decimals, for example %(example)s.", max=format_decimal(most), example="25.50"))
