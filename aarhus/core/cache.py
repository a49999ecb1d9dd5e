"""A server-side cache of rendered public pages, with HTTP validators.

Anonymous GETs of the public pages are rendered once per *generation* of the public
data. Any committed change to a hearing, comment, protocol, request, calendar or rule
bumps the generation in the same transaction (SQLAlchemy events, so no write can
forget it), which invalidates every cached page at once, in every worker. Responses
carry an ``ETag`` and ``Last-Modified``; a matching ``If-None-Match`` answers 304
without rendering. Forms in cached pages get each visitor's own CSRF token: the page is kept as UTF-8 parts split
where the token goes, and a hit joins them around the visitor's token (no encoding or search of the whole page).

A page is keyed on its path and only the query parameters its view reads (``cached_page(params=…)``), so
``?cachebust=N`` cannot make new entries. The store is in-process by default, bounded by bytes
(``AARHUS_PAGE_CACHE_BYTES``, least recently used pages go first), or Redis when ``AARHUS_CACHE_URL`` is set
(bounded by Redis's own ``maxmemory``).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache, wraps
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import String, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.http import http_date

from aarhus.core.db import UTCDateTime
from aarhus.core.extensions import db
from aarhus.core.i18n import may_be_signed_in
from aarhus.core.time import legal_today, utcnow

# Models whose changes alter what public pages show.
PUBLIC_MODELS = {"Hearing", "Agreement", "Document", "MediaNotice", "Comment", "Position", "Protocol",
                 "ExpertiseConclusion", "ExpertiseApplication", "InfoRequest", "AnswerFile", "FeeTariff",
                 "CalendarOverride", "RuleVersion", "Body", "Region", "ChainHead", "Consultation",
                 "ConsultationComment", "ESignature"}


class SiteState(db.Model):
    """The generation of the public data: bumped by every write that changes a public page."""

    __tablename__ = "site_state"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


# What an entry costs besides its text: the key, the tuple, the dictionary slot.
ENTRY_OVERHEAD = 200
# A query parameter a cached view reads: its name, or its name and the function that reads its value (``page_key``)
Param = str | tuple[str, Callable[[str], str | None]]


def entry_size(key: str, value: tuple[Any, str]) -> int:
    """The bytes an entry holds, as the cache counts them (the text as UTF-8, the key, a fixed overhead). The text is
    a string, or the page's UTF-8 parts around the CSRF token as the page cache keeps it."""
    body, mimetype = value
    size = len(body.encode()) if isinstance(body, str) else sum(len(part) for part in body)
    return size + len(key.encode()) + len(mimetype) + ENTRY_OVERHEAD


class MemoryStore:
    """An LRU dictionary of at most ``max_bytes`` (``entry_size``), shared by the threads of one process. A page
    larger than an eighth of the budget is not kept: one page may not push out all the others."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes, self.bytes = max_bytes, 0
        self.data: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self.lock:
            found = self.data.get(key)
            if found is None:
                return None
            self.data.move_to_end(key)
            return found[0]

    def set(self, key: str, value: Any) -> None:
        size = entry_size(key, value)
        with self.lock:
            self._drop(key)
            if size > self.max_bytes // 8:
                return
            self.data[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                self._drop(next(iter(self.data)))

    def _drop(self, key: str) -> None:
        found = self.data.pop(key, None)
        if found is not None:
            self.bytes -= found[1]

    def __len__(self) -> int:
        return len(self.data)


class RedisStore:
    """Pages in Redis, shared by every worker and machine; entries expire after a day."""

    def __init__(self, url: str) -> None:
        import pickle

        import redis

        self.client, self.pickle = redis.Redis.from_url(url), pickle

    def get(self, key: str) -> Any:
        raw = self.client.get(key)
        return self.pickle.loads(raw) if raw else None

    def set(self, key: str, value: Any) -> None:
        self.client.set(key, self.pickle.dumps(value), ex=86400)


# Each worker keeps the generation for at most a second: the worker that writes knows at once,
# the others within a second, and a cache hit costs no database round trip.
GENERATION_TTL = 1.0
_known: dict[str, Any] = {"value": None, "read_at": 0.0}


def generation() -> tuple[int, datetime]:
    """The current generation and when it changed."""
    now = time.monotonic()
    if _known["value"] is None or now - _known["read_at"] > GENERATION_TTL:
        row = db.session.execute(select(SiteState.generation, SiteState.changed_at)
                                 .where(SiteState.key == "public")).first()
        _known["value"] = (row[0], row[1]) if row else (0, datetime(2020, 1, 1).astimezone())
        _known["read_at"] = now
    return _known["value"]


def _forget_generation(_session: Session) -> None:
    if _known.get("pending"):
        _known.update(value=None, pending=False)


# session.info: this transaction's public change is announced after its commit, by another transaction that
# bumps the generation (``mark_public_changed``): the log's ``append_later``, whose entries are chained after the
# commit, so that concurrent comments do not queue for the generation's row.
BUMP_LATER = "aarhus.cache.bump_later"


def mark_public_changed(session: Session) -> None:
    """This transaction changes what public pages show (for a change the model events cannot see)."""
    session.info["public_changed"] = True


def _mark(session: Session, _context: Any, _instances: Any = None) -> None:
    if any(type(o).__name__ in PUBLIC_MODELS for o in (*session.new, *session.dirty, *session.deleted)):
        session.info["public_changed"] = True


def _bump(session: Session) -> None:
    later = session.info.pop(BUMP_LATER, False)
    if not session.info.pop("public_changed", False) or later:
        return
    _known["pending"] = True  # this worker rereads the generation once the commit is done
    now = utcnow()
    bumped = session.execute(update(SiteState).where(SiteState.key == "public").values(
        generation=SiteState.generation + 1, changed_at=now)).rowcount
    if not bumped:
        session.add(SiteState(key="public", generation=1, changed_at=now))
        session.flush()


def _store() -> Any:
    return current_app.extensions["aarhus_cache"]


def cached_page(view: Callable | None = None, *, params: Iterable[Param] = ()) -> Any:
    """Serve an anonymous GET from the cache (or 304), rendering only on a miss.

    ``params`` are the query parameters the view reads: the page is keyed on them alone, and any other parameter
    neither changes it nor makes a new entry. A parameter the view reads through a function (a name and the
    function, given the parameter's first value as the view reads it with ``request.args.get``: the value the view
    uses as a string, None for its default) is keyed on what the function gives, so that ``limit=7``, ``limit=07``
    and ``limit=abc`` do not make three entries of two pages. Use bare (``@cached_page``) for a view that reads
    none.
    """
    if view is None:
        return lambda inner: _cached(inner, tuple(sorted(params, key=lambda p: p if isinstance(p, str) else p[0])))
    return _cached(view, ())


def page_key(params: tuple[Param, ...]) -> str:
    """The request's path with the values of ``params`` only (in a fixed order), as their views read them."""
    used = []
    for param in params:
        if isinstance(param, str):
            used += [(param, value) for value in request.args.getlist(param)]
        elif (value := param[1](request.args.get(param[0]))) is not None:  # the first value, as ``args.get``
            used.append((param[0], value))
    return request.path + ("?" + urlencode(used) if used else "")


def _cached(view: Callable, params: tuple[Param, ...]) -> Callable:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if request.method != "GET" or (may_be_signed_in() and current_user.is_authenticated) \
                or session.get("_flashes"):
            return view(*args, **kwargs)
        number, changed_at = generation()
        g.page_path = page_key(params)  # what the page links back to (the language switch): no stray parameter
        key = "|".join((str(number), str(get_locale()), legal_today().isoformat(), g.page_path))
        etag = hashlib.sha256(key.encode()).hexdigest()[:32]
        if etag in request.if_none_match:
            return _headers(make_response("", 304), etag, changed_at)
        entry = _store().get(key)
        if entry is None or not isinstance(entry[0], tuple):  # (an entry of the text-only format before: render)
            current_user._get_current_object()  # loaded before the page makes a CSRF token, as on uncached pages
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or response.direct_passthrough:
                return response
            entry = (_parts(response.get_data(as_text=True), g.get("csrf_token")), response.mimetype)
            _store().set(key, entry)
        parts, mimetype = entry
        if len(parts) > 1:  # forms: this visitor's own token between the parts
            from flask_wtf.csrf import generate_csrf

            body = generate_csrf().encode().join(parts)
        else:
            body = parts[0]
        # Built directly from the stored bytes and header strings: no re-encoding of the page, no header parsing.
        return current_app.response_class(body, 200, [
            ("Content-Type", f"{mimetype}; charset=utf-8"), ("ETag", f'"{etag}"'),
            ("Last-Modified", _http_date(changed_at)), *HIT_HEADERS])

    return wrapped


def _parts(body: str, token: str | None) -> tuple[bytes, ...]:
    """The page as UTF-8, split where the visitor's CSRF token goes (one part when the page has no form)."""
    return tuple(part.encode() for part in body.split(token)) if token else (body.encode(),)


# The constant headers of a cached page (``_headers`` sets the same on a 304).
HIT_HEADERS = (("Cache-Control", "no-cache"), ("Vary", "Cookie, Accept-Language"))


@lru_cache(maxsize=16)
def _http_date(changed_at: datetime) -> str:
    """``Last-Modified`` of a generation (formatted once per generation, not per hit)."""
    return http_date(changed_at)


def _headers(response: Any, etag: str, changed_at: datetime) -> Any:
    response.set_etag(etag)
    response.last_modified = changed_at
    response.headers["Cache-Control"] = "no-cache"  # revalidate every time: comments show at once
    response.vary.update(("Cookie", "Accept-Language"))
    return response


def init_app(app: Flask) -> None:
    """Choose the store and watch the session for public changes."""
    url = app.config["AARHUS"].cache_url
    app.extensions["aarhus_cache"] = RedisStore(url) if url else MemoryStore(app.config["AARHUS"].page_cache_bytes)
    if not getattr(init_app, "_listening", False):  # events are global: install them once
        event.listen(Session, "after_flush", _mark)
        event.listen(Session, "before_commit", _bump)
        event.listen(Session, "after_commit", _forget_generation)
        init_app._listening = True  # type: ignore[attr-defined]



