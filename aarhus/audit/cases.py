"""Findings as cases: who may act on one now, and the acts — send, answer, close, reopen.

Each act asks the table of ``case_rules``, changes the finding, flushes, writes the event log and queues mail; the
caller commits. The engine's cured/reopened marks are never touched here, nor is the case state touched there.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from aarhus.accounts.models import User
from aarhus.audit import case_rules, labels
from aarhus.audit.catalogue import CATALOGUE
from aarhus.audit.models import Finding, FindingAnswer
from aarhus.core.dates import official_date
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.files import StoredFile
from aarhus.core.roles import Role
from aarhus.core.time import legal_today, utcnow
from aarhus.ledger import chain as ledger
from aarhus.ledger.labels import EVENT_TITLES
from aarhus.legal import service
from aarhus.notify.mail import queue_mail

# Translators: an act on an audit finding as a case (a button and a log line).
ACT_TITLES = {"send": _l("Send to the body"), "answer": _l("Answer the finding"), "close": _l("Close the case"),
              "reopen": _l("Reopen the case")}


class CaseError(OperationError):
    """An act on a finding's case refused."""

    MESSAGES = {
        "forbidden": _l("Only a compliance officer, or an officer of the body the finding concerns, may do this."),
        "wrong_state": _l("This cannot be done in the case's present state."),
        "no_body": _l("This finding has no responsible body to send it to."),
        "no_officers": _l("The responsible body has no officer with an account: nobody could answer it."),
        "state_changed": _l("Someone else acted on this finding a moment ago. Reload the page to see what changed."),
    }


def is_body_officer(user: Any, finding: Finding) -> bool:
    """An akimat officer of the finding's responsible body."""
    return bool(user is not None and getattr(user, "is_authenticated", True) and finding.body_id is not None
                and user.role == Role.akimat_officer and user.body_id == finding.body_id)


def kinds_of(user: Any, finding: Finding) -> set[str]:
    """The kinds of actor (the columns of ``case_rules.ACTS``) that ``user`` is for this finding."""
    kinds = set()
    if user is not None and getattr(user, "is_authenticated", True) and user.role == Role.compliance_officer:
        kinds.add("compliance")
    if is_body_officer(user, finding):
        kinds.add("body")
    return kinds


def refusals(finding: Finding, user: Any) -> dict[str, str]:
    """Every act ``user`` may not do with the finding now, with the code of the refusal."""
    kinds = kinds_of(user, finding)
    refused = {act: code for act in case_rules.ACTS
               if (code := case_rules.refusal_code(act, finding.case_state, kinds))}
    if "send" not in refused:
        if finding.body_id is None:
            refused["send"] = "no_body"
        elif not officers_of(finding.body_id):
            refused["send"] = "no_officers"
    return refused


def allowed_actions(finding: Finding, user: Any) -> set[str]:
    """The acts ``user`` may do with the finding now."""
    return set(case_rules.ACTS) - set(refusals(finding, user))


def may_see(user: Any, finding: Finding) -> bool:
    """Compliance officers and administrators see every finding; a body's officers see those sent to their body."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role in (Role.compliance_officer, Role.admin):
        return True
    return is_body_officer(user, finding) and finding.sent_at is not None


def require_act(finding: Finding, act: str, user: Any) -> None:
    """Lock the finding, then refuse unless ``user`` may do ``act`` now (403 for the wrong actor, else 422)."""
    seen = finding.case_state
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Finding.id).where(Finding.id == finding.id).with_for_update())
    db.session.refresh(finding)
    code = refusals(finding, user).get(act)
    if code == "forbidden":
        raise CaseError("forbidden", 403)
    if code:
        raise CaseError("state_changed" if finding.case_state != seen else code, state=finding.case_state)


def officers_of(body_id: int) -> list[User]:
    """The active accounts of a body's officers."""
    return list(db.session.scalars(select(User).where(User.body_id == body_id, User.role == Role.akimat_officer,
                                                      User.is_active_account.is_(True)).order_by(User.id)))


def _rule_title(finding: Finding, lang: str) -> str:
    rule = CATALOGUE[finding.rule_id]
    return f"{finding.rule_id}: {rule.title.get(lang) or rule.title['kk']}"


def _start_clock(finding: Finding) -> None:
    today = legal_today()
    finding.sent_at, finding.closed_at, finding.answered_on = utcnow(), None, None
    finding.case_due_on = service.compute_on(case_rules.RESPONSE_RULE, today)


def _tell_body(finding: Finding, *, again: bool) -> None:
    """E-mail each officer of the responsible body, in their language, that the finding awaits their answer."""
    for officer in officers_of(finding.body_id):
        lang = officer.locale or "kk"
        with force_locale(lang):
            rule = _rule_title(finding, lang)
            if again:
                subject = _("Audit finding %(rule)s sent back to your body", rule=rule)
                # Translators: in Kazakh %(due)s comes in the dative (…дейін).
                body = _("A compliance officer reopened the audit finding %(rule)s and sent it back to your body. "
                         "Answer it by %(due)s: sign in and open «Findings to answer».", rule=rule,
                         due=official_date(finding.case_due_on, lang, case="dative"))
            else:
                subject = _("Audit finding %(rule)s sent to your body", rule=rule)
                # Translators: in Kazakh %(due)s comes in the dative (…дейін).
                body = _("A compliance officer sent your body the audit finding %(rule)s. Answer it by %(due)s: "
                         "sign in and open «Findings to answer».", rule=rule,
                         due=official_date(finding.case_due_on, lang, case="dative"))
            queue_mail(officer.email, subject, body)


def send_finding(finding: Finding, note: str, actor: Any) -> Finding:
    """A compliance officer sends the finding to the responsible body; its answer is due by ``finding.response``."""
    require_act(finding, "send", actor)
    _start_clock(finding)
    finding.case_state = case_rules.after("send", was_sent=False)
    db.session.flush()
    ledger.append("finding.sent", "finding", finding.id,
                  {"rule": finding.rule_id, "body": finding.body_id, "due_on": finding.case_due_on.isoformat(),
                   "note": note}, actor)
    _tell_body(finding, again=False)
    return finding


def answer_finding(finding: Finding, *, explanation: str, corrective_action: str, file: StoredFile | None,
                   actor: Any) -> FindingAnswer:
    """The body's officer answers: what happened, what is done about it, and a file that shows it."""
    require_act(finding, "answer", actor)
    today = legal_today()
    answer = FindingAnswer(finding_id=finding.id, explanation=explanation, corrective_action=corrective_action,
                           answered_by_id=actor.id, answered_at=utcnow())
    if file is not None:
        answer.file_stored_name, answer.file_name, answer.file_type = file.stored_name, file.filename, file.content_type
        answer.file_size, answer.file_sha256 = file.size, file.sha256
    db.session.add(answer)
    finding.case_state, finding.answered_on = case_rules.after("answer", was_sent=True), today
    db.session.flush()
    ledger.append("finding.answered", "finding", finding.id,
                  {"answer": answer.id, "late": bool(finding.case_due_on and today > finding.case_due_on),
                   "file_sha256": answer.file_sha256}, actor)
    from aarhus.audit import engine

    engine.evaluate_cases([finding.id])
    sender = _last_sender(finding)
    if sender is not None:
        lang = sender.locale or "kk"
        with force_locale(lang):
            queue_mail(sender.email, _("The body answered the audit finding %(rule)s",
                                       rule=_rule_title(finding, lang)),
                       _("The responsible body answered the audit finding %(rule)s. Open it to close or reopen the "
                         "case.", rule=_rule_title(finding, lang)))
    return answer


def _last_sender(finding: Finding) -> User | None:
    entries = [e for e in ledger.entries_for("finding", finding.id) if e.kind in ("finding.sent", "finding.reopened")]
    return db.session.get(User, entries[-1].actor_id) if entries and entries[-1].actor_id else None


def close_finding(finding: Finding, note: str, actor: Any) -> Finding:
    """The compliance officer closes the case (the answer suffices, or there is nothing to send)."""
    require_act(finding, "close", actor)
    was = finding.case_state
    finding.case_state, finding.closed_at = case_rules.after("close", was_sent=finding.sent_at is not None), utcnow()
    db.session.flush()
    ledger.append("finding.closed", "finding", finding.id, {"from": was, "note": note}, actor)
    return finding


def reopen_finding(finding: Finding, note: str, actor: Any) -> Finding:
    """The compliance officer reopens the case: back to the body with a new clock if it was sent, else open."""
    require_act(finding, "reopen", actor)
    was, was_sent = finding.case_state, finding.sent_at is not None
    finding.case_state, finding.closed_at = case_rules.after("reopen", was_sent=was_sent), None
    if was_sent:
        _start_clock(finding)
    db.session.flush()
    ledger.append("finding.reopened", "finding", finding.id,
                  {"from": was, "to": finding.case_state, "note": note,
                   "due_on": finding.case_due_on.isoformat() if was_sent else None}, actor)
    if was_sent:
        _tell_body(finding, again=True)
    return finding


def answers_of(finding: Finding) -> list[FindingAnswer]:
    """The body's answers, oldest first."""
    return list(db.session.scalars(select(FindingAnswer).where(FindingAnswer.finding_id == finding.id)
                                   .order_by(FindingAnswer.id)))


def case_context(finding: Finding) -> dict[str, Any]:
    """What the case part of a finding's page shows: state, due date, the body's answers and the case's log."""
    history, answers = ledger.entries_for("finding", finding.id), answers_of(finding)
    ids = {e.actor_id for e in history if e.actor_id} | {a.answered_by_id for a in answers}
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return {"case_state": labels.CASE_STATES[finding.case_state], "answers": answers,
            "history": history, "actors": actors, "event_title": lambda kind: EVENT_TITLES.get(kind, kind),
            "overdue": finding.case_state == "sent" and finding.case_due_on and legal_today() > finding.case_due_on,
            "allowed": allowed_actions(finding, current_user), "act_titles": ACT_TITLES,
            "refused": refusals(finding, current_user),
            "refusal_message": lambda code: CaseError(code).message}
