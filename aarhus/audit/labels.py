"""Translated names of what the audit shows: rule families, the records findings are about, evidence keys and values.

Every code a finding carries is shown through these tables (or the catalogue's titles), never raw.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

# Translators: a family of audit rules (the letters before the number of a rule, e.g. HN-01).
FAMILY_TITLES = {
    "HN": _l("Notice"), "HD": _l("Documentation"), "HA": _l("Agreement with the akimat"), "HS": _l("Survey"),
    "HP": _l("Protocol"), "SE": _l("State expertise"), "PE": _l("Public expertise"),
    "IR": _l("Information requests"), "AP": _l("Action plans"), "AU": _l("Answers to findings"),
}



def family_colours(families: list[str]) -> list[str]:
    """Each family's colour in the charts, by its place in ``FAMILY_TITLES`` (the same family, the same colour, on
    every page and in every report, whatever other families have findings)."""
    from aarhus.core.charts import PALETTE

    order = list(FAMILY_TITLES)
    return [PALETTE[order.index(f) % len(PALETTE)] if f in order else PALETTE[-1] for f in families]


# Translators: the kind of record an audit finding is about.
SUBJECT_TITLES = {
    "hearing": _l("Hearing"), "monitored_hearing": _l("Hearing found by the monitoring"),
    "request": _l("Information request"), "expertise_conclusion": _l("State expertise conclusion"),
    "expertise_application": _l("Public expertise application"), "plan_item": _l("Action-plan item"),
    "plan_report": _l("Action-plan report"), "plan_submission": _l("Action-plan summary to the Government"),
    "finding": _l("Audit finding sent to the body"),
}

# Translators: a line of an audit finding's evidence.
EVIDENCE_TITLES = {
    "notice_due_on": _l("Notice due by"), "notice_on": _l("Notice published on"),
    "notice_first_on": _l("Notice first published on"), "notice_kk": _l("Notice in Kazakh"),
    "notice_ru": _l("Notice in Russian"), "fields_complete": _l("All required fields of the notice"),
    "documents_due_on": _l("Documentation due by"), "documents_on": _l("Documentation opened on"),
    "agreement_on": _l("Arrangements agreed on"), "end_on": _l("Last day of the survey"),
    "survey_min_end_on": _l("Earliest lawful last day of the survey"),
    "protocol_due_on": _l("Protocol due by"), "protocol_on": _l("Protocol published on"),
    "comments_received": _l("Comments received"), "comments_in_protocol": _l("Comments in the protocol"),
    "has_appeal": _l("The protocol states how to appeal"), "has_signers": _l("The protocol is signed"),
    "due_on": _l("Due by"), "answer_due_on": _l("Answer due by"), "closed_on": _l("Closed on"),
    "state": _l("State"), "extended_on": _l("Extended on"),
    "extension_notified_on": _l("Requester told of the extension on"),
    "extension_notice_due_on": _l("Notice of the extension due by"),
    "redirect_due_on": _l("Forwarding due by"), "refusal_due_on": _l("Refusal due by"),
    "refusal_ground": _l("Ground of the refusal"), "language": _l("Language of the request"),
    "answer_language": _l("Language of the answer"), "received_on": _l("Received on"),
    "published_on": _l("Published on"), "decided_on": _l("Decided on"), "concept": _l("Concept"),
    "item": _l("Item"), "produced_on": _l("Report produced on"), "sent_on": _l("Sent on"),
    "finding_rule": _l("Rule of the finding"), "answered_on": _l("Answered on"), "case_state": _l("State of the case"),
    "log": _l("Log"),
}

# Translators: the state of an audit finding as a case.
CASE_STATES = {"open": _l("Open"), "sent": _l("Sent to the body"), "answered": _l("Answered by the body"),
               "closed": _l("Closed")}

# Translators: the state of an information request, as an audit finding's evidence names it.
REQUEST_STATES = {"registered": _l("Registered, awaiting the answer"), "answered": _l("Answered"),
                  "redirected": _l("Forwarded to another body"),
                  "refused": _l("Refused")}
LANGUAGES = {"kk": _l("Kazakh"), "ru": _l("Russian"), "en": _l("English")}
# Translators: what started a full run of the audit ("The audit last ran in full on … (the nightly run)").
RUN_TRIGGERS = {"nightly": _l("the nightly run"), "command": _l("from the command line"),
                "dashboard": _l("started from the dashboard"), "demo": _l("when the demo data was loaded")}
# Translators: the steps of a full run of the audit, shown while it runs.
RUN_STEPS = [_l("Hearings"), _l("Information requests"), _l("State and public expertise"), _l("Action plans"),
             _l("Answers to findings")]
BOOLEAN_EVIDENCE = {"notice_kk", "notice_ru", "fields_complete", "has_appeal", "has_signers"}
YES, NO = _l("yes"), _l("no")


def family_title(family: str) -> str:
    """``HN`` → "HN · Notice" (the code next to its text)."""
    title = FAMILY_TITLES.get(family)
    return f"{family} · {title}" if title else family


def evidence_value(key: str, value: Any, ground_titles: dict[str, Any] | None = None) -> str:
    """One evidence value as people read it: dates formatted, booleans as yes/no, codes by their names."""
    from datetime import date

    from aarhus.core.dates import official_date

    if value is None or value == "":
        return "—"
    if key in BOOLEAN_EVIDENCE and value in (0, 1):  # SQLite gives the flags as 0/1
        value = bool(value)
    if isinstance(value, bool):
        return str(YES if value else NO)
    if key in ("language", "answer_language"):
        return str(LANGUAGES.get(value, value))
    if key == "state":
        return str(REQUEST_STATES.get(value, value))
    if key == "case_state":
        return str(CASE_STATES.get(value, value))
    if key == "finding_rule":
        from aarhus.audit.catalogue import CATALOGUE
        from aarhus.core.i18n_fields import pick

        return f"{value}: {pick(CATALOGUE[value].title)}" if value in CATALOGUE else str(value)
    if key == "refusal_ground" and ground_titles:
        return str(ground_titles.get(value, value))
    if key == "concept":
        from flask_babel import get_locale

        from aarhus.plans.items import TITLES, plan_title

        return plan_title(value, str(get_locale())) if value in TITLES else value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return official_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


# Translators: why a row of a monitoring CSV was rejected; %(value)s is what the cell held, column names and the
# values yes, no, open_meeting, survey are written in the file as they are and stay untranslated.
ROW_REASONS = {
    "empty": _l("the cell is empty."),
    "too_long": _l("longer than %(limit)d characters (%(length)d)."),
    "control_character": _l("contains a NUL or control character."),
    "bad_date": _l("«%(value)s» is not a date; dates are written YYYY-MM-DD."),
    "not_yes_no": _l("yes or no expected, not «%(value)s»."),
    "not_a_number": _l("«%(value)s» is not a whole number."),
    "too_large": _l("«%(value)s» is more than %(limit)d."),
    "unknown_region": _l("unknown region «%(value)s»; the allowed values are the codes KZ-10 … KZ-79."),
    "unknown_form": _l("unknown form «%(value)s»; the allowed values are open_meeting and survey."),
    "survey_start_after_end": _l("the survey's first day is after its last day (hearing_date)."),
    "protocol_before_hearing": _l("the protocol is dated before the hearing."),
    "no_rule": _l("no hearing rule was in force on %(date)s."),
    "duplicate": _l("«%(value)s» appears twice in this file."),
    "unreadable": _l("The line cannot be read as CSV (%(error)s)."),
    "missing_columns": _l("The file lacks columns of the import format: %(columns)s."),
}


def row_reason(reason: dict[str, Any]) -> str:
    """A rejected row's reason (as the import stores it, with its code) in the page's language."""
    from flask_babel import gettext

    message = ROW_REASONS.get(reason.get("code", ""))
    if message is None:
        return ""
    text = str(message) % reason.get("params", {}) if reason.get("params") else str(message)
    column = reason.get("column")
    return gettext("Column «%(column)s»: %(reason)s", column=column, reason=text) if column else text
