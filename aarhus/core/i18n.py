"""Kazakh first: choose the locale from the switch, the account, then the browser."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_login import current_user

LOCALES = ("kk", "ru", "en")
COOKIE = "lang"
# Translators: the name of each language in itself, shown in the language switch.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def select_locale() -> str:
    """The locale of this request (the default one outside requests: commands, jobs)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(COOKIE)
    if chosen in LOCALES:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in LOCALES:
        return current_user.locale
    best = request.accept_languages.best_match(LOCALES)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Expose the language list to templates."""

    @app.context_processor
    def languages() -> dict:
        return {"LANGUAGE_NAMES": LANGUAGE_NAMES}
