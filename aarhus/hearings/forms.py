"""Forms of the hearing pages: the notice draft, the workflow steps, comments, subscriptions."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from aarhus.core.db import max_length
from aarhus.core.forms import DateField, FileField, TimeField, options
from aarhus.hearings import rules
from aarhus.hearings.errors import date_fault_message
from aarhus.hearings.labels import CONCLUSIONS, FORMS, MEDIA_LANGUAGES, STANCES
from aarhus.hearings.models import (
    LATITUDES,
    LONGITUDES,
    Agreement,
    Comment,
    ExpertiseApplication,
    Hearing,
    MediaNotice,
    Protocol,
)


def in_calendar(_form: FlaskForm, field: DateField) -> None:
    """A date the statutory calendar covers: no clock runs on another, and the law counts every date here."""
    if field.data is not None and not rules.FIRST_DAY <= field.data <= rules.LAST_DAY:
        raise ValidationError(date_fault_message("outside_calendar"))


def survey_ends_after_it_starts(form: FlaskForm, field: DateField) -> None:
    """A survey's last day is not before its first (the database's ck_hearings_survey_order)."""
    if getattr(getattr(form, "form", None), "data", "survey") != "survey":  # the notice of a meeting keeps no period
        return
    if field.data and form.survey_start.data and field.data < form.survey_start.data:
        raise ValidationError(date_fault_message("before_start"))


class NoticeForm(FlaskForm):
    """The notice: every text in Kazakh and Russian (rules.md §3). Empty fields are allowed in a draft."""

    region = SelectField(_l("Region"), validators=[DataRequired()])
    form = SelectField(_l("Form of the hearing"), choices=options(FORMS.items()))
    title_kk = StringField(_l("Project title in Kazakh"),
                           validators=[Optional(), Length(max=max_length(Hearing.title_kk))])
    title_ru = StringField(_l("Project title in Russian"),
                           validators=[Optional(), Length(max=max_length(Hearing.title_ru))])
    description_kk = TextAreaField(_l("Description in Kazakh"), validators=[Optional()])
    description_ru = TextAreaField(_l("Description in Russian"), validators=[Optional()])
    initiator_name = StringField(_l("Initiator in Kazakh"),
                                 validators=[Optional(), Length(max=max_length(Hearing.initiator_name))])
    initiator_name_ru = StringField(_l("Initiator in Russian"),
                                    validators=[Optional(), Length(max=max_length(Hearing.initiator_name_ru))])
    initiator_bin = StringField(_l("Initiator's BIN"), validators=[Optional(), Regexp(r"^\d{12}$",
                                message=_l("A BIN has 12 digits."))])
    initiator_contacts = StringField(_l("Initiator's contacts in Kazakh"),
                                     validators=[Optional(), Length(max=max_length(Hearing.initiator_contacts))])
    initiator_contacts_ru = StringField(_l("Initiator's contacts in Russian"),
                                        validators=[Optional(), Length(max=max_length(Hearing.initiator_contacts_ru))])
    comments_address = StringField(_l("Web or postal address where comments are accepted"),
                                   validators=[Optional(), Length(max=max_length(Hearing.comments_address))])
    developer_name = StringField(_l("Developer of the documentation, in Kazakh"),
                                 validators=[Optional(), Length(max=max_length(Hearing.developer_name))])
    developer_name_ru = StringField(_l("Developer of the documentation, in Russian"),
                                    validators=[Optional(), Length(max=max_length(Hearing.developer_name_ru))])
    developer_contacts = StringField(_l("Developer's contacts"),
                                     validators=[Optional(), Length(max=max_length(Hearing.developer_contacts))])
    expertise_body = StringField(_l("Body carrying out the state ecological expertise, in Kazakh"),
                                 validators=[Optional(), Length(max=max_length(Hearing.expertise_body))])
    expertise_body_ru = StringField(_l("Body carrying out the state ecological expertise, in Russian"),
                                    validators=[Optional(), Length(max=max_length(Hearing.expertise_body_ru))])
    address_kk = StringField(_l("Project location in Kazakh"),
                             validators=[Optional(), Length(max=max_length(Hearing.address_kk))])
    address_ru = StringField(_l("Project location in Russian"),
                             validators=[Optional(), Length(max=max_length(Hearing.address_ru))])
    districts = StringField(_l("Affected districts in Kazakh"),
                            validators=[Optional(), Length(max=max_length(Hearing.districts))])
    districts_ru = StringField(_l("Affected districts in Russian"),
                               validators=[Optional(), Length(max=max_length(Hearing.districts_ru))])
    lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(*LATITUDES)])
    lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(*LONGITUDES)])
    hearing_date = DateField(_l("Date of the meeting"), validators=[Optional(), in_calendar])
    hearing_time = TimeField(_l("Time of the meeting"), validators=[Optional()])
    place_kk = StringField(_l("Place of the meeting in Kazakh"),
                           validators=[Optional(), Length(max=max_length(Hearing.place_kk))])
    place_ru = StringField(_l("Place of the meeting in Russian"),
                           validators=[Optional(), Length(max=max_length(Hearing.place_ru))])
    video_url = URLField(_l("Video link (hybrid meeting)"), validators=[Optional(), URL()])
    survey_start = DateField(_l("First day of the survey"), validators=[Optional(), in_calendar])
    survey_end = DateField(_l("Last day of the survey"), validators=[Optional(), in_calendar,
                                                                     survey_ends_after_it_starts])
    documentation_url = URLField(_l("Web address of the documentation"), validators=[Optional(), URL()])


class DocumentForm(FlaskForm):
    """Upload a project document."""

    file = FileField(_l("Document (PDF, DOCX, PNG or JPEG)"), validators=[FileRequired()])


class MediaNoticeForm(FlaskForm):
    """A notice in the media."""

    outlet = StringField(_l("Newspaper, TV or radio"),
                         validators=[DataRequired(), Length(max=max_length(MediaNotice.outlet))])
    published_on = DateField(_l("Published on"), validators=[InputRequired(), in_calendar])
    language = SelectField(_l("Language"), choices=options(MEDIA_LANGUAGES.items()))


class AgreementForm(FlaskForm):
    """The akimat's agreement of the arrangements (Rules p.8–9)."""

    place_kk = StringField(_l("Place in Kazakh"), validators=[Optional(), Length(max=max_length(Agreement.place_kk))])
    place_ru = StringField(_l("Place in Russian"), validators=[Optional(), Length(max=max_length(Agreement.place_ru))])
    hearing_time = TimeField(_l("Time"), validators=[Optional()])
    invitees = TextAreaField(_l("Preliminary list of the interested public"), validators=[DataRequired()])
    information_methods = TextAreaField(_l("How the public is informed"), validators=[DataRequired()],
                                        description=_l("Media, information sheets, stands, letters…"))
    responsible_officer_id = SelectField(_l("Responsible officer"), coerce=int)


class PostponeForm(FlaskForm):
    """New dates; a new lawful notice is needed."""

    hearing_date = DateField(_l("New date of the meeting"), validators=[Optional(), in_calendar])
    survey_start = DateField(_l("New first day of the survey"), validators=[Optional(), in_calendar])
    survey_end = DateField(_l("New last day of the survey"), validators=[Optional(), in_calendar,
                                                                         survey_ends_after_it_starts])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired()])


class CancelForm(FlaskForm):
    """Cancel with a public reason."""

    reason = TextAreaField(_l("Reason for cancelling"), validators=[DataRequired()])


E_MAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE = re.compile(r"^\+?[\d\s()-]+$")
RECEIPT_HINT = _l("The receipt is sent only to an e-mail address.")


def is_e_mail(contact: str) -> bool:
    """Whether a contact is an e-mail address (the receipt goes to it); otherwise it is a phone number."""
    return bool(E_MAIL.match(contact.strip()))


def e_mail_or_phone(form: FlaskForm, field: StringField) -> None:
    """Rules §3: a comment needs a contact, an e-mail address or a phone number (10 to 15 digits)."""
    value = (field.data or "").strip()
    digits = sum(char.isdigit() for char in value)
    if not (is_e_mail(value) or (PHONE.match(value) and 10 <= digits <= 15)):
        raise ValidationError(_l("Enter an e-mail address (name@example.kz) or a phone number (+7 701 234 56 78)."))


class CommentForm(FlaskForm):
    """A citizen's written comment; the contact is never published."""

    author_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=max_length(Comment.author_name))])
    contact = StringField(_l("E-mail or phone (not published)"), description=RECEIPT_HINT,
                          validators=[DataRequired(), Length(max=max_length(Comment.contact)), e_mail_or_phone])
    show_name = RadioField(_l("Show with my comment"), default="name",
                           choices=options([("name", _l("my name")), ("initials", _l("my initials only"))]))
    text = TextAreaField(_l("Your comment or proposal"),
                         validators=[DataRequired(), Length(max=max_length(Comment.text))])


class ConnectionComplaintForm(FlaskForm):
    """A participant of a video meeting could not connect."""

    author_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=max_length(Comment.author_name))])
    contact = StringField(_l("E-mail or phone (not published)"), description=RECEIPT_HINT,
                          validators=[DataRequired(), Length(max=max_length(Comment.contact)), e_mail_or_phone])
    text = TextAreaField(_l("What happened"), validators=[DataRequired(), Length(max=5000)])


class OralCommentForm(FlaskForm):
    """A comment made orally at the meeting, entered by the officer."""

    author_name = StringField(_l("Speaker"), validators=[DataRequired(), Length(max=max_length(Comment.author_name))])
    contact = StringField(_l("Speaker's contact (not published)"),
                          validators=[DataRequired(), Length(max=max_length(Comment.contact))])
    text = TextAreaField(_l("Comment, verbatim or faithfully summarised"), validators=[DataRequired()])


class PositionForm(FlaskForm):
    """The initiator's position on a comment."""

    stance = RadioField(_l("Position"), choices=options(STANCES.items()), validators=[DataRequired()])
    reasons = TextAreaField(_l("Reasons"), validators=[DataRequired()])


class ProtocolForm(FlaskForm):
    """The record of the meeting for the protocol."""

    attendees = IntegerField(_l("Number of participants"), validators=[InputRequired(), NumberRange(min=0)])
    attendee_list = TextAreaField(_l("Participants (organisations, bodies)"), validators=[Optional()])
    eia_presented = BooleanField(_l("The impact assessment report was presented"))
    chair_id = SelectField(_l("Signs as chair (a survey: the person responsible)"), validators=[DataRequired()])
    chair_name = StringField(_l("Chair (elected at the meeting)"),
                             validators=[Optional(), Length(max=max_length(Protocol.chair_name))])
    secretary_id = SelectField(_l("Signs as secretary (another person)"), validators=[Optional()])
    secretary_name = StringField(_l("Secretary"),
                                 validators=[Optional(), Length(max=max_length(Protocol.secretary_name))])
    appeal_kk = TextAreaField(_l("How to appeal, in Kazakh"), validators=[Optional()])
    appeal_ru = TextAreaField(_l("How to appeal, in Russian"), validators=[Optional()])


class SubscribeForm(FlaskForm):
    """Subscribe to a region's new hearings."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])
    region = SelectField(_l("Region"), validators=[Optional()])


class ConclusionForm(FlaskForm):
    """The state ecological expertise conclusion, as received by the operator."""

    received_on = DateField(_l("Received by the operator on"), validators=[InputRequired(), in_calendar])
    outcome = SelectField(_l("Conclusion"), choices=options(CONCLUSIONS.items()))
    summary_kk = TextAreaField(_l("Summary in Kazakh"), validators=[Optional()])
    summary_ru = TextAreaField(_l("Summary in Russian"), validators=[Optional()])
    file = FileField(_l("The conclusion (PDF)"), validators=[FileRequired()])


class ApplicationForm(FlaskForm):
    """An incoming public ecological expertise application."""

    organiser = StringField(_l("Organiser (organisation or group)"),
                            validators=[DataRequired(), Length(max=max_length(ExpertiseApplication.organiser))])
    contact = StringField(_l("Contact (not published)"),
                          validators=[DataRequired(), Length(max=max_length(ExpertiseApplication.contact))])
    received_on = DateField(_l("Received on"), validators=[InputRequired(), in_calendar])


class DecisionForm(FlaskForm):
    """Register or refuse a public ecological expertise."""

    decision = RadioField(_l("Decision"), choices=options([("registered", _l("Register the expertise")),
                                                           ("refused", _l("Refuse"))]), validators=[DataRequired()])
    reasons = TextAreaField(_l("Reasons (required for a refusal)"), validators=[Optional()])
