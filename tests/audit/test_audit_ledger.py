"""The tamper-evident log: append-only in the database, verified by chain, tampering named."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from aarhus.core.extensions import db
from aarhus.ledger import anchor
from aarhus.ledger import chain as ledger
from aarhus.ledger.models import LogEntry
from tests.hearings.factories import officer_of, published


@pytest.fixture
def hearing(app, clock):
    clock.set("2026-11-23")
    return published(officer_of("KZ-35"))


def drop_guards():
    """What an attacker with database rights would do first."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP TRIGGER log_entries_no_update ON log_entries"))
    else:
        db.session.execute(text("DROP TRIGGER log_entries_no_update"))
        db.session.execute(text("DROP TRIGGER log_entries_no_delete"))


def test_the_database_refuses_updates_and_deletes_of_log_rows(hearing):
    entry = db.session.scalars(db.select(LogEntry)).first()
    for statement in (f"UPDATE log_entries SET kind = 'x' WHERE id = {entry.id}",
                      f"DELETE FROM log_entries WHERE id = {entry.id}"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_verify_passes_then_names_the_first_tampered_entry(hearing, runner):
    result = runner.invoke(args=["ledger", "verify"])
    assert result.exit_code == 0 and result.output.startswith("intact:")
    published_entry = [e for e in ledger.entries_for("hearing", hearing.id) if e.kind == "hearing.published"][0]
    drop_guards()
    db.session.execute(text("UPDATE log_entries SET payload = :p WHERE id = :i"),
                       {"p": '{"notice": {"hearing_date": "2026-12-01"}}', "i": published_entry.id})
    db.session.commit()
    result = runner.invoke(args=["ledger", "verify"])
    assert result.exit_code == 1 and f"BROKEN at entry {published_entry.id} (hearing.published" in result.output


def test_the_public_log_page_shows_the_verification(hearing, client):
    page = client.get(f"/ledger/hearing/{hearing.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Verified" in page and "Notice published" in page
    entry = [e for e in ledger.entries_for("hearing", hearing.id) if e.kind == "hearing.agreed"][0]
    drop_guards()
    db.session.execute(text("UPDATE log_entries SET at = :t WHERE id = :i"), {"t": "2026-01-01 00:00:00", "i": entry.id})
    db.session.commit()
    page = client.get(f"/ledger/hearing/{hearing.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"Verification failed at entry {entry.id}" in page
    assert client.get("/ledger/user/1").status_code == 404


def test_the_daily_head_is_published_once(hearing, clock, client):
    now = clock.set("2026-11-24")
    head = anchor.publish_chain_head(date(2026, 11, 23), now)
    again = anchor.publish_chain_head(date(2026, 11, 23), now)
    db.session.commit()
    assert head is again and head.hash == ledger.head().hash
    assert head.hash in client.get("/ledger").get_data(as_text=True)


def test_every_kind_the_code_writes_is_in_the_list_and_no_other_is_accepted(app):
    import re
    from pathlib import Path

    import pytest

    from aarhus.ledger.chain import EVENT_KINDS

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(ledger.__file__).parents[1].rglob("*.py"))
    written = set(re.findall(r'ledger\.append\(\s*"([a-z_.]+)"', source))
    assert written and written <= EVENT_KINDS and EVENT_KINDS - written == set()
    with pytest.raises(ValueError):
        ledger.append("hearing.vanished", "hearing", 1, {})
