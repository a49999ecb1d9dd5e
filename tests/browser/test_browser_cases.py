"""A finding as a case in a real browser: open → sent → answered → closed → reopened, across the compliance officer's
and the body officer's accounts, each step saved as a screenshot in Kazakh and Russian."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from aarhus.audit.engine import run_audit
from aarhus.audit.importer import import_hearings
from aarhus.audit.models import Finding, FindingAnswer
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.audit.test_audit_cases import PDF, ROWS
from tests.audit.test_audit_rules import csv_of
from tests.browser.conftest import shot, sign_in
from tests.conftest import PASSWORD, make_user

# What each language calls the steps (the buttons and the case's state).
WORDS = {
    "kk": {"send": "Органға жолдау", "confirm": "Растау", "check": "Жауапты тексеру",
           "close": "Істі жабу", "sent": "Органға жолданды", "answered": "Орган жауап берді", "closed": "Жабылды",
           "inbox": "Жауап берілетін бұзушылықтар", "reopen": "Істі қайта ашу", "show": "Көрсету"},
    "ru": {"send": "Направить органу", "confirm": "Подтвердить", "check": "Проверить ответ",
           "close": "Закрыть дело", "sent": "Направлено органу", "answered": "Орган ответил", "closed": "Закрыто",
           "inbox": "Нарушения для ответа", "reopen": "Открыть дело повторно", "show": "Показать"},
}


@pytest.fixture
def desk(app, clock):
    clock.set("2026-11-23")
    import_hearings(csv_of(*ROWS))
    run_audit()
    make_user(Role.compliance_officer, email="desk@ecogeo.kz")
    make_user(Role.akimat_officer, email="officer@almaty.kz", region="KZ-75")
    db.session.commit()
    return db.session.scalars(select(Finding).where(Finding.rule_id == "HP-01")).one().id


def _state(fid):
    db.session.commit()  # end this thread's snapshot: see what the server wrote
    return db.session.get(Finding, fid).case_state


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_finding_goes_open_sent_answered_closed_reopened(open_page, desk, lang, tmp_path):
    words, fid = WORDS[lang], desk
    confirm_button = f"form.form button[type=submit]:has-text('{words['confirm']}')"
    compliance = open_page(lang=lang)
    sign_in(compliance, "desk@ecogeo.kz", PASSWORD)
    compliance.goto(f"/audit/findings/{fid}")
    shot(compliance, f"60-case-open-{lang}")
    compliance.fill("#send-note", "Хаттаманың кешігуін түсіндіріңіз." if lang == "kk" else "Объясните задержку протокола.")
    compliance.click(f"form.form button[type=submit]:has-text('{words['send']}')")
    expect(compliance.locator("main h1")).to_be_visible()
    shot(compliance, f"61-case-send-check-{lang}")
    assert _state(fid) == "open"  # the check page sends nothing
    compliance.click(confirm_button)
    expect(compliance.locator(".badge-case-sent")).to_have_text(words["sent"])
    shot(compliance, f"62-case-sent-{lang}")

    officer = open_page(lang=lang)
    sign_in(officer, "officer@almaty.kz", PASSWORD)
    officer.click(f"nav a:has-text('{words['inbox']}')")
    expect(officer.locator(f"a[href='/inbox/findings/{fid}']")).to_be_visible()
    shot(officer, f"63-case-body-inbox-{lang}")
    officer.click(f"a[href='/inbox/findings/{fid}']")
    evidence = tmp_path / ("акт.pdf" if lang == "kk" else "акт-ru.pdf")
    evidence.write_bytes(PDF)
    officer.fill("#explanation", "Сайт жұмыс істемеді." if lang == "kk" else "Сайт не работал.")
    officer.fill("#corrective_action", "Екінші сервер қосылды." if lang == "kk" else "Подключён второй сервер.")
    officer.set_input_files("#evidence", str(evidence))
    shot(officer, f"64-case-body-answer-{lang}")
    officer.click(f"form.form button[type=submit]:has-text('{words['check']}')")
    expect(officer.locator("main")).to_contain_text(evidence.name)
    shot(officer, f"65-case-body-answer-check-{lang}")
    officer.click(confirm_button)
    expect(officer.locator(".badge-case-answered")).to_have_text(words["answered"])
    shot(officer, f"66-case-answered-{lang}")

    compliance.goto(f"/audit/findings/{fid}")
    expect(compliance.locator(f"a:has-text('{evidence.name}')")).to_be_visible()
    compliance.fill("#close-note", "Жауап жеткілікті." if lang == "kk" else "Ответ достаточен.")
    compliance.click(f"form.form button[type=submit]:has-text('{words['close']}')")
    shot(compliance, f"67-case-close-check-{lang}")
    # Closing sends nothing to anyone: its button only confirms.
    assert compliance.locator("form.form button[type=submit]").first.inner_text().strip() == words["confirm"]
    compliance.click(confirm_button)
    expect(compliance.locator(".badge-case-closed")).to_have_text(words["closed"])
    shot(compliance, f"68-case-closed-{lang}")
    assert _state(fid) == "closed"
    assert db.session.scalars(select(FindingAnswer.file_name)).one() == evidence.name

    # The list, filtered by the case's state, finds it with its record named.
    compliance.goto("/audit/findings")
    compliance.select_option("#case", "closed")
    compliance.click(f"form.filters button[type=submit]:has-text('{words['show']}')")
    expect(compliance.locator(f"tbody a[href='/audit/findings/{fid}']")).to_be_visible()
    expect(compliance.locator("tbody tr")).to_have_count(1)
    shot(compliance, f"69-case-findings-filtered-closed-{lang}")

    # Reopened: back to the body with a new time for the answer; the log holds every step.
    compliance.goto(f"/audit/findings/{fid}")
    compliance.fill("#reopen-note", "Шарт көшірмесін қоса беріңіз." if lang == "kk" else "Приложите копию договора.")
    compliance.click(f"form.form button[type=submit]:has-text('{words['reopen']}')")
    shot(compliance, f"70-case-reopen-check-{lang}")
    compliance.click(confirm_button)
    expect(compliance.locator(".badge-case-sent")).to_have_text(words["sent"])
    expect(compliance.locator("h3 + div.table-wrap tbody tr")).to_have_count(4)  # the log: sent, answered, closed, reopened
    shot(compliance, f"71-case-reopened-{lang}")
    assert _state(fid) == "sent"
    officer.goto("/inbox/findings")
    expect(officer.locator(f"a[href='/inbox/findings/{fid}']")).to_be_visible()
    shot(officer, f"72-case-reopened-in-body-inbox-{lang}")
    db.session.commit()
