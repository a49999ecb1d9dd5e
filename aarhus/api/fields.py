"""Typed fields of what callers send: one declaration parses a JSON body or a query string and describes it in
the OpenAPI document, so what the document promises is what the server checks.

Every value is checked before an operation sees it: its type, its length (from the model's column), its range
(dates inside the statutory calendar, integers that fit the database, finite numbers). What fails is refused
together, each field with its own message (``core.errors.FieldErrors``: 422 for a body, 400 for a query string).
Texts lose control characters (NUL included). A missing or ``null`` value is simply absent: the operations say
which ones they need, with their own codes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any

from flask import request
from flask_babel import gettext as _

from aarhus.api.errors import json_body
from aarhus.core.db import max_length
from aarhus.core.errors import FieldErrors
from aarhus.core.forms import clean_text, is_web_address
from aarhus.deadlines.calendar import FIRST_YEAR, LAST_YEAR

# The largest id or count a database integer column holds (PostgreSQL ``integer``).
MAX_INT = 2**31 - 1
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
_MISSING = object()


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


class Field:
    """One value: ``parse`` returns it (or records ``errors[name]``), ``schema`` describes it."""

    def __init__(self, *, required: bool = False, description: str = "") -> None:
        self.required, self.description = required, description

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        raise NotImplementedError

    def parse_text(self, raw: str, name: str, errors: dict[str, str]) -> Any:
        """The value from a query string (where everything is text)."""
        return self.parse(raw, name, errors)

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def described(self) -> dict[str, Any]:
        schema = self.schema()
        return {**schema, "description": self.description} if self.description else schema


class Text(Field):
    """A string of at most ``limit`` characters (a number, or a model attribute whose column gives it)."""

    def __init__(self, limit: Any, *, enum: Iterable[str] = (), link: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limit = limit if isinstance(limit, int) else max_length(limit)
        self.enum, self.link = list(enum), link

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if not isinstance(raw, str):
            errors[name] = _("Must be text.")
            return None
        value = clean_text(raw).strip()
        if len(value) > self.limit:
            errors[name] = _("Must be at most %(num)d characters long.", num=self.limit)
        elif self.link and value and not is_web_address(value):
            errors[name] = _("Must be an http or https address.")
        return value

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "maxLength": self.limit}
        if self.required:
            schema["minLength"] = 1
        if self.enum:  # documented; the operation refuses other values with its own code
            schema["enum"] = self.enum
        if self.link:
            schema.update(format="uri", pattern="^https?://")
        return schema


class Choice(Field):
    """One of a closed list of strings."""

    def __init__(self, values: Iterable[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.values = list(values)

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if raw not in self.values:
            errors[name] = _("Must be one of: %(values)s.", values=", ".join(self.values))
            return None
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": self.values}


class Integer(Field):
    """A whole number from ``minimum`` to ``maximum`` (never a boolean; in a query string, decimal digits)."""

    def __init__(self, minimum: int = 0, maximum: int = MAX_INT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or not self.minimum <= raw <= self.maximum:
            errors[name] = _("Must be a whole number from %(low)d to %(high)d.", low=self.minimum, high=self.maximum)
            return None
        return raw

    def parse_text(self, raw: str, name: str, errors: dict[str, str]) -> Any:
        digits = raw.strip()
        if not re.fullmatch(r"-?[0-9]{1,12}", digits):  # not "²", not 10**20
            return self.parse(None, name, errors)
        return self.parse(int(digits), name, errors)

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class Number(Field):
    """A finite number from ``minimum`` to ``maximum`` (a numeric string is read too); never NaN or infinity."""

    def __init__(self, minimum: float, maximum: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        number = isinstance(raw, int | float) and not isinstance(raw, bool)
        numeral = isinstance(raw, str) and re.fullmatch(r"\s*-?[0-9]{1,12}(\.[0-9]{1,15})?\s*", raw)
        value = float(raw) if numeral or (number and abs(raw) < 1e300) else None  # float(10**400) overflows
        if value is None or not math.isfinite(value) or not self.minimum <= value <= self.maximum:
            errors[name] = _("Must be a number from %(low)s to %(high)s.", low=self.minimum, high=self.maximum)
            return None
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


class Boolean(Field):
    """``true`` or ``false``: a string such as "false" would be true, so anything else is refused."""

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if not isinstance(raw, bool):
            errors[name] = _("Must be true or false.")
            return None
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Day(Field):
    """A date ``YYYY-MM-DD`` inside the statutory calendar (the only days a legal clock can run on)."""

    def __init__(self, first: date = FIRST_DAY, last: date = LAST_DAY, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.first, self.last = first, last

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        try:
            value = date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
        except ValueError:
            value = None
        if value is None or not self.first <= value <= self.last:
            errors[name] = _("Must be a date (YYYY-MM-DD) from %(first)s to %(last)s.", first=self.first.isoformat(),
                             last=self.last.isoformat())
            return None
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


class Clock(Field):
    """A time of day ``HH:MM``."""

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if isinstance(raw, str) and re.fullmatch(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?", raw):
            try:
                return time.fromisoformat(raw)
            except ValueError:
                pass
        errors[name] = _("Must be a time of day (HH:MM).")
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "11:00"}


class Month(Field):
    """A month ``YYYY-MM`` inside the statutory calendar."""

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", raw) if isinstance(raw, str) else None
        if match and FIRST_YEAR <= int(match[1]) <= LAST_YEAR and 1 <= int(match[2]) <= 12:
            return raw
        errors[name] = _("Must be a month (YYYY-MM) from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-12"}


class Bilingual(Field):
    """A text in Kazakh and Russian, ``{"kk": …, "ru": …}``; with ``plain``, a string is the Kazakh text. A list
    of strings is joined with commas."""

    def __init__(self, limit: Any, *, plain: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text, self.plain = Text(limit), plain

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if self.plain and not isinstance(raw, dict):
            return {"kk": self._one(raw, name, errors)}
        if not isinstance(raw, dict):
            errors[name] = _("Must be an object with the texts in Kazakh (kk) and Russian (ru).")
            return None
        return {lang: self._one(raw[lang], _join(name, lang), errors) for lang in ("kk", "ru")
                if raw.get(lang) is not None}

    def _one(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
            raw = ", ".join(raw)
        return self.text.parse(raw, name, errors)

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "properties": {"kk": self.text.schema(), "ru": self.text.schema()}}


class TextList(Field):
    """A list of short texts (or one text), kept one a line."""

    def __init__(self, limit: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text = Text(limit)

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
            raw = "\n".join(raw)
        return self.text.parse(raw, name, errors)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string"}, "maxItems": 50}


class Strings(Field):
    """A list of strings from a closed list."""

    def __init__(self, values: Iterable[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.values = list(values)

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            errors[name] = _("Must be a list of texts.")
            return None
        if not set(raw) <= set(self.values):
            errors[name] = _("Must be one of: %(values)s.", values=", ".join(self.values))
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string", "enum": self.values}, "uniqueItems": True}


class Object(Field):
    """A JSON object of named fields; unknown keys are ignored, absent (or ``null``) ones left out."""

    def __init__(self, **fields: Field) -> None:
        super().__init__()
        self.fields = fields

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if not isinstance(raw, Mapping):
            errors[name or "body"] = _("Must be an object.")
            return None
        values = {}
        for key, field in self.fields.items():
            value = raw.get(key, _MISSING)
            if value is not _MISSING and value is not None:
                values[key] = field.parse(value, _join(name, key), errors)
        return values

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object",
                                  "properties": {key: field.described() for key, field in self.fields.items()}}
        required = [key for key, field in self.fields.items() if field.required]
        if required:
            schema["required"] = required
        return schema


class ListOf(Field):
    """A list of at most ``max_items`` values of one kind."""

    def __init__(self, item: Field, max_items: int = 20, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item, self.max_items = item, max_items

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        if not isinstance(raw, list) or len(raw) > self.max_items:
            errors[name] = _("Must be a list of at most %(num)d items.", num=self.max_items)
            return None
        return [self.item.parse(value, _join(name, str(i)), errors) for i, value in enumerate(raw)]

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.schema(), "maxItems": self.max_items}


def body(fields: Object) -> dict[str, Any]:
    """The request's JSON object parsed by ``fields``; 400 ``bad_json`` if it is none, 422 with every bad field."""
    errors: dict[str, str] = {}
    values = fields.parse(json_body(), "", errors)
    if errors:
        raise FieldErrors(errors)
    return values


def request_body(fields: Object, required: bool = True) -> dict[str, Any]:
    """The OpenAPI ``requestBody`` of a JSON body."""
    return {"required": required, "content": {"application/json": {"schema": fields.schema()}}}


def query(fields: Mapping[str, Field], code: str = "bad_parameter") -> dict[str, Any]:
    """The query string parsed by ``fields`` (empty values are absent); 400 ``code`` with every bad one."""
    errors: dict[str, str] = {}
    values = {}
    for name, field in fields.items():
        raw = request.args.get(name, "")
        if raw.strip():
            values[name] = field.parse_text(raw, name, errors)
    if errors:
        raise FieldErrors(errors, status=400, code=code)
    return values


def parameters(fields: Mapping[str, Field]) -> list[dict[str, Any]]:
    """The OpenAPI ``parameters`` of a query string."""
    return [{"name": name, "in": "query", "required": field.required, "schema": field.schema(),
             **({"description": field.description} if field.description else {})} for name, field in fields.items()]
