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
from aarhus.core.errors import OperationError
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


def json_body() -> dict[str, Any]:
    """The request's JSON object, or 400 ``bad_json``."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", _("The request body must be a JSON object."))
    return data
