"""Search the documents: terms as prefixes (Kazakh adds suffixes: «ауа» finds «ауасының»), matches highlighted.

PostgreSQL: ``to_tsquery('simple', 'term:* & …')`` over title and body, or a title similar to the query
(``pg_trgm`` word similarity, for misspellings). SQLite: FTS5 ``MATCH`` of prefix terms, ranked by bm25.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import bindparam, text

from aarhus.core.extensions import db

MAX_QUERY = 200
MAX_TERMS = 8
LIMIT = 50
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


def search(query: str, limit: int = LIMIT) -> list[Hit]:
    """The best documents for ``query``, best first; [] for a query without words."""
    words = terms(query)
    if not words:
        return []
    rows = _postgres(words, limit) if db.engine.dialect.name == "postgresql" else _sqlite(words, limit)
    return [Hit(kind, record_id, ref, _marked(title), _marked(_focused(snippet)))
            for kind, record_id, ref, title, snippet in rows]


def _focused(snippet: str | None) -> str:
    """The lines of the extract that hold a match (a bilingual record's Russian line for a Russian word, not the
    Kazakh one beside it); the first line when only the title matched."""
    lines = [line.strip() for line in (snippet or "").splitlines() if line.strip(" …")]
    return "\n".join([line for line in lines if START in line] or lines[:1])


def _marked(value: str | None) -> Markup:
    """Escape the text, then turn the engine's marks into ``<mark>``."""
    html = str(escape(value or ""))
    return Markup(html.replace(START, "<mark>").replace(STOP, "</mark>"))


def _sqlite(words: list[str], limit: int) -> list[tuple]:
    match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
    sql = text(
        "SELECT d.kind, d.record_id, d.ref, highlight(search_fts, 0, :start, :stop), "
        "snippet(search_fts, 1, :start, :stop, '…', 24) "
        "FROM search_fts JOIN search_documents d ON d.id = search_fts.rowid "
        "WHERE search_fts MATCH :match ORDER BY bm25(search_fts, 4.0, 1.0) LIMIT :limit")
    return [tuple(r) for r in db.session.execute(sql, {"match": match, "start": START, "stop": STOP,
                                                       "limit": limit})]


def _postgres(words: list[str], limit: int) -> list[tuple]:
    tsquery = " & ".join(w + ":*" for w in words)
    options = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=…"
    sql = text(
        "WITH q AS (SELECT to_tsquery('simple', :tsquery) AS tsq), "
        "found AS (SELECT d.*, ts_rank(to_tsvector('simple', d.title || ' ' || d.body), q.tsq) "
        "  + word_similarity(:raw, d.title) AS rank "
        "  FROM search_documents d, q "
        "  WHERE to_tsvector('simple', d.title || ' ' || d.body) @@ q.tsq OR :raw <% d.title "
        "  ORDER BY rank DESC LIMIT :limit) "
        "SELECT f.kind, f.record_id, f.ref, ts_headline('simple', f.title, q.tsq, :title_options), "
        "ts_headline('simple', f.body, q.tsq, :options) FROM found f, q ORDER BY f.rank DESC"
    ).bindparams(bindparam("tsquery"), bindparam("raw"))
    raw = " ".join(words)
    return [tuple(r) for r in db.session.execute(sql, {
        "tsquery": tsquery, "raw": raw, "limit": limit, "options": options,
        "title_options": f"StartSel={START}, StopSel={STOP}, HighlightAll=true"})]
