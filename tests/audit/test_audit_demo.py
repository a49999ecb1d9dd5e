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
