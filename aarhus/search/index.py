"""Keep the search documents in step with the records: every flush notes the hearings, protocols and requests
it touched, and before the commit their documents are rebuilt in the same transaction. Bulk loads that bypass
the ORM call ``rebuild_all``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, event, func, insert, select, text
from sqlalchemy.orm import Session, selectinload

from aarhus.core.extensions import db
from aarhus.hearings.models import Comment, Hearing, Protocol
from aarhus.hearings.permissions import is_public
from aarhus.requests.models import InfoRequest
from aarhus.search.models import SearchDocument

PENDING = "aarhus.search.pending"
BATCH = 2000


def _join(*parts: Any) -> str:
    return "\n".join(p for p in parts if isinstance(p, str) and p.strip())


def hearing_documents(hearing: Hearing) -> list[dict[str, Any]]:
    """The documents of a public hearing: its notice and, once published, its protocol with every comment."""
    if not is_public(hearing):
        return []
    title = _join(hearing.title_kk, hearing.title_ru)
    docs = [{"kind": "hearing", "record_id": hearing.id, "ref": str(hearing.id), "lang": "kk", "title": title,
             "body": _join(hearing.description_kk, hearing.description_ru, hearing.place_kk, hearing.place_ru,
                           getattr(hearing, "developer_name", ""), getattr(hearing, "developer_name_ru", ""))}]
    protocol = hearing.protocol
    if protocol is not None and protocol.published_at is not None:
        comments = db.session.scalars(select(Comment).options(selectinload(Comment.position))
                                      .where(Comment.hearing_id == hearing.id).order_by(Comment.id))
        texts = [_join(c.text, c.position.reasons if c.position else "") for c in comments]
        docs.append({"kind": "protocol", "record_id": hearing.id, "ref": str(hearing.id), "lang": "kk",
                     "title": title, "body": _join(protocol.appeal_kk, protocol.appeal_ru, *texts)})
    return docs


def request_documents(request: InfoRequest) -> list[dict[str, Any]]:
    """A register entry: its subject and, once answered, the answer (never who asked)."""
    return [{"kind": "request", "record_id": request.id, "ref": request.registration_number,
             "lang": request.language or "kk", "title": request.subject or "", "body": request.answer_text or ""}]


def refresh(session: Session, hearing_ids: Iterable[int] = (), request_ids: Iterable[int] = ()) -> None:
    """Rebuild the documents of these records (Core statements, in the session's transaction)."""
    hearing_ids, request_ids = sorted(set(hearing_ids)), sorted(set(request_ids))
    for chunk in _chunks(hearing_ids):
        session.execute(delete(SearchDocument).where(SearchDocument.kind.in_(("hearing", "protocol")),
                                                     SearchDocument.record_id.in_(chunk)))
        hearings = session.scalars(select(Hearing).options(selectinload(Hearing.protocol))
                                   .where(Hearing.id.in_(chunk)))
        _insert(session, (doc for h in hearings for doc in hearing_documents(h)))
    for chunk in _chunks(request_ids):
        session.execute(delete(SearchDocument).where(SearchDocument.kind == "request",
                                                     SearchDocument.record_id.in_(chunk)))
        _insert(session, (doc for r in session.scalars(select(InfoRequest).where(InfoRequest.id.in_(chunk)))
                          for doc in request_documents(r)))


def rebuild_all(session: Session | None = None) -> int:
    """Rebuild every document (after a bulk load or a restore); flushed, not committed. Returns how many.

    On PostgreSQL one ``INSERT … SELECT`` per kind of document builds what ``hearing_documents`` and
    ``request_documents`` build (a test compares the two); elsewhere the records are read in chunks."""
    session = session or db.session
    session.flush()
    session.execute(delete(SearchDocument))
    if session.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_REBUILD:
            session.execute(text(statement))
        return session.scalar(select(func.count()).select_from(SearchDocument)) or 0
    hearing_ids = list(session.scalars(select(Hearing.id).order_by(Hearing.id)))
    request_ids = list(session.scalars(select(InfoRequest.id).order_by(InfoRequest.id)))
    refresh(session, hearing_ids, request_ids)
    return session.scalar(select(func.count()).select_from(SearchDocument)) or 0


def _sql_part(column: str) -> str:
    """A part ``_join`` keeps: the text when it has a character that is not white space, else NULL."""
    return f"CASE WHEN {column} ~ '[^[:space:]]' THEN {column} END"


def _sql_join(*columns: str) -> str:
    return "concat_ws(E'\\n', " + ", ".join(_sql_part(c) for c in columns) + ")"


_PUBLIC = "(h.state = 'published' OR h.first_published_at IS NOT NULL)"  # as ``rules.is_public``
_COLUMNS = "INSERT INTO search_documents (kind, record_id, ref, lang, title, body) "
POSTGRES_REBUILD = [
    _COLUMNS + "SELECT 'hearing', h.id, h.id::text, 'kk', " + _sql_join("h.title_kk", "h.title_ru") + ", "
    + _sql_join("h.description_kk", "h.description_ru", "h.place_kk", "h.place_ru", "h.developer_name",
                "h.developer_name_ru") + f" FROM hearings h WHERE {_PUBLIC} ORDER BY h.id",
    _COLUMNS + "SELECT 'protocol', h.id, h.id::text, 'kk', " + _sql_join("h.title_kk", "h.title_ru") + ", "
    + _sql_join("p.appeal_kk", "p.appeal_ru", "c.texts") + " FROM hearings h JOIN hearing_protocols p ON "
    "p.hearing_id = h.id LEFT JOIN (SELECT c.hearing_id, string_agg(t.text, E'\\n' ORDER BY c.id) AS texts "
    "FROM hearing_comments c LEFT JOIN hearing_positions pos ON pos.comment_id = c.id "
    "CROSS JOIN LATERAL (SELECT " + _sql_join("c.text", "pos.reasons") + " AS text) t "
    "WHERE t.text <> '' GROUP BY c.hearing_id) c ON c.hearing_id = h.id "
    f"WHERE {_PUBLIC} AND p.published_at IS NOT NULL ORDER BY h.id",
    _COLUMNS + "SELECT 'request', r.id, r.registration_number, coalesce(nullif(r.language, ''), 'kk'), "
    "coalesce(r.subject, ''), coalesce(r.answer_text, '') FROM info_requests r ORDER BY r.id",
]


def _insert(session: Session, docs: Iterator[dict[str, Any]]) -> None:
    rows = list(docs)
    for start in range(0, len(rows), BATCH):
        session.execute(insert(SearchDocument), rows[start:start + BATCH])


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _note(session: Session, _flush_context: Any) -> None:
    """After a flush: remember which records' documents are now out of date."""
    pending = session.info.setdefault(PENDING, (set(), set()))
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Hearing) and obj.id is not None:
            pending[0].add(obj.id)
        elif isinstance(obj, Protocol) and obj.hearing_id is not None:
            pending[0].add(obj.hearing_id)
        elif isinstance(obj, InfoRequest) and obj.id is not None:
            pending[1].add(obj.id)


def _apply(session: Session) -> None:
    """Before the commit: rebuild the noted documents, in the same transaction."""
    if not session.info.get(PENDING):
        return
    session.flush()
    hearing_ids, request_ids = session.info.pop(PENDING)
    if hearing_ids or request_ids:
        with session.no_autoflush:
            refresh(session, hearing_ids, request_ids)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(PENDING, None)


def install() -> None:
    """Listen to every session (once per process)."""
    if not event.contains(Session, "after_flush", _note):
        event.listen(Session, "after_flush", _note)
        event.listen(Session, "before_commit", _apply)
        event.listen(Session, "after_rollback", _forget)


def fill_if_empty(session: Session | None = None) -> int:
    """Build the documents when there are none yet but records exist (after the upgrade that adds search)."""
    session = session or db.session
    if session.scalar(select(SearchDocument.id).limit(1)) is not None:
        return 0
    if session.scalar(select(Hearing.id).limit(1)) is None and session.scalar(select(InfoRequest.id).limit(1)) is None:
        return 0
    return rebuild_all(session)
