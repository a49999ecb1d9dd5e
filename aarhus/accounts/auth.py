"""How a request is tied to a user: the session's user loader and the API's bearer tokens."""

from __future__ import annotations

import logging

from flask import Flask, g
from sqlalchemy.exc import SQLAlchemyError

from aarhus.accounts import operations
from aarhus.accounts.models import User
from aarhus.api.errors import TOKEN_USER
from aarhus.core.extensions import db, login_manager, writing
from aarhus.core.time import utcnow

log = logging.getLogger(__name__)


def load_user(session_id: str) -> User | None:
    """The signed-in user of a session ("id:version"), unless the account was disabled or its sessions ended since."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):  # a cookie from before sessions were versioned: sign in again
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or (user.session_version or 0) != int(version):
        return None
    return user


def token_user(token: str) -> User | None:
    """The user of a bearer token; notes a use to write after the answer when the last one written is stale."""
    row = operations.token_in_use(token)
    if row is None:
        return None
    if operations.is_token_use_due(row, utcnow()):
        g.aarhus_token_used = row.id
    return row.user


def write_token_use(_error: BaseException | None = None) -> None:
    """After the answer, in a short transaction of its own: a GET never commits, and an act's commit is its own."""
    token_id = g.pop("aarhus_token_used", None)
    if token_id is None:
        return
    db.session.rollback()  # the request's transaction is over: committed by its act, or only read
    try:
        with writing():
            operations.record_token_use(token_id, utcnow())
            db.session.commit()
    except SQLAlchemyError:  # a busy database: the next call writes it; the answer is not at stake
        db.session.rollback()
        log.warning("could not record the use of API token %s", token_id, exc_info=True)


def init_app(app: Flask) -> None:
    """Sign-in page, session loader and token lookup for this application."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.user_loader(load_user)
    app.extensions[TOKEN_USER] = token_user
    app.teardown_request(write_token_use)
