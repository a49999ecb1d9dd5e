"""Errors as ``{"error": {"code", "message", ...details}}`` and bearer-token users."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from aarhus.accounts.models import Role, User
from aarhus.errors import OperationError
from aarhus.extensions import db


class ApiError(Exception):
    """Raise inside an API view to answer with the contract's error format."""

    def __init__(self, status: int, code: str, message: Any, **details: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.details = status, code, message, details


def api_error(status: int, code: str, message: Any, **details: Any) -> Any:
    """A JSON error response; ``message`` is translated into the request's language."""
    body = {"error": {"code": code, "message": str(message), **details}}
    return jsonify(body), status


def bearer_user() -> User | None:
    """The user of the request's ``Authorization: Bearer`` token, cached per request."""
    if "api_user" not in g:
        from aarhus.accounts.operations import user_for_token

        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        g.api_user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
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
    """Commit on success; turn an OperationError into the contract's error answer."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            result = view(*args, **kwargs)
        except OperationError as error:
            db.session.rollback()
            raise ApiError(error.status, error.code, error.message, **error.details) from None
        db.session.commit()
        from aarhus.notify.mail import deliver_pending

        deliver_pending()
        return result

    return wrapped


def json_body() -> dict[str, Any]:
    """The request's JSON object, or 400 ``bad_json``."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", _("The request body must be a JSON object."))
    return data
