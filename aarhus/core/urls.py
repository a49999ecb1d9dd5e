"""Absolute links, built from AARHUS_BASE_URL and never from the request's Host header (issue 16: a forged
``Host: evil.example`` was written into cached pages and API answers). Works outside requests too."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask, current_app
from flask.globals import _cv_request
from werkzeug.routing import MapAdapter

API_PREFIX = "/api/v1"
ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"  # as Flask quotes an anchor


class PublicFlask(Flask):
    """Flask whose external URLs (``url_for(…, _external=True)``, in code and templates) start with the base URL."""

    def url_for(self, endpoint: str, *, _anchor: str | None = None, _method: str | None = None,
                _scheme: str | None = None, _external: bool | None = None, **values: Any) -> str:
        context = _cv_request.get(None)
        # Outside a request, or in one whose Host was refused (it has no URL adapter, and its 400 page links the
        # style sheet): on the base URL as it is now.
        if (context is None and self.config["SERVER_NAME"] is None) or (context and context.url_adapter is None):
            if context is not None and endpoint[:1] == ".":
                endpoint = endpoint[1:]
            self.inject_url_defaults(endpoint, values)
            external = _external is not False if context is None else bool(_external or _scheme)
            url = self.create_url_adapter(None).build(endpoint, values, method=_method, url_scheme=_scheme,
                                                      force_external=external)
            return f"{url}#{quote(_anchor, safe=ANCHOR_SAFE)}" if _anchor is not None else url
        if context is None or not (_external or _scheme is not None):
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                   _external=_external, **values)
        # In a request: the path as this request would link it, moved from the request's root to the base URL.
        path = super().url_for(endpoint, _anchor=_anchor, _method=_method, _external=False, **values)
        root = context.request.script_root
        if root and path.startswith(root):
            path = path[len(root):]
        base = urlsplit(self.config["AARHUS"].base_url)
        return f"{_scheme or base.scheme}://{base.netloc}{base.path.rstrip('/')}{path}"

    def create_url_adapter(self, request: Any) -> MapAdapter | None:
        """A request's own adapter (routing); outside requests, one bound to the base URL."""
        if request is not None or self.config["SERVER_NAME"] is not None:
            return super().create_url_adapter(request)
        base = urlsplit(self.config["AARHUS"].base_url)
        return self.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)


def public_url(endpoint: str, **values: Any) -> str:
    """The public address of ``endpoint`` under the configured base URL."""
    return current_app.url_for(endpoint, _external=True, **values)
