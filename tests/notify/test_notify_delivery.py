"""One bad address never stops the mail: refused at the edge, and a message that cannot be sent
fails alone (marked, retried with backoff, shown to the administrator). Real SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.notify.mail import deliver_pending, queue_mail
from aarhus.notify.models import OutboxMessage
from tests.conftest import login, make_user, smtp_server
from tests.requests.test_requests_web import FILING

BAD = ["gulnar@secret.kz\nBcc: all@example.kz", "gulnar@secret.kz\rBcc: all@example.kz", "two@a.kz, three@b.kz",
       "no-at-sign", "a b@c.kz", "<x@y.kz>", "Gulnar <x@y.kz>", "x@y"]


@pytest.mark.parametrize("address", BAD)
def test_a_filing_with_a_broken_address_is_422_on_the_field(client, clock, address):
    clock.set("2026-12-01")
    response = client.post("/api/v1/requests", json={**FILING, "contact_email": address})
    assert response.status_code == 422, response.json
    assert "contact_email" in str(response.json["error"])


def test_a_subscription_with_a_broken_address_is_refused(app):
    from aarhus.hearings.errors import HearingError
    from aarhus.hearings.operations import subscribe

    with pytest.raises(HearingError):
        subscribe("a@b.kz\nBcc: c@d.kz", "KZ-75", "kk")


def _poison(address: str) -> OutboxMessage:
    """A message as older data may hold it: queued before addresses were checked at the edge."""
    message = OutboxMessage(to=address, subject="Old", body="x")
    db.session.add(message)
    db.session.commit()
    return message


def test_a_poisoned_message_fails_alone(app, clock, smtp):
    clock.set("2026-12-01")
    poisoned = _poison("victim@a.kz\nBcc: everyone@b.kz")
    queue_mail("first@a.kz", "First", "1")
    queue_mail("second@a.kz", "Second", "2")
    db.session.commit()

    assert deliver_pending() == 2
    assert sorted(m["To"] for m in smtp) == ["first@a.kz", "second@a.kz"]
    db.session.refresh(poisoned)
    # A header it can never carry: given up on at once, kept for the administrator.
    assert poisoned.sent_at is None and poisoned.failed_at is not None and poisoned.attempts == 1
    assert poisoned.last_error
    queue_mail("third@a.kz", "Third", "3")
    db.session.commit()
    assert deliver_pending() == 1
    db.session.refresh(poisoned)
    assert poisoned.attempts == 1


@pytest.fixture
def busy_smtp(app):
    """A real SMTP server that answers 451 (try later) for busy@… and 550 (no such user) for gone@…"""
    received: list[str] = []

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
            if address.startswith("busy@"):
                return "451 4.3.0 try again later"
            if address.startswith("gone@"):
                return "550 5.1.1 no such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            received.extend(envelope.rcpt_tos)
            return "250 OK"

    with smtp_server(app, Handler()):
        yield received


def test_a_refused_recipient_waits_its_backoff_and_never_holds_up_the_others(app, clock, busy_smtp):
    clock.set("2026-12-01")
    busy = queue_mail("busy@a.kz", "Busy", "1")
    gone = queue_mail("gone@a.kz", "Gone", "2")
    queue_mail("fine@a.kz", "Fine", "3")
    db.session.commit()
    assert deliver_pending() == 1 and busy_smtp == ["fine@a.kz"]
    db.session.refresh(busy)
    db.session.refresh(gone)
    assert gone.failed_at is not None and "550" in gone.last_error  # permanent: given up
    assert busy.failed_at is None and busy.attempts == 1 and "451" in busy.last_error
    first_wait = busy.next_attempt_at - clock.now
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)

    assert deliver_pending() == 0  # not retried before its time
    db.session.refresh(busy)
    assert busy.attempts == 1
    clock.set(clock.now + timedelta(minutes=2))
    queue_mail("later@a.kz", "Later", "4")
    db.session.commit()
    assert deliver_pending() == 1 and busy_smtp[-1] == "later@a.kz"
    db.session.refresh(busy)
    assert busy.attempts == 2 and busy.next_attempt_at - clock.now == 2 * first_wait


def test_queue_mail_marks_a_broken_address_failed_without_raising(app, smtp):
    message = queue_mail("x@y.kz\r\nBcc: z@w.kz", "Hello", "body")
    db.session.commit()
    assert message is not None and message.failed_at is not None and message.last_error
    assert deliver_pending() == 0 and smtp == []


def test_an_act_that_sends_mail_never_gives_500_because_of_an_old_message(client, clock, smtp):
    clock.set("2026-12-01")
    _poison("victim@a.kz\nBcc: everyone@b.kz")
    response = client.post("/api/v1/requests", json=FILING)
    assert response.status_code == 201
    assert [m["To"] for m in smtp] == ["gulnar@secret.kz"]


def test_the_administrator_sees_undelivered_mail_and_can_retry(client, app, clock, smtp):
    clock.set("2026-12-01")
    poisoned = _poison("victim@a.kz\nBcc: everyone@b.kz")
    deliver_pending()
    make_user(Role.admin, email="root@example.kz")
    db.session.commit()
    login(client, "root@example.kz")
    page = client.get("/admin/outbox")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "victim@a.kz" in text and "Old" in text
    citizen_client = app.test_client()
    make_user(Role.citizen, email="c@example.kz")
    db.session.commit()
    login(citizen_client, "c@example.kz")
    assert citizen_client.get("/admin/outbox").status_code == 403
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.id == poisoned.id)).one().attempts == 1


SUBJECTS = ["В предоставлении информации по запросу отказано. — KZ75-2026-00002 · Алматы ауасының сапасы",
            "Запрос перенаправлен: Акимат Карагандинской области, новый номер KZ35-2026-00001; срок ответа — до "
            "17 декабря 2026 г. — KZ75-2026-00003 · Качество воздуха", "Plain ASCII " * 12]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_long_subject_arrives_with_every_space(app, clock, smtp, subject):
    """A folded non-ASCII subject loses no space between its encoded words (the reader sees what was queued)."""
    clock.set("2026-12-01")
    queue_mail("reader@a.kz", subject, "Мәтін\nТекст")
    db.session.commit()
    assert deliver_pending() == 1
    assert smtp[-1]["Subject"] == " ".join(subject.split()) and smtp[-1].get_content() == "Мәтін\nТекст\n"
