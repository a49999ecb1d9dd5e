"""`make run`'s demo: the audit has run over it, and the README's table names every account it makes."""

import re
from pathlib import Path

from sqlalchemy import select

from aarhus.accounts.models import User
from aarhus.accounts.operations import authenticate
from aarhus.audit.models import AuditRun, Finding
from aarhus.core.extensions import db
from tests.conftest import login

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_demo_runs_the_audit_and_the_dashboard_shows_findings_and_the_run(runner, client):
    output = runner.invoke(args=["demo"]).output
    found = int(re.search(r"Audit: (\d+) findings", output).group(1))
    assert found > 0
    assert db.session.scalar(select(AuditRun.trigger)) == "demo"
    rules = set(db.session.scalars(select(Finding.rule_id).where(Finding.cured_at.is_(None))))
    assert "IR-01" in rules  # the request answered late
    login(client, "compliance@demo.kz", "demo-compliance")
    page = client.get("/audit", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The audit last ran in full on" in page and "when the demo data was loaded" in page
    assert "IR-01" in page and "No open finding" not in page


def readme_accounts() -> dict[str, tuple[str, str]]:
    """E-mail → (password, role) from the README's demo table."""
    text = README.read_text()
    table = text[text.index("| e-mail | password | role |"):]
    table = table[:table.index("\n\n")]
    accounts = {}
    for row in table.splitlines()[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        for email in re.findall(r"[\w.]+@demo\.kz", cells[0]):
            accounts[email] = (cells[1], cells[2].split()[0])
    return accounts


def test_the_readme_lists_every_demo_account_with_a_password_that_works(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    made = set(db.session.scalars(select(User.email)))
    listed = readme_accounts()
    assert set(listed) == made, f"not in the README: {made - set(listed)}; not made: {set(listed) - made}"
    for email, (password, role) in listed.items():
        user = authenticate(email, password)
        assert user is not None, email
        assert user.role.value == role, (email, role)


def test_the_demo_has_a_finding_case_in_every_state_reached_through_the_logged_acts(runner, client):
    """Open, sent, answered, closed and reopened: each state is there, and each log holds the steps that led to it."""
    from aarhus.ledger.chain import entries_for

    first = runner.invoke(args=["demo"]).output
    assert "Demo finding cases:" in first
    assert "Demo finding cases:" not in runner.invoke(args=["demo"]).output  # acts once
    steps = {"open": [], "sent": ["finding.sent"], "answered": ["finding.sent", "finding.answered"],
             "closed": ["finding.sent", "finding.answered", "finding.closed"],
             "reopened": ["finding.sent", "finding.answered", "finding.reopened"]}
    seen: dict[str, list[int]] = {}
    for finding in db.session.scalars(select(Finding).where(Finding.body_id.is_not(None))):
        log = [e.kind for e in entries_for("finding", finding.id)]
        state = "reopened" if "finding.reopened" in log else finding.case_state
        assert log == steps[state], (finding.id, state, log)
        seen.setdefault(state, []).append(finding.id)
    assert set(seen) == set(steps), f"missing: {set(steps) - set(seen)}"
    reopened = db.session.get(Finding, seen["reopened"][0])
    assert reopened.case_state == "sent" and reopened.case_due_on is not None
    # The body's officer finds in the inbox the cases sent to the body, each with its state.
    login(client, "officer.karaganda@demo.kz", "demo-officer-35")
    inbox = client.get("/inbox/findings", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for state in ("Sent to the body", "Answered by the body", "Closed"):
        assert state in inbox, state
    # Each row names its record, so two findings of one rule can be told apart.
    assert "Качество воды в Самаркандском водохранилище" in inbox and "Теміртаудағы полигонның" in inbox
