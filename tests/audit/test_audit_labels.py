"""Every code has a label: each kind of finding, its evidence and record, each kind of log entry and body, in kk/ru/en.

The pages are rendered in each language and their text searched for what a code looks like: snake_case or
dotted tokens (``comments_in_protocol``, ``hearing.created``), ``True``/``False``/``None``, a bare record
reference (``hearing 3``) and the raw values the records store (``restricted``, ``kk``, ``akimat``).
"""

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from aarhus.audit import engine
from aarhus.audit.catalogue import CATALOGUE
from aarhus.audit.importer import import_hearings
from aarhus.audit.models import Finding, MonitoredHearing
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import utcnow
from aarhus.ledger import chain
from tests.audit.test_audit_rules import GOOD, _request, csv_of
from tests.conftest import login, make_user

LANGS = ("kk", "ru", "en")
CODE_PATTERNS = [
    re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),  # snake_case
    re.compile(r"\b[a-z]+\.[a-z_]+\b"),  # dotted kinds: hearing.created
    re.compile(r"\b(?:True|False|None)\b"),
    re.compile(r"\b(?:hearing|request|monitored_hearing|expertise_\w+|plan_\w+) \d+\b"),
]
RAW_VALUES = {"kk", "ru", "en", "registered", "answered", "refused", "redirected", "restricted", "taza-kazakhstan",
              "biodiversity", "akimat", "ministry", "centre", "other", "open_meeting", "survey", "high", "medium"}


def page_text(page: str) -> tuple[str, list[str]]:
    """The visible text of <main>, and the text of each table cell and definition."""
    main = page[page.index("<main"):page.index("</main>")]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", main, flags=re.S)
    cells = [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<(?:td|dd)[^>]*>(.*?)</(?:td|dd)>", main, flags=re.S)]
    return html.unescape(re.sub(r"<[^>]+>", " ", main)), cells


def raw_codes(page: str, lang: str = "kk") -> list[str]:
    text, cells = page_text(page)
    found = [match.group(0) for pattern in CODE_PATTERNS for match in pattern.finditer(text)]
    raw = RAW_VALUES - ({"high", "medium"} if lang == "en" else set())  # English names equal to the codes
    return found + [cell for cell in cells if cell in raw]


def _evidence_row() -> dict:
    """A facts row with every column the hearing rules keep as evidence (flags as SQLite gives them: 0/1)."""
    return {"id": 1, "notice_due_on": date(2026, 5, 26), "notice_on": None, "notice_first_on": date(2026, 5, 20),
            "agreement_on": date(2026, 5, 21), "end_on": date(2026, 6, 26), "survey_min_end_on": date(2026, 6, 29),
            "documents_due_on": date(2026, 5, 26), "documents_on": date(2026, 5, 27),
            "protocol_due_on": date(2026, 6, 24), "protocol_on": date(2026, 6, 30), "comments_received": 3,
            "comments_in_protocol": 2, "has_appeal": 0, "has_signers": 1, "has_kk": True, "has_ru": False,
            "fields_complete": False}


REQUEST_VALUES = {"due_on": "2026-06-16", "answer_due_on": "2026-06-16", "closed_on": "2026-06-20",
                  "state": "refused", "extended_on": "2026-06-17", "extension_notified_on": "2026-06-18",
                  "extension_notice_due_on": "2026-06-16", "redirect_due_on": "2026-06-04",
                  "refusal_due_on": "2026-06-08", "refusal_ground": "restricted", "language": "ru",
                  "answer_language": "kk"}


@pytest.fixture
def every_finding(app, clock):
    """One finding of every rule, on real records of each kind, with every evidence key the engine writes."""
    from tests.hearings.factories import officer_of, published

    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"), start=date(2026, 12, 21))
    import_hearings(csv_of({**GOOD, "external_id": "M-1"}))
    monitored = db.session.scalar(select(MonitoredHearing.id))
    request = _request(clock)
    clock.set("2026-11-23")
    db.session.commit()
    db.session.execute(db.delete(Finding))
    assert set(engine.REQUEST_EVIDENCE) == set(REQUEST_VALUES)
    rows = []
    for rid, rule in CATALOGUE.items():
        family = rule.family
        if family in ("HN", "HD", "HA", "HS", "HP"):
            for kind, subject in (("hearing", hearing.id), ("monitored_hearing", monitored)):
                rows.append(engine._finding(rid, kind, subject, hearing.region_id, hearing.akimat_id, 2026,
                                            engine._hearing_evidence(rid, {**_evidence_row(), "id": subject}, kind)))
        elif family == "IR":
            rows.append(engine._finding(rid, "request", request.id, hearing.region_id, request.holder_id, 2026,
                                        {**REQUEST_VALUES, "log": f"/ledger/request/{request.id}"}))
        elif family == "SE":
            rows.append(engine._finding(rid, "expertise_conclusion", 1, hearing.region_id, hearing.akimat_id, 2026,
                                        {"received_on": "2026-07-01", "due_on": "2026-07-10",
                                         "published_on": "2026-07-15", "log": f"/ledger/hearing/{hearing.id}"}))
        elif family == "PE":
            rows.append(engine._finding(rid, "expertise_application", 1, hearing.region_id, hearing.akimat_id, 2026,
                                        {"received_on": "2026-07-01", "due_on": "2026-07-08", "decided_on": None,
                                         "log": f"/ledger/hearing/{hearing.id}"}))
        elif family == "AU":  # a finding sent to its body and not answered in time: the record is that finding
            rows.append(engine._finding(rid, "finding", 1, hearing.region_id, hearing.akimat_id, 2026,
                                        {"finding_rule": "HN-01", "sent_on": "2026-11-02", "due_on": "2026-11-16",
                                         "answered_on": None, "case_state": "sent"}))
        elif rid in ("AP-01", "AP-03"):
            concept = "taza-kazakhstan" if rid == "AP-01" else "biodiversity"
            rows.append(engine._finding(rid, "plan_item", 2025003, None, None, 2025,
                                        {"concept": concept, "item": 3, "due_on": "2026-02-01"}))
        elif rid in ("AP-02", "AP-04"):
            rows.append(engine._finding(rid, "plan_report", 2025, None, None, 2025,
                                        {"concept": "biodiversity", "due_on": "2026-03-15", "produced_on": None}))
        else:
            rows.append(engine._finding(rid, "plan_submission", 2025, None, None, 2025,
                                        {"concept": "biodiversity", "due_on": "2026-06-15", "sent_on": "2026-06-20"}))
    db.session.execute(db.insert(Finding), [{**row, "found_at": utcnow()} for row in rows])
    make_user(Role.compliance_officer, email="c@k.kz")
    db.session.commit()
    return hearing


@pytest.mark.parametrize("lang", LANGS)
def test_every_finding_kind_renders_without_a_raw_code(client, every_finding, lang):
    login(client, "c@k.kz")
    findings = db.session.scalars(select(Finding).order_by(Finding.id)).all()
    assert {f.rule_id for f in findings} == set(CATALOGUE)
    for f in findings:
        page = client.get(f"/audit/findings/{f.id}", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert not raw_codes(page, lang), (f.rule_id, f.subject_type, lang, raw_codes(page, lang))
        assert f"{f.rule_id}: " in page  # the code next to its text
    hearing_finding = next(f for f in findings if f.rule_id == "HP-04" and f.subject_type == "hearing")
    page = client.get(f"/audit/findings/{hearing_finding.id}", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert every_finding.text("title", lang) in page  # "hearing 3" → a link with the hearing's title
    assert f'href="/hearings/{every_finding.id}"' in page
    yes, no = {"kk": ("иә", "жоқ"), "ru": ("да", "нет"), "en": ("yes", "no")}[lang]
    _text, cells = page_text(page)
    assert yes in cells and no in cells  # has_signers 1 → yes, has_appeal 0 → no
    for path in ("/audit?year=2026", "/audit?year=2025", "/audit/findings?year=2026", "/compliance?year=2026",
                 "/compliance/KZ-35?year=2026"):
        page = client.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
        assert not raw_codes(page, lang), (path, lang, raw_codes(page, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_the_findings_list_names_every_kind_of_record_reading_a_kind_at_a_time(client, every_finding, lang):
    """Each row's record by its title and link (as on the finding's own page), read with one query per kind of record
    on the page, not one per row."""
    from flask_babel import force_locale, gettext
    from sqlalchemy import event

    from aarhus.requests.models import InfoRequest

    login(client, "c@k.kz")

    def read(url):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            page = client.get(url, headers={"Accept-Language": lang}).get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return page, len(statements)

    everything, queries = read("/audit/findings?status=all&year=2026")
    rows = db.session.scalars(select(Finding).where(Finding.year == 2026)).all()
    assert len(rows) > 20 and everything.count('href="/audit/findings/') >= len(rows)
    _hearings_only, few = read("/audit/findings?status=all&year=2026&rule_id=HN-01")
    assert queries <= few + 4  # a request, two kinds of expertise, a finding: one query each
    number = db.session.scalar(select(InfoRequest.registration_number))
    assert every_finding.text("title", lang) in everything and f'href="/hearings/{every_finding.id}"' in everything
    assert f'href="/requests/{number}"' in everything and "M-1" in everything
    with client.application.test_request_context(), force_locale(lang):
        record = gettext("Record")
    compared = 0
    for f in rows:  # the record as the finding's own page shows it ("kind: title", linked where it can be opened)
        detail = client.get(f"/audit/findings/{f.id}", headers={"Accept-Language": lang}).get_data(as_text=True)
        shown = re.search(f"<dt>{re.escape(record)}</dt><dd>(.*?)</dd>", detail, re.S)
        assert shown, (f.rule_id, f.subject_type)
        assert shown.group(1) in everything, (f.rule_id, f.subject_type, shown.group(1))
        compared += 1
    assert compared == len(rows)


@pytest.mark.parametrize("lang", LANGS)
def test_every_log_event_kind_renders_with_its_name(client, app, clock, lang):
    from aarhus.ledger.labels import EVENT_TITLES
    from tests.hearings.factories import officer_of, published

    assert set(EVENT_TITLES) == set(chain.EVENT_KINDS)
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"), start=date(2026, 12, 21))
    for kind in sorted(chain.EVENT_KINDS):  # every kind, shown as a public record's log would show it
        chain.append(kind, "hearing", hearing.id, {})
    db.session.commit()
    page = client.get(f"/ledger/hearing/{hearing.id}", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert not raw_codes(page, lang), raw_codes(page, lang)
    text, _cells = page_text(page)
    for kind in chain.EVENT_KINDS:
        assert kind not in text


@pytest.mark.parametrize("lang", LANGS)
def test_body_kinds_are_named(client, app, lang):
    from aarhus.bodies.operations import seed_bodies

    seed_bodies()
    make_user(Role.admin, email="a@k.kz")
    db.session.commit()
    login(client, "a@k.kz")
    page = client.get("/admin/bodies", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert not raw_codes(page, lang), raw_codes(page, lang)


@pytest.mark.parametrize(("lang", "expected"), [("kk", "2026 жылғы 24 қараша"), ("ru", "24 ноября 2026 г."),
                                                ("en", "24 November 2026")])
def test_evidence_dates_are_in_the_official_style(app, lang, expected):
    """The same style as the case's own dates on the page (not Babel's "2026 ж. 24 қараша")."""
    from flask_babel import force_locale

    from aarhus.audit.labels import evidence_value

    with app.test_request_context(), force_locale(lang):
        assert evidence_value("protocol_due_on", "2026-11-24") == expected
