"""The command line of the contract: ``flask --app aarhus …``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale

from aarhus.accounts import operations as accounts
from aarhus.bodies import operations as bodies
from aarhus.core.extensions import db, let_others_write, writing
from aarhus.core.i18n_fields import pick
from aarhus.core.roles import Role

users = AppGroup("users", help="Create and disable users, issue API tokens.")
audit = AppGroup("audit", help="The compliance audit.")
importer = AppGroup("import", help="Import monitoring records.")
ledger_group = AppGroup("ledger", help="The tamper-evident publication log.")
scheduler_group = AppGroup("scheduler", help="The job scheduler (its own process).")
jobs_group = AppGroup("jobs", help="Background jobs: report builds, monitoring imports, protocol PDFs.")
report_group = AppGroup("report", help="National reports as PDF.")
rules = AppGroup("rules", help="Load rule packs into the database.")
# Not an AppGroup: it must work before the application can start (production refuses to start without a key),
# so it is a plugin command (pyproject.toml, entry point "flask.commands"), loaded without the application.
keys_group = click.Group("keys", help="The installation's signing key.")


@keys_group.command("create")
@click.option("--out", type=click.Path(dir_okay=False),
              help="where to write it (default: AARHUS_SIGNING_KEY_FILE, else instance/signing-key.pem)")
def keys_create(out: str | None) -> None:
    """Make the Ed25519 key that signs the log's heads (PEM, mode 0600); an existing key is never replaced."""
    import os

    from aarhus.core.config import Settings
    from aarhus.core.keys import create_signing_key, key_id

    configured = Settings(signing_key_file=os.environ.get("AARHUS_SIGNING_KEY_FILE", ""))
    path = Path(out) if out else configured.signing_key_path
    try:
        key = create_signing_key(path)
    except FileExistsError:
        raise click.ClickException(f"{path} exists: a key is never replaced, or the heads it signed "
                                   "could no longer be checked") from None
    click.echo(f"key written to {path} (mode 0600); key id {key_id(key.public_key())}")


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


@users.command("disable")
@click.option("--email", required=True)
def disable_user(email: str) -> None:
    """Disable an account: its sessions end at once and its API tokens stop working."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    changed = accounts.disable_user(user)
    db.session.commit()
    click.echo(f"disabled {user.email}" if changed else f"{user.email} was disabled already")


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
@click.option("--comments", default=0, help="extra generated comments (benchmarks)")
def demo_command(hearings: int, requests: int, comments: int) -> None:
    """Load demo data (idempotent) and print the demo users; --hearings/--requests/--comments add bulk rows."""
    from aarhus.core.time import legal_today
    from aarhus.jobs import worker
    from aarhus.seed import bulk
    from aarhus.seed.demo import load_demo

    for line in load_demo():
        click.echo(line)
    db.session.commit()  # the demo's published protocols queued their PDFs: make them now, as a worker would
    click.echo(f"background jobs run: {worker.work(current_app._get_current_object(), once=True)}")
    if hearings:
        click.echo(f"bulk hearings added: {bulk.bulk_hearings(hearings, legal_today())}")
    if requests:
        click.echo(f"bulk requests added: {bulk.bulk_requests(requests, legal_today())}")
    if comments:
        click.echo(f"bulk comments added: {bulk.bulk_comments(comments)}")
    if hearings or requests or comments:  # bulk rows bypass the ORM, so the search documents are rebuilt
        from aarhus.search.index import rebuild_all

        click.echo(f"search documents: {rebuild_all()}")
        db.session.commit()


@click.command("search-rebuild")
@with_appcontext
def search_rebuild_command() -> None:
    """Rebuild every search document (after a bulk load or a restore); prints how many."""
    from aarhus.search.index import rebuild_all

    count = rebuild_all()
    db.session.commit()
    click.echo(f"search documents: {count}")


@audit.command("run")
def audit_run() -> None:
    """Recompute all findings (idempotent) and print what changed."""
    from aarhus.audit.engine import run_audit

    result = run_audit()
    db.session.commit()
    click.echo(f"findings: {result.found} (new {result.new}, cured {result.cured}, reopened {result.reopened})")
    for rule_id in sorted(result.by_rule):
        click.echo(f"  {rule_id}: {result.by_rule[rule_id]}")


@importer.command("hearings")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_hearings_command(path: str) -> None:
    """Import hearing notices found by the monitoring; exit 1 if any row was rejected."""
    from aarhus.audit.importer import parse_rows, write_in_chunks

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException("the file is not UTF-8 text") from None
    total = max(text.count("\n") - 1, 1)
    with click.progressbar(length=total, label="importing", file=sys.stderr) as bar:
        last = [0]

        def advance(done: int, _total: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        report, good = parse_rows(text, advance)
        db.session.rollback()  # end the read snapshot: the writes take the write lock afresh (SQLite)
        try:
            with writing():
                for _written in write_in_chunks(report, good):
                    db.session.commit()  # a chunk at a time: the site's writers go in between
                    let_others_write()
        except Exception:
            db.session.rollback()  # whole chunks written; importing the file again completes it
            raise
    click.echo(f"imported: {report.imported}, updated: {report.updated}, rejected: {len(report.rejected)}")
    for line, reason in report.rejected:
        click.echo(f"line {line}, {reason}" if reason.startswith("column ") else f"line {line}: {reason}")
    if report.rejected:
        raise SystemExit(1)


@ledger_group.command("verify")
@click.option("--against", "against", type=click.Path(exists=True, dir_okay=False),
              help="a saved copy of the signed heads (ledger heads --out, or /ledger/heads.json)")
def ledger_verify(against: str | None) -> None:
    """Check the whole chain (and that it reaches every saved signed head); exit 0 only if intact."""
    from aarhus.ledger import chain as ledger

    if against:
        _verify_against(Path(against))
        return
    broken = ledger.first_broken()
    if broken is not None:
        click.echo(f"BROKEN at entry {broken.id} ({broken.kind}, {broken.subject_type} {broken.subject_id}, "
                   f"{broken.at.isoformat()})")
        raise SystemExit(1)
    last = ledger.head()
    click.echo(f"intact: {last.id if last else 0} entries, head {last.hash if last else '-'}")


def _verify_against(path: Path) -> None:
    import json

    from aarhus.ledger import anchor
    from aarhus.ledger import chain as ledger

    try:
        saved = anchor.read_heads(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, ValueError) as error:
        raise click.ClickException(f"{path}: {error}") from None
    bad = anchor.check_against(saved)
    if bad is not None:
        click.echo(f"BAD at sequence {bad.sequence}: {bad.reason}")
        raise SystemExit(1)
    last = ledger.head()
    reached = f", the last at sequence {saved[-1]['sequence']}" if saved else ""
    click.echo(f"intact: {last.id if last else 0} entries; reaches all {len(saved)} signed heads{reached}")


@ledger_group.command("seal")
def ledger_seal() -> None:
    """Chain the entries that acts committed for chaining after them (the scheduler does so every minute)."""
    from aarhus.ledger import chain as ledger

    click.echo(f"chained: {ledger.seal_all()} pending entries")


@ledger_group.command("sign-head")
def ledger_sign_head() -> None:
    """Sign the head of the chain now and publish it (the scheduler does so every night)."""
    from aarhus.core.time import utcnow
    from aarhus.ledger import anchor
    from aarhus.ledger import chain as ledger

    ledger.seal_all()  # the head covers every entry committed so far
    head = anchor.sign_current_head(utcnow())
    db.session.commit()
    if head is None:
        raise click.ClickException("the log is empty: there is no head to sign")
    click.echo(f"signed head: sequence {head.entry_id}, {head.entries} entries, {head.hash}")


@ledger_group.command("heads")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="the JSON file to write")
def ledger_heads(out: str) -> None:
    """Write every signed head, with the public key, as JSON (the same as /ledger/heads.json)."""
    import json

    from aarhus.ledger import anchor

    document = anchor.heads_document()
    Path(out).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    click.echo(f"{out}: {len(document['heads'])} signed heads")


@scheduler_group.command("run")
def scheduler_run() -> None:
    """Run the scheduler; a second process started by mistake runs no job."""
    import logging

    from flask import current_app

    from aarhus.jobs import scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    owner = scheduler.owner_id()
    if not scheduler.acquire_lock(owner):
        click.echo("another scheduler process holds the lock; this one will stand by and take over if it stops")
    click.echo(f"scheduler {owner} running (Ctrl+C to stop)")
    scheduler.run(current_app._get_current_object())


@jobs_group.command("work")
@click.option("--once", is_flag=True, help="Run the queued jobs, then stop (else wait for new ones).")
def jobs_work(once: bool) -> None:
    """Run background jobs (report builds, monitoring imports); any number of workers may run."""
    import logging

    from flask import current_app

    from aarhus.jobs import worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if not once:
        click.echo(f"job worker {worker.worker_id()} waiting for jobs (Ctrl+C to stop)")
    ran = worker.work(current_app._get_current_object(), once=once)
    click.echo(f"jobs run: {ran}")


@jobs_group.command("failed")
@click.option("--limit", default=50, show_default=True, help="How many of the newest failed jobs to list.")
def jobs_failed(limit: int) -> None:
    """List the newest failed jobs (a protocol's PDFs are queued again by the scheduler until one succeeds)."""
    from sqlalchemy import select

    from aarhus.core.jobs import Job

    jobs = db.session.scalars(select(Job).where(Job.state == "failed").order_by(Job.id.desc()).limit(limit)).all()
    for job in jobs:
        finished = job.finished_at.strftime("%Y-%m-%d %H:%M UTC") if job.finished_at else "-"
        click.echo(f"{job.id}\t{job.kind}\t{finished}\t{job.error or 'the worker stopped'}\t"
                   f"{json.dumps(job.params, ensure_ascii=False, sort_keys=True)}")
    click.echo(f"failed jobs: {len(jobs)}")


@scheduler_group.command("job")
@click.argument("name", type=click.Choice(["nightly", "reminders", "weekly_digest", "deliver"]))
def scheduler_job(name: str) -> None:
    """Run one job now (idempotent), e.g. from cron or by hand."""
    from aarhus.jobs import scheduler

    click.echo(scheduler.JOBS[name]())


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(out: str) -> None:
    """Write the database and the uploads to one .tar.gz archive."""
    from aarhus.core.backup import backup

    click.echo(f"backup written: {backup(Path(out))}")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@with_appcontext
def restore_command(archive: str, yes: bool) -> None:
    """Replace the database and the uploads with an archive's (stop the site first)."""
    from aarhus.core.backup import restore

    if not yes:
        click.confirm("This replaces the current database and uploads. Continue?", abort=True)
    manifest = restore(Path(archive))
    click.echo(f"restored a {manifest['dialect']} backup made at {manifest['created_at']}")


def _write_report(build, out: str) -> None:
    from aarhus.reports.builders import ReportCheckError

    with click.progressbar(length=3, label="building", file=sys.stderr) as bar:
        bar.update(1)
        try:
            pdf, data = build()
        except ReportCheckError as error:
            raise click.ClickException("the figures do not add up: " + "; ".join(error.problems)) from None
        bar.update(1)
        Path(out).write_bytes(pdf)
        db.session.commit()  # the generation's log entry
        bar.update(1)
    click.echo(f"{out}: {len(pdf)} bytes, data SHA-256 {data['sha256']}")


@report_group.command("nir")
@click.option("--year", required=True, type=click.IntRange(2000, 2040))
@click.option("--lang", default="kk", type=click.Choice(["kk", "ru", "en"]))
@click.option("--out", required=True, type=click.Path(dir_okay=False))
def report_nir(year: int, lang: str, out: str) -> None:
    """Build the National Implementation Report of the Aarhus Convention."""
    from aarhus.reports.pdf import nir_pdf

    _write_report(lambda: nir_pdf(year, lang), out)


@report_group.command("action-plan")
@click.option("--concept", required=True, type=click.Choice(["taza-kazakhstan", "biodiversity"]))
@click.option("--year", required=True, type=click.IntRange(2024, 2040))
@click.option("--lang", default="kk", type=click.Choice(["kk", "ru", "en"]))
@click.option("--out", required=True, type=click.Path(dir_okay=False))
def report_action_plan(concept: str, year: int, lang: str, out: str) -> None:
    """Build a concept action-plan progress report."""
    from aarhus.plans.items import plan_years
    from aarhus.reports.pdf import plan_pdf

    years = plan_years(concept)
    if year not in years:
        raise click.ClickException(f"the {concept} action plan covers {years[0]}–{years[-1]}; no report for {year}")
    _write_report(lambda: plan_pdf(concept, year, lang), out)


@click.command("outbox")
@click.option("--to", default=None, help="Only the mail to this address.")
@click.option("--last", default=10, type=click.IntRange(1, 1000), help="How many of the latest messages.")
@with_appcontext
def outbox_command(to: str | None, last: int) -> None:
    """Print the latest mail not yet sent (without AARHUS_SMTP_URL it stays here: invitations, reset links)."""
    from sqlalchemy import select

    from aarhus.notify.models import OutboxMessage

    query = select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    if to:
        query = query.where(OutboxMessage.to == to.strip().lower())
    messages = list(db.session.scalars(query.order_by(OutboxMessage.id.desc()).limit(last)))
    if not messages:
        click.echo("No unsent mail.")
    for message in reversed(messages):
        click.echo(f"--- #{message.id} to {message.to}\nSubject: {message.subject}\n\n{message.body}\n")


def init_app(app: Flask) -> None:
    """Register the commands."""
    for command in (users, rules, audit, importer, ledger_group, scheduler_group, jobs_group, report_group,
                    deadlines_command, demo_command, backup_command, restore_command,
                    search_rebuild_command, outbox_command):
        app.cli.add_command(command)
