"""Absolute links for e-mails and feeds, built from AARHUS_BASE_URL (works outside requests too)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app

API_PREFIX = "/api/v1"


def public_url(endpoint: str, **values: Any) -> str:
    """The public address of ``endpoint`` under the configured base URL."""
    base = urlsplit(current_app.config["AARHUS"].base_url)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
