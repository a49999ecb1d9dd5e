"""Findings as cases: open → sent → answered → closed and reopened, across the compliance officer's and the body
officer's accounts; refusals; the missed answer becoming AU-01; the list's filters and its CSV and XLSX."""

import html
import io
import re
from datetime import UTC, date
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from aarhus.audit import cases
from aarhus.audit.engine import run_audit
from aarhus.audit.importer import import_hearings
from aarhus.audit.models import Finding, FindingAnswer
from aarhus.bodies.operations import akimat_of
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.ledger import chain
from aarhus.notify.models import OutboxMessage
from tests.audit.test_audit_rules import GOOD, csv_of
from tests.conftest import IsolatedClient, csrf_from, login, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROWS = [
    {**GOOD, "external_id": "A", "region": "KZ-75", "protocol_published_on": "2026-07-01"},  # HP-01, Almaty
    {**GOOD, "external_id": "K", "notice_published_on": "2026-06-01"},                    # HN-01, Karaganda
]


@pytest.fixture
def desk(app, clock):
    """An audited finding of the Almaty akimat, the compliance officer, its officer, another body's and a citizen."""
    clock.set("2026-11-23")
    import_hearings(csv_of(*ROWS))
    run_audit()
    make_user(Role.compliance_officer, email="c@k.kz")
    make_user(Role.akimat_officer, email="almaty@k.kz", region="KZ-75")
    make_user(Role.akimat_officer, email="karaganda@k.kz", region="KZ-35")
    make_user(Role.citizen, email="citizen@k.kz")
    db.session.commit()
    return db.session.scalars(select(Finding).where(Finding.rule_id == "HP-01")).one()


def client_of(app, email):
    app.test_client_class = IsolatedClient
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, email)
    return client


def hidden_fields(page: str) -> dict[str, str]:
    """The values a confirmation page posts back (its hidden inputs)."""
    form = page[page.index('<form method="post"'):]
    return {html.unescape(n): html.unescape(v) for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}


def act(client, url, data, page_url, *, content_type=None, lang="en"):
    """Post the act's form, check the confirmation page says so, then confirm; return the confirmation page."""
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    headers = {"Accept-Language": lang}
    check = client.post(url, data={**data, "csrf_token": token}, content_type=content_type, headers=headers)
    assert check.status_code == 200, check.get_data(as_text=True)[:2000]
    page = check.get_data(as_text=True)
    assert "Check before you send" in page or lang != "en"
    done = client.post(url, data=hidden_fields(page), headers=headers)
    assert done.status_code == 302
    return page


def state(finding_id):
    db.session.expire_all()
    return db.session.get(Finding, finding_id)


def test_the_full_cycle_across_two_accounts(app, desk, clock):
    compliance, officer = client_of(app, "c@k.kz"), client_of(app, "almaty@k.kz")
    fid = desk.id
    assert officer.get(f"/inbox/findings/{fid}").status_code == 403  # not sent yet: not theirs to see
    page = compliance.get(f"/audit/findings/{fid}").get_data(as_text=True)
    assert "Open" in page and f"/audit/findings/{fid}/send" in page

    confirm = act(compliance, f"/audit/findings/{fid}/send", {"note": "Please explain the late protocol."},
                  f"/audit/findings/{fid}")
    assert "Akimat of Almaty" in confirm and "Test akimat_officer" in confirm  # where it goes: the body's officers
    assert "7 December 2026" in confirm  # 10 working days from Monday 23 November
    f = state(fid)
    assert (f.case_state, f.case_due_on) == ("sent", date(2026, 12, 7))
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == "almaty@k.kz")).all()
    assert len(mail) == 1 and "HP-01" in mail[0].subject
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == "karaganda@k.kz")).all() == []

    inbox = officer.get("/inbox/findings").get_data(as_text=True)
    assert f"/inbox/findings/{fid}" in inbox and "Findings to answer" in inbox
    detail = officer.get(f"/inbox/findings/{fid}").get_data(as_text=True)
    assert "Public Hearing Rules, paras. 19, 25, 27" in detail  # the legal basis
    assert "Protocol due by" in detail and "Please explain the late protocol." in detail  # evidence, the note

    clock.set("2026-11-26")
    confirm = act(officer, f"/inbox/findings/{fid}/answer",
                  {"explanation": "The site was down.", "corrective_action": "A second server.",
                   "evidence": (io.BytesIO(PDF), "акт.pdf")}, f"/inbox/findings/{fid}",
                  content_type="multipart/form-data")
    assert "акт.pdf" in confirm and "The site was down." in confirm
    assert "the act is written to the log" in confirm and "public log" not in confirm  # a finding is not published
    f = state(fid)
    assert (f.case_state, f.answered_on) == ("answered", date(2026, 11, 26))
    answer = db.session.scalars(select(FindingAnswer)).one()
    assert answer.file_name == "акт.pdf" and answer.file_type == "application/pdf"
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == "c@k.kz")).all()

    shown = compliance.get(f"/audit/findings/{fid}").get_data(as_text=True)
    assert "The site was down." in shown and "A second server." in shown
    download = compliance.get(f"/audit/findings/{fid}/answers/{answer.id}/file")
    assert download.status_code == 200 and download.data == PDF
    download.close()

    token = csrf_from(shown)
    refused = compliance.post(f"/audit/findings/{fid}/reopen", data={"note": "", "csrf_token": token})
    assert refused.status_code == 422 and state(fid).case_state == "answered"  # reopening says why
    act(compliance, f"/audit/findings/{fid}/reopen", {"note": "Attach the server's contract."},
        f"/audit/findings/{fid}")
    f = state(fid)
    assert (f.case_state, f.case_due_on, f.answered_on) == ("sent", date(2026, 12, 10), None)

    act(officer, f"/inbox/findings/{fid}/answer", {"explanation": "Contract attached.", "corrective_action": "Done."},
        f"/inbox/findings/{fid}")
    act(compliance, f"/audit/findings/{fid}/close", {"note": "Satisfied."}, f"/audit/findings/{fid}")
    f = state(fid)
    assert f.case_state == "closed" and f.closed_at is not None
    assert [e.kind for e in chain.entries_for("finding", fid)] == [
        "finding.sent", "finding.answered", "finding.reopened", "finding.answered", "finding.closed"]
    assert chain.verify_subject("finding", fid)[0]
    closed = officer.get(f"/inbox/findings/{fid}").get_data(as_text=True)
    assert "Closed" in closed and "Satisfied." in closed and f"/inbox/findings/{fid}/answer" not in closed

    act(compliance, f"/audit/findings/{fid}/reopen", {"note": "The protocol is late again."}, f"/audit/findings/{fid}")
    assert state(fid).case_state == "sent"


def test_refusals(app, desk):
    fid = desk.id
    compliance = client_of(app, "c@k.kz")
    act(compliance, f"/audit/findings/{fid}/send", {"note": ""}, f"/audit/findings/{fid}")
    other, citizen = client_of(app, "karaganda@k.kz"), client_of(app, "citizen@k.kz")
    assert other.get(f"/inbox/findings/{fid}").status_code == 403
    token = csrf_from(other.get("/inbox/findings").get_data(as_text=True))
    assert f"/inbox/findings/{fid}" not in other.get("/inbox/findings").get_data(as_text=True)
    assert other.post(f"/inbox/findings/{fid}/answer", data={"explanation": "x", "corrective_action": "y",
                                                             "csrf_token": token}).status_code == 403
    assert other.get(f"/audit/findings/{fid}").status_code == 403
    assert citizen.get(f"/audit/findings/{fid}").status_code == 403
    assert citizen.get("/inbox/findings").status_code == 403
    assert citizen.get(f"/inbox/findings/{fid}").status_code == 403
    answer = db.session.scalars(select(FindingAnswer)).first()
    assert answer is None
    # A compliance officer may not close a case the body has yet to answer; the refusal is translated.
    page = compliance.get(f"/audit/findings/{fid}").get_data(as_text=True)
    assert f"/audit/findings/{fid}/close" not in page
    refused = compliance.post(f"/audit/findings/{fid}/close", data={"note": "", "csrf_token": csrf_from(page)},
                              headers={"Accept-Language": "ru"})
    assert refused.status_code == 302 and state(fid).case_state == "sent"
    shown = compliance.get(f"/audit/findings/{fid}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Это нельзя сделать в текущем состоянии дела." in shown
    # Sending twice is refused by the table, whoever asks.
    with pytest.raises(cases.CaseError) as error:
        cases.send_finding(state(fid), "", db.session.scalars(select(cases.User).filter_by(email="c@k.kz")).one())
    assert error.value.code == "wrong_state"
    with pytest.raises(cases.CaseError) as error:
        cases.answer_finding(state(fid), explanation="x", corrective_action="y", file=None,
                             actor=db.session.scalars(select(cases.User).filter_by(email="c@k.kz")).one())
    assert (error.value.code, error.value.status) == ("forbidden", 403)


def test_a_finding_without_officers_cannot_be_sent(app, desk):
    karaganda = db.session.scalars(select(Finding).where(Finding.rule_id == "HN-01")).first()
    db.session.execute(db.update(cases.User).where(cases.User.email == "karaganda@k.kz")
                       .values(is_active_account=False))
    db.session.commit()
    assert cases.officers_of(karaganda.body_id) == []
    compliance = client_of(app, "c@k.kz")
    page = compliance.get(f"/audit/findings/{karaganda.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"/audit/findings/{karaganda.id}/send" not in page and "no officer with an account" in page


def test_a_missed_answer_is_its_own_finding(app, desk, clock):
    fid = desk.id
    compliance = client_of(app, "c@k.kz")
    act(compliance, f"/audit/findings/{fid}/send", {"note": ""}, f"/audit/findings/{fid}")

    def au01():
        db.session.expire_all()
        return db.session.scalars(select(Finding).where(Finding.rule_id == "AU-01")).all()

    clock.set("2026-12-07")
    run_audit()
    db.session.commit()
    assert au01() == []  # the due day itself is in time
    clock.set("2026-12-08")
    run_audit()
    db.session.commit()
    [missed] = au01()
    assert (missed.subject_type, missed.subject_id, missed.body_id) == ("finding", fid, akimat_of("KZ-75").id)
    assert missed.evidence["due_on"] == "2026-12-07" and missed.evidence["finding_rule"] == "HP-01"
    page = compliance.get(f"/audit/findings/{missed.id}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "AU-01: Орган не ответил на выявленное нарушение в срок" in page and "HP-01: " in page
    # Answered late: the finding holds (the answer came after its day), the case goes on as answered.
    officer = client_of(app, "almaty@k.kz")
    act(officer, f"/inbox/findings/{fid}/answer", {"explanation": "Late.", "corrective_action": "Sorry."},
        f"/inbox/findings/{fid}")
    run_audit()
    db.session.commit()
    [missed] = au01()
    assert missed.cured_at is None and missed.evidence["answered_on"] == "2026-12-08"
    assert state(fid).case_state == "answered"


def test_the_case_outlives_the_engine(app, desk, clock):
    """A finding the engine marks cured keeps its case: it stays sent and can still be answered and closed."""
    fid = desk.id
    compliance = client_of(app, "c@k.kz")
    act(compliance, f"/audit/findings/{fid}/send", {"note": ""}, f"/audit/findings/{fid}")
    db.session.execute(db.update(Finding).where(Finding.id == fid).values(rule_id="HP-01"))
    from aarhus.audit.engine import synchronise

    synchronise([], clock.now, Finding.id == fid)  # the violation no longer holds
    db.session.commit()
    f = state(fid)
    assert f.cured_at is not None and f.case_state == "sent"
    run_audit()  # and a full run leaves the case alone
    db.session.commit()
    assert state(fid).case_state == "sent"


def test_filters_and_exports(app, desk):
    fid = desk.id
    compliance = client_of(app, "c@k.kz")
    act(compliance, f"/audit/findings/{fid}/send", {"note": ""}, f"/audit/findings/{fid}")
    everything = db.session.scalars(select(Finding).where(Finding.cured_at.is_(None))).all()
    almaty = akimat_of("KZ-75")

    def listed(query):
        page = compliance.get(f"/audit/findings?{query}").get_data(as_text=True)
        return sorted(int(i) for i in re.findall(r'href="/audit/findings/(\d+)"', page))

    assert listed("case=sent") == [fid]
    assert listed(f"case=open&body_id={almaty.id}") == sorted(
        f.id for f in everything if f.id != fid and f.body_id == almaty.id)
    assert len(everything) > 1 and listed(f"case=closed&body_id={almaty.id}") == []
    assert listed("rule_id=HN-01") == sorted(f.id for f in everything if f.rule_id == "HN-01")
    assert listed(f"region_id={almaty.region_id}") == sorted(f.id for f in everything if f.region_id == almaty.region_id)
    assert listed(f"body_id={almaty.id}&year=2026") == sorted(
        f.id for f in everything if f.body_id == almaty.id and f.year == 2026)
    assert listed(f"year=2025&body_id={almaty.id}") == []
    for bad in ("year=abc", "region_id=x", "case=lost", "rule_id=ZZ", "body_id=99999999999", "status=x"):
        assert compliance.get(f"/audit/findings?{bad}").status_code == 200

    export = compliance.get(f"/audit/findings.csv?case=sent&body_id={almaty.id}")
    lines = export.get_data(as_text=True).lstrip("\ufeff").splitlines()
    export.close()
    assert lines[0].split(",")[:3] == ["id", "rule_id", "severity"] and "case_state" in lines[0]
    assert len(lines) == 2 and lines[1].startswith(f"{fid},HP-01,") and ",sent," in lines[1]

    xlsx = compliance.get("/audit/findings.xlsx?rule_id=HN-01", headers={"Accept-Language": "ru"})
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(xlsx.data), read_only=True)
    xlsx.close()
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    header = list(rows[0])  # for people: headings, states and evidence in the reader's language
    assert header[:4] == ["№ нарушения", "Правило", "Серьёзность", "Нарушение"]
    hn = [f for f in everything if f.rule_id == "HN-01"]
    assert len(rows) == 1 + len(hn) and hn
    row = dict(zip(header, rows[1], strict=True))
    assert row["Правило"] == "HN-01" and row["Состояние дела"] == "Открыто" and row["Год"] == 2026
    assert row["Нарушение"] == "Объявление опубликовано с опозданием или не опубликовано"
    assert row["Серьёзность"] in ("высокая", "средняя") and "\n" in row["Доказательства"]
    assert "{" not in row["Доказательства"] and "Дата публикации объявления: " in row["Доказательства"]
    stored = next(f for f in hn if f.id == row["№ нарушения"])
    found_at = stored.found_at if stored.found_at.tzinfo else stored.found_at.replace(tzinfo=UTC)
    assert row["Выявлено (местное время)"] == found_at.astimezone(ZoneInfo("Asia/Almaty")).replace(tzinfo=None)
    sent = compliance.get("/audit/findings.xlsx?case=sent", headers={"Accept-Language": "en"})
    book = load_workbook(io.BytesIO(sent.data), read_only=True)
    sent.close()
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Finding No."], row["State of the case"], row["Answer due by"].date()) == (
        fid, "Sent to the body", date(2026, 12, 7))



def test_changing_the_answer_keeps_the_evidence_attached(app, desk, clock):
    """"Change what I wrote" brings back the text and keeps the evidence file (shown as still attached); a new file
    replaces it; the confirmed answer carries it."""
    compliance, officer = client_of(app, "c@k.kz"), client_of(app, "almaty@k.kz")
    fid = desk.id
    act(compliance, f"/audit/findings/{fid}/send", {"note": ""}, f"/audit/findings/{fid}")
    url, page_url = f"/inbox/findings/{fid}/answer", f"/inbox/findings/{fid}"
    token = csrf_from(officer.get(page_url).get_data(as_text=True))
    check = officer.post(url, content_type="multipart/form-data", data={
        "explanation": "The site was down.", "corrective_action": "A second server.", "csrf_token": token,
        "evidence": (io.BytesIO(PDF), "акт.pdf")}).get_data(as_text=True)
    assert "акт.pdf" in check
    form = officer.post(url, data={**hidden_fields(check), "edit": "1"}).get_data(as_text=True)
    assert "Check before you send" not in form and "The site was down." in form
    assert "Still attached" in form and "акт.pdf" in form
    stored = re.search(r'name="stored_files" value="([^"]+)"', form).group(1)
    again = officer.post(url, content_type="multipart/form-data", data={
        "explanation": "The site was down for a day.", "corrective_action": "A second server.",
        "stored_files": stored, "csrf_token": csrf_from(form)}).get_data(as_text=True)
    assert "акт.pdf" in again and "for a day" in again
    replaced = officer.post(url, content_type="multipart/form-data", data={
        "explanation": "x", "corrective_action": "y", "stored_files": stored, "csrf_token": csrf_from(form),
        "evidence": (io.BytesIO(PDF), "жаңа-акт.pdf")}).get_data(as_text=True)
    assert "жаңа-акт.pdf" in replaced and "акт.pdf</li>" not in replaced.replace("жаңа-акт.pdf</li>", "")
    assert officer.post(url, data=hidden_fields(again)).status_code == 302
    answer = db.session.scalars(select(FindingAnswer)).one()
    assert answer.explanation == "The site was down for a day." and answer.file_name == "акт.pdf"
