"""Login required by default; public endpoints are marked explicitly with ``@public``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from aarhus.accounts.models import Role


def public(view: Callable) -> Callable:
    """Mark a view as reachable without signing in."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def public_endpoints(app: Flask) -> list[str]:
    """The explicit list of endpoints anyone may reach."""
    return sorted(name for name, view in app.view_functions.items()
                  if name == "static" or getattr(view, "is_public", False))


def roles_required(*roles: Role) -> Callable:
    """Allow only signed-in users with one of ``roles`` (403 for the others)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorate


def _require_token() -> Any:
    """Non-public API endpoints need ``Authorization: Bearer <token>``."""
    from aarhus.api.errors import api_error, bearer_user

    if bearer_user() is None:
        return api_error(401, "unauthorized", _l("A valid API token is required."))
    return None


def init_app(app: Flask) -> None:
    """Install the default-deny check and the user loader."""
    from aarhus.accounts.models import User
    from aarhus.extensions import db, login_manager

    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        user = db.session.get(User, int(user_id))
        return user if user and user.is_active else None

    @app.before_request
    def require_login() -> Any:
        endpoint = request.endpoint
        if endpoint is None or endpoint == "static":
            return None
        view = app.view_functions.get(endpoint)
        if getattr(view, "is_public", False):
            return None
        if request.blueprint == "api":
            return _require_token()  # never a session cookie: no CSRF exposure
        if current_user.is_authenticated:
            return None
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
