"""Kazakhstan's working-day calendar: the holidays package plus decreed overrides.

A working day is Monday–Friday, minus public holidays and their observed days, minus
decreed transferred days off, plus decreed working Saturdays and Sundays (rules.md §1).
Years are precomputed into a sorted list of working-day ordinals so that "the N-th
working day after" is a bisect, not a walk.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

import holidays

# The years the statutory calendar covers: no legal date outside them can be computed (the forms read them too).
from aarhus.core.years import FIRST_YEAR, LAST_YEAR

# The holidays package names days in English and Kazakh; Russian names are ours.
_RU_NAMES = {
    "New Year's Day": "Новый год",
    "Orthodox Christmas": "Православное Рождество",
    "International Women's Day": "Международный женский день",
    "Nowruz Holiday": "Наурыз мейрамы",
    "Kazakhstan's People Solidarity Holiday": "Праздник единства народа Казахстана",
    "Defender of the Fatherland Day": "День защитника Отечества",
    "Victory Day": "День Победы",
    "Capital Day": "День столицы",
    "Eid al-Adha": "Курбан айт",
    "Constitution Day": "День Конституции",
    "Republic Day": "День Республики",
    "Independence Day": "День Независимости",
    "First President Day": "День Первого Президента",
}
_SUFFIXES_RU = {"(observed)": "(перенесённый выходной)", "(estimated)": "(предварительная дата)"}
# The package's Kazakh is not the official wording: a holiday whose date is only forecast is
# "болжамды күн" (not "бағаланған", "assessed"); a day off moved from a holiday on a weekend is an
# "ауыстырылған демалыс күні".
_KK_WORDS = {"(бағаланған)": "(болжамды күн)", "(қайта белгіленген демалыс)": "(ауыстырылған демалыс күні)"}
_SUBSTITUTED = re.compile(r"Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)")
SOURCE_PACKAGE = "holidays"


def russian_name(english: str) -> str:
    """Translate a holiday name of the holidays package into Russian."""
    match = _SUBSTITUTED.fullmatch(english)
    if match:
        month, day, year = match.groups()
        return f"Выходной день (перенесён с {day}.{month}.{year})"
    for suffix, ru in _SUFFIXES_RU.items():
        if english.endswith(suffix):
            return f"{russian_name(english.removesuffix(suffix).strip())} {ru}"
    return _RU_NAMES.get(english, english)


@dataclass(frozen=True)
class Override:
    """A decreed change: a day off on a working day, or a working weekend day."""

    on: date
    kind: str  # "day_off" | "working_day"
    name_kk: str
    name_ru: str
    name_en: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("day_off", "working_day"):
            raise ValueError(f"override kind must be day_off or working_day, not {self.kind!r}")


@dataclass(frozen=True)
class DayInfo:
    """Why a date is or is not a working day."""

    on: date
    working: bool
    # weekend | holiday | transferred_day_off | override_day_off
    # weekday | working_weekend | override_working
    reason: str
    names: dict[str, str] = field(default_factory=dict)
    source: str = ""


class Calendar:
    """Working days of Kazakhstan with decreed overrides; immutable once built."""

    def __init__(self, overrides: tuple[Override, ...] | list[Override] = (),
                 first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> None:
        self.overrides = {o.on: o for o in overrides}
        self.first_year, self.last_year = first_year, last_year
        years = range(first_year, last_year + 1)
        self._en = holidays.country_holidays("KZ", years=years)
        self._kk = holidays.country_holidays("KZ", years=years, language="kk")
        self._weekend_workdays = set(getattr(self._en, "weekend_workdays", set()))
        self._lo = date(first_year, 1, 1).toordinal()
        self._hi = date(last_year, 12, 31).toordinal()
        self._working = [o for o in range(self._lo, self._hi + 1) if self._is_working(o)]

    def _is_working(self, ordinal: int) -> bool:
        return self.info(date.fromordinal(ordinal)).working

    def _check(self, ordinal: int) -> None:
        if not self._lo <= ordinal <= self._hi:
            raise ValueError(f"date outside the calendar ({self.first_year}–{self.last_year})")

    def info(self, day: date) -> DayInfo:
        """Whether ``day`` is a working day, and why."""
        override = self.overrides.get(day)
        if override:
            names = {"kk": override.name_kk, "ru": override.name_ru, "en": override.name_en}
            working = override.kind == "working_day"
            return DayInfo(day, working, "override_working" if working else "override_day_off",
                           names, override.source)
        if day in self._weekend_workdays:
            return DayInfo(day, True, "working_weekend", self._names(day), SOURCE_PACKAGE)
        if day in self._en:
            reason = "transferred_day_off" if _SUBSTITUTED.match(self._en[day]) else "holiday"
            return DayInfo(day, False, reason, self._names(day), SOURCE_PACKAGE)
        if day.weekday() >= 5:
            return DayInfo(day, False, "weekend")
        return DayInfo(day, True, "weekday")

    def _names(self, day: date) -> dict[str, str]:
        en = self._en.get(day) or "Working day (transferred)"
        kk = self._kk.get(day) or "Жұмыс күні (ауыстырылған)"
        for package_word, official in _KK_WORDS.items():
            kk = kk.replace(package_word, official)
        ru = russian_name(en) if day in self._en else "Рабочий день (перенесённый)"
        return {"kk": kk.split("; ")[0], "ru": ru.split("; ")[0], "en": en.split("; ")[0]}

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` is a working day."""
        ordinal = day.toordinal()
        self._check(ordinal)
        index = bisect_left(self._working, ordinal)
        return index < len(self._working) and self._working[index] == ordinal

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The N-th working day after ``day`` (``day`` itself is day zero)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        ordinal = day.toordinal()
        self._check(ordinal)
        index = bisect_right(self._working, ordinal) + n - 1
        if index >= len(self._working):
            raise ValueError("date outside the calendar")
        return date.fromordinal(self._working[index])

    def nth_working_day_before(self, day: date, n: int) -> date:
        """The N-th working day before ``day`` (``day`` itself excluded)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        ordinal = day.toordinal()
        self._check(ordinal)
        index = bisect_left(self._working, ordinal) - n
        if index < 0:
            raise ValueError("date outside the calendar")
        return date.fromordinal(self._working[index])

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the next working day."""
        ordinal = day.toordinal()
        self._check(ordinal)
        index = bisect_left(self._working, ordinal)
        if index >= len(self._working):
            raise ValueError("date outside the calendar")
        return date.fromordinal(self._working[index])

    def days_between(self, first: date, last: date) -> list[DayInfo]:
        """Information on every day from ``first`` to ``last``, both included."""
        return [self.info(date.fromordinal(o)) for o in range(first.toordinal(), last.toordinal() + 1)]

    def non_working_days(self, year: int) -> list[DayInfo]:
        """Weekday holidays and decreed days off of ``year`` (weekends are implied)."""
        days = self.days_between(date(year, 1, 1), date(year, 12, 31))
        return [d for d in days if not d.working and (d.reason != "weekend")]

    def working_weekend_days(self, year: int) -> list[DayInfo]:
        """Saturdays and Sundays of ``year`` that are decreed working days."""
        days = self.days_between(date(year, 1, 1), date(year, 12, 31))
        return [d for d in days if d.working and d.on.weekday() >= 5]
