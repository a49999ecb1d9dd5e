"""The append-only event log: each entry's hash covers the previous one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db

GENESIS = "0" * 64


class LogEntry(db.Model):
    """One event. Kinds are the dotted names of ``aarhus.ledger.chain.EVENT_KINDS``."""

    __tablename__ = "log_entries"
    __table_args__ = (Index("ix_log_entries_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(60))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A unique previous hash makes a fork of the chain impossible.
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class PendingEntry(db.Model):
    """An event committed with its act but not chained yet (``aarhus.ledger.chain.append_later``).

    Chaining takes the log's lock and so makes appends wait for each other's commits; the busiest act, a citizen's
    comment, leaves its entry here instead, in its own transaction, and ``chain.seal`` moves every committed one
    to the head of the chain right after (the request that made it, else the scheduler's sweep): one short
    transaction and one disk flush for all comments committed meanwhile. Deleted once chained.
    """

    __tablename__ = "log_pending"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(60))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ChainHead(db.Model):
    """The head of the log at a moment, signed with the installation's key and published for anyone to keep."""

    # Keyed by its sequence number (the id of the entry at the head), so each head is taken and signed once:
    # every night the head at the end of the day, and at any time by ``flask --app aarhus ledger sign-head``.

    __tablename__ = "chain_heads"
    __table_args__ = (CheckConstraint("(signature IS NULL) = (key_id IS NULL) AND (signature IS NULL) = "
                                      "(signed_at IS NULL)", name="signed_whole"),)

    entry_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # The legal day it closes (nightly) or on which it was signed (at once).
    day: Mapped[date]
    hash: Mapped[str] = mapped_column(String(64))
    entries: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Ed25519 over ``aarhus.ledger.anchor.head_message`` (base64), the SHA-256 of the public key, when; heads
    # published before heads were signed have none until they are reached again.
    signature: Mapped[str | None] = mapped_column(String(88))
    key_id: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# The log is append-only in the database itself, not only in the application.
APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries "
        "BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END",
        "CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries "
        "BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION log_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'log_entries is append-only'; END $$",
        "CREATE TRIGGER log_entries_no_update BEFORE UPDATE OR DELETE ON log_entries "
        "FOR EACH ROW EXECUTE FUNCTION log_entries_append_only()",
        # Row triggers do not see TRUNCATE; a statement trigger does (the role must not own the table either).
        "CREATE TRIGGER log_entries_no_truncate BEFORE TRUNCATE ON log_entries "
        "FOR EACH STATEMENT EXECUTE FUNCTION log_entries_append_only()",
    ],
}


def _install_append_only(target: Any, connection: Any, **_kw: Any) -> None:
    for statement in APPEND_ONLY.get(connection.dialect.name, []):
        connection.exec_driver_sql(statement)


event.listen(LogEntry.__table__, "after_create", _install_append_only)
