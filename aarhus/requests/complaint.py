"""The complaint to the higher body, written for the requester: the facts and the legal basis, as text and as PDF.

The requester's private page offers it on a refusal, a missed deadline or an answer that withheld information
(``rules.complaint_reason``): pre-filled in the request's language, to edit and send through the system
(``operations.file_complaint``) or to download as a PDF signed by the installation, to send on paper.
"""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from aarhus.bodies.models import Body, BodyKind
from aarhus.core.dates import in_case, official_date, one_stop
from aarhus.core.extensions import db
from aarhus.core.pdf import render_pdf
from aarhus.requests import labels, rules
from aarhus.requests.models import InfoRequest


def higher_body(request: InfoRequest) -> Body | None:
    """The body a complaint goes to: the holder's parent, else the ministry; never the holder itself."""
    higher = request.holder.parent or db.session.scalars(select(Body).where(Body.kind == BodyKind.ministry)).first()
    return None if higher is None or higher.id == request.holder_id else higher


def reason_of(request: InfoRequest, today: date) -> str | None:
    """What the complaint is against now (refusal, missed_deadline, incomplete), or None."""
    status = rules.public_status(state=request.state.value, due_on=request.due_on, closed_on=request.closed_on,
                                 today=today)
    return rules.complaint_reason(status=status, withheld=bool(request.withheld))


def facts(request: InfoRequest, today: date) -> list[str]:
    """What happened, sentence by sentence, in the request's language (the caller forces the locale)."""
    lang = request.language
    holder = request.holder.name(lang)
    lines = [_("On %(date)s a request for environmental information on «%(subject)s» was sent to %(holder)s and "
               "registered under number %(number)s. The answer was due by %(due)s.",
               date=official_date(request.registered_on, lang, case="locative"), subject=request.subject,
               holder=in_case(holder, "dative", lang), number=request.registration_number,
               due=official_date(request.due_on, lang, case="dative"))]
    if request.extended_at:
        lines.append(_("The time to answer was extended on the ground: %(ground)s.",
                       ground=str(labels.EXTENSION_GROUND_TITLES.get(request.extension_ground or "", ""))))
    reason = reason_of(request, today)
    if reason == "refusal":
        lines.append(_("On %(date)s the provision of the information was refused. Ground given: %(ground)s. "
                       "Reasons given: %(reasons)s",
                       date=official_date(request.closed_on, lang, case="locative"),
                       ground=str(labels.GROUND_TITLES[request.refusal_ground]), reasons=request.refusal_reason))
    elif reason == "missed_deadline" and request.state.value == "answered":
        lines.append(_("The answer was given only on %(date)s, after the due date.",
                       date=official_date(request.closed_on, lang, case="locative")))
    elif reason == "missed_deadline":
        lines.append(_("As of %(today)s no answer has been given: the deadline is missed.",
                       today=official_date(today, lang)))
    elif reason == "incomplete":
        withheld = "; ".join(f"{w['what']} ({labels.GROUND_TITLES.get(w['ground'], w['ground'])})"
                             for w in request.withheld)
        lines.append(_("On %(date)s an answer was given in which part of the information was withheld: %(items)s.",
                       date=official_date(request.closed_on, lang, case="locative"), items=withheld))
    return lines


def legal_basis(request: InfoRequest, today: date) -> list[str]:
    """The articles the complaint rests on."""
    reason = reason_of(request, today)
    lines = []
    if reason == "missed_deadline":
        lines.append(_("The information holder must answer within 15 calendar days of registration (Law of the "
                       "Republic of Kazakhstan «On access to information», art. 11)."))
    else:
        lines.append(_("Access to information may be refused only on the grounds the law lists (Law of the Republic "
                       "of Kazakhstan «On access to information», art. 11, paragraph 16); access to the information "
                       "the law names in art. 6 may not be restricted."))
    lines.append(_("Under art. 18 of the Law of the Republic of Kazakhstan «On access to information», the "
                   "actions (inaction) of an information holder may be appealed to a higher body within three "
                   "months of learning of them."))
    return lines


def draft_text(request: InfoRequest, today: date) -> str:
    """The pre-filled complaint the requester may edit before sending or downloading it."""
    with force_locale(request.language):
        demand = _("I ask you to examine this complaint, to have the information requested provided in full and "
                   "to inform me of the result.")
        return one_stop("\n\n".join([*facts(request, today), *legal_basis(request, today), demand]))


def render(request: InfoRequest, text: str, today: date) -> bytes:
    """The complaint as a PDF in the request's language, signed by the installation (the requester's own copy)."""
    lang = request.language
    higher = higher_body(request)
    with force_locale(lang):
        html = render_template("requests/complaint_pdf.html", req=request, lang=lang, text=text, today=today,
                               holder=request.holder.name(lang), higher=higher.name(lang) if higher else "",
                               reason=reason_of(request, today), labels=labels,
                               basis=legal_basis(request, today))
        return render_pdf(html)
