"""Demo data: regions, bodies, the rule pack and users of every role (idempotent)."""

from __future__ import annotations

from aarhus.accounts import operations as accounts
from aarhus.accounts.models import User
from aarhus.bodies import operations as bodies
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.seed.reference import load_reference

# Demo accounts only: never use these passwords on a real installation.
DEMO_USERS = [
    ("admin@demo.kz", "demo-admin-pass", Role.admin, None, "Әкімші Демо"),
    ("compliance@demo.kz", "demo-compliance", Role.compliance_officer, None, "Айгүл Сейітова"),
    ("officer.almaty@demo.kz", "demo-officer-75", Role.akimat_officer, "KZ-75", "Ерлан Жұмабаев"),
    ("officer.karaganda@demo.kz", "demo-officer-35", Role.akimat_officer, "KZ-35", "Ольга Ким"),
    ("initiator@demo.kz", "demo-initiator", Role.initiator, None, "Данияр Оспанов"),
    ("citizen@demo.kz", "demo-citizen-pass", Role.citizen, None, "Мәдина Қасымова"),
]


def load_demo() -> list[str]:
    """Load everything the demo needs; return the lines to print."""
    load_reference()
    lines = ["Demo users (e-mail / password / role):"]
    for email, password, role, region, name in DEMO_USERS:
        if accounts.find_user(email) is None:
            body = bodies.akimat_of(region) if region else None
            extra = {"organisation": "«Демо Майнинг» ЖШС", "bin": "123456789012"} if role == Role.initiator else {}
            accounts.create_user(email, password, role, name=name, body=body, **extra)
        lines.append(f"  {email} / {password} / {role.value}")
    db.session.commit()
    lines += _demo_hearings()
    lines += _demo_audit()
    from aarhus.seed import cases as case_demo

    return lines + case_demo.load()


def _demo_audit() -> list[str]:
    """Run the audit over the demo data, so the compliance officer's dashboard shows its findings at once."""
    from aarhus.audit.engine import run_audit

    result = run_audit(trigger="demo")
    db.session.commit()
    return [f"Audit: {result.found} findings ({result.new} new, {result.cured} cured)"]


def _demo_hearings() -> list[str]:
    from aarhus.seed import hearings as hearing_demo

    officers = {"KZ-75": accounts.find_user("officer.almaty@demo.kz"),
                "KZ-35": accounts.find_user("officer.karaganda@demo.kz")}
    lines = []
    for region, email in hearing_demo.EXTRA_OFFICERS.items():
        officers[region] = _officer(email, "demo-officer-pass", region)
        lines.append(f"  {email} / demo-officer-pass / akimat_officer")
    secretaries = {region: _officer(email, "demo-secretary-pass", region)
                   for region, email in hearing_demo.SECRETARIES.items()}
    lines += [f"  {email} / demo-secretary-pass / akimat_officer (signs protocols as secretary)"
              for email in hearing_demo.SECRETARIES.values()]
    made = hearing_demo.load(officers, accounts.find_user("initiator@demo.kz"), secretaries)
    from aarhus.seed import requests as request_demo

    requests_made = request_demo.load(officers)
    return lines + [f"Demo hearings added: {made}", f"Demo requests added: {requests_made}"]


# The names of the extra officers and secretaries (people's names, as the admin's list and the case logs show them).
NAMES = {"officer.mangystau@demo.kz": "Нұрлан Есенов", "officer.east@demo.kz": "Алексей Петров",
         "secretary.almaty@demo.kz": "Сәуле Ахметова", "secretary.karaganda@demo.kz": "Марина Ли",
         "secretary.mangystau@demo.kz": "Гүлнар Бекова", "secretary.east@demo.kz": "Айдос Мұратов"}


def _officer(email: str, password: str, region: str) -> User:
    """A demo akimat officer of ``region`` (made once)."""
    return accounts.find_user(email) or accounts.create_user(
        email, password, Role.akimat_officer, name=NAMES.get(email, email.split("@")[0]),
        body=bodies.akimat_of(region))
