"""The command line of the contract: ``flask --app aarhus …``."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale

from aarhus.accounts import operations as accounts
from aarhus.accounts.models import Role
from aarhus.bodies import operations as bodies
from aarhus.extensions import db
from aarhus.i18n_fields import pick

users = AppGroup("users", help="Create users and API tokens.")
rules = AppGroup("rules", help="Load rule packs into the database.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--region", help="ISO 3166-2:KZ code of the akimat an officer belongs to")
@click.option("--name", default="")
def create_user(email: str, password: str, role: str, region: str | None, name: str) -> None:
    """Create a user; an akimat officer needs --region."""
    body = None
    if region:
        body = bodies.akimat_of(region)
        if body is None:
            raise click.BadParameter(f"no akimat for region {region}", param_hint="--region")
    try:
        user = accounts.create_user(email, password, Role(role), name=name, body=body)
    except accounts.AccountError as error:
        raise click.ClickException(_account_error(str(error))) from None
    db.session.commit()
    click.echo(f"created {user.email} ({user.role.value})")


def _account_error(code: str) -> str:
    return {"email_taken": "a user with this e-mail already exists",
            "password_too_short": f"the password needs at least {accounts.MIN_PASSWORD} characters",
            "officer_needs_body": "an akimat officer needs --region"}.get(code, code)


@users.command("token")
@click.option("--email", required=True)
@click.option("--label", default="cli")
def create_token(email: str, label: str) -> None:
    """Print one line: a new API token for the user."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    token = accounts.issue_token(user, label)
    db.session.commit()
    click.echo(token)


@rules.command("load")
@click.argument("pack", default="kz-default")
def load_rules(pack: str) -> None:
    """Store a shipped pack (by name) or a pack file (by path) in the database."""
    from aarhus.deadlines import load_pack_file
    from aarhus.legal.operations import load_pack

    added = load_pack(load_pack_file(pack))
    db.session.commit()
    click.echo(f"{added} rule versions added")


@click.command("deadlines")
@with_appcontext
@click.argument("rule")
@click.argument("start")
@click.option("--lang", default="kk", type=click.Choice(["kk", "ru", "en"]))
def deadlines_command(rule: str, start: str, lang: str) -> None:
    """Print the due date (YYYY-MM-DD), then the explanation."""
    from aarhus.deadlines.rules import RuleNotFound
    from aarhus.legal import explain, service

    try:
        day = date.fromisoformat(start)
    except ValueError:
        raise click.BadParameter("the date must be YYYY-MM-DD", param_hint="DATE") from None
    if rule not in service.current_pack().codes:
        raise click.BadParameter(f"unknown rule; known: {', '.join(service.current_pack().codes)}",
                                 param_hint="RULE")
    try:
        deadline = service.compute(rule, day)
    except (RuleNotFound, ValueError) as error:
        raise click.ClickException(f"cannot compute: {error}") from None
    click.echo(deadline.due_on.isoformat())
    with force_locale(lang):
        for line in explain.explanation(deadline):
            click.echo(line)
    click.echo(pick(deadline.legal_basis, lang))


@click.command("demo")
@with_appcontext
@click.option("--hearings", default=0, help="extra generated hearings (benchmarks)")
@click.option("--requests", default=0, help="extra generated requests (benchmarks)")
def demo_command(hearings: int, requests: int) -> None:
    """Load demo data (idempotent) and print the demo users."""
    from aarhus.demo import load_demo

    for line in load_demo(hearings=hearings, requests=requests):
        click.echo(line)


def init_app(app: Flask) -> None:
    """Register the commands."""
    for command in (users, rules, deadlines_command, demo_command):
        app.cli.add_command(command)
