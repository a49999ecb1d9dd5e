"""What every page shares: error pages, security headers, template helpers."""

from __future__ import annotations

from datetime import date, datetime
from functools import wraps
from typing import Any

from flask import Flask, abort, jsonify, render_template, request
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from aarhus.core.dates import in_case, official_date, official_datetime, one_stop
from aarhus.core.errors import FieldErrors
from aarhus.core.forms import date_hint, template_file_picker
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
    app.register_error_handler(FieldErrors, _field_errors)
    # First of all hooks: the CSRF check reads the form, and nothing may read a body over its limit.
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_body)
    app.before_request(_refuse_nul)
    app.after_request(_security_headers)
    app.jinja_env.filters.update(date=_date, datetime=_datetime, number=format_decimal, percent=format_percent,
                                  case=in_case, translated=_translated)
    app.jinja_env.globals.update(pick=pick, current_locale=lambda: str(get_locale()), submission_key=new_key,
                                 date_hint=date_hint, file_picker=template_file_picker)
    app.url_defaults(_fingerprint_static)
    # "… до 17 декабря 2026 г." in every translated sentence a template prints; only the catalog's sentences, so a
    # citizen's own text is printed exactly as written.
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        if name in app.jinja_env.globals:
            app.jinja_env.globals[name] = _one_stop(app.jinja_env.globals[name])


def _one_stop(translate: Any) -> Any:
    """``translate`` (a template's gettext callable, context passing kept by ``wraps``) with ``one_stop`` applied."""

    @wraps(translate)
    def translated(*args: Any, **kwargs: Any) -> Any:
        return one_stop(translate(*args, **kwargs))

    return translated


def is_api_request() -> bool:
    """True for requests to the JSON API (which answers errors as JSON, and never reads cookies)."""
    return request.path.startswith(API_PREFIX + "/")


def json_error(status: int, code: str, message: Any, **details: Any) -> Any:
    """The contract's error answer ``{"error": {"code", "message", …}}``; ``message`` in the request's language."""
    return jsonify({"error": {"code": code, "message": str(message), **details}}), status


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if is_api_request() and status == 413:
        return _too_large(status)
    if is_api_request():
        return json_error(status, error.name.lower().replace(" ", "_"),
                         ERROR_TITLES.get(status, error.name))
    headers = {}
    if status == 429 and error.get_response().headers.get("Retry-After"):
        headers["Retry-After"] = error.get_response().headers["Retry-After"]
    title = ERROR_TITLES.get(status, error.name)
    return render_template("errors/error.html", status=status, title=title), status, headers


def _limit_body() -> None:
    """Only an upload may be as large as ``max_upload_bytes``; any other body (a form, a JSON call) is capped at
    ``max_body_bytes`` before a byte of it is read: a 19 MB "comment" is a 413."""
    if request.mimetype != "multipart/form-data":
        from flask import current_app

        request.max_content_length = current_app.config["AARHUS"].max_body_bytes
    if request.content_length is not None and request.content_length > (request.max_content_length or 0) > 0:
        abort(413)


def _too_large(status: int) -> Any:
    from flask_babel import gettext as _

    limit = request.max_content_length or 0
    message = _("The request is too large: at most %(num)d bytes are accepted.", num=limit)
    return json_error(status, "request_too_large", message, limit=limit)


def _field_errors(error: FieldErrors) -> Any:
    """Values that do not parse: the API names each field; a page says which ones (a 400, never a 500)."""
    if is_api_request():
        return json_error(error.status, error.code, error.message, **error.details)
    detail = "; ".join(f"{name}: {message}" for name, message in error.details["field_errors"].items())
    return render_template("errors/error.html", status=400, title=ERROR_TITLES[400], detail=detail), 400


def _refuse_nul() -> None:
    """No one types a NUL, and PostgreSQL cannot store or compare one: refuse it in the address and the form."""
    from flask_babel import gettext as _

    sent = [*request.args.items(multi=True), *(request.view_args or {}).items()]
    if request.method == "POST" and not is_api_request() and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        sent += request.form.items(multi=True)
    bad = [name for name, value in sent if "\x00" in str(name) + str(value)]
    if bad:
        if not is_api_request():
            abort(400)
        raise FieldErrors(dict.fromkeys(bad, _("Must not contain a NUL character.")), status=400,
                          code="bad_parameter")


class BoundedInteger(IntegerConverter):
    """``<int:…>`` in a URL: only numbers a database integer column holds (a bigger one is a 404, not a 500)."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None, max: int | None = 2**31 - 1,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def bound_integers(app: Flask) -> None:
    """Install ``BoundedInteger`` as ``int`` (before any rule is added)."""
    app.url_map.converters["int"] = BoundedInteger


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


def _translated(labels: dict[str, Any]) -> dict[str, str]:
    """A dictionary of lazy labels translated once (``{% set stances = labels.STANCES|translated %}`` before a
    loop that shows them for every row)."""
    return {key: str(label) for key, label in labels.items()}


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
