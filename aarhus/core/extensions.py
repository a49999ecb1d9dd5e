"""The Flask extensions, created unbound and wired in ``create_app``."""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: object, _record: object) -> None:
    """SQLite: Unicode-aware lower() (Kazakh and Russian search), foreign keys, WAL."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    dbapi_connection.isolation_level = None  # transactions are begun by _begin_immediate below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


# Set while a job (or a command) is in its write phase: see ``writing``.
_WRITING: ContextVar[bool] = ContextVar("aarhus_writing", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside take SQLite's write lock at BEGIN, as requests that write do.

    A job reads (and reports progress) first, then writes in one short transaction begun here: a read snapshot
    upgraded to a write after another connection committed fails at once on SQLite, whatever the timeout.
    """
    token = _WRITING.set(True)
    try:
        yield
    finally:
        _WRITING.reset(token)


# How long a long job pauses between the chunks it commits on SQLite, so writers waiting on busy_timeout get the
# lock: SQLite's busy handler retries after sleeps of up to 100 ms, and a job that begins its next chunk at once
# would win every time.
BETWEEN_CHUNKS = 0.12


def let_others_write() -> None:
    """Between two chunks of a long write (committed): on SQLite, give the writers waiting for the lock their turn."""
    if db.engine.dialect.name == "sqlite":
        time.sleep(BETWEEN_CHUNKS)


@event.listens_for(Engine, "begin")
def _begin(connection: object) -> None:
    """SQLite: requests that write take the write lock at BEGIN, so concurrent writers queue on
    busy_timeout instead of failing when they upgrade a read snapshot; reads stay deferred (WAL)."""
    if connection.dialect.name != "sqlite":
        return
    from flask import has_request_context, request

    writes = _WRITING.get() or (has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"))
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
