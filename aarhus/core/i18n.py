"""Kazakh first: choose the locale from the switch, the account, then the browser."""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import support
from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.i18n import messages_path

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


# WTForms' own messages that our catalogs word themselves: WTForms' Kazakh catalog is not in the official style
# ("Бұл өріс міндетті түрде керек."), and some say what to type. Every other message comes from WTForms' catalog
# in the page's language (Flask-WTF's i18n), never in English on a kk or ru page.
WTFORMS_WORDING = (
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Not a valid choice."),
    _l("Not a valid float value."),
    _l("Not a valid decimal value."),
    _l("Not a valid integer value."),
    _l("Not a valid time value."),
    _l("Not a valid date value."),
    _l("Number must be between %(min)s and %(max)s."),
)


@cache
def _wtforms_catalog(locale: str) -> support.NullTranslations:
    """WTForms' own catalog for a locale."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class WTFormsMessages:
    """What Flask-WTF asks for WTForms' messages (it looks for ``request.wtforms_translations``): our wording where
    the catalogs give one, else WTForms' catalog, in the language of the request at the moment a message is made."""

    def ugettext(self, string: str) -> str:
        ours = _(string)
        return ours if ours != string else _wtforms_catalog(str(get_locale())).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> Any:
        return _wtforms_catalog(str(get_locale())).ungettext(singular, plural, n)


def init_app(app: Flask) -> None:
    """Expose the language list to templates; WTForms' messages in the page's language."""

    @app.before_request
    def wtforms_messages() -> None:
        request.wtforms_translations = WTFormsMessages()

    @app.context_processor
    def languages() -> dict:
        return {"LANGUAGE_NAMES": LANGUAGE_NAMES}
