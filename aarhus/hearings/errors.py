"""The refusals of acts on hearings, with the contract's codes."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from aarhus.core.dates import official_date
from aarhus.core.errors import OperationError
from aarhus.hearings.rules import FIRST_DAY, LAST_DAY


class HearingError(OperationError):
    """An act on a hearing refused."""

    MESSAGES = {
        "not_found": _l("No such hearing."),
        "missing_fields": _l("The notice cannot be published: required fields are empty or missing a language."),
        "not_agreed": _l("The akimat has not agreed the arrangements (Rules p.8–9) yet."),
        "survey_too_short": _l("A survey must last at least 20 working days (Rules p.24)."),
        "notice_too_late": _l("Too late: the notice must be published at least 20 days before the hearing "
                              "(Rules p.10)."),
        "wrong_state": _l("This cannot be done at this stage of the hearing."),
        "comments_closed": _l("Written comments on this hearing are closed."),
        "positions_missing": _l("Every comment needs the initiator's position before the protocol is signed."),
        "not_signed": _l("The protocol needs every signature before it is published."),
        "not_held": _l("The hearing has not ended yet."),
        "not_the_signer": _l("Only the person chosen for this role signs it, from their own account."),
        "already_held": _l("The hearing has already taken place: it can no longer be moved, called off or announced."),
        "agreement_changed": _l("The akimat agreed the date, time and place of the hearing (Rules p.8–9): only the "
                                "akimat changes them, by a new agreement or a postponement."),
        "not_started": _l("The meeting has not begun yet: oral comments and connection complaints are accepted from "
                          "the day of the meeting."),
        "no_meeting": _l("A hearing in the form of a survey has no meeting: oral comments and connection complaints "
                         "are not accepted."),
        "state_changed": _l("Someone else acted on this record a moment ago. Reload the page to see what changed."),
    }


def date_fault_message(fault: str) -> str:
    """What to tell of a date ``rules.date_faults`` refused (the API's field error, the form's message)."""
    if fault == "before_start":
        return _("The last day of the survey cannot be before its first day.")
    return _("Enter a date from %(first)s to %(last)s.", first=official_date(FIRST_DAY, style="numeric"),
             last=official_date(LAST_DAY, style="numeric"))
