"""The search page and the search endpoint of the API."""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from aarhus.api.errors import ApiError
from aarhus.core.cache import cached_page
from aarhus.core.extensions import db
from aarhus.core.guard import public
from aarhus.core.i18n_fields import pick
from aarhus.core.urls import public_url
from aarhus.hearings.models import Hearing
from aarhus.requests.models import InfoRequest
from aarhus.search.query import COUNT_CAP, LIMIT, MAX_QUERY, Hit, search

KIND_LABELS = {"hearing": lambda: _("Public hearing"), "protocol": lambda: _("Protocol of a hearing"),
               "request": lambda: _("Request for environmental information")}


def results(query: str, limit: int = LIMIT) -> tuple[list[dict[str, Any]], int]:
    """The hits with their record's title in the page's language and their public URL, and how many match
    (counted up to ``COUNT_CAP + 1``)."""
    hits, total = search(query, limit)
    hearings = {h.id: h for h in db.session.scalars(select(Hearing).where(Hearing.id.in_(
        {hit.record_id for hit in hits if hit.kind in ("hearing", "protocol")})))}
    requests = {r.id: r for r in db.session.scalars(select(InfoRequest).where(InfoRequest.id.in_(
        {hit.record_id for hit in hits if hit.kind == "request"})))}
    return [row for row in (_row(hit, hearings, requests) for hit in hits) if row], total


def _row(hit: Hit, hearings: dict[int, Hearing], requests: dict[int, InfoRequest]) -> dict[str, Any] | None:
    if hit.kind == "request":
        found = requests.get(hit.record_id)
        if found is None:
            return None
        return {"kind": hit.kind, "label": KIND_LABELS[hit.kind](), "title": found.subject,
                "number": found.registration_number, "snippet": hit.snippet or hit.title,
                "link": ("requests.entry", {"number": found.registration_number}), "anchor": ""}
    hearing = hearings.get(hit.record_id)
    if hearing is None:
        return None
    anchor = "protocol" if hit.kind == "protocol" else None
    return {"kind": hit.kind, "label": KIND_LABELS[hit.kind](), "title": pick({"kk": hearing.title_kk,
                                                                               "ru": hearing.title_ru}),
            "number": None, "snippet": hit.snippet or hit.title,
            "link": ("hearings.detail", {"hearing_id": hearing.id}), "anchor": "#protocol" if anchor else ""}


# The page shows the best twenty, and the best fifty (``LIMIT``, as the API) on asking: fifty extracts made a 57 KB
# page, heavy on a phone, when most readers look at the first few.
SHOWN = 20


def wider(value: str | None) -> str | None:
    """The page's ``limit``: "50" asks for the best fifty; anything else is the best twenty (None)."""
    return str(LIMIT) if value == str(LIMIT) else None


def api_limit(value: str | None) -> str | None:
    """The API's ``limit``: a whole number from 1 to ``LIMIT``, nearer bound for one out of range; None (fifty) for
    none, 0 or one that is not a number."""
    try:
        number = int(value or 0)
    except ValueError:
        return None
    number = min(max(number, 1), LIMIT) if number else LIMIT
    return str(number) if number != LIMIT else None


@public
@cached_page(params=("q", ("limit", wider)))
def page() -> str:
    """``/search?q=``: the best of the public records that match, and how many match (up to ``COUNT_CAP``);
    ``&limit=50`` shows the best fifty."""
    query = (request.args.get("q") or "").strip()[:MAX_QUERY]
    limit = LIMIT if wider(request.args.get("limit")) else SHOWN
    rows, total = results(query, limit) if query else ([], 0)
    for row in rows:
        endpoint, values = row["link"]
        row["url"] = url_for(endpoint, **values) + row["anchor"]
    return render_template("search/index.html", query=query, rows=rows, total=min(total, COUNT_CAP),
                           more=total > COUNT_CAP, cap=format_decimal(COUNT_CAP),
                           wider=LIMIT if limit < LIMIT and total > limit else None)


@public
@cached_page(params=("q", ("limit", api_limit)))
def api_search() -> Any:
    """``GET /api/v1/search?q=``: the same results as JSON (snippets as HTML with ``<mark>``)."""
    query = request.args.get("q")
    if not isinstance(query, str) or not query.strip():
        raise ApiError(422, "invalid", _("Give the words to search for in q."), fields=["q"])
    if len(query) > MAX_QUERY:
        raise ApiError(422, "invalid", _("The search is too long: at most %(num)d characters.", num=MAX_QUERY),
                       fields=["q"])
    rows, total = results(query, int(api_limit(request.args.get("limit")) or LIMIT))
    return jsonify({"query": query, "total": min(total, COUNT_CAP), "more": total > COUNT_CAP, "results": [
        {"kind": r["kind"], "title": r["title"], "number": r["number"], "snippet": str(r["snippet"]),
         "url": public_url(r["link"][0], **r["link"][1]) + r["anchor"]}
        for r in rows]})
