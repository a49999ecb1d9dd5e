"""Findings as cases: the compliance officer's acts (send, close, reopen) and the responsible body's inbox.

Every act first shows the "check before you send" page (``core.confirm``); only the confirmed post acts.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, func, select

from aarhus.audit import case_rules, cases, labels
from aarhus.audit.catalogue import CATALOGUE
from aarhus.audit.forms import CaseAnswerForm, CaseNoteForm, ReopenForm
from aarhus.audit.models import Finding, FindingAnswer
from aarhus.audit.views import _evidence, _subject, _subjects
from aarhus.audit.views import finding as finding_view
from aarhus.bodies.models import Body
from aarhus.core.confirm import confirmation, confirmed, editing, staged_files, stored_files
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.files import path_of, store
from aarhus.core.guard import roles_required
from aarhus.core.i18n_fields import pick
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.notify.mail import act_and_tell

# --- the compliance officer's acts --------------------------------------------------------------------------------

def _recipients(finding: Finding) -> list[str]:
    body = db.session.get(Body, finding.body_id) if finding.body_id else None
    names = [officer.name or officer.email for officer in cases.officers_of(finding.body_id)] if body else []
    if not body:
        return []
    return [_("%(body)s: its officers see it under «Findings to answer» and get an e-mail (%(names)s)",
              body=body.name(), names=", ".join(names))]


def _act(finding_id: int, act: str, form: Any, run: Any, done: str) -> Any:
    finding = db.get_or_404(Finding, finding_id)
    back = url_for("audit.finding", finding_id=finding.id)
    if editing():
        return _finding_page(finding, act, form)
    if not form.validate_on_submit():
        return _finding_page(finding, act, form), 422
    refused = cases.refusals(finding, current_user).get(act)
    if refused:  # said before the check page, so it never promises what the act would refuse
        flash(cases.CaseError(refused).message, "error")
        return redirect(back)
    if not confirmed():
        rule = CATALOGUE[finding.rule_id]
        summary = [(_("Finding"), f"{finding.rule_id}: {pick(rule.title)}"), (_("Legal basis"), pick(rule.legal_basis)),
                   (_("State of the case now"), str(labels.CASE_STATES[finding.case_state])),
                   (_("State after this act"), str(labels.CASE_STATES[case_rules.after(
                       act, was_sent=finding.sent_at is not None)]))]
        if form.note.data:
            summary.append((_("Note"), form.note.data))
        going = _recipients(finding) if act == "send" or (act == "reopen" and finding.sent_at) else []
        if act in ("send", "reopen") and going:
            from aarhus.legal import service

            due = service.compute_on(case_rules.RESPONSE_RULE, legal_today())
            summary.append((_("Answer due by"), _format(due)))
        return confirmation(str(cases.ACT_TITLES[act]), summary, going, back, editable=True,
                            note=_("This cannot be undone: the act is written to the log."),
                            button=None if going else _("Confirm"))  # closing sends nothing to anyone
    act_and_tell(lambda: run(finding), done)
    return redirect(back)


def _format(day: Any) -> str:
    from aarhus.core.dates import official_date

    return official_date(day)


def _finding_page(finding: Finding, act: str | None = None, form: Any = None) -> str:
    return finding_view(finding.id, **({f"{act}_form": form} if act else {}))


@roles_required(Role.compliance_officer)
def send(finding_id: int) -> Any:
    """Send the finding to its responsible body (confirmed first)."""
    form = CaseNoteForm()
    return _act(finding_id, "send", form, lambda f: cases.send_finding(f, form.note.data or "", current_user),
                _("The finding is sent to the responsible body."))


@roles_required(Role.compliance_officer)
def close(finding_id: int) -> Any:
    """Close the case (confirmed first)."""
    form = CaseNoteForm()
    return _act(finding_id, "close", form, lambda f: cases.close_finding(f, form.note.data or "", current_user),
                _("The case is closed."))


@roles_required(Role.compliance_officer)
def reopen(finding_id: int) -> Any:
    """Reopen the case, saying why (confirmed first)."""
    form = ReopenForm()
    return _act(finding_id, "reopen", form, lambda f: cases.reopen_finding(f, form.note.data, current_user),
                _("The case is reopened."))


# --- the responsible body's inbox ---------------------------------------------------------------------------------

def _mine(finding_id: int) -> Finding:
    finding = db.get_or_404(Finding, finding_id)
    if not (cases.is_body_officer(current_user, finding) and finding.sent_at is not None):
        abort(403)
    return finding


INBOX_STATES = ("sent", "answered", "closed")


@roles_required(Role.akimat_officer)
def inbox() -> str:
    """The findings sent to my body: awaiting an answer first (overdue before the rest), then answered, closed."""
    state = request.args.get("case")
    query = select(Finding).where(Finding.body_id == current_user.body_id, Finding.sent_at.is_not(None))
    if state in INBOX_STATES:
        query = query.where(Finding.case_state == state)
    order = case((Finding.case_state == "sent", 0), (Finding.case_state == "answered", 1), else_=2)
    rows = list(db.session.scalars(query.order_by(order, Finding.case_due_on, Finding.id).limit(500)))
    counts = dict(db.session.execute(select(Finding.case_state, func.count()).where(
        Finding.body_id == current_user.body_id, Finding.sent_at.is_not(None)).group_by(Finding.case_state)).all())
    return render_template("audit/inbox.html", rows=rows, catalogue=CATALOGUE, states=labels.CASE_STATES,
                           state=state if state in INBOX_STATES else "", counts=counts, today=legal_today(),
                           choices=INBOX_STATES, subjects=_subjects(rows))


@roles_required(Role.akimat_officer)
def inbox_finding(finding_id: int, form: Any = None) -> str:
    """One finding sent to my body: its evidence and legal basis, the case, and the answer form."""
    finding = _mine(finding_id)
    return render_template("audit/inbox_finding.html", f=finding, rule=CATALOGUE[finding.rule_id],
                           subject=_subject(finding), evidence=_evidence(finding), form=form or CaseAnswerForm(),
                           body=db.session.get(Body, finding.body_id), staged=staged_files(),
                           **cases.case_context(finding))


@roles_required(Role.akimat_officer)
def answer(finding_id: int) -> Any:
    """Answer the finding: explanation, corrective action and an evidence file (checked first, then confirmed)."""
    finding = _mine(finding_id)
    form = CaseAnswerForm()
    back = url_for("audit.inbox_finding", finding_id=finding.id)
    if editing():
        return inbox_finding(finding_id, form)
    if not form.validate_on_submit():
        return inbox_finding(finding_id, form), 422
    refused = cases.refusals(finding, current_user).get("answer")
    if refused:
        flash(cases.CaseError(refused).message, "error")
        return redirect(back)
    if not confirmed():
        upload = form.evidence.data
        try:
            # A new file replaces the one still attached from an earlier check (kept on the server, listed on the form).
            files = [store(upload.stream, upload.filename)] if upload and upload.filename else stored_files()
        except OperationError as error:
            form.evidence.errors = [error.message]
            return inbox_finding(finding_id, form), error.status
        rule = CATALOGUE[finding.rule_id]
        return confirmation(_("Answer the finding %(rule)s", rule=f"{finding.rule_id}: {pick(rule.title)}"),
                            [(_("Explanation"), form.explanation.data),
                             (_("Corrective action taken"), form.corrective_action.data)],
                            [_("The compliance officer who sent the finding, by e-mail"),
                             _("The finding's case and its log")], back, files, editable=True,
                            note=_("This cannot be undone: the act is written to the log."))
    stored = stored_files()
    act_and_tell(lambda: cases.answer_finding(finding, explanation=form.explanation.data,
                                              corrective_action=form.corrective_action.data,
                                              file=stored[0] if stored else None, actor=current_user),
                 _("Your answer is sent to the compliance officer."))
    return redirect(back)


@roles_required(Role.compliance_officer, Role.admin, Role.akimat_officer)
def evidence_file(finding_id: int, answer_id: int) -> Response:
    """The evidence a body attached to its answer: for compliance officers, administrators and the body's officers."""
    finding = db.get_or_404(Finding, finding_id)
    found = db.get_or_404(FindingAnswer, answer_id)
    if found.finding_id != finding.id or not found.file_stored_name:
        abort(404)
    if not cases.may_see(current_user, finding):
        abort(403)
    return send_file(path_of(found.file_stored_name), mimetype=found.file_type, as_attachment=True,
                     download_name=found.file_name)
