"""The job scheduler: its own process, one at a time, idempotent jobs.

``flask --app aarhus scheduler run`` starts APScheduler. Jobs run only while this
process holds the ``scheduler_locks`` row (an atomic conditional UPDATE, so it works
on SQLite and PostgreSQL); a second process started by mistake runs nothing. Every
mail a job sends carries a dedup key, so running a job twice sends nothing twice.
The process also runs a job worker (``aarhus.jobs.worker``) for queued background jobs.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from aarhus.accounts.models import User
from aarhus.audit.engine import run_audit
from aarhus.core.dates import official_date
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import legal_date, utcnow
from aarhus.core.urls import public_url
from aarhus.hearings import protocol_pdf
from aarhus.hearings.models import Hearing, HearingState
from aarhus.hearings.operations.expertise import mark_deemed_registered
from aarhus.jobs import worker
from aarhus.jobs.models import SchedulerLock
from aarhus.ledger import anchor, chain
from aarhus.legal import service
from aarhus.notify.mail import deliver_pending, queue_mail
from aarhus.requests.models import InfoRequest, RequestState

LOCK = "scheduler"
STALE = timedelta(minutes=2)
log = logging.getLogger("aarhus.jobs.scheduler")


def owner_id() -> str:
    """This process, as named in the lock."""
    return f"{socket.gethostname()}:{os.getpid()}"


def acquire_lock(owner: str, now: datetime | None = None) -> bool:
    """Take or keep the lock; False while another live process holds it."""
    now = now or utcnow()
    taken = db.session.execute(update(SchedulerLock).where(
        SchedulerLock.name == LOCK,
        (SchedulerLock.owner == owner) | (SchedulerLock.heartbeat_at < now - STALE)).values(
        owner=owner, heartbeat_at=now)).rowcount
    if not taken:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(SchedulerLock).values(name=LOCK, owner=owner, heartbeat_at=now))
            taken = 1
        except IntegrityError:
            taken = 0
    db.session.commit()
    return bool(taken)


# --- the jobs -------------------------------------------------------------------------

def nightly(now: datetime | None = None) -> str:
    """Audit everything, mark tacit PEE registrations, sign and publish yesterday's chain head."""
    now = now or utcnow()
    chain.seal_all()  # the day's head covers every entry committed in it
    deemed = mark_deemed_registered(now)
    result = run_audit(now, trigger="nightly")
    anchor.publish_chain_head(legal_date(now) - timedelta(days=1), now)
    db.session.commit()
    return f"audit: {result.found} findings ({result.new} new, {result.cured} cured); deemed registered: {deemed}"


def _officers(body_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.akimat_officer, User.body_id == body_id,
                                                      User.is_active_account.is_(True))))


def reminders(now: datetime | None = None) -> int:
    """Tell officers of protocols due in 2 WD, requests due in 3 days, and what is overdue (once each)."""
    now = now or utcnow()
    today = legal_date(now)
    in_two_wd = service.current_calendar().nth_working_day_after(today, 2)
    sent = 0
    protocols = db.session.scalars(select(Hearing).where(
        Hearing.state == HearingState.published, Hearing.protocol_published_at.is_(None),
        Hearing.protocol_due_on <= in_two_wd))
    for hearing in protocols:
        kind = "overdue" if hearing.protocol_due_on < today else "soon"
        for officer in _officers(hearing.akimat_id):
            sent += _remind(officer, f"protocol:{hearing.id}:{hearing.protocol_due_on}:{kind}",
                            hearing.text("title", officer.locale or "kk"), hearing.protocol_due_on, kind,
                            public_url("hearings.manage", hearing_id=hearing.id))
    requests = db.session.scalars(select(InfoRequest).where(
        InfoRequest.state == RequestState.registered, InfoRequest.due_on <= today + timedelta(days=3)))
    for request in requests:
        kind = "overdue" if request.due_on < today else "soon"
        for officer in _officers(request.holder_id):
            sent += _remind(officer, f"request:{request.id}:{request.due_on}:{kind}",
                            f"{request.registration_number} · {request.subject}", request.due_on, kind,
                            public_url("requests.handle", number=request.registration_number))
    db.session.commit()
    return sent


def _remind(officer: User, key: str, what: str, due: object, kind: str, link: str) -> int:
    with force_locale(officer.locale or "kk"):
        subject = (_("Overdue: %(what)s (due %(due)s)") if kind == "overdue" else
                   _("Due soon: %(what)s (due %(due)s)")) % {"what": what, "due": official_date(due)}
        body = _("%(subject)s\n\nOpen it: %(link)s", subject=subject, link=link)
    return 1 if queue_mail(officer.email, subject, body, dedup_key=f"remind:{key}:{officer.id}") else 0


def weekly_digest(now: datetime | None = None) -> int:
    """Send compliance officers the week's open findings (once per ISO week)."""
    from aarhus.audit import stats

    now = now or utcnow()
    today = legal_date(now)
    year, week, _day = today.isocalendar()
    figures = stats.summary(today.year)
    lines = [f"{rule}: {n}" for rule, n in figures["findings_by_rule"].items() if n]
    sent = 0
    for user in db.session.scalars(select(User).where(User.role == Role.compliance_officer)):
        with force_locale(user.locale or "kk"):
            subject = _("Compliance digest, week %(week)d of %(year)d", week=week, year=year)
            body = _("Notices: %(n)d, protocols: %(p)d, notice violations: %(nv)d, protocol violations: %(pv)d.",
                     n=figures["notices"], p=figures["protocols"], nv=figures["notice_violations"],
                     pv=figures["protocol_violations"])
        body = "\n\n".join([body, "\n".join(lines), public_url("audit.dashboard")])
        sent += 1 if queue_mail(user.email, subject, body, dedup_key=f"digest:{year}-{week}:{user.id}") else 0
    db.session.commit()
    return sent


def deliver() -> int:
    """Retry mail that could not be sent right after its request."""
    return deliver_pending()


def protocol_pdfs(now: datetime | None = None) -> int:
    """Queue again the PDFs of published protocols whose render failed (``protocol_pdf.retry_failed``)."""
    queued = protocol_pdf.retry_failed(now)
    db.session.commit()
    return queued


def seal() -> int:
    """Chain the log entries that a request committed but did not live to chain (``ledger.chain.append_later``)."""
    return chain.seal_all()


JOBS: dict[str, Callable[..., object]] = {"nightly": nightly, "reminders": reminders, "weekly_digest": weekly_digest,
                                          "deliver": deliver, "protocol_pdfs": protocol_pdfs, "seal": seal}


def run(app: Flask, blocking: bool = True) -> object:
    """Start APScheduler with the jobs (each runs only while this process holds the lock) and a job worker."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    owner = owner_id()
    zone = app.config["AARHUS"].legal_timezone
    scheduler = (BlockingScheduler if blocking else BackgroundScheduler)(timezone=zone)

    def guarded(name: str) -> Callable[[], None]:
        def job() -> None:
            with app.app_context():
                if not acquire_lock(owner):
                    log.warning("another scheduler holds the lock; %s not run", name)
                    return
                log.info("%s: %s", name, JOBS[name]())
                db.session.remove()
        return job

    scheduler.add_job(guarded("nightly"), "cron", hour=1, minute=30, id="nightly")
    scheduler.add_job(guarded("reminders"), "cron", hour=8, minute=0, id="reminders")
    scheduler.add_job(guarded("weekly_digest"), "cron", day_of_week="mon", hour=8, minute=30, id="weekly_digest")
    scheduler.add_job(guarded("deliver"), "interval", minutes=1, id="deliver")
    scheduler.add_job(guarded("protocol_pdfs"), "interval", minutes=1, id="protocol_pdfs")
    scheduler.add_job(guarded("seal"), "interval", minutes=1, id="seal")
    scheduler.add_job(lambda: _heartbeat(app, owner), "interval", seconds=30, id="heartbeat")
    if blocking:  # the scheduler process also runs queued background jobs (more workers: jobs work)
        worker.start_thread(app)
    scheduler.start()
    return scheduler


def _heartbeat(app: Flask, owner: str) -> None:
    with app.app_context():
        acquire_lock(owner)
        db.session.remove()
