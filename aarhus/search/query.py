"""Search the documents: terms as prefixes (Kazakh adds suffixes: «ауа» finds «ауасының»), matches highlighted.

PostgreSQL: ``to_tsquery('simple', 'term:* & …')`` over the stored vector of title and body
(``search_fts_vector``), or a title similar to the query (``pg_trgm`` word similarity, for misspellings).
SQLite: FTS5 ``MATCH`` of prefix terms, ranked by bm25. Either way only the newest ``CANDIDATES`` matches are
ranked and the count stops at ``COUNT_CAP``: a word found in most documents costs what a rarer one costs.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import text

from aarhus.core.extensions import db

MAX_QUERY = 200
MAX_TERMS = 8
LIMIT = 50
CANDIDATES = 300  # when more than COUNT_CAP match, the newest this many are ranked
COUNT_CAP = 1000  # matches are counted up to this: "more than 1,000 results"
COMMON_SHARE = 0.05  # PostgreSQL: a word in this share of the documents is looked for newest first, without GIN
STATS_SECONDS = 600  # how long the lexeme statistics are kept
START, STOP = "\x02", "\x03"  # highlight marks no text contains (control characters are cleaned at input)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    """One matching document with its highlighted extract."""

    kind: str
    record_id: int
    ref: str
    title: Markup
    snippet: Markup


def terms(query: str) -> list[str]:
    """The words of a query (letters and digits only, lower-cased), at most ``MAX_TERMS``."""
    return [w.lower() for w in _WORD.findall(query[:MAX_QUERY].replace("_", " "))][:MAX_TERMS]


def search(query: str, limit: int = LIMIT) -> tuple[list[Hit], int]:
    """The best documents for ``query``, best first, and how many match counted up to ``COUNT_CAP + 1`` (more
    means "more than COUNT_CAP"); ([], 0) for a query without words.

    When more than ``COUNT_CAP`` match, only the newest ``CANDIDATES`` are ranked (a word in most documents would
    otherwise rank them all); only the documents shown are highlighted."""
    words = terms(query)
    if not words:
        return [], 0
    if db.engine.dialect.name == "postgresql":
        rows, total = _postgres(words, limit)
    else:
        total = _count_sqlite(words)
        rows = _sqlite(words, limit, total > COUNT_CAP) if total else []
    return [Hit(kind, record_id, ref, _marked(title), _marked(_focused(snippet)))
            for kind, record_id, ref, title, snippet in rows], total


def _count_sqlite(words: list[str]) -> int:
    sql = text("SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH :match LIMIT :cap) s")
    return db.session.scalar(sql, {"match": _match(words), "cap": COUNT_CAP + 1}) or 0


def _focused(snippet: str | None) -> str:
    """The lines of the extract that hold a match (a bilingual record's Russian line for a Russian word, not the
    Kazakh one beside it); the first line when only the title matched."""
    lines = [line.strip() for line in (snippet or "").splitlines() if line.strip(" …")]
    return "\n".join([line for line in lines if START in line] or lines[:1])


def _marked(value: str | None) -> Markup:
    """Escape the text, then turn the engine's marks into ``<mark>``."""
    html = str(escape(value or ""))
    return Markup(html.replace(START, "<mark>").replace(STOP, "</mark>"))


def _match(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', "") + '"*' for w in words)


def _tsquery(words: list[str]) -> str:
    return " & ".join(w + ":*" for w in words)


def _sqlite(words: list[str], limit: int, many: bool) -> list[tuple]:
    """FTS5: the matches (when ``many``, the newest ``CANDIDATES``: rowid order, from the index) ranked by bm25,
    then the shown ones highlighted."""
    sql = text(
        "WITH cand AS (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH :match "
        "  ORDER BY rowid DESC LIMIT :candidates), "
        "ranked AS (SELECT rowid AS id, bm25(search_fts, 4.0, 1.0) AS rank FROM search_fts "
        "  WHERE search_fts MATCH :match AND rowid >= (SELECT coalesce(min(id), 0) FROM cand) "
        "  ORDER BY rank, rowid DESC LIMIT :limit) "
        "SELECT d.kind, d.record_id, d.ref, highlight(search_fts, 0, :start, :stop), "
        "snippet(search_fts, 1, :start, :stop, '…', 24) "
        "FROM search_fts JOIN ranked r ON r.id = search_fts.rowid JOIN search_documents d ON d.id = r.id "
        "WHERE search_fts MATCH :match ORDER BY r.rank, r.id DESC")
    return [tuple(r) for r in db.session.execute(sql, {"match": _match(words), "start": START, "stop": STOP,
                                                       "limit": limit, "candidates": CANDIDATES if many else -1})]


def _postgres(words: list[str], limit: int) -> tuple[list[tuple], int]:
    """Full-text matches of the stored vector counted up to ``COUNT_CAP + 1`` and, when they are fewer than a
    page, up to ``CANDIDATES`` titles similar to the query (``pg_trgm``, for misspellings); when more full-text
    matches than ``COUNT_CAP``, only the newest ``CANDIDATES``. A rare word is found through the GIN index; a
    word in many documents (by ``ANALYZE``'s statistics, or more than ``COUNT_CAP`` found) by walking the primary
    key backwards until ``COUNT_CAP + 1`` match: the planner cannot tell a prefix query that matches most documents
    from a rare one, so the bitmap scan it would pick, which reads every match, is turned off for that statement.
    The candidates are ranked by ``ts_rank`` of the vector plus the title's similarity, and only the shown ones
    get ``ts_headline``."""
    params = {"tsquery": _tsquery(words), "raw": " ".join(words), "cap": COUNT_CAP + 1}
    session = db.session
    matched = "d.search_fts_vector @@ to_tsquery('simple', :tsquery)"
    newest = text(f"SELECT d.id FROM search_documents d WHERE {matched} ORDER BY d.id DESC LIMIT :newest")
    params["newest"] = max(COUNT_CAP + 1, CANDIDATES)
    if _share(words) >= COMMON_SHARE:  # in many documents: the newest are near, the GIN index would read all
        full_text = _without_bitmaps(newest, params)
    else:
        full_text = list(session.scalars(text(f"SELECT d.id FROM search_documents d WHERE {matched} LIMIT :cap"),
                                         params))
        if len(full_text) > COUNT_CAP:
            full_text = _without_bitmaps(newest, params)
    similar: list[int] = []
    if len(full_text) < LIMIT:  # misspelled or rare: titles that look like the query fill the page
        similar = list(session.scalars(text("SELECT d.id FROM search_documents d WHERE :raw <% d.title "
                                            "LIMIT :cap"), params))
    total = min(len(set(full_text) | set(similar)), COUNT_CAP + 1)
    similar = similar[:CANDIDATES]
    full_text = full_text[:CANDIDATES]
    if not total:
        return [], 0
    # about as long as SQLite's ``snippet`` (24 words): two places where the words occur, a line or two of a card
    options = f"StartSel={START}, StopSel={STOP}, MaxWords=14, MinWords=6, MaxFragments=2, FragmentDelimiter=…"
    sql = text(
        "WITH found AS (SELECT d.id, d.title, d.body, d.kind, d.record_id, d.ref, "
        "  ts_rank(d.search_fts_vector, to_tsquery('simple', :tsquery)) + word_similarity(:raw, d.title) AS rank "
        "  FROM search_documents d WHERE d.id = ANY(:ids) ORDER BY rank DESC, d.id DESC LIMIT :limit) "
        "SELECT f.kind, f.record_id, f.ref, ts_headline('simple', f.title, to_tsquery('simple', :tsquery), "
        ":title_options), ts_headline('simple', f.body, to_tsquery('simple', :tsquery), :options) FROM found f "
        "ORDER BY f.rank DESC, f.id DESC")
    rows = [tuple(r) for r in session.execute(sql, {
        **params, "ids": sorted(set(full_text) | set(similar)), "limit": limit, "options": options,
        "title_options": f"StartSel={START}, StopSel={STOP}, HighlightAll=true"})]
    return rows, total


def _without_bitmaps(statement: Any, params: dict[str, Any]) -> list[int]:
    """Run ``statement`` with the planner's bitmap scans turned off (for this statement only)."""
    db.session.execute(text("SET LOCAL enable_bitmapscan = off"))
    try:
        return list(db.session.scalars(statement, params))
    finally:
        db.session.execute(text("SET LOCAL enable_bitmapscan = on"))


_STATS: dict[str, Any] = {"at": -STATS_SECONDS, "shares": {}}


def _share(words: list[str]) -> float:
    """The share of documents that have every word's beginning, estimated from the most common lexemes that
    ``ANALYZE`` keeps (reread at most every ``STATS_SECONDS``); 0 for a word that is not among them."""
    now = time.monotonic()
    if now - _STATS["at"] >= STATS_SECONDS:
        row = db.session.execute(text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'search_documents' "
            "AND attname = 'search_fts_vector'")).first()
        # the frequencies end with three more numbers (lowest, highest, share of nulls): zip leaves them out
        _STATS.update(at=now, shares=dict(zip(row[0], row[1], strict=False)) if row and row[0] else {})
    shares = _STATS["shares"]
    return min(min(1.0, sum(share for lexeme, share in shares.items() if lexeme.startswith(word))) for word in words)
