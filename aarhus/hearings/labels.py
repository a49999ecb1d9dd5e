"""Translated names of hearing forms, statuses, stances and channels."""

from flask_babel import lazy_gettext as _l

FORMS = {"open_meeting": _l("Open meeting"), "survey": _l("Survey")}
STATUSES = {
    "draft": _l("Draft"),
    "agreed": _l("Agreed with the akimat"),
    "upcoming": _l("Announced"),
    "in_progress": _l("Under way"),
    "awaiting_protocol": _l("Awaiting the protocol"),
    "protocol_overdue": _l("Protocol overdue"),
    "protocol_published": _l("Protocol published"),
    "cancelled": _l("Cancelled"),
    "postponed": _l("Postponed: a new notice will follow"),
}
STANCES = {"accepted": _l("Accepted"), "partly": _l("Partly accepted"), "rejected": _l("Not accepted")}
CHANNELS = {"web": _l("Website"), "api": _l("Website"), "email": _l("E-mail"), "post": _l("Post"),
            "oral": _l("Oral, at the meeting")}
MEDIA_LANGUAGES = {"both": _l("Kazakh and Russian"), "kk": _l("Kazakh"), "ru": _l("Russian")}
CONCLUSIONS = {"positive": _l("Positive (agreed)"), "negative": _l("Negative (not agreed)")}
EXPERTISE = {"pending": _l("Awaiting decision"), "registered": _l("Registered"), "refused": _l("Refused"),
             "deemed_registered": _l("Deemed registered (no decision in time)")}
# The notice's required fields by their contract names (``rules.missing_fields``), named as the notice form names
# them, so that the gate never shows a code.
NOTICE_FIELDS = {
    "title.kk": _l("Project title in Kazakh"), "title.ru": _l("Project title in Russian"),
    "description.kk": _l("Description in Kazakh"), "description.ru": _l("Description in Russian"),
    "initiator.name": _l("Initiator in Kazakh"), "initiator.bin": _l("Initiator's BIN"),
    "initiator.contacts": _l("Initiator's contacts in Kazakh"),
    "initiator.contacts.ru": _l("Initiator's contacts in Russian"),
    "initiator.comments_address": _l("Web or postal address where comments are accepted"),
    "documentation_developer.name": _l("Developer of the documentation, in Kazakh"),
    "documentation_developer.name.ru": _l("Developer of the documentation, in Russian"),
    "documentation_developer.contacts": _l("Developer's contacts"),
    "expertise_body": _l("Body carrying out the state ecological expertise, in Kazakh"),
    "expertise_body.ru": _l("Body carrying out the state ecological expertise, in Russian"),
    "location.address.kk": _l("Project location in Kazakh"), "location.address.ru": _l("Project location in Russian"),
    "location.districts": _l("Affected districts in Kazakh"),
    "location.districts.ru": _l("Affected districts in Russian"),
    "hearing_date": _l("Date of the meeting"), "hearing_time": _l("Time of the meeting"),
    "place.kk": _l("Place of the meeting in Kazakh"), "place.ru": _l("Place of the meeting in Russian"),
    "survey_start": _l("First day of the survey"), "survey_end": _l("Last day of the survey"),
    "documentation_url": _l("Project documentation: a file or its web address"),
    "media_notices": _l("Notices in the media in Kazakh and Russian"),
}
