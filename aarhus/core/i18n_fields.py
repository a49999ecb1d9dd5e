"""Columns that hold one text in Kazakh, Russian and English."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

LANGUAGES = ("kk", "ru", "en")


def current_language() -> str:
    """The language of the current request (kk outside a request)."""
    try:
        locale = get_locale()
    except RuntimeError:
        return "kk"
    return locale.language if locale else "kk"


def pick(values: dict[str, str | None], lang: str | None = None) -> str:
    """Choose the text in ``lang``, falling back to Kazakh, Russian, then English."""
    lang = lang or current_language()
    for candidate in (lang, "kk", "ru", "en"):
        if values.get(candidate):
            return values[candidate]
    return ""


class TrilingualName:
    """Mixin: ``name_kk``, ``name_ru``, ``name_en`` and ``name()`` in the current language."""

    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))

    def name(self, lang: str | None = None) -> str:
        """The name in ``lang`` (default: the request's language)."""
        return pick({"kk": self.name_kk, "ru": self.name_ru, "en": self.name_en}, lang)
