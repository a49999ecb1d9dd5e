"""How a request is tied to a user: the session's user loader and the API's bearer tokens."""

from __future__ import annotations

from flask import Flask

from aarhus.accounts.models import User
from aarhus.accounts.operations import user_for_token
from aarhus.api.errors import TOKEN_USER
from aarhus.core.extensions import db, login_manager


def load_user(session_id: str) -> User | None:
    """The signed-in user of a session ("id:version"), unless the account was disabled or its sessions ended since."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):  # a cookie from before sessions were versioned: sign in again
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or (user.session_version or 0) != int(version):
        return None
    return user


def init_app(app: Flask) -> None:
    """Sign-in page, session loader and token lookup for this application."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.user_loader(load_user)
    app.extensions[TOKEN_USER] = user_for_token
