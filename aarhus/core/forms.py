"""Helpers shared by the forms."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_wtf.file import FileField as _FlaskFileField
from flask_wtf.file import MultipleFileField as _FlaskMultipleFileField
from markupsafe import Markup
from wtforms import Field
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import FileInput as _FileInput
from wtforms.widgets import TextInput

from aarhus.core.years import FIRST_DAY, LAST_DAY


def options(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


# C0 and C1 control characters but the tab and the line feed: they break XML feeds, iCalendar and terminals, and
# no one types them. A carriage return becomes a line feed.
_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160)])


def clean_text(value: Any) -> Any:
    """A text as people typed it, without control characters (other values as they are)."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)


def is_web_address(value: Any) -> bool:
    """Only http and https addresses are links (never javascript:, data: or file:)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def is_email_address(value: Any) -> bool:
    """One mailbox, as a mail header can carry it: no display name, list, space, line break or control character."""
    if not isinstance(value, str) or not value or len(value) > 254 or value != value.strip():
        return False
    if any(ch.isspace() or ord(ch) < 32 or 127 <= ord(ch) < 160 or ch in '<>,;"()[]\\' for ch in value):
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


# Dates are typed as the official numeric style writes them (26.12.2026), not in the browser's own date picker, which
# shows "mm/dd/yyyy" in the browser's language; ISO (2026-12-26) is accepted too, from what other systems paste.
DATE_INPUT = re.compile(r"\s*(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2}))\s*")


def parse_date(text: str | None) -> date | None:
    """A date typed as DD.MM.YYYY (or YYYY-MM-DD); None when there is none or it is not a real date."""
    match = DATE_INPUT.fullmatch(text or "")
    if match is None:
        return None
    day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
        match.group(6), match.group(5), match.group(4))
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_hint() -> str:
    """The format to type a date in, in the page's language."""
    return _("Format: DD.MM.YYYY, for example %(example)s", example="26.12.2026")


def date_error() -> str:
    """The message when a typed date cannot be read, in the page's language."""
    return _("Enter a real date as DD.MM.YYYY, for example %(example)s.", example="26.12.2026")


def date_range_error(first: str, last: str) -> str:
    """The message when a date lies outside the years the statutory calendar covers (``first`` and ``last`` as the
    caller writes dates: DD.MM.YYYY on a page, ISO in the API)."""
    return _("The date must be from %(first)s to %(last)s: the calendar of working days covers only these years.",
             first=first, last=last)


class DateInput(TextInput):
    """A text box for a date: no browser date picker, the format in the hint."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("spellcheck", "false")
        kwargs.setdefault("class", "date-input")
        kwargs.setdefault("maxlength", "10")
        return super().__call__(field, **kwargs)


class DateField(Field):
    """A date typed as DD.MM.YYYY (or ISO), shown back as typed when it is wrong and as DD.MM.YYYY otherwise; the
    format hint is its description, unless the form gives another. Only dates of the years the statutory calendar
    covers are taken (a deadline of 31.12.9999 cannot be computed, nor stored by every database)."""

    widget = DateInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("description", LazyString(date_hint))
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d.%m.%Y") if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        self.data = parse_date(str(valuelist[0]))
        if self.data is None:
            raise ValueError(date_error())
        if not FIRST_DAY <= self.data <= LAST_DAY:
            self.data = None
            raise ValueError(date_range_error(FIRST_DAY.strftime("%d.%m.%Y"), LAST_DAY.strftime("%d.%m.%Y")))


class FileInput(_FileInput):
    """A native file input under a button and a file name in the page's language (the browser's own button speaks
    the browser's language); static/js/files.js writes the chosen file's name. Without script, the button still
    opens the file dialog, since the native input lies over it."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        native = super().__call__(field, **kwargs)
        multiple = kwargs.get("multiple") or self.multiple
        none = _("No files chosen") if multiple else _("No file chosen")
        return file_picker(native, none, _("Choose files") if multiple else _("Choose file"),
                           _("Files chosen: %(count)s", count="{count}"))


def template_file_picker(native: Any) -> Markup:
    """The picker around a single-file input that a template writes itself."""
    return file_picker(native, _("No file chosen"), _("Choose file"), _("Files chosen: %(count)s", count="{count}"))


def file_picker(native: Any, none: str, button: str, many: str) -> Markup:
    """The wrapper of a native file input (the templates that write the input themselves use it too)."""
    return Markup(
        '<span class="file-pick" data-none="{none}" data-many="{many}">{native}'
        '<span class="file-pick-button" aria-hidden="true">{button}</span>'
        '<span class="file-pick-name" aria-hidden="true">{none}</span></span>'
    ).format(none=none, many=many, native=native, button=button)


class FileField(_FlaskFileField):
    """Flask-WTF's file field with the translated picker."""

    widget = FileInput()


class MultipleFileField(_FlaskMultipleFileField):
    """Flask-WTF's field of several files with the translated picker."""

    widget = FileInput(multiple=True)


TIME_INPUT = re.compile(r"\s*(\d{1,2})[:.](\d{2})\s*")


def parse_time(text: str | None) -> time | None:
    """A time of day typed as HH:MM on the 24-hour clock (11:00, 9.30); None when it is not one."""
    match = TIME_INPUT.fullmatch(text or "")
    if match is None:
        return None
    try:
        return time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None


def time_hint() -> str:
    """The format to type a time in, in the page's language."""
    return _("Format: HH:MM, 24-hour clock, for example %(example)s", example="14:30")


class TimeField(Field):
    """A time typed as HH:MM (24-hour), not the browser's own picker, which may show AM/PM in the browser's
    language; kept as typed when it is wrong."""

    widget = DateInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("description", LazyString(time_hint))
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%H:%M") if isinstance(self.data, time) else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        self.data = parse_time(str(valuelist[0]))
        if self.data is None:
            raise ValueError(_("Enter the time as HH:MM on the 24-hour clock, for example %(example)s.",
                               example="14:30"))
