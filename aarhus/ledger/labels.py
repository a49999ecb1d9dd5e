"""Translated names of the event log's kinds of entry (every kind in ``chain.EVENT_KINDS`` has one)."""

from flask_babel import lazy_gettext as _l

# Translators: what an entry of the tamper-evident event log records.
EVENT_TITLES = {
    "user.created": _l("Account created"),
    "user.disabled": _l("Account disabled"),
    "user.enabled": _l("Account enabled again"),
    "user.role_changed": _l("Account's role or body changed"),
    "user.invited": _l("Invitation sent"),
    "user.invitation_accepted": _l("Invitation accepted, password set"),
    "user.password_reset": _l("Password reset by e-mail"),
    "user.email_confirmed": _l("E-mail address confirmed"),
    "trust.ca_added": _l("Certification authority trusted for e-signatures"),
    "trust.ca_removed": _l("Certification authority no longer trusted"),
    "request.esigned": _l("Answer signed with ЭЦП"),
    "token.issued": _l("API token issued"),
    "token.revoked": _l("API token revoked"),
    "body.created": _l("Public body added"),
    "calendar.override_set": _l("Working-day calendar changed"),
    "calendar.override_removed": _l("Working-day calendar change removed"),
    "rule.version_saved": _l("Deadline rule version saved"),
    "rule.pack_loaded": _l("Deadline rule pack loaded"),
    "deadline.recomputed": _l("Deadline recomputed after a calendar or rule change"),
    "hearing.created": _l("Hearing notice drafted"),
    "hearing.edited": _l("Hearing notice edited"),
    "hearing.document_added": _l("Document added"),
    "hearing.media_notice": _l("Notice in the media recorded"),
    "hearing.agreed": _l("Arrangements agreed with the akimat"),
    "hearing.published": _l("Notice published"),
    "hearing.postponed": _l("Hearing postponed"),
    "hearing.cancelled": _l("Hearing cancelled"),
    "hearing.comment_received": _l("Comment received"),
    "hearing.position": _l("Position on a comment recorded"),
    "hearing.protocol_drafted": _l("Protocol drafted"),
    "hearing.protocol_signed": _l("Protocol signed"),
    "hearing.protocol_published": _l("Protocol published"),
    "hearing.protocol_pdf_stored": _l("Protocol PDF files stored"),
    "hearing.see_conclusion": _l("State expertise conclusion recorded"),
    "hearing.pee_received": _l("Public expertise application received"),
    "hearing.pee_decided": _l("Public expertise application decided"),
    "hearing.pee_deemed_registered": _l("Public expertise application deemed registered"),
    "finding.sent": _l("Audit finding sent to the responsible body"),
    "finding.answered": _l("Audit finding answered by the body"),
    "finding.closed": _l("Audit finding closed"),
    "finding.reopened": _l("Audit finding reopened"),
    "request.registered": _l("Request registered"),
    "request.answered": _l("Request answered"),
    "request.extended": _l("Time for the answer extended"),
    "request.redirected": _l("Request forwarded to the competent body"),
    "request.refused": _l("Request refused"),
    "request.complaint": _l("Complaint filed"),
    "fees.tariff_set": _l("Tariff for paper copies set"),
    "plan.progress_saved": _l("Action-plan progress saved"),
    "plan.submitted": _l("Action-plan summary sent"),
    "report.generated": _l("National report generated"),
    "report.consultation_opened": _l("Public consultation on the draft report opened"),
    "report.consultation_comment": _l("Comment on the draft report received"),
}


def event_title(kind: str) -> str:
    """The translated name of a kind of entry (an unknown kind, from a newer version: its code)."""
    title = EVENT_TITLES.get(kind)
    return str(title) if title is not None else kind
