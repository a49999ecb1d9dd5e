"""Kazakh first: choose the locale from the switch, the account, then the browser."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from babel import Locale, support
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header
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
    if may_be_signed_in() and current_user and getattr(current_user, "is_authenticated", False) \
            and current_user.locale in LOCALES:
        return current_user.locale
    best = _best_language(request.environ.get("HTTP_ACCEPT_LANGUAGE", ""))
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def may_be_signed_in() -> bool:
    """Whether this request can carry a signed-in user: a session naming one, or Flask-Login's remember cookie (its
    only two sources here). A visitor with neither is anonymous without loading ``current_user``, which costs a
    session-protection hash on every anonymous request (the cached public pages' hot path)."""
    return "_user_id" in session or current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


# Browsers send a few distinct Accept-Language headers: each is parsed once (bounded; a long one is not kept).
ACCEPT_LANGUAGE_KEPT = 200


def _best_language(header: str) -> str | None:
    if len(header) > ACCEPT_LANGUAGE_KEPT:
        return _parse_best_language.__wrapped__(header)
    return _parse_best_language(header)


@lru_cache(maxsize=512)
def _parse_best_language(header: str) -> str | None:
    return parse_accept_header(header, LanguageAccept).best_match(LOCALES) if header else None


_LOCALES = {code: Locale.parse(code) for code in LOCALES}


def babel_locale() -> Locale | str:
    """``select_locale`` for Flask-Babel, as the parsed ``Locale`` (parsed once, not on every request)."""
    chosen = select_locale()
    return _LOCALES.get(chosen, chosen)


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
