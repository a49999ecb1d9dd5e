from sqlalchemy import func, select

from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.roles import Role


def test_users_create_makes_an_officer_of_a_region(runner):
    result = runner.invoke(args=["users", "create", "--email", "o@akimat.kz", "--password",
                                 "long-enough-1", "--role", "akimat_officer", "--region", "KZ-35",
                                 "--name", "Ольга"])
    assert result.exit_code == 0, result.output
    user = db.session.scalars(select(User).where(User.email == "o@akimat.kz")).one()
    assert user.role == Role.akimat_officer
    assert user.body.region.code == "KZ-35"


def test_users_create_refuses_an_officer_without_region_and_unknown_regions(runner):
    result = runner.invoke(args=["users", "create", "--email", "o@a.kz", "--password",
                                 "long-enough-1", "--role", "akimat_officer"])
    assert result.exit_code != 0 and "--region" in result.output
    result = runner.invoke(args=["users", "create", "--email", "o@a.kz", "--password",
                                 "long-enough-1", "--role", "akimat_officer", "--region", "KZ-99"])
    assert result.exit_code != 0 and "KZ-99" in result.output


def test_users_token_prints_one_line_that_authenticates(runner, client):
    runner.invoke(args=["users", "create", "--email", "i@firm.kz", "--password", "long-enough-1",
                        "--role", "initiator"])
    result = runner.invoke(args=["users", "token", "--email", "i@firm.kz"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {lines[0]}"})
    assert response.json["email"] == "i@firm.kz"


def test_demo_is_idempotent_and_prints_users_of_every_role(runner):
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and second.exit_code == 0
    for role in Role:
        assert f"/ {role.value}" in first.output
    count = db.session.scalar(select(func.count(User.id)))
    assert count == len([line for line in first.output.splitlines() if line.startswith("  ")])


def test_demo_has_hearings_in_every_state_and_loads_once(runner, tmp_path):
    from aarhus.core.time import legal_today
    from aarhus.hearings.models import Hearing
    from aarhus.hearings.serialize import status_of

    first = runner.invoke(args=["demo"])
    assert "Demo hearings added: 9" in first.output
    assert "Demo hearings added: 0" in runner.invoke(args=["demo"]).output
    hearings = db.session.scalars(select(Hearing)).all()
    statuses = {status_of(h, legal_today()) for h in hearings}
    assert statuses == {"draft", "agreed", "upcoming", "in_progress", "awaiting_protocol", "protocol_overdue",
                        "protocol_published", "cancelled"}
    assert all(h.notice_published_at is None or h.notice_published_at.date() <= legal_today() for h in hearings)
    from aarhus.requests.models import InfoRequest
    from aarhus.requests.operations import status_of as request_status

    assert "Demo requests added: 9" in first.output
    requests = db.session.scalars(select(InfoRequest)).all()
    assert {request_status(r) for r in requests} == {"in_progress", "overdue", "answered", "answered_late",
                                                      "refused", "redirected"}
