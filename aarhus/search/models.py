"""One searchable document per record and language, kept in step with the records in the same transaction.

The engine's own objects are made by DDL, not by the model: on SQLite the FTS5 table ``search_fts`` over this
table (kept in step by triggers), on PostgreSQL the ``pg_trgm`` extension, the stored ``tsvector`` column
``search_fts_vector`` and the GIN indexes ``search_fts_*``.
Their names start with ``search_fts`` so schema comparisons can leave them out.
"""

from __future__ import annotations

from sqlalchemy import DDL, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.extensions import db


class SearchDocument(db.Model):
    """The public text of one hearing, protocol or request in one language."""

    __tablename__ = "search_documents"
    __table_args__ = (Index("ix_search_documents_record", "kind", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # hearing | protocol | request
    record_id: Mapped[int]
    ref: Mapped[str] = mapped_column(String(40))  # what the URL needs: a hearing's id, a request's number
    lang: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")


SQLITE_DDL = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_documents', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_documents BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
# The words of title and body, stored (computed by PostgreSQL on every insert and update): searching and ranking
# read it instead of parsing every matching document again.
VECTOR_COLUMN = ("ALTER TABLE search_documents ADD COLUMN search_fts_vector tsvector GENERATED ALWAYS AS "
                 "(to_tsvector('simple', title || ' ' || body)) STORED")
POSTGRES_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    VECTOR_COLUMN,
    "CREATE INDEX search_fts_tsv ON search_documents USING gin (search_fts_vector)",
    "CREATE INDEX search_fts_trgm ON search_documents USING gin (title gin_trgm_ops)",
]

for _statement in SQLITE_DDL:
    event.listen(SearchDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_DDL:
    event.listen(SearchDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
event.listen(SearchDocument.__table__, "before_drop", DDL("DROP TABLE IF EXISTS search_fts").execute_if(
    dialect="sqlite"))


def engine_object(name: str | None) -> bool:
    """Whether a schema object belongs to the search engine (made by DDL above, not by the model)."""
    return bool(name) and name.startswith("search_fts")
