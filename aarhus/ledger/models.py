"""The append-only event log: each entry's hash covers the previous one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, event
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


class ChainHead(db.Model):
    """The hash at the head of the log at the end of a legal day, published on the site."""

    __tablename__ = "chain_heads"

    day: Mapped[date] = mapped_column(primary_key=True)
    entry_id: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))
    entries: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)


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
    ],
}


def _install_append_only(target: Any, connection: Any, **_kw: Any) -> None:
    for statement in APPEND_ONLY.get(connection.dialect.name, []):
        connection.exec_driver_sql(statement)


event.listen(LogEntry.__table__, "after_create", _install_append_only)
