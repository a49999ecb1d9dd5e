"""API blueprints: errors as ``{"error": {"code", "message", ...details}}``, bearer-token users, one commit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, g, jsonify, make_response, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from aarhus.core import submissions
from aarhus.core.errors import FieldErrors, OperationError
from aarhus.core.extensions import csrf, db
from aarhus.core.guard import is_public
from aarhus.core.roles import Role
from aarhus.core.urls import API_PREFIX
from aarhus.core.web import json_error
from aarhus.notify.mail import deliver_pending


class ApiError(Exception):
    """Raise inside an API view to answer with the contract's error format."""

    def __init__(self, status: int, code: str, message: Any, **details: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.details = status, code, message, details


# The extension key under which the accounts package registers ``token → user or None``.
TOKEN_USER = "aarhus.token_user"


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under ``/api/v1``: bearer tokens only (no cookies, so no CSRF), errors as JSON."""
    bp = Blueprint(name, import_name, url_prefix=API_PREFIX)
    csrf.exempt(bp)
    bp.before_request(_require_token)
    bp.register_error_handler(ApiError, _answer_error)
    return bp


def _require_token() -> None:
    """Non-public API endpoints need ``Authorization: Bearer <token>``, never a session cookie."""
    if not is_public(request.endpoint) and bearer_user() is None:
        raise ApiError(401, "unauthorized", _l("A valid API token is required."))


def _answer_error(error: ApiError) -> Any:
    details = dict(error.details)
    if isinstance(details.get("fields"), list) and "field_errors" not in details:  # a message for each field named
        details["field_errors"] = dict.fromkeys(map(str, details["fields"]), str(error.message))
    return json_error(error.status, error.code, error.message, **details)


def bearer_user() -> Any:
    """The user of the request's ``Authorization: Bearer`` token, cached per request."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _space, token = header.partition(" ")
        lookup = current_app.extensions[TOKEN_USER]
        g.api_user = lookup(token.strip()) if scheme.lower() == "bearer" else None
    return g.api_user


def api_roles(*roles: Role) -> Callable:
    """Only token holders with one of ``roles`` may call the view (403 otherwise)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = bearer_user()
            if user is None:
                raise ApiError(401, "unauthorized", _l("A valid API token is required."))
            if not user.has_role(*roles):
                raise ApiError(403, "forbidden", _l("Your role may not do this."))
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorate


def operation(view: Callable) -> Callable:
    """Commit on success; turn an OperationError into the contract's error answer.

    A call with an ``Idempotency-Key`` header is done once: a repeat (or a concurrent twin) with the same key
    gets the first call's status and body, and creates nothing.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        key = request.headers.get("Idempotency-Key", "").strip()
        claimed = None
        if key:
            claimed, earlier = submissions.claim(_caller_scope(), key)
            if earlier is not None:
                db.session.rollback()
                return jsonify(earlier.body), earlier.status or 409
        try:
            result = make_response(view(*args, **kwargs))
        except OperationError as error:
            db.session.rollback()
            raise ApiError(error.status, error.code, error.message, **error.details) from None
        except ApiError:  # a bad body read after the act began (a lock taken, a key claimed): nothing of it stays
            db.session.rollback()
            raise
        if claimed is not None:
            claimed.status, claimed.body = result.status_code, _replayable(result.get_json(silent=True))
        db.session.commit()
        deliver_pending()
        return result

    return wrapped


def _caller_scope() -> str:
    """Whose keys these are: the token's user, else the client's address and what it sent; and the path."""
    user = bearer_user()
    if user is not None:
        return f"api:user:{user.id}:{request.path}"
    sent = hashlib.sha256(request.get_data()).hexdigest()[:32]  # another client's key never replays to you
    return f"api:ip:{request.remote_addr}:{sent}:{request.path}"


# Secrets an answer carries once and the database never keeps in clear (a request's private status link).
PRIVATE_KEYS = ("status_url",)


def _replayable(body: Any) -> Any:
    """The answer as a repeat gets it: without the secrets it carried the first time."""
    if isinstance(body, dict):
        return {key: value for key, value in body.items() if key not in PRIVATE_KEYS}
    return body


# No body of this API nests deeper than a few levels; a deeper one is refused before anything walks it.
MAX_JSON_DEPTH = 32


def json_body() -> dict[str, Any]:
    """The request's JSON object; 400 ``bad_json`` if it is none or nests too deeply, 422 naming a text that
    holds a lone surrogate (valid JSON, ``"\\ud800"``, but no UTF-8: it can be neither stored, hashed nor mailed)."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # the parser's own stack: thousands of "[" in a row
        raise _too_deep() from None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", _("The request body must be a JSON object."))
    bad = _first_bad_text(data)
    if bad is not None:
        raise FieldErrors({bad: _("Must be valid Unicode text: it contains half of a surrogate pair.")})
    return data


def _too_deep() -> ApiError:
    return ApiError(400, "bad_json", _("The request body is nested too deeply: JSON of at most %(num)d levels is "
                                       "accepted.", num=MAX_JSON_DEPTH))


def _first_bad_text(data: dict[str, Any]) -> str | None:
    """The path (``title.kk``, ``categories.1``) of the first key or text with a lone surrogate, else None;
    ``bad_json`` for a body nested deeper than ``MAX_JSON_DEPTH``. Walks without recursion."""
    pending: list[tuple[str, Any, int]] = [("", data, 1)]
    while pending:
        path, value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            name = f"{path}.{key}" if path else str(key)
            if _is_surrogate_text(key) or _is_surrogate_text(item):
                return name.encode("utf-8", "replace").decode()
            if isinstance(item, dict | list):
                pending.append((name, item, depth + 1))
    return None


def _is_surrogate_text(value: Any) -> bool:
    """True for a string that UTF-8 cannot encode."""
    if not isinstance(value, str):
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return True
    return False
