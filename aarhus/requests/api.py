"""The request endpoints of ``/api/v1``: file (public), the register (public), the officer's acts."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _

from aarhus.api.errors import ApiError, api_roles, bearer_user, json_body, operation
from aarhus.api.openapi import describe
from aarhus.core.cache import cached_page
from aarhus.core.extensions import db, limiter
from aarhus.core.guard import public
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.core.urls import public_url
from aarhus.requests import operations as ops
from aarhus.requests import queries
from aarhus.requests.errors import RequestError
from aarhus.requests.models import InfoRequest
from aarhus.requests.permissions import is_holder_officer
from aarhus.requests.serialize import register_entry


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
    data = json_body()
    holder = ops.find_holder(data.get("holder"))
    created, token = ops.register_request(holder, {**data, "categories": data.get("categories") or ["other"]},
                                          bearer_user())
    return jsonify({"registration_number": created.registration_number,
                    "registered_on": created.registered_on.isoformat(), "due_on": created.due_on.isoformat(),
                    "status_url": public_url("requests.status", token=token)}), 201


@public
@cached_page
def register() -> Any:
    """The public register, filtered and paginated."""
    filters = queries.Filters.from_args(request.args)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
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
    data = json_body()
    pages = data.get("pages") or 0
    if not isinstance(pages, int) or isinstance(pages, bool):
        raise RequestError("invalid", fields=["pages"])
    withheld = data.get("withheld") if isinstance(data.get("withheld"), list) else []
    if not all(isinstance(item, dict) for item in withheld):
        raise RequestError("invalid", fields=["withheld"])
    ops.answer_request(found, text=str(data.get("text") or ""), language=str(data.get("language") or ""),
                       withheld=withheld, pages=pages, actor=bearer_user())
    return jsonify(register_entry(found, legal_today()))


@api_roles(Role.akimat_officer)
@operation
def extend(number: str) -> Any:
    """Extend once to 30 CD; 422 ``extension_not_allowed``."""
    found = _officers_request(number)
    data = json_body()
    ops.extend_request(found, str(data.get("reason") or ""), bearer_user(),
                       ground=str(data.get("ground") or "several_holders"),
                       decided_by=str(data.get("decided_by") or ""))
    return jsonify(register_entry(found, legal_today()))


@api_roles(Role.akimat_officer)
@operation
def redirect_to(number: str) -> Any:
    """Forward to the competent holder; the requester is told in the same transaction."""
    found = _officers_request(number)
    data = json_body()
    forwarded = ops.redirect_request(found, ops.find_holder(data.get("to_holder")), str(data.get("reason") or ""),
                                     bearer_user())
    return jsonify({**register_entry(found, legal_today()), "forwarded_as": forwarded.registration_number})


@api_roles(Role.akimat_officer)
@operation
def refuse(number: str) -> Any:
    """Refuse on a listed ground; 422 ``unknown_ground`` or ``ground_not_allowed``."""
    found = _officers_request(number)
    data = json_body()
    ops.refuse_request(found, str(data.get("ground") or ""), str(data.get("reason") or ""), bearer_user(),
                       state_secret=data.get("state_secret") is True)
    return jsonify(register_entry(found, legal_today()))


_NUMBER = [{"name": "number", "in": "path", "required": True, "schema": {"type": "string"}}]
_JSON = {"application/json": {"schema": {"type": "object"}}}


def _obj(**props: str) -> dict:
    return {"content": {"application/json": {"schema": {"type": "object", "properties": {
        k: {"type": v} for k, v in props.items()}}}}}


describe("/requests", "post", {
    "summary": "File an environmental-information request (public); 422 anonymous_not_accepted",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["requester_name", "contact_email", "holder", "subject", "text", "language"],
        "properties": {"requester_name": {"type": "string"}, "contact_email": {"type": "string"},
                       "holder": {"type": "string", "description": "KZ-NN (the region's akimat) or a body id"},
                       "subject": {"type": "string"}, "text": {"type": "string"},
                       "language": {"type": "string", "enum": ["kk", "ru"]},
                       "answer_form": {"type": "string", "enum": ["electronic", "paper"]},
                       "postal_address": {"type": "string"}, "fee_exemption": {"type": "string"},
                       "categories": {"type": "array", "items": {"type": "string"}}}}}}},
    "responses": {"201": {"description": "Registered", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"registration_number": {"type": "string"}, "registered_on": {"type": "string"},
                                         "due_on": {"type": "string"}, "status_url": {"type": "string"}}}}}}},
})
describe("/requests", "get", {
    "summary": "The public register",
    "parameters": [{"name": n, "in": "query", "schema": {"type": t}} for n, t in
                   (("holder", "string"), ("region", "string"), ("status", "string"), ("year", "integer"),
                    ("q", "string"), ("page", "integer"))],
    "responses": {"200": {"description": "A page of register entries", "content": _JSON}},
})
describe("/requests/{number}", "get", {"summary": "A register entry (no personal data)", "parameters": _NUMBER,
                                       "responses": {"200": {"description": "The entry", "content": _JSON}}})
for _path, _summary, _props in (
    ("answer", "Answer (officer of the holder); 422 wrong_language",
     {"text": "string", "language": "string", "withheld": "array", "pages": "integer"}),
    ("extend", "Extend once, on the ground the law names (several_holders), as decided by the head of the holder "
     "(decided_by: name and post); 422 extension_not_allowed",
     {"reason": "string", "ground": "string", "decided_by": "string"}),
    ("redirect", "Forward to the competent holder (officer of the holder)",
     {"to_holder": "string", "reason": "string"}),
    ("refuse", "Refuse (officer of the holder); 422 unknown_ground / ground_not_allowed; state_secret: true for "
     "a restricted refusal of legal acts or budget information that is a state secret (art. 6 items 5-7)",
     {"ground": "string", "reason": "string", "state_secret": "boolean"}),
):
    describe(f"/requests/{{number}}/{_path}", "post", {
        "summary": _summary, "parameters": _NUMBER, "security": [{"bearer": []}], "requestBody": _obj(**_props),
        "responses": {"200": {"description": "The register entry", "content": _JSON}}})
