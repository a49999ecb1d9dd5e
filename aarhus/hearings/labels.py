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
