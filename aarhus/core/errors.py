"""Refusals of business operations: the contract's codes with translated messages.

Each domain that refuses subclasses ``OperationError`` with the messages of its own codes (``hearings.errors``,
``requests.errors``); the codes every domain shares are here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "forbidden": _l("Your role or region does not allow this."),
    "not_found": _l("Not found."),
    "invalid": _l("Some values are missing or invalid."),
    "bad_file": _l("Only PDF, DOCX, PNG and JPEG files are accepted."),
    "file_too_large": _l("The file is too large."),
    "busy": _l("The system is busy. Please try again."),
}


class OperationError(Exception):
    """An operation refused; ``status`` is the HTTP status an API answers with, ``details`` go into its body."""

    MESSAGES: ClassVar[dict[str, Any]] = {}

    def __init__(self, code: str, status: int = 422, **details: Any) -> None:
        super().__init__(code)
        self.code, self.status, self.details = code, status, details

    @property
    def message(self) -> str:
        """The translated message for this code (the domain's own, else a shared one)."""
        return str(self.MESSAGES.get(self.code) or MESSAGES.get(self.code) or MESSAGES["invalid"])


class FieldErrors(OperationError):
    """Values that do not parse, each with its own message: ``fields`` names them, ``field_errors`` says why.

    A body answers 422 ``invalid``; a query string 400 ``bad_parameter`` (or an endpoint's own code).
    """

    MESSAGES: ClassVar[dict[str, Any]] = {"bad_parameter": _l("A parameter of the address is invalid.")}

    def __init__(self, errors: dict[str, Any], status: int = 422, code: str = "invalid") -> None:
        super().__init__(code, status, fields=list(errors), field_errors={k: str(v) for k, v in errors.items()})
