"""The findings engine: each rule of the catalogue is one SQL condition, evaluated set-based.

Hearing rules are written once over a "facts" row — the same columns for hearings
made in the system and for records imported from the monitoring — and every rule is
checked in a single pass per source. Findings are then synchronised with set
operations: new ones inserted, vanished ones marked cured, returning ones reopened.
A re-run changes nothing (idempotent).
"""

from __future__ import annotations

import json
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import IO, Any

from sqlalchemy import Select, Text, and_, bindparam, case, cast, func, insert, not_, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from aarhus.audit import figures
from aarhus.audit.catalogue import CATALOGUE
from aarhus.audit.models import AuditRun, Finding, MonitoredHearing
from aarhus.bodies.models import Body
from aarhus.core.extensions import db
from aarhus.core.pdf import cyclic_gc_paused
from aarhus.core.time import legal_date, utcnow
from aarhus.hearings.models import Agreement, ExpertiseApplication, ExpertiseConclusion, Hearing, HearingState, Protocol
from aarhus.requests.models import GROUNDS, InfoRequest, RequestState

HEARING_RULES = ("HN-01", "HN-02", "HN-03", "HD-01", "HA-01", "HS-01", "HP-01", "HP-02", "HP-03", "HP-04")
REQUEST_RULES = ("IR-01", "IR-02", "IR-03", "IR-04", "IR-05", "IR-06", "IR-07")
# Each rule with the name of its 0/1 column in the rules' query.
HEARING_FLAGS = tuple((rid, rid.replace("-", "_")) for rid in HEARING_RULES)
REQUEST_FLAGS = tuple((rid, rid.replace("-", "_")) for rid in REQUEST_RULES)


def system_facts() -> Select:
    """Facts of the published hearings made in the system."""
    h, a, p = Hearing, Agreement, Protocol
    has_appeal = and_(p.appeal_kk != "", p.appeal_ru != "")
    has_signers = or_(h.form == "survey", and_(p.chair_name != "", p.secretary_name != "",
                                               p.chair_signed_at.is_not(None), p.secretary_signed_at.is_not(None)))
    return (select(h.id, h.region_id, h.akimat_id.label("body_id"), h.form,
                   case((h.form == "survey", h.survey_end), else_=h.hearing_date).label("end_on"),
                   h.notice_on, h.notice_first_on, h.notice_due_on, true().label("has_kk"), true().label("has_ru"),
                   true().label("fields_complete"), h.documents_on, h.documents_due_on,
                   a.agreed_on.label("agreement_on"),
                   h.survey_min_end_on, h.protocol_published_on.label("protocol_on"), h.protocol_due_on,
                   h.comment_count.label("comments_received"), p.comments_included.label("comments_in_protocol"),
                   has_appeal.label("has_appeal"), has_signers.label("has_signers"))
            .outerjoin(a, a.hearing_id == h.id).outerjoin(p, p.hearing_id == h.id)
            .where(h.state == HearingState.published))


def monitored_facts() -> Select:
    """Facts of the hearings imported from the monitoring."""
    m = MonitoredHearing
    return select(m.id, m.region_id, m.body_id, m.form, m.hearing_date.label("end_on"),
                  m.notice_published_on.label("notice_on"), m.notice_published_on.label("notice_first_on"),
                  m.notice_due_on, m.notice_kk.label("has_kk"),
                  m.notice_ru.label("has_ru"), m.notice_fields_complete.label("fields_complete"),
                  m.documents_published_on.label("documents_on"), m.documents_due_on, m.agreement_on,
                  m.survey_min_end_on, m.protocol_published_on.label("protocol_on"), m.protocol_due_on,
                  m.comments_received, m.comments_in_protocol,
                  m.protocol_has_appeal_statement.label("has_appeal"), true().label("has_signers"))


def hearing_conditions(c: Any, today: date) -> dict[str, Any]:
    """Every hearing rule of rules.md §5 as a condition over a facts row ``c``."""
    published = c.protocol_on.is_not(None)
    return {
        "HN-01": or_(and_(c.notice_on.is_(None), c.notice_due_on < today), c.notice_on > c.notice_due_on),
        "HN-02": and_(c.notice_on.is_not(None), or_(not_(c.has_kk), not_(c.has_ru))),
        "HN-03": and_(c.notice_on.is_not(None), not_(c.fields_complete)),
        "HD-01": or_(and_(c.documents_on.is_(None), c.documents_due_on < today), c.documents_on > c.documents_due_on),
        "HA-01": and_(c.notice_first_on.is_not(None),
                      or_(c.agreement_on.is_(None), c.agreement_on > c.notice_first_on)),
        "HS-01": and_(c.form == "survey", c.end_on < c.survey_min_end_on),
        "HP-01": c.protocol_on > c.protocol_due_on,
        "HP-02": and_(c.protocol_on.is_(None), c.protocol_due_on < today),
        "HP-03": and_(published, c.comments_in_protocol < c.comments_received),
        "HP-04": and_(published, or_(not_(c.has_appeal), and_(c.form == "open_meeting", not_(c.has_signers)))),
    }


def request_conditions(r: Any, today: date) -> dict[str, Any]:
    """Every request rule of rules.md §5 as a condition over an info_requests row."""
    refused = r.state == RequestState.refused
    return {
        "IR-01": and_(r.state == RequestState.answered, r.closed_on > r.due_on),
        "IR-02": and_(r.state == RequestState.registered, r.due_on < today),
        "IR-03": or_(r.extended_on > r.answer_due_on, r.extension_notified_on > r.extension_notice_due_on),
        "IR-04": and_(r.state == RequestState.redirected, r.closed_on > r.redirect_due_on),
        "IR-05": and_(refused, or_(r.closed_on > r.refusal_due_on, r.refusal_ground.is_(None),
                                   r.refusal_ground.not_in(GROUNDS))),
        "IR-06": and_(refused, r.refusal_ground == "restricted", r.has_non_restrictable,
                      not_(and_(r.refusal_state_secret, r.secret_may_restrict))),
        "IR-07": and_(r.state == RequestState.answered, r.answer_language != r.language),
    }


@dataclass
class Result:
    """What one audit run changed."""

    found: int = 0
    new: int = 0
    cured: int = 0
    reopened: int = 0
    changed: int = 0  # still found, with different evidence
    by_rule: dict[str, int] = field(default_factory=dict)

    def add(self, other: Result) -> None:
        """Count in what another part of the same run changed."""
        self.found, self.new, self.cured = self.found + other.found, self.new + other.new, self.cured + other.cured
        self.reopened, self.changed = self.reopened + other.reopened, self.changed + other.changed
        for rid, count in other.by_rule.items():
            self.by_rule[rid] = self.by_rule.get(rid, 0) + count


@dataclass(frozen=True)
class Span:
    """The records whose id is at least ``lo`` and below ``hi`` (None: no bound): one part of a full run."""

    lo: int | None = None
    hi: int | None = None

    def of(self, column: Any) -> Any:
        return and_(true(), *([column >= self.lo] if self.lo is not None else []),
                    *([column < self.hi] if self.hi is not None else []))


def _among(column: Any, ids: Any) -> Any:
    """The condition that ``column`` is one of ``ids`` (a list) or within them (a ``Span``)."""
    return ids.of(column) if isinstance(ids, Span) else column.in_(ids)


def _hearing_findings(today: date, hearing_ids: Any = None, monitored_ids: Any = None, *, system: bool = True,
                      monitored: bool = True) -> list[dict[str, Any]]:
    """Findings of the system's hearings and of the imported ones (only those of the ids given, if any)."""
    rows, sources = [], []
    if system:
        sources.append(("hearing", system_facts() if hearing_ids is None else
                        system_facts().where(_among(Hearing.id, hearing_ids))))
    if monitored:
        sources.append(("monitored_hearing", monitored_facts() if monitored_ids is None else
                        monitored_facts().where(_among(MonitoredHearing.id, monitored_ids))))
    for kind, facts in sources:
        c = facts.subquery()
        conditions = hearing_conditions(c.c, today)
        flags = (case((cond, 1), else_=0).label(rid.replace("-", "_")) for rid, cond in conditions.items())
        query = select(c, *flags).where(or_(*conditions.values()))
        for row in db.session.execute(query.execution_options(yield_per=20_000)).mappings():
            for rid, flag in HEARING_FLAGS:
                if row[flag]:
                    rows.append(_finding(rid, kind, row["id"], row["region_id"], row["body_id"], row["end_on"].year,
                                         _hearing_evidence(rid, row, kind)))
    return rows


def _hearing_evidence(rid: str, row: Any, kind: str) -> dict[str, Any]:
    pick = {"HN": ("notice_due_on", "notice_on"), "HD": ("documents_due_on", "documents_on"),
            "HA": ("agreement_on", "notice_first_on"), "HS": ("end_on", "survey_min_end_on"),
            "HP": ("protocol_due_on", "protocol_on", "comments_received", "comments_in_protocol", "has_appeal",
                   "has_signers")}[rid[:2]]
    evidence = {key: _plain(row[key]) for key in pick}
    if rid in ("HN-02", "HN-03"):
        evidence.update(notice_kk=bool(row["has_kk"]), notice_ru=bool(row["has_ru"]),
                        fields_complete=bool(row["fields_complete"]))
    if kind == "hearing":
        evidence["log"] = f"/ledger/hearing/{row['id']}"
    return evidence


# What a request's finding keeps as evidence (those that are set).
REQUEST_EVIDENCE = ("due_on", "answer_due_on", "closed_on", "state", "extended_on", "extension_notified_on",
                    "extension_notice_due_on", "redirect_due_on", "refusal_due_on", "refusal_ground", "language",
                    "answer_language")


def _request_findings(today: date, request_ids: Any = None) -> list[dict[str, Any]]:
    holder = aliased(Body)
    r = InfoRequest
    conditions = request_conditions(r, today)
    query = select(r.id, holder.region_id, r.holder_id, r.year, r.due_on, r.answer_due_on, r.closed_on, r.state,
                   r.extended_on, r.extension_notified_on, r.extension_notice_due_on, r.redirect_due_on,
                   r.refusal_due_on, r.refusal_ground, r.language, r.answer_language,
                   *(case((cond, 1), else_=0).label(rid.replace("-", "_")) for rid, cond in conditions.items())) \
        .join(holder, holder.id == r.holder_id).where(or_(*conditions.values()))
    if request_ids is not None:
        query = query.where(_among(r.id, request_ids))
    found = []
    for row in db.session.execute(query.execution_options(yield_per=20_000)).mappings():
        evidence = {k: _plain(row[k]) for k in REQUEST_EVIDENCE if row[k] is not None}
        evidence["log"] = f"/ledger/request/{row['id']}"
        for rid, flag in REQUEST_FLAGS:
            if row[flag]:
                found.append(_finding(rid, "request", row["id"], row["region_id"], row["holder_id"], row["year"],
                                      evidence))
    return found


def _expertise_findings(today: date, hearing_ids: Any = None) -> list[dict[str, Any]]:
    h, c, a = Hearing, ExpertiseConclusion, ExpertiseApplication
    found = []
    of_hearings = [h.id.in_(hearing_ids)] if hearing_ids is not None else []
    late = select(c.id, c.received_on, c.due_on, c.published_on, h.id.label("hearing_id"), h.region_id,
                  h.akimat_id).join(h, h.id == c.hearing_id).where(c.published_on > c.due_on, *of_hearings)
    for row in db.session.execute(late).mappings():
        found.append(_finding("SE-01", "expertise_conclusion", row["id"], row["region_id"], row["akimat_id"],
                              row["published_on"].year, {"received_on": _plain(row["received_on"]),
                                                         "due_on": _plain(row["due_on"]),
                                                         "published_on": _plain(row["published_on"]),
                                                         "log": f"/ledger/hearing/{row['hearing_id']}"}))
    silent = select(a.id, a.received_on, a.due_on, a.decided_on, h.id.label("hearing_id"), h.region_id,
                    h.akimat_id).join(h, h.id == a.hearing_id).where(
        or_(and_(a.decision.is_(None), a.due_on < today), a.decided_on > a.due_on), *of_hearings)
    for row in db.session.execute(silent).mappings():
        found.append(_finding("PE-01", "expertise_application", row["id"], row["region_id"], row["akimat_id"],
                              row["received_on"].year, {"received_on": _plain(row["received_on"]),
                                                        "due_on": _plain(row["due_on"]),
                                                        "decided_on": _plain(row["decided_on"]),
                                                        "log": f"/ledger/hearing/{row['hearing_id']}"}))
    return found


def _plan_findings(today: date) -> list[dict[str, Any]]:
    """AP-01..AP-05: each concept's reporting chain (the bodies' date, the ministry's, the Government's)."""
    from aarhus.plans.items import REPORTING_DATES

    return [finding for concept in REPORTING_DATES for finding in _concept_findings(concept, today)]


def _concept_findings(concept: str, today: date) -> list[dict[str, Any]]:
    from aarhus.ledger.models import LogEntry
    from aarhus.plans.items import REPORTING_DATES, action_plan
    from aarhus.plans.models import PlanProgress, PlanSubmission

    chain, found = REPORTING_DATES[concept], []
    items = [item["number"] for item in action_plan(concept)["items"]]
    shipped = {str(y) for item in action_plan(concept)["items"] for y in item["progress"]}
    entered = set(db.session.execute(select(PlanProgress.year, PlanProgress.item)
                                     .where(PlanProgress.concept == concept)).all())
    reports = {entry.subject_id: legal_date(entry.at) for entry in db.session.scalars(select(LogEntry).where(
        LogEntry.kind == "report.generated", LogEntry.subject_id.like(f"action-plan:{concept}:%")))}
    bodies_rule, ministry_rule, *later = chain["rules"]
    submitted = {(row.year, row.link): row.sent_on for row in db.session.scalars(
        select(PlanSubmission).where(PlanSubmission.concept == concept))}
    for year in range(chain["first_year"], today.year):
        bodies_due, ministry_due = date(year + 1, *chain["bodies"]), date(year + 1, *chain["ministry"])
        if today > bodies_due and str(year) not in shipped:
            found += [_finding(bodies_rule, "plan_item", year * 1000 + item, None, None, year,
                               {"concept": concept, "item": item, "due_on": bodies_due.isoformat()})
                      for item in items if (year, item) not in entered]
        made = [on for key, on in reports.items() if key.split(":")[2] == str(year)]
        if today > ministry_due and str(year) not in shipped and not any(on <= ministry_due for on in made):
            found.append(_finding(ministry_rule, "plan_report", year, None, None, year,
                                  {"concept": concept, "due_on": ministry_due.isoformat(),
                                   "produced_on": min(made).isoformat() if made else None}))
        if later and "government" in chain:  # AP-05: the summary to the Government Office (Decree No 1206 p.3)
            government_due, sent_on = date(year + 1, *chain["government"]), submitted.get((year, "government"))
            if today > government_due and (sent_on is None or sent_on > government_due):
                found.append(_finding(later[0], "plan_submission", year, None, None, year,
                                      {"concept": concept, "due_on": government_due.isoformat(),
                                       "sent_on": sent_on.isoformat() if sent_on else None}))
    return found


def _case_findings(today: date, finding_ids: Any = None) -> list[dict[str, Any]]:
    """AU-01: a finding sent to its body and not answered by the case's due date (still unanswered, or answered late).

    Reads only the case columns people set (``audit.cases``); the finding's own cured mark does not matter.
    """
    f = Finding
    late = or_(and_(f.case_state == "sent", f.case_due_on < today), f.answered_on > f.case_due_on)
    query = select(f.id, f.rule_id, f.region_id, f.body_id, f.sent_at, f.case_due_on, f.answered_on,
                   f.case_state).where(f.case_due_on.is_not(None), late)
    if finding_ids is not None:
        query = query.where(f.id.in_(finding_ids))
    return [_finding("AU-01", "finding", row.id, row.region_id, row.body_id, row.case_due_on.year,
                     {"finding_rule": row.rule_id, "sent_on": _plain(legal_date(row.sent_at)) if row.sent_at else None,
                      "due_on": _plain(row.case_due_on), "answered_on": _plain(row.answered_on),
                      "case_state": row.case_state})
            for row in db.session.execute(query)]


_AS_IS = frozenset((int, str, bool, float, type(None)))


def _plain(value: Any) -> Any:
    """A value as the evidence keeps it: dates as ISO text, an enumeration by its value (this runs per column of
    every finding of a full run, so the common cases are checked first)."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value.value if isinstance(value, Enum) else value


def _finding(rid: str, subject_type: str, subject_id: int, region_id: int | None, body_id: int | None, year: int,
             evidence: dict[str, Any]) -> dict[str, Any]:
    return {"rule_id": rid, "severity": CATALOGUE[rid].severity, "subject_type": subject_type,
            "subject_id": subject_id, "region_id": region_id, "body_id": body_id, "year": year, "evidence": evidence}


# A full run goes part by part, so that it holds the findings of one part at a time (at national scale all of them
# at once took gigabytes): the hearings, the imported hearings and the requests in spans of ``PART`` records, then the
# expertise, the action plans and the answers to findings whole. Each part is synchronised within its own scope
# (the findings of its records), the scopes together cover every finding, and the whole is counted again at the end.
PART = 100_000
SPLIT = (("hearing", Hearing.id), ("monitored_hearing", MonitoredHearing.id), ("request", InfoRequest.id))
EXPERTISE = ("expertise_conclusion", "expertise_application")
PLANS = ("plan_item", "plan_report", "plan_submission")
# The steps a run's job reports as its progress (``labels.RUN_STEPS``): hearings, requests, expertise, plans,
# answers to findings.
STEPS = 5


def _spans(column: Any) -> list[Span]:
    """The table's ids cut into spans of ``PART`` records (whatever gaps the ids have); the first and the last are
    open, so that the parts also take in the findings of any record that is no longer there."""
    numbered = select(column.label("id"), func.row_number().over(order_by=column).label("n")).subquery()
    cuts = list(db.session.scalars(select(numbered.c.id).where(numbered.c.n > 1, (numbered.c.n - 1) % PART == 0)
                                   .order_by(numbered.c.id)))
    bounds = [None, *cuts, None]
    return [Span(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def _parts(today: date) -> Iterator[tuple[int, tuple[str, Any], Callable[[], list[dict[str, Any]]]]]:
    """Each part of a full run: its step (1–``STEPS``), its scope (see ``_scope``) and how to find what holds in it
    (called when the part's turn comes, so that no two parts' findings are held at once)."""
    for kind, column in SPLIT:
        for span in _spans(column):
            if kind == "hearing":
                yield 1, (kind, span), lambda span=span: _hearing_findings(today, span, monitored=False)
            elif kind == "monitored_hearing":
                yield 1, (kind, span), lambda span=span: _hearing_findings(today, monitored_ids=span, system=False)
            else:
                yield 2, (kind, span), lambda span=span: _request_findings(today, span)
    yield 3, ("types", EXPERTISE), lambda: _expertise_findings(today)
    yield 4, ("types", PLANS), lambda: _plan_findings(today)
    yield 5, ("others", (*(kind for kind, _ in SPLIT), *EXPERTISE, *PLANS)), lambda: _case_findings(today)


def _scope(part: tuple[str, Any]) -> Any:
    """The condition on ``Finding`` that a part's scope names: a span of one kind of record's ids, these subject
    types, or every subject type but these (the answers to findings, and any kind no rule finds any more)."""
    kind, which = part
    if kind == "types":
        return Finding.subject_type.in_(which)
    if kind == "others":
        return Finding.subject_type.not_in(which)
    return and_(Finding.subject_type == kind, which.of(Finding.subject_id))


@dataclass
class Reading:
    """A full run's reading phase, kept for its writing phase: the moment it read for, and every part's findings in
    an anonymous temporary file rather than in memory (closed by ``write_full_run``, or by ``close`` if the writing
    never comes)."""

    now: datetime
    file: IO[bytes]

    def close(self) -> None:
        self.file.close()


def read_full_run(now: datetime, progress: Callable[[int, int], None] | None = None) -> Reading:
    """Every finding that holds at ``now``, part by part (reading only); ``progress(done, STEPS)`` as each step is
    done. Reads first and writes after, as a run did when it held every finding at once: the writing phase's locks
    are not held while the records are read."""
    reading = Reading(now, tempfile.TemporaryFile())  # noqa: SIM115 — closed by ``write_full_run`` or ``close``
    done = 0
    try:
        with cyclic_gc_paused():  # hundreds of thousands of small dicts a part: no cycles
            for step, part, find in _parts(legal_date(now)):
                if progress is not None and step - 1 > done:
                    done = step - 1
                    progress(done, STEPS)
                pickle.dump((part, find()), reading.file, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        reading.close()
        raise
    if progress is not None:
        progress(STEPS, STEPS)
    return reading


def write_full_run(reading: Reading) -> Result:
    """A full run's writing phase: each part read synchronised within its scope, then every finding counted again;
    the caller commits. Closes the reading."""
    result = Result()
    with closing(reading), cyclic_gc_paused():
        reading.file.seek(0)
        while True:
            try:
                part, found = pickle.load(reading.file)  # noqa: S301 — this process's own file, written just now
            except EOFError:
                break
            result.add(_synchronise(found, reading.now, _scope(part), counting=False))
            del found
    figures.rebuild()
    db.session.flush()
    return result


def synchronise(found: list[dict[str, Any]], now: datetime, scope: Any) -> Result:
    """Make the stored findings within ``scope`` (a condition on ``Finding``) match ``found``, and count the change.

    New ones are inserted, vanished ones marked cured, returning ones reopened, those whose evidence changed
    updated; the case columns are never touched. The caller commits.
    """
    with cyclic_gc_paused():
        return _synchronise(found, now, scope, counting=True)


def _synchronise(found: list[dict[str, Any]], now: datetime, scope: Any, counting: bool) -> Result:
    """Set-based for a full run of hundreds of thousands of findings: the stored ones are read as plain columns (the
    evidence as its stored JSON text, compared with the new evidence serialised the same way, never parsed), and
    the changes are written with one executemany per kind (the cured ones: one ``UPDATE … WHERE id IN`` per
    thousands).

    ``counting``, the counts (``audit.figures``) follow what changed: the scope must take whole records, as
    ``evaluate_records`` and ``evaluate_cases`` do. A full run's parts do not count; the run counts again at its end.
    """
    table = Finding.__table__
    current = {(f["rule_id"], f["subject_type"], f["subject_id"]): f for f in found}
    result = Result(found=len(current))
    for key in current:
        result.by_rule[key[0]] = result.by_rule.get(key[0], 0) + 1
    stored = select(Finding.id, Finding.rule_id, Finding.subject_type, Finding.subject_id,
                    Finding.cured_at.is_(None), cast(Finding.evidence, Text), Finding.year, Finding.region_id,
                    Finding.body_id)
    stored = stored.where(scope)
    new, reopened, changed, cured = [], [], [], []
    counts: dict[figures.FigureKey, list[int]] = defaultdict(lambda: [0, 0])
    before: dict[tuple[str, int], list[tuple[int, int | None, str]]] = defaultdict(list)
    after: dict[tuple[str, int], list[tuple[int, int | None, str]]] = defaultdict(list)
    # Streamed (a full run at national scale reads millions of stored findings: held at once, they took gigabytes),
    # and each one found is taken out of ``current``, which is left holding the new ones.
    for fid, rid, st, sid, is_open, text, year, region, body in db.session.execute(
            stored.execution_options(yield_per=20_000)):
        key = (rid, st, sid)
        finding = current.pop(key, None)
        if counting and is_open:
            before[st, sid].append((year, region, rid))
        if finding is None:
            if is_open:
                cured.append(fid)
                if counting:
                    counts[year, region or 0, body or 0, rid, st][1] -= 1
            continue
        if counting:
            after[st, sid].append((year, region, rid))
        if not is_open:
            reopened.append({"b_id": fid, "b_evidence": finding["evidence"]})
            if counting:
                counts[year, region or 0, body or 0, rid, st][1] += 1
        elif text != json.dumps(finding["evidence"]) and json.loads(text) != finding["evidence"]:
            changed.append({"b_id": fid, "b_evidence": finding["evidence"]})
    new = list(current.values())  # stamped in place: a first run's millions are not copied
    for f in new:
        f["found_at"] = now
    current.clear()
    if new:
        _insert(new)
    by_id, evidence = table.c.id == bindparam("b_id"), bindparam("b_evidence", type_=table.c.evidence.type)
    if reopened:
        db.session.execute(update(table).where(by_id).values(cured_at=None, evidence=evidence), reopened)
    if changed:
        db.session.execute(update(table).where(by_id).values(evidence=evidence), changed)
    for part in _chunks(cured, 5000):
        db.session.execute(update(table).where(table.c.id.in_(part)).values(cured_at=now))
    if counting:
        for f in new:
            counts[f["year"], f["region_id"] or 0, f["body_id"] or 0, f["rule_id"], f["subject_type"]][0] += 1
            counts[f["year"], f["region_id"] or 0, f["body_id"] or 0, f["rule_id"], f["subject_type"]][1] += 1
            after[f["subject_type"], f["subject_id"]].append((f["year"], f["region_id"], f["rule_id"]))
        violating: dict[figures.ViolatingKey, int] = defaultdict(int)
        for record in before.keys() | after.keys():
            was, now_in = figures.family_buckets(before.get(record, ())), figures.family_buckets(after.get(record, ()))
            for bucket in now_in - was:
                violating[bucket] += 1
            for bucket in was - now_in:
                violating[bucket] -= 1
        figures.apply(counts, violating)
    result.new, result.cured, result.reopened, result.changed = len(new), len(cured), len(reopened), len(changed)
    db.session.flush()
    return result


COPY_FROM = 1000  # new findings from which ``COPY`` pays
NEW_COLUMNS = ("rule_id", "severity", "subject_type", "subject_id", "region_id", "body_id", "year", "evidence",
               "found_at")


def _insert(rows: list[dict[str, Any]]) -> None:
    """Insert new findings: many (a full run's) on PostgreSQL with one ``COPY`` (an executemany sends them one by
    one), else in one executemany. The other columns (the case's) take their defaults. A duplicate (a concurrent act
    recorded the same finding first) raises SQLAlchemy's ``IntegrityError`` either way (``audit.live`` expects it)."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql" or len(rows) < COPY_FROM:
        db.session.execute(insert(Finding.__table__), rows)
        return
    import psycopg

    statement = f"COPY findings ({', '.join(NEW_COLUMNS)}) FROM STDIN"
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row((row["rule_id"], row["severity"], row["subject_type"], row["subject_id"],
                                row["region_id"], row["body_id"], row["year"], json.dumps(row["evidence"]),
                                row["found_at"].astimezone(UTC)))
    except psycopg.errors.IntegrityError as error:
        raise IntegrityError(statement, None, error) from error
    finally:
        cursor.close()


def record_run(result: Result, started_at: datetime, trigger: str, actor_id: int | None = None) -> AuditRun:
    """Keep when a full run happened and what it changed (the dashboard says when the audit last ran)."""
    run = AuditRun(trigger=trigger, started_at=started_at, finished_at=utcnow(), found=result.found, new=result.new,
                   cured=result.cured, reopened=result.reopened, started_by_id=actor_id)
    db.session.add(run)
    db.session.flush()
    return run


def run_audit(now: datetime | None = None, trigger: str = "command", actor: Any = None) -> Result:
    """Recompute every finding, part by part, synchronise the table and record the run; the caller commits."""
    now = now or utcnow()
    result = write_full_run(read_full_run(now))
    record_run(result, now, trigger, getattr(actor, "id", None))
    return result


def evaluate_records(hearing_ids: Iterable[int] = (), request_ids: Iterable[int] = (),
                     now: datetime | None = None, monitored_ids: Iterable[int] = ()) -> Result:
    """Re-evaluate only the rules of these hearings (with their expertise), requests and imported hearings.

    The caller commits.

    Acts call this (through ``audit.live``) in their own transaction, so the audit is current the moment they
    commit; rules that turn true by the mere passing of a day are the nightly run's. The hearings are counted again
    too (``figures.recount``: the dashboard's hearings, notices and protocols posted).
    """
    now = now or utcnow()
    today, found, scope = legal_date(now), [], []
    hearing_ids, request_ids = sorted(set(hearing_ids)), sorted(set(request_ids))
    for chunk in _chunks(sorted(set(monitored_ids))):
        figures.recount("monitored_hearing", chunk)
        found += _hearing_findings(today, monitored_ids=chunk, system=False)
        scope.append(and_(Finding.subject_type == "monitored_hearing", Finding.subject_id.in_(chunk)))
    for chunk in _chunks(hearing_ids):
        figures.recount("hearing", chunk)
        found += _hearing_findings(today, chunk, monitored=False) + _expertise_findings(today, chunk)
        conclusions = select(ExpertiseConclusion.id).where(ExpertiseConclusion.hearing_id.in_(chunk))
        applications = select(ExpertiseApplication.id).where(ExpertiseApplication.hearing_id.in_(chunk))
        scope += [and_(Finding.subject_type == "hearing", Finding.subject_id.in_(chunk)),
                  and_(Finding.subject_type == "expertise_conclusion", Finding.subject_id.in_(conclusions)),
                  and_(Finding.subject_type == "expertise_application", Finding.subject_id.in_(applications))]
    for chunk in _chunks(request_ids):
        found += _request_findings(today, chunk)
        scope.append(and_(Finding.subject_type == "request", Finding.subject_id.in_(chunk)))
    if not scope:
        return Result()
    return synchronise(found, now, or_(*scope))


def evaluate_cases(finding_ids: Iterable[int], now: datetime | None = None) -> Result:
    """Re-evaluate AU-01 for these findings' cases (an answer given after its due date); the caller commits."""
    now = now or utcnow()
    ids = sorted(set(finding_ids))
    if not ids:
        return Result()
    return synchronise(_case_findings(legal_date(now), ids), now,
                       and_(Finding.subject_type == "finding", Finding.subject_id.in_(ids)))


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
