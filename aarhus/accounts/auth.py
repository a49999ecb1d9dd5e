"""How a request is tied to a user: the session's user loader and the API's bearer tokens."""

from __future__ import annotations

from flask import Flask

from aarhus.accounts.models import User
from aarhus.accounts.operations import user_for_token
from aarhus.api.errors import TOKEN_USER
from aarhus.core.extensions import db, login_manager


def load_user(user_id: str) -> User | None:
    """The signed-in user of a session, unless the account was deactivated."""
    user = db.session.get(User, int(user_id))
    return user if user and user.is_active else None


def init_app(app: Flask) -> None:
    """Sign-in page, session loader and token lookup for this application."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.user_loader(load_user)
    app.extensions[TOKEN_USER] = user_for_token
