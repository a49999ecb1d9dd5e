"""The hearing endpoints of ``/api/v1`` (contract: POST /hearings, agreement, publish, list, detail, comments)."""

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
from aarhus.hearings import operations as ops
from aarhus.hearings import queries
from aarhus.hearings.errors import HearingError
from aarhus.hearings.models import Channel, Comment, Hearing
from aarhus.hearings.permissions import is_public
from aarhus.hearings.serialize import hearing_detail, hearing_summary, parse_date, parse_time, values_from_json


def _hearing(hearing_id: int, public_only: bool = False) -> Hearing:
    """The hearing; for public reads only published or cancelled ones (writes check permission)."""
    hearing = db.session.get(Hearing, hearing_id)
    if hearing is None or (public_only and not is_public(hearing)):
        raise ApiError(404, "not_found", _("No such hearing."))
    return hearing


def _editable(hearing_id: int) -> Hearing:
    """The hearing, if the token's user may edit it (403 first, before reading any input)."""
    hearing = _hearing(hearing_id)
    ops.require(ops.can_edit(bearer_user(), hearing))
    return hearing


def _officers_hearing(hearing_id: int) -> Hearing:
    """The hearing, if the token's user is an officer of its region (403 first)."""
    hearing = _hearing(hearing_id)
    ops.require(ops.is_region_officer(bearer_user(), hearing))
    return hearing


def _detail(hearing: Hearing) -> dict[str, Any]:
    return hearing_detail(hearing, legal_today(), ops.comments_of(hearing))


@api_roles(Role.initiator, Role.akimat_officer)
@operation
def create_hearing() -> Any:
    """Create a draft hearing."""
    data = json_body()
    hearing = ops.create_hearing(str(data.get("region", "")), str(data.get("form", "")), values_from_json(data),
                                 bearer_user())
    for notice in data.get("media_notices") or []:
        errors: list[str] = []
        published_on = parse_date(notice.get("published_on"), "media_notices", errors)
        if errors or published_on is None:
            raise HearingError("invalid", fields=["media_notices"])
        ops.add_media_notice(hearing, str(notice.get("outlet", "")), published_on, str(notice.get("language", "")),
                             bearer_user())
    return jsonify(_detail(hearing)), 201


@api_roles(Role.akimat_officer)
@operation
def agree(hearing_id: int) -> Any:
    """Record the akimat's agreement of the arrangements."""
    hearing = _officers_hearing(hearing_id)
    data, errors = json_body(), []
    place = data.get("place") if isinstance(data.get("place"), dict) else {}
    values = {"place_kk": place.get("kk", ""), "place_ru": place.get("ru", ""),
              "hearing_time": parse_time(data.get("hearing_time"), "hearing_time", errors),
              "invitees": _joined(data.get("invitees")),
              "information_methods": _joined(data.get("information_methods")),
              "responsible_officer_id": data.get("responsible_officer_id")}
    if errors:
        raise HearingError("invalid", fields=errors)
    ops.record_agreement(hearing, values, bearer_user())
    return jsonify(_detail(hearing))


def _joined(value: Any) -> str:
    return "\n".join(map(str, value)) if isinstance(value, list) else str(value or "")


@api_roles(Role.akimat_officer)
@operation
def publish(hearing_id: int) -> Any:
    """Publish the notice; 422 with the reason when the law does not allow it."""
    hearing = _officers_hearing(hearing_id)
    ops.publish_hearing(hearing, bearer_user())
    return jsonify(_detail(hearing))


@public
@cached_page
def list_hearings() -> Any:
    """Published and cancelled hearings, filtered and paginated."""
    filters = queries.Filters(region=request.args.get("region", ""), status=request.args.get("status", ""),
                              form=request.args.get("form", ""), month=request.args.get("month", ""),
                              q=request.args.get("q", ""))
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    today = legal_today()
    query = queries.public_query(filters, today)
    after = request.args.get("after")
    if after:  # keyset pagination: constant cost however deep the page
        query = queries.after_cursor(query, after)
        if query is None:
            raise ApiError(400, "bad_cursor", _("The cursor is not valid."))
        page = 1
    rows, total = queries.page_of(query, page)
    body = {"page": page, "page_size": queries.PAGE_SIZE, "total": total,
            "items": [hearing_summary(h, today) for h in rows]}
    if len(rows) == queries.PAGE_SIZE:
        body["next_after"] = queries.cursor_of(rows[-1])
    return jsonify(body)


@public
@cached_page
def get_hearing(hearing_id: int) -> Any:
    """One hearing with its documents, dates, comments and positions."""
    return jsonify(_detail(_hearing(hearing_id, public_only=True)))


@public
@limiter.limit("10 per minute;200 per day")
@operation
def comment(hearing_id: int) -> Any:
    """Submit a written comment; 201 with the receipt, 422 ``comments_closed`` after the closing day."""
    data = json_body()
    hearing = _hearing(hearing_id, public_only=True)
    show_name = data.get("show_name", True)
    if not isinstance(show_name, bool):  # "false" is a string, and a string would be true
        raise ApiError(422, "invalid", _("show_name must be true or false."), fields=["show_name"])
    created = ops.submit_comment(hearing, author_name=str(data.get("author_name") or ""),
                                 contact=str(data.get("contact") or ""), text=str(data.get("text") or ""),
                                 show_name=show_name, channel=Channel.api)
    return jsonify({"receipt": created.receipt}), 201


@api_roles(Role.initiator, Role.akimat_officer)
@operation
def position(hearing_id: int, receipt: str) -> Any:
    """The initiator's position on one comment."""
    hearing = _editable(hearing_id)
    data = json_body()
    found = db.session.query(Comment).filter_by(hearing_id=hearing.id, receipt=receipt).first()
    if found is None:
        raise ApiError(404, "not_found", _("No such comment."))
    ops.set_position(found, str(data.get("stance", "")), str(data.get("reasons", "")), bearer_user())
    return jsonify({"receipt": receipt, "stance": found.position.stance.value})


_HEARING_JSON = {"application/json": {"schema": {"type": "object"}}}
_ID = [{"name": "hearing_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
_SECURE = [{"bearer": []}]
describe("/hearings", "post", {
    "summary": "Create a draft hearing (initiator, akimat officer)", "security": _SECURE,
    "requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["region", "form", "title"],
        "properties": {"region": {"type": "string", "example": "KZ-75"},
                       "form": {"type": "string", "enum": ["open_meeting", "survey"]},
                       "title": {"type": "object"}, "description": {"type": "object"},
                       "initiator": {"type": "object"}, "documentation_developer": {"type": "object"},
                       "expertise_body": {"type": "object",
                                          "description": "{\"kk\", \"ru\"} (a string: the Kazakh value)",
                                          "properties": {"kk": {"type": "string"}, "ru": {"type": "string"}}},
                       "location": {"type": "object"},
                       "hearing_date": {"type": "string", "format": "date"}, "hearing_time": {"type": "string"},
                       "place": {"type": "object"}, "survey_start": {"type": "string", "format": "date"},
                       "survey_end": {"type": "string", "format": "date"}, "documentation_url": {"type": "string"},
                       "media_notices": {"type": "array", "items": {"type": "object"}}}}}}},
    "responses": {"201": {"description": "The draft", "content": _HEARING_JSON}},
})
describe("/hearings", "get", {
    "summary": "Public hearings, paginated",
    "parameters": [{"name": n, "in": "query", "schema": {"type": t}} for n, t in
                   (("region", "string"), ("status", "string"), ("form", "string"), ("month", "string"),
                    ("q", "string"), ("page", "integer"), ("after", "string"))],
    "responses": {"200": {"description": "A page of hearings", "content": _HEARING_JSON}},
})
describe("/hearings/{hearing_id}", "get", {
    "summary": "One public hearing", "parameters": _ID,
    "responses": {"200": {"description": "The hearing: id, region, form, status, hearing_date, survey_start, "
                                         "survey_end, notice_published_at, comments_close_on, protocol_due_on, "
                                         "protocol_published_at …", "content": _HEARING_JSON}},
})
describe("/hearings/{hearing_id}/agreement", "post", {
    "summary": "Record the akimat agreement (akimat officer of the region)", "parameters": _ID, "security": _SECURE,
    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
        "place": {"type": "object"}, "hearing_time": {"type": "string"}, "invitees": {"type": "array"},
        "information_methods": {"type": "array"}, "responsible_officer_id": {"type": "integer"}}}}}},
    "responses": {"200": {"description": "The hearing", "content": _HEARING_JSON}},
})
describe("/hearings/{hearing_id}/publish", "post", {
    "summary": "Publish the notice (akimat officer of the region); 422 notice_too_late / missing_fields / "
               "not_agreed / survey_too_short", "parameters": _ID, "security": _SECURE,
    "responses": {"200": {"description": "The published hearing", "content": _HEARING_JSON}},
})
describe("/hearings/{hearing_id}/comments", "post", {
    "summary": "Submit a comment (public); 422 comments_closed with closed_on", "parameters": _ID,
    "requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["author_name", "contact", "text"],
        "properties": {"author_name": {"type": "string"}, "contact": {"type": "string"},
                       "text": {"type": "string"}, "show_name": {"type": "boolean"}}}}}},
    "responses": {"201": {"description": "The receipt", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"receipt": {"type": "string"}}}}}}},
})
describe("/hearings/{hearing_id}/comments/{receipt}/position", "post", {
    "summary": "The initiator's position on a comment", "security": _SECURE,
    "parameters": [*_ID, {"name": "receipt", "in": "path", "required": True, "schema": {"type": "string"}}],
    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
        "stance": {"type": "string", "enum": ["accepted", "partly", "rejected"]}, "reasons": {"type": "string"}}}}}},
    "responses": {"200": {"description": "Recorded"}},
})


@api_roles(Role.initiator, Role.akimat_officer)
@operation
def upload_document(hearing_id: int) -> Any:
    """Attach a project document (multipart field ``file``)."""
    hearing = _editable(hearing_id)
    upload = request.files.get("file")
    if upload is None:
        raise HearingError("invalid", fields=["file"])
    document = ops.add_document(hearing, upload.stream, upload.filename or "", bearer_user())
    return jsonify({"id": document.id, "name": document.filename, "sha256": document.sha256}), 201


@api_roles(Role.initiator, Role.akimat_officer)
@operation
def add_media_notice(hearing_id: int) -> Any:
    """Record a notice in the media."""
    hearing = _editable(hearing_id)
    data, errors = json_body(), []
    published_on = parse_date(data.get("published_on"), "published_on", errors)
    if errors or published_on is None:
        raise HearingError("invalid", fields=["published_on"])
    ops.add_media_notice(hearing, str(data.get("outlet", "")), published_on, str(data.get("language", "")),
                         bearer_user())
    return jsonify(_detail(hearing)), 201


@api_roles(Role.akimat_officer)
@operation
def postpone(hearing_id: int) -> Any:
    """Move the hearing; it must be published again with a lawful notice."""
    hearing = _officers_hearing(hearing_id)
    data, errors = json_body(), []
    values = {key: parse_date(data.get(key), key, errors) for key in ("hearing_date", "survey_start", "survey_end")}
    if errors:
        raise HearingError("invalid", fields=errors)
    ops.postpone_hearing(hearing, {k: v for k, v in values.items() if v}, str(data.get("reason", "")), bearer_user())
    return jsonify(_detail(hearing))


@api_roles(Role.initiator, Role.akimat_officer)
@operation
def cancel(hearing_id: int) -> Any:
    """Cancel with a public reason."""
    hearing = _editable(hearing_id)
    ops.cancel_hearing(hearing, str(json_body().get("reason", "")), bearer_user())
    return jsonify(_detail(hearing))


@api_roles(Role.akimat_officer)
@operation
def oral_comment(hearing_id: int) -> Any:
    """Enter a comment made orally at the meeting."""
    hearing = _officers_hearing(hearing_id)
    data = json_body()
    created = ops.submit_comment(hearing, author_name=str(data.get("author_name") or ""),
                                 contact=str(data.get("contact") or ""), text=str(data.get("text") or ""),
                                 show_name=bool(data.get("show_name", True)), channel=Channel.oral,
                                 entered_by=bearer_user())
    return jsonify({"receipt": created.receipt}), 201


@api_roles(Role.akimat_officer)
@operation
def draft_protocol(hearing_id: int) -> Any:
    """Save the record of the meeting (attendees, presentation, chair, secretary, appeal statement)."""
    hearing = _officers_hearing(hearing_id)
    ops.draft_protocol(hearing, json_body(), bearer_user())
    return jsonify(_detail(hearing))


@api_roles(Role.akimat_officer)
@operation
def sign_protocol(hearing_id: int) -> Any:
    """Sign as ``chair`` or ``secretary``; 422 positions_missing while a comment lacks a position."""
    hearing = _officers_hearing(hearing_id)
    ops.sign_protocol(hearing, str(json_body().get("as", "")), bearer_user())
    return jsonify(_detail(hearing))


@api_roles(Role.akimat_officer)
@operation
def publish_protocol(hearing_id: int) -> Any:
    """Render the protocol in Kazakh and Russian and publish it."""
    hearing = _officers_hearing(hearing_id)
    ops.publish_protocol(hearing, bearer_user())
    return jsonify(_detail(hearing))


for _path, _summary, _schema in (
    ("/hearings/{hearing_id}/documents", "Attach a document (multipart field file)", None),
    ("/hearings/{hearing_id}/media-notices", "Record a media notice", {"outlet": "string", "published_on": "string",
                                                                       "language": "string"}),
    ("/hearings/{hearing_id}/postpone", "Postpone (akimat officer); a new lawful notice is needed",
     {"hearing_date": "string", "survey_start": "string", "survey_end": "string", "reason": "string"}),
    ("/hearings/{hearing_id}/cancel", "Cancel with a public reason", {"reason": "string"}),
    ("/hearings/{hearing_id}/oral-comments", "Enter an oral comment (akimat officer)",
     {"author_name": "string", "contact": "string", "text": "string", "show_name": "boolean"}),
    ("/hearings/{hearing_id}/protocol", "Save the protocol record (akimat officer)",
     {"attendees": "integer", "attendee_list": "string", "eia_presented": "boolean", "chair_id": "integer",
      "chair_name": "string", "secretary_id": "integer", "secretary_name": "string", "appeal_kk": "string",
      "appeal_ru": "string"}),
    ("/hearings/{hearing_id}/protocol/sign", "Sign the protocol in the role the draft chose you for (chair or "
     "secretary); 403 not_the_signer, 422 positions_missing", {"as": "string"}),
    ("/hearings/{hearing_id}/protocol/publish", "Publish the protocol PDFs", None),
):
    _body_spec = ({"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}}} if _path.endswith("documents") else
        {"content": {"application/json": {"schema": {"type": "object", "properties": {
            k: {"type": t} for k, t in (_schema or {}).items()}}}}})
    describe(_path, "post", {"summary": _summary, "parameters": _ID, "security": _SECURE, "requestBody": _body_spec,
                             "responses": {"200": {"description": "Done", "content": _HEARING_JSON}}})
