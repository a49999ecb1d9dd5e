"""The request endpoints of ``/api/v1``: file (public), the register (public), the officer's acts."""

from __future__ import annotations

import re
from typing import Any

from flask import jsonify
from flask_babel import gettext as _

from aarhus.api import fields as f
from aarhus.api.errors import ApiError, api_roles, bearer_user, operation
from aarhus.api.openapi import describe
from aarhus.core.cache import cached_page
from aarhus.core.db import max_length
from aarhus.core.extensions import db, limiter
from aarhus.core.guard import public
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.core.urls import public_url
from aarhus.requests import operations as ops
from aarhus.requests import queries
from aarhus.requests.errors import RequestError
from aarhus.requests.models import CATEGORIES, EXTENSION_GROUNDS, FEE_EXEMPTIONS, GROUNDS, InfoRequest
from aarhus.requests.permissions import is_holder_officer
from aarhus.requests.serialize import register_entry


class Holder(f.Text):
    """A holder: ``KZ-NN`` (the region's akimat) or a body's id; an unknown one is refused by the operation."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(10, **kwargs)

    def parse(self, raw: Any, name: str, errors: dict[str, str]) -> Any:
        raw = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
        value = super().parse(raw, name, errors)
        if value is not None and name not in errors and not re.fullmatch(r"KZ-[0-9]{2}|[0-9]{1,9}", value.upper()):
            errors[name] = _("Must be a region code (KZ-NN) or the id of a body.")
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^(KZ-[0-9]{2}|[0-9]{1,9})$", "example": "KZ-75"}


# What each call takes: checked before any operation runs, and the OpenAPI document below (lengths from the columns).
FILING = f.Object(
    requester_name=f.Text(InfoRequest.requester_name, required=True),
    contact_email=f.Text(InfoRequest.contact_email, required=True),
    holder=Holder(required=True, description="KZ-NN (the region's akimat) or a body id"),
    subject=f.Text(InfoRequest.subject, required=True), text=f.Text(InfoRequest.text, required=True),
    language=f.Text(2, enum=["kk", "ru"], required=True), answer_form=f.Text(10, enum=["electronic", "paper"]),
    postal_address=f.Text(InfoRequest.postal_address), fee_exemption=f.Text(40, enum=FEE_EXEMPTIONS),
    categories=f.Strings(CATEGORIES))
WITHHELD = f.Object(what=f.Text(InfoRequest.answer_text, required=True), ground=f.Text(30, enum=GROUNDS, required=True),
                    state_secret=f.Boolean())
ANSWER = f.Object(text=f.Text(InfoRequest.answer_text, required=True), language=f.Text(2, enum=["kk", "ru"],
                                                                                         required=True),
                  withheld=f.ListOf(WITHHELD), pages=f.Integer(0, 1_000_000))
EXTENSION = f.Object(reason=f.Text(InfoRequest.extension_reason, required=True),
                     ground=f.Text(30, enum=EXTENSION_GROUNDS), decided_by=f.Text(InfoRequest.extension_decided_by))
REDIRECTION = f.Object(to_holder=Holder(required=True), reason=f.Text(InfoRequest.redirect_reason, required=True))
REFUSAL = f.Object(ground=f.Text(30, enum=GROUNDS, required=True),
                   reason=f.Text(InfoRequest.refusal_reason, required=True), state_secret=f.Boolean())


def _request(number: str) -> InfoRequest:
    found = db.session.scalars(db.select(InfoRequest).where(InfoRequest.registration_number == number)).first()
    if found is None:
        raise ApiError(404, "not_found", _("No such request."))
    return found


def _officers_request(number: str) -> InfoRequest:
    """The request, if the token's user is an officer of its holder (403 before reading any input)."""
    found = _request(number)
    if not is_holder_officer(bearer_user(), found):
        raise RequestError("forbidden", 403)
    return found


@public
@limiter.limit("5 per minute;50 per day")
@operation
def file_request() -> Any:
    """File a request; 201 with the registration number, the due date and the private status link."""
    data = f.body(FILING)
    holder = ops.find_holder(data.get("holder"))
    created, token = ops.register_request(holder, {**data, "categories": data.get("categories") or ["other"]},
                                          bearer_user())
    return jsonify({"registration_number": created.registration_number,
                    "registered_on": created.registered_on.isoformat(), "due_on": created.due_on.isoformat(),
                    "status_url": public_url("requests.status", token=token)}), 201


@public
@cached_page(params=queries.REGISTER_ARGS)
def register() -> Any:
    """The public register, filtered and paginated."""
    args = f.query(queries.REGISTER_ARGS)
    filters, page = queries.Filters.from_args(args), args.get("page", 1)
    today = legal_today()
    rows, total = queries.page_of(queries.register_query(filters, today), page)
    return jsonify({"page": page, "page_size": queries.PAGE_SIZE, "total": total,
                    "items": [register_entry(r, today) for r in rows]})


@public
@cached_page
def entry(number: str) -> Any:
    """One entry of the public register: no personal data of the requester."""
    return jsonify(register_entry(_request(number), legal_today()))


@api_roles(Role.akimat_officer)
@operation
def answer(number: str) -> Any:
    """Answer; 422 ``wrong_language`` when not in the request's language."""
    found = _officers_request(number)
    data = f.body(ANSWER)
    ops.answer_request(found, text=data.get("text", ""), language=data.get("language", ""),
                       withheld=data.get("withheld") or [], pages=data.get("pages", 0), actor=bearer_user())
    return jsonify(register_entry(found, legal_today()))


@api_roles(Role.akimat_officer)
@operation
def extend(number: str) -> Any:
    """Extend once to 30 CD; 422 ``extension_not_allowed``."""
    found = _officers_request(number)
    data = f.body(EXTENSION)
    ops.extend_request(found, data.get("reason", ""), bearer_user(), ground=data.get("ground") or "several_holders",
                       decided_by=data.get("decided_by", ""))
    return jsonify(register_entry(found, legal_today()))


@api_roles(Role.akimat_officer)
@operation
def redirect_to(number: str) -> Any:
    """Forward to the competent holder; the requester is told in the same transaction."""
    found = _officers_request(number)
    data = f.body(REDIRECTION)
    forwarded = ops.redirect_request(found, ops.find_holder(data.get("to_holder")), data.get("reason", ""),
                                     bearer_user())
    return jsonify({**register_entry(found, legal_today()), "forwarded_as": forwarded.registration_number})


@api_roles(Role.akimat_officer)
@operation
def refuse(number: str) -> Any:
    """Refuse on a listed ground; 422 ``unknown_ground`` or ``ground_not_allowed``."""
    found = _officers_request(number)
    data = f.body(REFUSAL)
    ops.refuse_request(found, data.get("ground", ""), data.get("reason", ""), bearer_user(),
                       state_secret=data.get("state_secret") is True)
    return jsonify(register_entry(found, legal_today()))


_NUMBER = [{"name": "number", "in": "path", "required": True,
            "schema": {"type": "string", "maxLength": max_length(InfoRequest.registration_number)}}]
_DAY = {"type": "string", "format": "date", "nullable": True}
ENTRY_SCHEMA = {"type": "object", "required": ["registration_number", "status"],
                "properties": {"registration_number": {"type": "string"}, "status": {"type": "string"},
                               "subject": {"type": "string"}, "registered_on": _DAY, "due_on": _DAY}}
_ENTRY = {"application/json": {"schema": ENTRY_SCHEMA}}

describe("/requests", "post", {
    "summary": "File an environmental-information request (public); 422 anonymous_not_accepted",
    "requestBody": f.request_body(FILING),
    "responses": {"201": {"description": "Registered", "content": {"application/json": {"schema": {
        "type": "object", "required": ["registration_number", "registered_on", "due_on", "status_url"],
        "properties": {"registration_number": {"type": "string"}, "registered_on": _DAY, "due_on": _DAY,
                       "status_url": {"type": "string"}}}}}}},
})
describe("/requests", "get", {
    "summary": "The public register", "parameters": f.parameters(queries.REGISTER_ARGS),
    "responses": {"200": {"description": "A page of register entries", "content": {"application/json": {"schema": {
        "type": "object", "required": ["page", "page_size", "total", "items"],
        "properties": {"page": {"type": "integer"}, "page_size": {"type": "integer"}, "total": {"type": "integer"},
                       "items": {"type": "array", "items": ENTRY_SCHEMA}}}}}}},
})
describe("/requests/{number}", "get", {"summary": "A register entry (no personal data)", "parameters": _NUMBER,
                                       "responses": {"200": {"description": "The entry", "content": _ENTRY}}})
for _path, _summary, _fields in (
    ("answer", "Answer (officer of the holder); 422 wrong_language", ANSWER),
    ("extend", "Extend once, on the ground the law names (several_holders), as decided by the head of the holder "
     "(decided_by: name and post); 422 extension_not_allowed", EXTENSION),
    ("redirect", "Forward to the competent holder (officer of the holder); 422 same_holder", REDIRECTION),
    ("refuse", "Refuse (officer of the holder); 422 unknown_ground / ground_not_allowed; state_secret: true for "
     "a restricted refusal of legal acts or budget information that is a state secret (art. 6 items 5-7)", REFUSAL),
):
    describe(f"/requests/{{number}}/{_path}", "post", {
        "summary": _summary, "parameters": _NUMBER, "security": [{"bearer": []}],
        "requestBody": f.request_body(_fields),
        "responses": {"200": {"description": "The register entry", "content": _ENTRY}}})
