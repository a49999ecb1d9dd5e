"""Pure rules of hearings: the life cycle, required notice fields, the publication gate, the public status.

Every function takes values and ``today``; none reads the clock or the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from aarhus.deadlines import Calendar, RulePack, due_on
from aarhus.deadlines.calendar import FIRST_YEAR, LAST_YEAR

BIN_PATTERN = re.compile(r"^\d{12}$")
# The days the statutory calendar knows: a hearing's dates and the dates of acts lie within them.
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)

# --- the life cycle ----------------------------------------------------------------------
# Stages of a hearing, derived from what is stored (the state people set, and the protocol's acts):
#   draft → agreed → published → signing (a signature is on the protocol) → closed (protocol published)
#   draft / agreed / published → cancelled; agreed / published → agreed again when postponed.
STAGES = ("draft", "agreed", "published", "signing", "closed", "cancelled")

# Who acts: "officer" = an akimat officer of the hearing's region; "runner" = the officer or the initiator who
# drafted the hearing; "anyone" = the public (written comments).
# Each act → for each kind of actor, the stages in which that actor may do it. Operations, the API, the pages and
# the templates all ask this table (through ``permissions.allowed_actions``); nothing else decides.
ACTS: dict[str, dict[str, frozenset[str]]] = {
    "edit": {"runner": frozenset({"draft", "agreed"})},
    "add_document": {"runner": frozenset({"draft", "agreed", "published", "signing", "closed"})},
    "add_media_notice": {"runner": frozenset({"draft", "agreed", "published"})},  # and only before the hearing
    "agree": {"officer": frozenset({"draft", "agreed"})},
    "publish": {"officer": frozenset({"draft", "agreed"})},
    "postpone": {"officer": frozenset({"agreed", "published"})},  # and not once it has been held
    "cancel": {"officer": frozenset({"draft", "agreed", "published"}), "runner": frozenset({"draft", "agreed"})},
    # Comments close with the comment window (Rules p.13), and all of them once the protocol is signed.
    "comment": {"anyone": frozenset({"published"})},
    "connection_complaint": {"anyone": frozenset({"published"})},
    "oral_comment": {"officer": frozenset({"published"})},  # and only from the day of the meeting
    "set_position": {"runner": frozenset({"published"})},
    "draft_protocol": {"officer": frozenset({"published"})},  # and only once the hearing has ended
    "sign_protocol": {"officer": frozenset({"published", "signing"})},  # once drafted
    "publish_protocol": {"officer": frozenset({"signing"})},  # once every signature is on it
    "post_conclusion": {"officer": frozenset({"published", "signing", "closed"})},
    "receive_application": {"officer": frozenset({"published", "signing", "closed"})},
    "decide_application": {"officer": frozenset({"published", "signing", "closed"})},
}


def stage(*, state: str, signed: bool, protocol_published: bool) -> str:
    """The stage of the life cycle from the stored state and the protocol's acts."""
    if state == "cancelled":
        return "cancelled"
    if protocol_published:
        return "closed"
    if state == "published" and signed:
        return "signing"
    return state


def is_public(state: str, ever_published: bool = False) -> bool:
    """Published hearings are public, and so stays one cancelled or postponed after its publication: what was public
    never disappears. A hearing never published is not, whatever became of it: a draft called off before its notice
    is withdrawn, not announced."""
    return state == "published" or ever_published


def calendar_refusals(*, state: str, start_on: date | None, end_on: date | None, comments_close_on: date | None,
                      today: date) -> dict[str, str]:
    """The acts the calendar forbids today, each with the code of its refusal."""
    refused = {}
    # rules.md §3: oral comments are those made at the meeting; the link that failed, too, comes with it.
    if start_on is None or today < start_on:
        refused["oral_comment"] = refused["connection_complaint"] = "not_started"
    if not comments_open(state=state, closes_on=comments_close_on, today=today):
        refused["comment"] = "comments_closed"
    if end_on is None or today < end_on:
        refused["draft_protocol"] = "not_held"
    # A held hearing is a fact: it is neither moved nor called off. One never published was never held: its
    # officer may still move it or call it off, however long ago its date passed.
    if state == "published" and end_on is not None and today > end_on:
        refused["postpone"] = refused["cancel"] = "already_held"
    if start_on is not None and today >= start_on:  # media notices announce the hearing (Rules p.10)
        refused["add_media_notice"] = "already_held"
    return refused


def refusal_code(act: str, stage_now: str, kinds: set[str]) -> str | None:
    """None if the table allows the act; "forbidden" if only someone else could do it now; else "wrong_state"."""
    by_kind = ACTS[act]
    if any(stage_now in by_kind.get(kind, ()) for kind in kinds):
        return None
    if any(stage_now in stages for stages in by_kind.values()):
        return "forbidden"
    return "wrong_state"


# rules.md §3: each text in Kazakh and Russian; the rest once. Name → attribute.
COMMON_FIELDS = {
    "title.kk": "title_kk", "title.ru": "title_ru",
    "description.kk": "description_kk", "description.ru": "description_ru",
    "initiator.name": "initiator_name", "initiator.bin": "initiator_bin",
    "initiator.contacts": "initiator_contacts", "initiator.contacts.ru": "initiator_contacts_ru",
    "initiator.comments_address": "comments_address",
    "documentation_developer.name": "developer_name", "documentation_developer.name.ru": "developer_name_ru",
    "documentation_developer.contacts": "developer_contacts",
    "expertise_body": "expertise_body", "expertise_body.ru": "expertise_body_ru",
    "location.address.kk": "address_kk", "location.address.ru": "address_ru",
    "location.districts": "districts", "location.districts.ru": "districts_ru",
}
MEETING_FIELDS = {"hearing_date": "hearing_date", "hearing_time": "hearing_time",
                  "place.kk": "place_kk", "place.ru": "place_ru"}
SURVEY_FIELDS = {"survey_start": "survey_start", "survey_end": "survey_end"}
# Rules p.8–9: what of the notice the akimat's agreement fixes, by form: the day, the hour and the place of the
# meeting, or the survey's period. Once agreed, only the akimat changes them (a new agreement, a postponement).
AGREED_FIELDS = {"open_meeting": {"hearing_date": "hearing_date", "hearing_time": "hearing_time",
                                  "place.kk": "place_kk", "place.ru": "place_ru"},
                 "survey": SURVEY_FIELDS}


def changed_arrangements(form: str, agreed: dict[str, Any], given: dict[str, Any]) -> list[str]:
    """The agreed arrangements (contract names) that ``given`` sets otherwise than ``agreed``; what ``given`` does
    not name is not compared."""
    return [name for name, attr in AGREED_FIELDS[form].items() if attr in given and given[attr] != agreed.get(attr)]


def missing_fields(values: dict[str, Any], form: str, has_documents: bool,
                   media_languages: set[str]) -> list[str]:
    """The notice fields that are empty, in contract names (``title.kk`` …)."""
    required = {**COMMON_FIELDS, **(SURVEY_FIELDS if form == "survey" else MEETING_FIELDS)}
    missing = [name for name, attr in required.items() if values.get(attr) in (None, "")]
    if values.get("initiator_bin") and not BIN_PATTERN.match(values["initiator_bin"]):
        missing.append("initiator.bin")
    if not values.get("documentation_url") and not has_documents:
        missing.append("documentation_url")
    # Rules p.10, p.24: the media notice appears in Kazakh and Russian.
    if not ({"kk", "ru"} <= media_languages or "both" in media_languages):
        missing.append("media_notices")
    return missing


@dataclass(frozen=True)
class GateRefusal:
    """Why a hearing may not be published, with the contract's code and details."""

    code: str
    details: dict[str, Any] = field(default_factory=dict)


def check_publication(*, form: str, start_on: date | None, end_on: date | None, agreed: bool,
                      missing: list[str], today: date, pack: RulePack, calendar: Calendar) -> GateRefusal | None:
    """None when publishing today is lawful, else the first reason it is not (the contract's one code)."""
    refusals = publication_refusals(form=form, start_on=start_on, end_on=end_on, agreed=agreed, missing=missing,
                                    today=today, pack=pack, calendar=calendar)
    return refusals[0] if refusals else None


def publication_refusals(*, form: str, start_on: date | None, end_on: date | None, agreed: bool,
                         missing: list[str], today: date, pack: RulePack, calendar: Calendar) -> list[GateRefusal]:
    """Every reason publishing today is not lawful, in the order the gate asks them; [] when it is.

    The dates are judged whenever they are filled in, so an officer learns of a too-early hearing date together
    with the empty fields, not after filling them in.
    """
    refusals = [GateRefusal("missing_fields", {"fields": missing})] if missing else []
    if not agreed:
        refusals.append(GateRefusal("not_agreed"))
    if start_on is None:
        return refusals
    if form == "survey" and end_on is not None:
        shortest = due_on(pack.rule("hearing.survey_end", start_on), start_on, calendar)
        if end_on < shortest:
            refusals.append(GateRefusal("survey_too_short", {"earliest_survey_end": shortest.isoformat()}))
    notice = pack.rule("hearing.notice", start_on)
    latest = due_on(notice, start_on, calendar)
    if today > latest:
        refusals.append(GateRefusal("notice_too_late", {
            "latest_notice_on": latest.isoformat(),
            "earliest_hearing_date": earliest_hearing_date(today, pack, calendar).isoformat()}))
    return refusals


def date_faults(form: str, dates: dict[str, date | None]) -> dict[str, str]:
    """The hearing's dates the law cannot count with, each with why: ``outside_calendar`` or ``before_start`` (a
    survey's last day before its first)."""
    faults = {name: "outside_calendar" for name, day in dates.items()
              if day is not None and not FIRST_DAY <= day <= LAST_DAY}
    start, end = dates.get("survey_start"), dates.get("survey_end")
    if form == "survey" and not faults and start and end and end < start:
        faults["survey_end"] = "before_start"
    return faults


def earliest_hearing_date(today: date, pack: RulePack, calendar: Calendar) -> date:
    """The first hearing date a notice published today can lawfully announce."""
    rule = pack.rule("hearing.notice", today)
    candidate = today + timedelta(days=1)
    while due_on(rule, candidate, calendar) < today:  # at most a few dozen steps
        candidate += timedelta(days=1)
    return candidate


def notice_published_on(portal: date | None, media: list[tuple[str, date]]) -> date | None:
    """The day the last required publication appeared: the portal, the media in Kazakh, the media in Russian (a
    bilingual outlet counts for both; the first in each language counts). None while one of them is missing."""
    first = {lang: min((on for language, on in media if language in (lang, "both")), default=None)
             for lang in ("kk", "ru")}
    required = [portal, first["kk"], first["ru"]]
    return None if None in required else max(required)


def comments_close_on(form: str, start_on: date, end_on: date, pack: RulePack, calendar: Calendar) -> date:
    """Last day written comments are accepted (Rules p.13; a survey: its last day)."""
    if form == "survey":
        return end_on
    return due_on(pack.rule("hearing.comments", start_on), start_on, calendar)


def protocol_due_on(end_on: date, pack: RulePack, calendar: Calendar) -> date:
    """Protocol published within 7 WD of the hearing or the survey's end (Rules p.19, p.25, p.27)."""
    return due_on(pack.rule("hearing.protocol", end_on), end_on, calendar)


def public_status(*, state: str, start_on: date | None, end_on: date | None,
                  protocol_due: date | None, protocol_published: bool, today: date,
                  ever_published: bool = False) -> str:
    """What the public sees; ``draft`` and ``agreed`` hearings are not public, unless postponed after publication."""
    if state == "cancelled":
        return "cancelled"
    if state == "agreed" and ever_published:
        return "postponed"
    if state != "published":
        return state
    if protocol_published:
        return "protocol_published"
    if start_on and today < start_on:
        return "upcoming"
    if end_on and today <= end_on:
        return "in_progress"
    if protocol_due and today > protocol_due:
        return "protocol_overdue"
    return "awaiting_protocol"


def days_left(target: date | None, today: date) -> int | None:
    """Calendar days from today to ``target`` (negative once passed)."""
    return (target - today).days if target else None


def comments_open(*, state: str, closes_on: date | None, today: date) -> bool:
    """Written comments are accepted while published and until the end of the closing day."""
    return state == "published" and closes_on is not None and today <= closes_on


def signatures_needed(form: str) -> tuple[str, ...]:
    """Chair and secretary for an open meeting (Annex 3); the responsible person for a survey (Annex 4)."""
    return ("chair", "secretary") if form == "open_meeting" else ("chair",)


def can_finalise_protocol(comment_ids: set[int], positioned_ids: set[int]) -> bool:
    """A protocol cannot be finalised while a comment has no position."""
    return comment_ids <= positioned_ids


# A public-expertise application: pending → registered | refused by the akimat's decision, or pending →
# deemed_registered once its pee.registration day has passed undecided (EC art. 65). Only a pending one is decided.
def expertise_status(*, decision: str | None, due_on: date, today: date) -> str:
    """registered / refused as decided; pending until the due day; deemed registered after it (EC art. 65)."""
    if decision:
        return decision
    return "deemed_registered" if today > due_on else "pending"


def application_decisions(*, decision: str | None, deemed: bool, due_on: date, today: date) -> set[str]:
    """The decisions still open: both while pending; past its day it is deemed registered, so a late decision may
    only confirm the registration (refusing it is refused); none once decided or recorded as deemed."""
    if decision or deemed:
        return set()
    if expertise_status(decision=None, due_on=due_on, today=today) == "deemed_registered":
        return {"registered"}
    return {"registered", "refused"}
