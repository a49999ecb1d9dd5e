"""Public log pages, and the compliance officers' dashboard, findings and import."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select

from aarhus.audit import case_rules, cases, figures, imports, labels, runs, stats, tilemap
from aarhus.audit.catalogue import CATALOGUE
from aarhus.audit.forms import CaseNoteForm, ImportForm, ReopenForm
from aarhus.audit.imports import start_import
from aarhus.audit.models import AuditFigure, AuditRun, Finding
from aarhus.bodies.models import Body
from aarhus.bodies.operations import all_regions
from aarhus.core import charts
from aarhus.core.extensions import db
from aarhus.core.guard import roles_required
from aarhus.core.i18n_fields import pick
from aarhus.core.jobs import STATE_TITLES, Job, state_of
from aarhus.core.roles import Role
from aarhus.core.time import legal_today, legal_zone
from aarhus.requests.models import InfoRequest


def _year_arg() -> int:
    year = request.args.get("year", type=int)
    return year if year and 2000 <= year <= 2040 else legal_today().year


@roles_required(Role.compliance_officer, Role.admin)
def dashboard() -> str:
    """Findings by region, body, rule and year, with trends and the monitoring table.

    The figures' part of the page is the same for every officer: it is drawn once per year, language and version
    (``figures.version``, moved in the transaction of any change the figures show) and kept in the page cache's
    store; the part about the runs is read on every request.
    """
    year = _year_arg()
    key = f"audit-dashboard|{figures.version()}|{get_locale()}|{year}"
    store = current_app.extensions["aarhus_cache"]
    kept = store.get(key)
    if kept is None:
        kept = (render_template("audit/_dashboard_figures.html", **_figures_context(year)), "text/html")
        store.set(key, kept)
    return render_template("audit/dashboard.html", year=year, figures=Markup(kept[0]), last_run=_last_run(),
                           current_year=legal_today().year,
                           pending=runs.pending_run(), triggers=labels.RUN_TRIGGERS)


def _figures_context(year: int) -> dict[str, Any]:
    """What the figures' part of the dashboard shows of ``year``."""
    ordered = all_regions()
    regions = {r.id: r for r in ordered}
    counts = stats.Figures.of(year)
    by_region = counts.findings_by("region_id")
    top_bodies = counts.findings_by("body_id")[:15]
    shown = [bid for bid, _n in top_bodies if bid is not None]
    bodies = {b.id: b for b in db.session.scalars(select(Body).where(Body.id.in_(shown)))} if shown else {}
    trend = stats.trend_by_family()
    families = sorted({f for counted in trend.values() for f in counted})
    return {"year": year, "summary": counts.summary(), "by_rule": counts.findings_by("rule_id"),
            "catalogue": CATALOGUE, "by_region": [(regions.get(rid), n) for rid, n in by_region],
            "by_body": [(bodies.get(bid), n) for bid, n in top_bodies], "table": counts.monitoring_table(ordered),
            "trend": trend, "families": families, "family_title": labels.family_title,
            "charts": _charts(regions, by_region, trend, families),
            "tiles": tilemap.tiles(ordered, counts.region_figures()),
            "region_link": lambda region: url_for("audit.findings", region_id=region.id, year=year)}


def _last_run() -> AuditRun | None:
    return db.session.scalars(select(AuditRun).order_by(AuditRun.finished_at.desc(), AuditRun.id.desc())
                              .limit(1)).first()


@roles_required(Role.compliance_officer, Role.admin)
def start_run() -> Any:
    """Queue a full run of the audit and go to the page that follows it."""
    job = runs.start_run(current_user)
    db.session.commit()
    return redirect(url_for("audit.run_job", job_id=job.id))


@roles_required(Role.compliance_officer, Role.admin)
def run_job(job_id: int) -> str:
    """The progress and then the result of one full run, read from its job."""
    job = db.get_or_404(Job, job_id)
    if job.kind != runs.KIND:
        abort(404)
    return render_template("audit/run_job.html", job=job, state=state_of(job), steps=labels.RUN_STEPS)


def _charts(regions: dict[int, Any], by_region: list[tuple[int, int]], trend: dict[int, dict[str, int]],
            families: list[str]) -> dict[str, str]:
    """The trend chart (all years) and the chart of the year's findings by region, as inline SVG.

    The SVG carries its colours as presentation attributes (``core.charts``): the site's CSP blocks inline styles.
    """
    drawn = {}
    if trend:
        keyed = {year: {labels.family_title(f): n for f, n in counts.items()} for year, counts in trend.items()}
        drawn["trend"] = charts.stacked_bars(keyed, [labels.family_title(f) for f in families],
                                             _("Open findings by year and rule family"),
                                             colours=labels.family_colours(families))
    if by_region:
        names = [regions[r].name() if r in regions else _("National level (no region)") for r, _n in by_region]
        drawn["regions"] = charts.horizontal_bars(names, [n for _r, n in by_region], _("Open findings by region"))
    return drawn


FILTERS = ("case", "rule_id", "region_id", "body_id", "year", "status")
# Translators: whether the audit still finds the violation (the engine's mark), a filter of the findings list.
STATUS_TITLES = {"current": _l("Still found"), "cured": _l("Cured"), "all": _l("All")}


def _filters() -> dict[str, Any]:
    """The findings list's filters from the query string; a value that does not parse is dropped, never a 500."""
    args = request.args
    chosen: dict[str, Any] = {"status": args.get("status") if args.get("status") in STATUS_TITLES else "current"}
    if args.get("case") in case_rules.STATES:
        chosen["case"] = args["case"]
    if args.get("rule_id") in CATALOGUE:
        chosen["rule_id"] = args["rule_id"]
    for name in ("region_id", "body_id", "year"):
        value = args.get(name, type=int)
        if value is not None and 0 < value < 10**9:
            chosen[name] = value
    return chosen


def _findings_query(chosen: dict[str, Any] | None = None) -> Any:
    chosen = _filters() if chosen is None else chosen
    query = select(Finding).order_by(Finding.year.desc(), Finding.rule_id, Finding.id)
    for name in ("rule_id", "year", "region_id", "body_id"):
        if name in chosen:
            query = query.where(getattr(Finding, name) == chosen[name])
    if "case" in chosen:
        query = query.where(Finding.case_state == chosen["case"])
    if chosen["status"] == "current":
        query = query.where(Finding.cured_at.is_(None))
    elif chosen["status"] == "cured":
        query = query.where(Finding.cured_at.is_not(None))
    return query


def _count(chosen: dict[str, Any], query: Any) -> int:
    """How many findings match: from their counts (``audit.figures``) unless a case state is chosen."""
    if "case" in chosen:
        return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    t = AuditFigure
    counted = {"current": t.open, "cured": t.findings - t.open, "all": t.findings}[chosen["status"]]
    figures = select(func.coalesce(func.sum(counted), 0))
    for name in ("rule_id", "year", "region_id", "body_id"):
        if name in chosen:
            figures = figures.where(getattr(t, name) == chosen[name])
    return db.session.scalar(figures) or 0


@roles_required(Role.compliance_officer, Role.admin)
def findings() -> Any:
    """Drill-down: the findings matching the filters (case state, rule, region, body, year), paginated."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    chosen = _filters()
    query = _findings_query(chosen)
    total = _count(chosen, query)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    if page > pages:  # past the end (the filters or the findings changed): the last page, not a page of nothing
        return redirect(url_for("audit.findings", page=pages if pages > 1 else None, **chosen))
    rows = list(db.session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    counted = select(AuditFigure.year).where(AuditFigure.findings > 0).distinct()
    years = sorted(set(db.session.scalars(counted)) | {legal_today().year}, reverse=True)
    bodies = {b.id: b for b in db.session.scalars(select(Body).where(Body.id.in_(
        select(AuditFigure.body_id).where(AuditFigure.findings > 0).distinct())))}
    return render_template("audit/findings.html", rows=rows, total=total, page=page, catalogue=CATALOGUE,
                           subjects=_subjects(rows),
                           pages=pages, regions={r.id: r for r in all_regions()},
                           bodies=bodies, years=years, chosen=chosen, case_states=labels.CASE_STATES,
                           status_titles=STATUS_TITLES, args={k: v for k, v in chosen.items()})


@roles_required(Role.compliance_officer, Role.admin)
def finding(finding_id: int, **forms: Any) -> str:
    """One finding with its evidence and legal basis, every code by its name, and its case with the acts allowed."""
    row = db.get_or_404(Finding, finding_id)
    forms = {"send_form": CaseNoteForm(formdata=None), "close_form": CaseNoteForm(formdata=None),
             "reopen_form": ReopenForm(formdata=None), **forms}
    return render_template("audit/finding.html", f=row, rule=CATALOGUE[row.rule_id], subject=_subject(row),
                           evidence=_evidence(row), body=db.session.get(Body, row.body_id) if row.body_id else None,
                           region=next((r for r in all_regions() if r.id == row.region_id), None),
                           **forms, **cases.case_context(row))


def _subject(row: Finding) -> dict[str, Any]:
    """The record a finding is about: what kind it is, its title in the reader's language and where to open it."""
    return _subjects([row])[row.id]


def _subjects(rows: list[Finding]) -> dict[int, dict[str, Any]]:
    """``_subject`` of each finding (by id), the records read one kind at a time: a page of findings costs a few
    queries, whatever the number of findings on it, and only the columns shown."""
    from aarhus.audit.models import MonitoredHearing
    from aarhus.hearings.models import ExpertiseApplication, ExpertiseConclusion, Hearing
    from aarhus.plans.items import TITLES, plan_title

    lang = str(get_locale())
    ids: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        ids[row.subject_type].add(row.subject_id)
    hearing_of = {("hearing", i): i for i in ids["hearing"]}
    for kind, model in (("expertise_conclusion", ExpertiseConclusion), ("expertise_application", ExpertiseApplication)):
        if ids[kind]:
            hearing_of.update({(kind, i): h for i, h in db.session.execute(
                select(model.id, model.hearing_id).where(model.id.in_(ids[kind])))})
    wanted = {h for h in hearing_of.values() if h is not None}
    hearings = {row.id: row for row in db.session.execute(
        select(Hearing.id, Hearing.title_kk, Hearing.title_ru).where(Hearing.id.in_(wanted)))} if wanted else {}
    requests = {i: (number, subject) for i, number, subject in db.session.execute(
        select(InfoRequest.id, InfoRequest.registration_number, InfoRequest.subject)
        .where(InfoRequest.id.in_(ids["request"])))} if ids["request"] else {}
    m = MonitoredHearing
    monitored = {i: (external, kk, ru) for i, external, kk, ru in db.session.execute(
        select(m.id, m.external_id, m.title_kk, m.title_ru).where(m.id.in_(ids["monitored_hearing"])))} \
        if ids["monitored_hearing"] else {}
    sent = dict(db.session.execute(select(Finding.id, Finding.rule_id).where(Finding.id.in_(ids["finding"]))).all()) \
        if ids["finding"] else {}
    may_open_findings = current_user.has_role(Role.compliance_officer, Role.admin)
    subjects = {}
    for row in rows:
        kind = str(labels.SUBJECT_TITLES.get(row.subject_type, row.subject_type))
        title, url = "", None
        hearing_id = hearing_of.get((row.subject_type, row.subject_id))
        if hearing_id is not None:
            if hearing_id in hearings:  # the hearing's title in the reader's language, else in the other one
                title = Hearing.text(hearings[hearing_id], "title", lang)
                url = url_for("hearings.detail", hearing_id=hearing_id)
        elif row.subject_type == "request":
            if row.subject_id in requests:
                number, subject = requests[row.subject_id]
                title, url = f"{number} · {subject}", url_for("requests.entry", number=number)
        elif row.subject_type == "monitored_hearing":
            if row.subject_id in monitored:
                external, kk, ru = monitored[row.subject_id]
                title = (ru if lang == "ru" else kk) or kk or ru
                record = _("monitoring record %(id)s", id=external)
                title = f"{title} ({record})"
        elif row.subject_type == "finding":
            if row.subject_id in sent:
                rule_id = sent[row.subject_id]
                title = f"{rule_id}: {pick(CATALOGUE[rule_id].title)}"
                url = url_for("audit.finding", finding_id=row.subject_id) if may_open_findings else None
        elif row.subject_type.startswith("plan_"):
            concept = (row.evidence or {}).get("concept")
            name = plan_title(concept, lang) if concept in TITLES else ""
            item = (row.evidence or {}).get("item")
            title = (_("%(plan)s, item %(item)s, %(year)s", plan=name, item=item, year=row.year) if item is not None
                     else _("%(plan)s, %(year)s", plan=name, year=row.year))
        subjects[row.id] = {"kind": kind, "title": title or _("record no. %(id)s", id=row.subject_id), "url": url}
    return subjects


def _evidence(row: Finding) -> list[tuple[str, str, str | None]]:
    """The evidence as (what, value, link) lines, in the reader's language."""
    return _evidence_lines_of(row.evidence or {})


def _evidence_lines_of(evidence: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    from aarhus.requests.labels import GROUND_TITLES

    lines = []
    for key, value in sorted(evidence.items(), key=lambda kv: kv[0] == "log"):
        what = str(labels.EVIDENCE_TITLES.get(key, key))
        if key == "log":
            lines.append((what, _("Publication log of the record"), value))
        else:
            lines.append((what, labels.evidence_value(key, value, GROUND_TITLES), None))
    return lines


EXPORT_COLUMNS = ["id", "rule_id", "severity", "title", "subject_type", "subject_id", "region", "body_id", "body",
                  "year", "found_at", "cured_at", "case_state", "sent_at", "case_due_on", "answered_on", "closed_at",
                  "legal_basis", "evidence"]


def _export_rows() -> Any:
    """The filtered findings as rows of ``EXPORT_COLUMNS`` (dates and times as values; texts in the reader's
    language)."""
    regions = {r.id: r.code for r in all_regions()}
    bodies = {b.id: b for b in db.session.scalars(select(Body))}
    for f in db.session.scalars(_findings_query()):
        rule = CATALOGUE[f.rule_id]
        body = bodies.get(f.body_id)
        yield [f.id, f.rule_id, f.severity, pick(rule.title), f.subject_type, f.subject_id,
               regions.get(f.region_id, ""), f.body_id or "", body.name() if body else "", f.year, f.found_at,
               f.cured_at, f.case_state, f.sent_at, f.case_due_on, f.answered_on, f.closed_at, pick(rule.legal_basis),
               json.dumps(f.evidence, ensure_ascii=False, sort_keys=True)]


def _filename(ext: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename=findings-{legal_today().isoformat()}.{ext}"}


@roles_required(Role.compliance_officer, Role.admin)
def findings_csv() -> Response:
    """The filtered findings as CSV (UTF-8 with BOM, so spreadsheets read Kazakh letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for row in _export_rows():
        writer.writerow(["" if v is None else v.isoformat() if hasattr(v, "isoformat") else v for v in row])
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv", headers=_filename("csv"))


# The workbook's headings (people read it; the CSV keeps ``EXPORT_COLUMNS`` for programs).
EXPORT_HEADINGS = {
    "id": _l("Finding No."), "rule_id": _l("Rule"), "severity": _l("Severity"), "title": _l("Finding"),
    "subject_type": _l("Kind of record"), "subject_id": _l("Record No."), "region": _l("Region"),
    "body_id": _l("Body No."), "body": _l("Body"), "year": _l("Year"), "found_at": _l("Found (local time)"),
    "cured_at": _l("Cured (local time)"), "case_state": _l("State of the case"),
    "sent_at": _l("Sent to the body (local time)"), "case_due_on": _l("Answer due by"),
    "answered_on": _l("Answered on"), "closed_at": _l("Closed (local time)"), "legal_basis": _l("Legal basis"),
    "evidence": _l("Evidence"),
}


def _readable(key: str, value: Any, zone: Any) -> Any:
    """One exported value as a person reads it in a spreadsheet: times in the legal time zone (a spreadsheet keeps
    no zone), states and severity by their names, the evidence as one line per fact."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone).replace(tzinfo=None)
    if key == "severity":
        return _("high") if value == "high" else _("medium")
    if key == "case_state":
        return str(labels.CASE_STATES.get(value, value))
    if key == "evidence":
        return "\n".join(f"{what}: {link or text}" for what, text, link in _evidence_lines_of(json.loads(value)))
    return value


@roles_required(Role.compliance_officer, Role.admin)
def findings_xlsx() -> Response:
    """The filtered findings as an XLSX workbook for people: one sheet, headings and values in the reader's
    language, dates as dates and times in the legal time zone."""
    from openpyxl import Workbook

    zone = legal_zone()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Findings")[:31])
    sheet.append([str(EXPORT_HEADINGS[c]) for c in EXPORT_COLUMNS])
    for row in _export_rows():
        sheet.append([_readable(key, v, zone) for key, v in zip(EXPORT_COLUMNS, row, strict=True)])
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(buffer.getvalue(), headers=_filename("xlsx"),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


PAGE_SIZE = 50


@roles_required(Role.compliance_officer, Role.admin)
def import_page() -> Any:
    """Upload a monitoring CSV; the job worker imports it while the job's page shows the progress."""
    form = ImportForm()
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.file.errors = [_("The file is not UTF-8 text.")]
        else:
            job = start_import(raw, form.file.data.filename or "monitoring.csv", current_user)
            db.session.commit()
            return redirect(url_for("audit.import_job", job_id=job.id))
    jobs = list(db.session.scalars(select(Job).where(Job.kind == imports.KIND).order_by(Job.id.desc()).limit(10)))
    return render_template("audit/import.html", form=form, jobs=jobs, state_of=state_of, state_titles=STATE_TITLES)


@roles_required(Role.compliance_officer, Role.admin)
def import_job(job_id: int) -> str:
    """The progress and then the result of one import, read from its job."""
    job = db.get_or_404(Job, job_id)
    if job.kind != imports.KIND:
        abort(404)
    return render_template("audit/import_job.html", job=job, state=state_of(job), row_reason=labels.row_reason)
