"""Dates as official documents write them, in Kazakh, Russian and English.

    long     2026 жылғы 26 желтоқсан · 26 декабря 2026 г. · 26 December 2026
    full     the same with the weekday: 2026 жылғы 26 желтоқсан, сенбі
    numeric  26.12.2026 (tables)

Never an ISO date or a two-digit year in what people read. In Kazakh the case a sentence
needs goes on the month ("2027 жылғы 12 қаңтарға дейін", "26 желтоқсаннан бастап");
Russian and English dates stay as they are (Russian puts the month in the genitive, which
serves "до", "с" and "по" alike). Instants are shown in the legal time zone, without
naming it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date

from aarhus.core.i18n_fields import current_language
from aarhus.core.kazakh import inflect

KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
             "қазан", "қараша", "желтоқсан")
STYLES = ("long", "full", "numeric")
# Babel's style names, as templates used to pass them: short and medium lose the year's century.
_ALIASES = {"short": "numeric", "medium": "numeric"}
# A Russian date ends in the abbreviation "г."; a sentence ending with it takes no second period.
_DOUBLE_STOP = re.compile(r"(?<=\sг)\.\.(?!\.)")


def official_date(value: date | str | None, lang: str | None = None, style: str = "long",
                  case: str | None = None) -> str:
    """``value`` (or its ISO text, as snapshots keep it) in the official style of ``lang``; ``case`` for Kazakh."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    style = _ALIASES.get(style, style)
    if style not in STYLES:
        raise ValueError(f"unknown date style {style!r}")
    if style == "numeric":  # the same in every language: no locale lookup for each row of a table
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    lang = lang or current_language()
    if lang == "kk":
        text = _kazakh(value, case)
    elif lang == "ru":
        text = babel_date(value, "d MMMM y", locale="ru") + " г."
    else:
        text = babel_date(value, "d MMMM y", locale="en")
    if style == "full":
        weekday = babel_date(value, "EEEE", locale=lang)
        # A Kazakh date in a case keeps the weekday aside: "12 қаңтарға (сейсенбі) дейін".
        text = f"{text} ({weekday})" if lang == "kk" and case else f"{text}, {weekday}"
    return text


def _kazakh(value: date, case: str | None) -> str:
    month = KK_MONTHS[value.month - 1]
    if case:
        month = inflect(month, case, possessive=False)
    return f"{value.year} жылғы {value.day} {month}"


def official_datetime(value: datetime | str | None, zone: ZoneInfo, lang: str | None = None,
                      style: str = "long") -> str:
    """An instant as a date and a 24-hour time in ``zone``: "2026 жылғы 26 желтоқсан, 14:05", "26.12.2026 14:05".

    A text value ("2026-12-15 14:03", as protocol snapshots keep it) is already wall-clock time in the zone.
    """
    if not value:
        return ""
    if isinstance(value, str):
        local = datetime.fromisoformat(value)
    else:
        if value.tzinfo is None:  # SQLite returns naive values; they are stored as UTC.
            value = value.replace(tzinfo=UTC)
        local = value.astimezone(zone)
    style = _ALIASES.get(style, style)
    day = official_date(local.date(), lang, "numeric" if style == "numeric" else "long")
    separator = " " if style == "numeric" else ", "
    return f"{day}{separator}{local:%H:%M}"


def in_case(text: str, case: str | None, lang: str | None = None) -> str:
    """A name as a sentence needs it: inflected in Kazakh, unchanged in Russian and English."""
    if not case or (lang or current_language()) != "kk":
        return text
    return inflect(text, case)


def one_stop(text: str) -> str:
    """``text`` without the doubled period of a sentence ending in a Russian date: "до 17 декабря 2026 г.", never
    "г..". Keeps a ``Markup`` a ``Markup``; templates apply it to every output, mails to subject and body."""
    if not isinstance(text, str) or "г.." not in text:
        return text
    fixed = _DOUBLE_STOP.sub(".", text)
    return fixed if type(text) is str else type(text)(fixed)
