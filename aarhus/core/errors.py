"""Refusals of business operations, with the contract's codes and translated messages."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "forbidden": _l("Your role or region does not allow this."),
    "not_found": _l("Not found."),
    "invalid": _l("Some values are missing or invalid."),
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
    "bad_file": _l("Only PDF, DOCX, PNG and JPEG files are accepted."),
    "file_too_large": _l("The file is too large."),
    "anonymous_not_accepted": _l("Anonymous requests are not considered (Law on appeals, art. 5): give your name "
                                 "and an e-mail address."),
    "wrong_language": _l("The answer must be in the language of the request."),
    "extension_not_allowed": _l("The answer can be extended only once, and only on or before the 15th calendar "
                                "day."),
    "ground_not_allowed": _l("This information can never be refused as restricted (Access to information, art. 6)."),
    "unknown_ground": _l("A refusal needs a ground from the list of the law."),
    "already_closed": _l("This request is already answered, refused or forwarded."),
    "complaint_not_allowed": _l("A complaint is possible against a refusal or a missed deadline, within 3 months."),
    "no_higher_body": _l("No higher body is registered for this holder."),
    "busy": _l("The system is busy. Please try again."),
}


class OperationError(Exception):
    """An operation refused; ``status`` is the HTTP status an API answers with."""

    def __init__(self, code: str, status: int = 422, **details: Any) -> None:
        super().__init__(code)
        self.code, self.status, self.details = code, status, details

    @property
    def message(self) -> str:
        """The translated message for this code."""
        return str(MESSAGES.get(self.code, MESSAGES["invalid"]))
