"""The refusals of acts on information requests, with the contract's codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from aarhus.core.errors import OperationError


class RequestError(OperationError):
    """An act on an information request refused."""

    MESSAGES = {
        "anonymous_not_accepted": _l("Anonymous requests are not considered (Law on appeals, art. 5): give your "
                                     "name and an e-mail address."),
        "wrong_language": _l("The answer must be in the language of the request."),
        "extension_not_allowed": _l("The answer can be extended only once, and only on or before the 15th "
                                    "calendar day."),
        "ground_not_allowed": _l("This information can never be refused as restricted (Access to information, "
                                 "art. 6)."),
        "same_holder": _l("A request cannot be forwarded to the body that received it: choose the body that "
                          "holds the information."),
        "unknown_ground": _l("A refusal needs a ground from the list of the law."),
        "already_closed": _l("This request is already answered, refused or forwarded."),
        "complaint_not_allowed": _l("A complaint is possible against a refusal or a missed deadline, within 3 "
                                    "months."),
        "no_higher_body": _l("No higher body is registered for this holder."),
        "state_changed": _l("Someone else acted on this request a moment ago. Reload the page to see what changed."),
        "wrong_state": _l("There is no answer or refusal of this request to sign."),
        "not_the_signer": _l("Only the officer who answered or refused the request signs its PDF."),
    }
