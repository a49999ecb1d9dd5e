"""Login required by default; public endpoints are marked explicitly with ``@public``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from aarhus.core.roles import Role
from aarhus.core.web import is_api_request


def public(view: Callable) -> Callable:
    """Mark a view as reachable without signing in."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def is_public(endpoint: str | None) -> bool:
    """Whether anyone may reach ``endpoint`` (static files and views marked ``@public``)."""
    view = current_app.view_functions.get(endpoint or "")
    return endpoint == "static" or getattr(view, "is_public", False)


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


def init_app(app: Flask) -> None:
    """Install the default-deny check for pages (the API blueprints check bearer tokens themselves)."""

    @app.before_request
    def require_login() -> Any:
        if request.endpoint is None or is_public(request.endpoint) or is_api_request():
            return None
        if current_user.is_authenticated:
            return None
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
