"""What every page shares: error pages, security headers, template helpers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from aarhus.core.dates import in_case, official_date, official_datetime
from aarhus.core.i18n_fields import pick
from aarhus.core.submissions import new_key
from aarhus.core.time import legal_zone
from aarhus.core.urls import API_PREFIX

ERROR_TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Please sign in"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("The file is too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
       "object-src 'none'")


def init_app(app: Flask) -> None:
    """Register the handlers, filters and headers."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.after_request(_security_headers)
    app.jinja_env.filters.update(date=_date, datetime=_datetime, number=format_decimal, case=in_case)
    app.jinja_env.globals.update(pick=pick, current_locale=lambda: str(get_locale()), submission_key=new_key)
    app.url_defaults(_fingerprint_static)


def is_api_request() -> bool:
    """True for requests to the JSON API (which answers errors as JSON, and never reads cookies)."""
    return request.path.startswith(API_PREFIX + "/")


def json_error(status: int, code: str, message: Any, **details: Any) -> Any:
    """The contract's error answer ``{"error": {"code", "message", …}}``; ``message`` in the request's language."""
    return jsonify({"error": {"code": code, "message": str(message), **details}}), status


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if is_api_request():
        return json_error(status, error.name.lower().replace(" ", "_"),
                         ERROR_TITLES.get(status, error.name))
    headers = {}
    if status == 429 and error.get_response().headers.get("Retry-After"):
        headers["Retry-After"] = error.get_response().headers["Retry-After"]
    title = ERROR_TITLES.get(status, error.name)
    return render_template("errors/error.html", status=status, title=title), status, headers


def _csrf_error(error: CSRFError) -> Any:
    from flask_babel import gettext as _

    message = _("The form expired or was sent from elsewhere. Please reload the page and try again.")
    if is_api_request():
        return json_error(400, "csrf_failed", message)
    return render_template("errors/error.html", status=400, title=ERROR_TITLES[400],
                           detail=message), 400


def _security_headers(response: Any) -> Any:
    headers = response.headers
    if request.endpoint == "static" and request.args.get("v"):
        headers["Cache-Control"] = "public, max-age=31536000, immutable"
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    from flask import current_app

    if current_app.config["AARHUS"].is_production:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _date(value: date | None, style: str = "long", case: str | None = None) -> str:
    """``{{ d|date }}``, ``{{ d|date("numeric") }}`` in tables, ``{{ d|date(case="dative") }}`` before "дейін"."""
    return official_date(value, style=style, case=case)


def _datetime(value: datetime | None, style: str = "long") -> str:
    """An instant in the legal time zone: ``{{ t|datetime }}`` in sentences, ``("numeric")`` in tables."""
    return official_datetime(value, legal_zone(), style=style)


_FINGERPRINTS: dict[str, str] = {}


def _fingerprint_static(endpoint: str, values: dict) -> None:
    """Static URLs carry the file's hash (?v=…), so they can be cached for a year and change with the file."""
    if endpoint != "static" or "filename" not in values:
        return
    from flask import current_app

    name = values["filename"]
    if name not in _FINGERPRINTS:
        import hashlib
        from pathlib import Path

        path = Path(current_app.static_folder) / name
        _FINGERPRINTS[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else "0"
    values["v"] = _FINGERPRINTS[name]
