"""Fixtures: an app on a fresh database, clients, and helpers that go through real pages."""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text

from aarhus import create_app
from aarhus.accounts import operations as accounts
from aarhus.accounts.models import User
from aarhus.bodies.operations import akimat_of, seed_bodies
from aarhus.core.config import Settings
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.deadlines import load_pack_file
from aarhus.legal.operations import load_pack

PASSWORD = "correct-horse-battery"


def database_url(tmp_path) -> str:
    """PostgreSQL when AARHUS_TEST_DATABASE_URL is set, else a SQLite file per test."""
    return os.environ.get("AARHUS_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


def reset_schema() -> None:
    """Drop and create every table (PostgreSQL: the whole public schema)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()
    db.create_all()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(env="testing", database_url=database_url(tmp_path), secret_key="test-secret",
                    upload_dir=str(tmp_path / "uploads"), signing_key_file=str(tmp_path / "signing-key.pem"),
                    pdf_cert_file=str(tmp_path / "pdf-certificate.p12"))


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    with app.app_context():
        reset_schema()
        seed_bodies()
        load_pack(load_pack_file("kz-default"))
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (and ``g``), as in production."""

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():  # not inside a redirect followed within the request's context
            db.session.commit()  # end the test's snapshot: it sees what the request wrote
        return response


class IsolatedRunner(FlaskCliRunner):
    """Each command runs in its own app context, as from a shell."""

    def invoke(self, *args, **kwargs):
        result = contextvars.Context().run(super().invoke, *args, **kwargs)
        db.session.commit()
        return result


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return IsolatedRunner(app)


def make_user(role: Role, email: str | None = None, region: str | None = None) -> User:
    """A user built through the real operation.

    Written as a request that writes is (SQLite: the lock taken at BEGIN), so it waits its turn when a job worker
    thread commits meanwhile instead of failing to upgrade a read snapshot.
    """
    from aarhus.core.extensions import writing

    if role == Role.akimat_officer and region is None:
        region = "KZ-75"
    db.session.commit()
    with writing():
        body = akimat_of(region) if region else None
        user = accounts.create_user(email or f"{role.value}@example.kz", PASSWORD, role,
                                    name=f"Test {role.value}", body=body)
        db.session.commit()
    return user


def csrf_from(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: FlaskClient, email: str, password: str = PASSWORD):
    """Sign in through the real form, CSRF token included."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def as_role(client: FlaskClient):
    """Sign the client in as a new user of a role: ``as_role(Role.admin)``."""

    def sign_in(role: Role, region: str | None = None) -> User:
        user = make_user(role, region=region)
        response = login(client, user.email)
        assert response.status_code == 302
        return user

    return sign_in


@pytest.fixture
def clock():
    """Pin the application's clock: ``clock.set("2026-03-02")`` (noon in Almaty) or an instant."""
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    from aarhus.core import time as timeutil

    class Clock:
        now: datetime | None = None

        def set(self, when: str | date | datetime) -> datetime:
            if isinstance(when, str):
                when = datetime.fromisoformat(when) if "T" in when else date.fromisoformat(when)
            if not isinstance(when, datetime):
                when = datetime.combine(when, time(12, 0), ZoneInfo("Asia/Almaty"))
            self.now = when.astimezone(ZoneInfo("UTC"))
            timeutil.pin_clock(lambda: self.now)
            return self.now

    yield Clock()
    timeutil.pin_clock(None)


@contextmanager
def smtp_server(app, handler):
    """A real SMTP server on a free localhost port, answering with ``handler`` (aiosmtpd); the app delivers to it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config["AARHUS"] = app.config["AARHUS"].with_changes(smtp_url=f"smtp://127.0.0.1:{port}")
    try:
        yield
    finally:
        controller.stop()


@pytest.fixture
def smtp(app):
    """A real SMTP server on localhost; the app delivers its outbox to it. Yields the received messages."""
    import email

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    with smtp_server(app, Handler()):
        yield received


@pytest.fixture
def job_worker(app):
    """A job worker running in a thread, as the scheduler process runs one in production."""
    from aarhus.jobs import worker

    db.session.commit()
    thread, stop = worker.start_thread(app)
    yield thread
    stop.set()
    thread.join(timeout=30)


@pytest.fixture
def live(app, clock, job_worker):
    """The app served by a real threaded HTTP server on a free port (rate limits off)."""
    import socket
    import threading

    from werkzeug.serving import make_server

    from aarhus.core.extensions import limiter

    limiter.enabled = False
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    limiter.enabled = True
