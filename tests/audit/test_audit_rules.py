"""Each rule of the catalogue on hand-made records: a violation and its lawful boundary.

Hearing on Monday 15 June 2026: notice and documents due 26 May (20 CD back), protocol
due 24 June (7 WD). A survey from 1 June may end on 29 June at the earliest (20 WD).
"""

from datetime import date

import pytest
from sqlalchemy import select, update

from aarhus.audit.engine import run_audit
from aarhus.audit.importer import COLUMNS, import_hearings
from aarhus.audit.models import Finding, MonitoredHearing
from aarhus.core.extensions import db

GOOD = {"external_id": "", "region": "KZ-35", "project_title_kk": "Жоба", "project_title_ru": "Проект",
        "form": "open_meeting", "survey_start": "", "hearing_date": "2026-06-15", "notice_published_on": "2026-05-26",
        "notice_kk": "yes", "notice_ru": "yes", "notice_fields_complete": "yes", "documents_published_on": "2026-05-26",
        "agreement_on": "2026-05-26", "protocol_published_on": "2026-06-24", "comments_received": "3",
        "comments_in_protocol": "3", "protocol_has_appeal_statement": "yes"}

CASES = [
    # (rule, changes that violate it, changes at its lawful boundary)
    ("HN-01", {"notice_published_on": "2026-05-27"}, {"notice_published_on": "2026-05-26"}),
    ("HN-01", {"notice_published_on": ""}, {}),
    ("HN-02", {"notice_ru": "no"}, {}),
    ("HN-03", {"notice_fields_complete": "no"}, {}),
    ("HD-01", {"documents_published_on": "2026-05-27"}, {"documents_published_on": "2026-05-26"}),
    ("HD-01", {"documents_published_on": ""}, {}),
    ("HA-01", {"agreement_on": "2026-05-27"}, {"agreement_on": "2026-05-26"}),
    ("HA-01", {"agreement_on": ""}, {}),
    ("HS-01", {"form": "survey", "survey_start": "2026-06-01", "hearing_date": "2026-06-26",
               "protocol_published_on": "2026-07-01", "notice_published_on": "2026-05-12",
               "documents_published_on": "2026-05-12", "agreement_on": "2026-05-10"},
              {"form": "survey", "survey_start": "2026-06-01", "hearing_date": "2026-06-29",
               "protocol_published_on": "2026-07-01", "notice_published_on": "2026-05-12",
               "documents_published_on": "2026-05-12", "agreement_on": "2026-05-10"}),
    ("HP-01", {"protocol_published_on": "2026-06-25"}, {"protocol_published_on": "2026-06-24"}),
    ("HP-02", {"protocol_published_on": ""}, {"protocol_published_on": "", "hearing_date": "2026-11-20",
                                              "notice_published_on": "2026-10-30",
                                              "documents_published_on": "2026-10-30",
                                              "agreement_on": "2026-10-01"}),
    ("HP-03", {"comments_in_protocol": "2"}, {"comments_in_protocol": "3"}),
    ("HP-04", {"protocol_has_appeal_statement": "no"}, {}),
]


def ours():
    """Findings of the hearing, request and expertise rules: the action-plan chain (AP-*) is tested below."""
    return select(Finding).where(~Finding.rule_id.like("AP-%"))


def csv_of(*rows):
    lines = [",".join(COLUMNS)] + [",".join(row[c] for c in COLUMNS) for row in rows]
    return "\n".join(lines) + "\n"


@pytest.fixture
def today(app, clock):
    clock.set("2026-11-23")


@pytest.mark.parametrize("rule,violating,boundary", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_hearing_rule_on_imported_records(today, rule, violating, boundary):
    report = import_hearings(csv_of({**GOOD, **violating, "external_id": "bad"}, {**GOOD, **boundary, "external_id": "ok"}))
    assert report.ok, report.rejected
    run_audit()
    ids = dict(db.session.execute(select(MonitoredHearing.external_id, MonitoredHearing.id)).all())
    found = {(f.rule_id, f.subject_id) for f in db.session.scalars(ours().where(Finding.cured_at.is_(None)))}
    assert (rule, ids["bad"]) in found
    assert not any(subject == ids["ok"] for _rule, subject in found), found


def test_the_good_row_has_no_finding_and_evidence_names_the_dates(today):
    import_hearings(csv_of({**GOOD, "external_id": "good"}, {**GOOD, "external_id": "late", "notice_published_on": "2026-06-01"}))
    run_audit()
    finding = db.session.scalars(ours()).one()
    assert finding.rule_id == "HN-01" and finding.year == 2026 and finding.severity == "high"
    assert finding.evidence["notice_due_on"] == "2026-05-26" and finding.evidence["notice_on"] == "2026-06-01"


def test_rerunning_is_idempotent_and_cures_and_reopens(today, clock):
    import_hearings(csv_of({**GOOD, "external_id": "x", "protocol_published_on": ""}))
    first = run_audit()
    assert first.by_rule.get("HP-02") == 1 and db.session.scalar(select(db.func.count()).select_from(ours().subquery())) == 1
    again = run_audit()
    assert (again.new, again.cured, again.reopened) == (0, 0, 0)
    assert db.session.scalar(select(db.func.count()).select_from(ours().subquery())) == 1
    db.session.commit()
    import_hearings(csv_of({**GOOD, "external_id": "x", "protocol_published_on": "2026-06-30"}))
    # The import re-evaluates the records it wrote: HP-02 cured, HP-01 (late) found, before any full run.
    rows = {f.rule_id: f.cured_at for f in db.session.scalars(ours())}
    assert rows["HP-02"] is not None and rows["HP-01"] is None
    after = run_audit()
    assert (after.new, after.cured, after.reopened) == (0, 0, 0)
    import_hearings(csv_of({**GOOD, "external_id": "x", "protocol_published_on": ""}))
    rows = {f.rule_id: f.cured_at for f in db.session.scalars(ours())}
    assert rows["HP-02"] is None and rows["HP-01"] is not None  # reopened, and the late one cured


# --- records made in the system ----------------------------------------------------------

def test_system_hearing_protocol_missing_and_late(today, clock):
    from tests.hearings.factories import officer_of, published

    officer = officer_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))  # protocol due 24 Dec
    clock.set("2026-12-24")
    run_audit()
    assert db.session.scalars(ours()).all() == []
    clock.set("2026-12-25")
    run_audit()
    finding = db.session.scalars(ours()).one()
    assert (finding.rule_id, finding.subject_type, finding.subject_id) == ("HP-02", "hearing", hearing.id)
    assert finding.evidence["log"] == f"/ledger/hearing/{hearing.id}"


def test_a_media_notice_before_the_agreement_is_ha01(today, clock):
    from aarhus.hearings import operations as ops
    from tests.hearings.factories import agree, draft, officer_of

    officer = officer_of("KZ-35")
    clock.set("2026-11-19")
    hearing = draft(officer, start=date(2026, 12, 28))
    clock.set("2026-11-20")
    ops.add_media_notice(hearing, "Егемен Қазақстан", date(2026, 11, 20), "both", officer)
    clock.set("2026-11-23")
    agree(hearing, officer)  # on 23 Nov, after the newspaper carried the notice
    ops.publish_hearing(hearing, officer)
    run_audit()
    assert [f.rule_id for f in db.session.scalars(ours())] == ["HA-01"]


def _request(clock, registered="2026-06-01", **extra):
    from aarhus.bodies.operations import akimat_of
    from aarhus.requests import operations as ops

    clock.set(registered)
    request, _ = ops.register_request(akimat_of("KZ-35"), {
        "requester_name": "Test", "contact_email": "t@t.kz", "language": "ru", "subject": "Тема", "text": "Текст",
        "categories": ["other"], **extra})
    return request


@pytest.mark.parametrize("act_on,late", [("2026-06-16", False), ("2026-06-17", True)])
def test_ir01_answered_after_the_due_date(today, clock, act_on, late):
    from aarhus.core.roles import Role
    from aarhus.requests import operations as ops
    from tests.conftest import make_user

    officer = make_user(Role.akimat_officer, email="o@k.kz", region="KZ-35")
    request = _request(clock)  # due 16 June
    clock.set(act_on)
    ops.answer_request(request, text="Ответ", language="ru", actor=officer)
    run_audit()
    assert [f.rule_id for f in db.session.scalars(ours())] == (["IR-01"] if late else [])


@pytest.mark.parametrize("now,overdue", [("2026-06-16", False), ("2026-06-17", True)])
def test_ir02_unanswered_after_the_due_date(today, clock, now, overdue):
    _request(clock)
    clock.set(now)
    run_audit()
    assert [f.rule_id for f in db.session.scalars(ours())] == (["IR-02"] if overdue else [])


@pytest.mark.parametrize("act_on,late", [("2026-06-04", False), ("2026-06-05", True)])
def test_ir04_redirect_later_than_3_wd(today, clock, act_on, late):
    from aarhus.bodies.operations import akimat_of
    from aarhus.core.roles import Role
    from aarhus.requests import operations as ops
    from tests.conftest import make_user

    officer = make_user(Role.akimat_officer, email="o@k.kz", region="KZ-35")
    request = _request(clock)  # Monday 1 June: 3 WD → Thursday 4 June
    clock.set(act_on)
    ops.redirect_request(request, akimat_of("KZ-75"), "Не наш объект", officer)
    run_audit()
    assert ("IR-04" in [f.rule_id for f in db.session.scalars(ours())]) is late


@pytest.mark.parametrize("act_on,late", [("2026-06-08", False), ("2026-06-09", True)])
def test_ir05_refusal_later_than_5_wd(today, clock, act_on, late):
    from aarhus.core.roles import Role
    from aarhus.requests import operations as ops
    from tests.conftest import make_user

    officer = make_user(Role.akimat_officer, email="o@k.kz", region="KZ-35")
    request = _request(clock)  # 5 WD after Monday 1 June → Monday 8 June
    clock.set(act_on)
    ops.refuse_request(request, "inspection_pending", "Проверка идёт", officer)
    run_audit()
    assert [f.rule_id for f in db.session.scalars(ours())] == (["IR-05"] if late else [])


def test_ir03_ir06_ir07_on_records_the_system_itself_would_refuse(today, clock):
    """Records from before the system (or edited in the database) are judged by the same rules."""
    from aarhus.requests.models import InfoRequest

    late_extension = _request(clock)
    restricted = _request(clock, categories=["environment_state"])
    wrong_language = _request(clock)
    db.session.execute(update(InfoRequest).where(InfoRequest.id == late_extension.id).values(
        extended_on=date(2026, 6, 17), due_on=date(2026, 7, 1)))
    db.session.execute(update(InfoRequest).where(InfoRequest.id == restricted.id).values(
        state="refused", refusal_ground="restricted", closed_on=date(2026, 6, 2)))
    db.session.execute(update(InfoRequest).where(InfoRequest.id == wrong_language.id).values(
        state="answered", answer_language="kk", closed_on=date(2026, 6, 2)))
    clock.set("2026-06-20")
    run_audit()
    found = {(f.rule_id, f.subject_id) for f in db.session.scalars(ours().where(Finding.rule_id.like("IR-%")))}
    assert found == {("IR-03", late_extension.id), ("IR-06", restricted.id), ("IR-07", wrong_language.id)}


def test_se01_and_pe01(today, clock):
    import io

    from aarhus.hearings.operations import expertise
    from tests.hearings.factories import officer_of, published

    officer = officer_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))
    clock.set("2026-12-24")
    expertise.post_conclusion(hearing, received_on=date(2026, 12, 15), outcome="positive", summaries={},
                              stream=io.BytesIO(b"%PDF-1.4\n"), filename="q.pdf", actor=officer)  # due 23 Dec
    on_time = expertise.receive_application(hearing, organiser="A", contact="a@a.kz", received_on=date(2026, 12, 1),
                                            actor=officer)  # due 15 Dec (10 WD)
    expertise.decide_application(on_time, "registered", "", officer)  # decided 24 Dec: late
    run_audit()
    assert sorted(f.rule_id for f in db.session.scalars(ours())) == ["PE-01", "SE-01"]


def test_ap01_ap02_the_action_plan_reporting_chain(app, clock, tmp_path):
    """2024 is reported (shipped from seed 004); 2025 is due from the bodies by 1 Feb 2026, the ministry by 15 Mar."""
    from aarhus.plans.models import PlanProgress
    from aarhus.reports.pdf import plan_pdf

    clock.set("2026-02-01")
    run_audit()
    assert db.session.scalars(select(Finding)).all() == []
    clock.set("2026-02-02")
    for item in range(1, 60):  # item 60 is never reported
        db.session.add(PlanProgress(concept="taza-kazakhstan", item=item, year=2025, version=1, text="Орындалды."))
    db.session.commit()
    run_audit()
    assert [(f.rule_id, f.subject_id, f.year) for f in db.session.scalars(select(Finding))] == [("AP-01", 2025060, 2025)]
    clock.set("2026-03-14")
    plan_pdf("taza-kazakhstan", 2025, "kk")
    clock.set("2026-03-16")
    run_audit()
    assert {f.rule_id for f in db.session.scalars(select(Finding).where(Finding.cured_at.is_(None)))} == {"AP-01"}


def test_ap02_when_the_ministry_is_late(app, clock):
    clock.set("2026-03-16")
    run_audit()
    rules = {f.rule_id for f in db.session.scalars(select(Finding))}
    assert rules == {"AP-01", "AP-02"}
    assert db.session.scalar(select(db.func.count(Finding.id)).where(Finding.rule_id == "AP-01")) == 60


def test_hn01_each_required_publication_must_be_on_time(today, clock):
    """Portal on time, Kazakh media on time, Russian media late: the latest of them counts (rules.md §5)."""
    from aarhus.hearings import operations as ops
    from tests.hearings.factories import agree, notice_values, officer_of

    officer = officer_of("KZ-35")
    clock.set("2026-11-20")
    hearing = ops.create_hearing("KZ-35", "open_meeting", notice_values(start=date(2026, 12, 14)), officer)
    ops.add_media_notice(hearing, "Орталық Қазақстан", date(2026, 11, 20), "kk", officer)
    agree(hearing, officer)
    clock.set("2026-11-21")  # the media carries Russian a day later; the portal is on time too
    ops.add_media_notice(hearing, "Индустриальная Караганда", date(2026, 11, 21), "ru", officer)
    ops.publish_hearing(hearing, officer)
    db.session.commit()
    clock.set("2026-11-27")
    run_audit()
    assert db.session.scalars(ours()).all() == []  # notice due 24 Nov (20 CD back from 14 Dec): all on time
    late = ops.create_hearing("KZ-35", "open_meeting", notice_values(start=date(2026, 12, 28)), officer)
    ops.add_media_notice(late, "Орталық Қазақстан / Индустриальная Караганда", date(2026, 11, 27), "both", officer)
    agree(late, officer)
    ops.publish_hearing(late, officer)  # portal and media on 27 Nov, due 8 Dec: on time
    clock.set("2026-12-07")
    ops.add_media_notice(late, "Казахстанская правда", date(2026, 12, 7), "ru", officer)  # an extra, on time
    db.session.commit()
    clock.set("2026-12-20")
    run_audit()
    assert db.session.scalars(ours()).all() == []
    assert (late.notice_first_on, late.notice_on) == (date(2026, 11, 27), date(2026, 11, 27))
    assert (hearing.notice_first_on, hearing.notice_on) == (date(2026, 11, 20), date(2026, 11, 21))


def test_hn01_a_late_russian_media_notice_is_a_late_notice(today, clock):
    from aarhus.hearings import operations as ops
    from aarhus.hearings.models import Hearing
    from tests.hearings.factories import agree, notice_values, officer_of

    officer = officer_of("KZ-35")
    clock.set("2026-11-20")
    hearing = ops.create_hearing("KZ-35", "open_meeting", notice_values(start=date(2026, 12, 14)), officer)
    ops.add_media_notice(hearing, "Орталық Қазақстан", date(2026, 11, 20), "kk", officer)
    ops.add_media_notice(hearing, "Индустриальная Караганда", date(2026, 11, 20), "ru", officer)
    agree(hearing, officer)
    ops.publish_hearing(hearing, officer)
    db.session.commit()
    # The Russian newspaper actually printed it on 30 Nov (after the 24 Nov limit): the record is corrected.
    db.session.execute(db.update(Hearing).where(Hearing.id == hearing.id).values(notice_on=date(2026, 11, 30)))
    db.session.commit()
    run_audit()
    finding = db.session.scalars(ours()).one()
    assert finding.rule_id == "HN-01" and finding.evidence["notice_on"] == "2026-11-30"


def test_hp03_every_comment_needs_a_position_in_the_published_protocol(today, clock):
    from aarhus.hearings import operations as ops
    from aarhus.hearings.models import Protocol
    from tests.hearings.factories import officer_of, published, secretary_of, signers

    officer, secretary = officer_of("KZ-35"), secretary_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))
    comment = ops.submit_comment(hearing, author_name="А", contact="a@example.kz", text="Су", show_name=True)
    ops.set_position(comment, "accepted", "Ескерілді", officer)
    clock.set("2026-12-15")
    ops.draft_protocol(hearing, {"attendees": 5, **signers(officer, secretary)}, officer)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, officer)
    db.session.commit()
    run_audit()
    assert [f.rule_id for f in db.session.scalars(ours())] == []
    assert hearing.protocol.comments_included == 1
    # Suppose the published protocol had carried the comment without its position (an older record):
    db.session.execute(db.update(Protocol).where(Protocol.hearing_id == hearing.id).values(comments_included=0))
    db.session.commit()
    run_audit()
    assert [f.rule_id for f in db.session.scalars(ours())] == ["HP-03"]


def test_ap05_the_biodiversity_summary_to_the_government_office_by_15_june(app, clock, client):
    """Decree No 1206 p.3: the Ministry of National Economy sends the summary by 15 June (rules.md §6)."""
    from aarhus.core.roles import Role
    from tests.conftest import csrf_from, login, make_user

    clock.set("2027-06-15")
    run_audit()
    assert "AP-05" not in {f.rule_id for f in db.session.scalars(select(Finding))}
    clock.set("2027-06-16")
    run_audit()
    db.session.commit()
    late = db.session.scalars(select(Finding).where(Finding.rule_id == "AP-05")).one()
    assert (late.year, late.evidence["due_on"], late.evidence["sent_on"]) == (2026, "2027-06-15", None)
    make_user(Role.compliance_officer, email="c@ecogeo.kz")
    login(client, "c@ecogeo.kz")
    token = csrf_from(client.get("/reports").get_data(as_text=True))
    sent = client.post("/reports/plans/biodiversity/submissions",
                       data={"year": "2026", "sent_on": "2027-06-12", "reference": "№ 12-3/456", "csrf_token": token})
    assert sent.status_code == 302
    run_audit()
    db.session.commit()
    assert db.session.get(Finding, late.id).cured_at is not None  # sent on 12 June: on time
    assert client.post("/reports/plans/biodiversity/submissions", data={
        "year": "2026", "sent_on": "2027-07-01", "csrf_token": token}, follow_redirects=True).status_code == 200
