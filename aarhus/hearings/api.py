"""The hearing endpoints of ``/api/v1`` (contract: POST /hearings, agreement, publish, list, detail, comments)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
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
from aarhus.hearings import operations as ops
from aarhus.hearings import queries
from aarhus.hearings.errors import HearingError
from aarhus.hearings.models import (
    LATITUDES,
    LONGITUDES,
    Agreement,
    Channel,
    Comment,
    Hearing,
    MediaNotice,
    Position,
    Protocol,
    Stance,
)
from aarhus.hearings.permissions import is_public
from aarhus.hearings.serialize import hearing_detail, hearing_summary, values_from_json

# What each call takes: checked before any operation runs, and the OpenAPI document below (lengths from the columns).
MEDIA_NOTICE = f.Object(outlet=f.Text(MediaNotice.outlet, required=True), published_on=f.Day(required=True),
                        language=f.Choice(["kk", "ru", "both"], required=True))
NOTICE = f.Object(
    region=f.Text(10, required=True, description="KZ-NN"), form=f.Choice(["open_meeting", "survey"], required=True),
    title=f.Bilingual(Hearing.title_kk, required=True), description=f.Bilingual(Hearing.description_kk),
    initiator=f.Object(name=f.Bilingual(Hearing.initiator_name, plain=True,
                                        description='{"kk", "ru"} (a string: the Kazakh name)'),
                       bin=f.Text(Hearing.initiator_bin),
                       contacts=f.Bilingual(Hearing.initiator_contacts, plain=True),
                       comments_address=f.Text(Hearing.comments_address)),
    documentation_developer=f.Object(name=f.Bilingual(Hearing.developer_name, plain=True),
                                     contacts=f.Text(Hearing.developer_contacts)),
    expertise_body=f.Bilingual(Hearing.expertise_body, plain=True,
                               description='{"kk", "ru"} (a string: the Kazakh value)'),
    location=f.Object(address=f.Bilingual(Hearing.address_kk), districts=f.Bilingual(Hearing.districts, plain=True),
                      lat=f.Number(*LATITUDES), lon=f.Number(*LONGITUDES)),
    hearing_date=f.Day(), hearing_time=f.Clock(), place=f.Bilingual(Hearing.place_kk),
    survey_start=f.Day(), survey_end=f.Day(), documentation_url=f.Text(Hearing.documentation_url, link=True),
    video_url=f.Text(Hearing.video_url, link=True), media_notices=f.ListOf(MEDIA_NOTICE))
AGREEMENT = f.Object(place=f.Bilingual(Hearing.place_kk), hearing_time=f.Clock(),
                     invitees=f.TextList(Agreement.invitees),
                     information_methods=f.TextList(Agreement.information_methods),
                     responsible_officer_id=f.Integer(1))
COMMENT = f.Object(author_name=f.Text(Comment.author_name, required=True),
                   contact=f.Text(Comment.contact, required=True), text=f.Text(Comment.text, required=True),
                   show_name=f.Boolean())
POSITION = f.Object(stance=f.Text(20, enum=[s.value for s in Stance], required=True),
                    reasons=f.Text(Position.reasons, required=True))
POSTPONEMENT = f.Object(hearing_date=f.Day(), survey_start=f.Day(), survey_end=f.Day(),
                        reason=f.Text(Hearing.cancel_reason, required=True))
CANCELLATION = f.Object(reason=f.Text(Hearing.cancel_reason, required=True))
PROTOCOL = f.Object(attendees=f.Integer(0, 1_000_000), attendee_list=f.Text(Protocol.attendee_list),
                    eia_presented=f.Boolean(), chair_id=f.Integer(1), chair_name=f.Text(Protocol.chair_name),
                    secretary_id=f.Integer(1), secretary_name=f.Text(Protocol.secretary_name),
                    appeal_kk=f.Text(Protocol.appeal_kk), appeal_ru=f.Text(Protocol.appeal_ru))
SIGNATURE = f.Object(**{"as": f.Text(20, enum=["chair", "secretary"], required=True)})


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
    data = f.body(NOTICE)
    hearing = ops.create_hearing(data.get("region", ""), data.get("form", ""), values_from_json(data), bearer_user())
    for notice in data.get("media_notices") or []:
        if notice.get("published_on") is None:
            raise HearingError("invalid", fields=["media_notices"])
        ops.add_media_notice(hearing, notice.get("outlet", ""), notice["published_on"], notice.get("language", ""),
                             bearer_user())
    return jsonify(_detail(hearing)), 201


@api_roles(Role.akimat_officer)
@operation
def agree(hearing_id: int) -> Any:
    """Record the akimat's agreement of the arrangements."""
    hearing = _officers_hearing(hearing_id)
    data = f.body(AGREEMENT)
    place = data.get("place") or {}
    values = {"place_kk": place.get("kk", ""), "place_ru": place.get("ru", ""),
              "hearing_time": data.get("hearing_time"), "invitees": data.get("invitees", ""),
              "information_methods": data.get("information_methods", ""),
              "responsible_officer_id": data.get("responsible_officer_id")}
    ops.record_agreement(hearing, values, bearer_user())
    return jsonify(_detail(hearing))


@api_roles(Role.akimat_officer)
@operation
def publish(hearing_id: int) -> Any:
    """Publish the notice; 422 with the reason when the law does not allow it."""
    hearing = _officers_hearing(hearing_id)
    ops.publish_hearing(hearing, bearer_user())
    return jsonify(_detail(hearing))


@public
@cached_page(params=queries.LIST_ARGS)
def list_hearings() -> Any:
    """Published and cancelled hearings, filtered and paginated."""
    args = f.query(queries.LIST_ARGS)
    filters = queries.Filters.from_args(args)
    page = args.get("page", 1)
    today = legal_today()
    query = queries.public_query(filters, today)
    if args.get("after"):  # keyset pagination: constant cost however deep the page
        query = queries.after_cursor(query, args["after"])
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
    """Submit a written comment; 201 with the receipt, 422 ``comments_closed`` after the closing day. The hearing
    is asked about first: 404 for none, whatever the body."""
    opened = ops.open_for_comment(hearing_id)
    data = f.body(COMMENT)
    created = ops.receive_comment(hearing_id, author_name=data.get("author_name", ""),
                                  contact=data.get("contact", ""), text=data.get("text", ""),
                                  show_name=data.get("show_name", True), channel=Channel.api, opened=opened)
    return jsonify({"receipt": created.receipt}), 201


@api_roles(Role.initiator, Role.akimat_officer)
@operation
def position(hearing_id: int, receipt: str) -> Any:
    """The initiator's position on one comment."""
    hearing = _editable(hearing_id)
    data = f.body(POSITION)
    found = db.session.query(Comment).filter_by(hearing_id=hearing.id, receipt=receipt).first()
    if found is None:
        raise ApiError(404, "not_found", _("No such comment."))
    ops.set_position(found, data.get("stance", ""), data.get("reasons", ""), bearer_user())
    return jsonify({"receipt": receipt, "stance": found.position.stance.value})


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
    data = f.body(MEDIA_NOTICE)
    if data.get("published_on") is None:
        raise HearingError("invalid", fields=["published_on"])
    ops.add_media_notice(hearing, data.get("outlet", ""), data["published_on"], data.get("language", ""),
                         bearer_user())
    return jsonify(_detail(hearing)), 201


@api_roles(Role.akimat_officer)
@operation
def postpone(hearing_id: int) -> Any:
    """Move the hearing; it must be published again with a lawful notice."""
    hearing = _officers_hearing(hearing_id)
    data = f.body(POSTPONEMENT)
    values = {key: data[key] for key in ("hearing_date", "survey_start", "survey_end") if data.get(key)}
    ops.postpone_hearing(hearing, values, data.get("reason", ""), bearer_user())
    return jsonify(_detail(hearing))


@api_roles(Role.initiator, Role.akimat_officer)
@operation
def cancel(hearing_id: int) -> Any:
    """Cancel with a public reason."""
    hearing = _editable(hearing_id)
    ops.cancel_hearing(hearing, f.body(CANCELLATION).get("reason", ""), bearer_user())
    return jsonify(_detail(hearing))


@api_roles(Role.akimat_officer)
@operation
def oral_comment(hearing_id: int) -> Any:
    """Enter a comment made orally at the meeting."""
    hearing = _officers_hearing(hearing_id)
    data = f.body(COMMENT)
    created = ops.submit_comment(hearing, author_name=data.get("author_name", ""), contact=data.get("contact", ""),
                                 text=data.get("text", ""), show_name=data.get("show_name", True),
                                 channel=Channel.oral, entered_by=bearer_user())
    return jsonify({"receipt": created.receipt}), 201


@api_roles(Role.akimat_officer)
@operation
def draft_protocol(hearing_id: int) -> Any:
    """Save the record of the meeting (attendees, presentation, chair, secretary, appeal statement)."""
    hearing = _officers_hearing(hearing_id)
    ops.draft_protocol(hearing, f.body(PROTOCOL), bearer_user())
    return jsonify(_detail(hearing))


@api_roles(Role.akimat_officer)
@operation
def sign_protocol(hearing_id: int) -> Any:
    """Sign as ``chair`` or ``secretary``; 422 positions_missing while a comment lacks a position."""
    hearing = _officers_hearing(hearing_id)
    ops.sign_protocol(hearing, f.body(SIGNATURE).get("as", ""), bearer_user())
    return jsonify(_detail(hearing))


@api_roles(Role.akimat_officer)
@operation
def publish_protocol(hearing_id: int) -> Any:
    """Render the protocol in Kazakh and Russian and publish it."""
    hearing = _officers_hearing(hearing_id)
    ops.publish_protocol(hearing, bearer_user())
    return jsonify(_detail(hearing))




_ID = [{"name": "hearing_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1,
                                                                       "maximum": f.MAX_INT}}]
_SECURE = [{"bearer": []}]
_TEXTS = {"type": "object", "properties": {"kk": {"type": "string"}, "ru": {"type": "string"}}}
_DAY = {"type": "string", "format": "date", "nullable": True}
SUMMARY_SCHEMA = {
    "type": "object", "required": ["id", "region", "form", "status", "title", "url"],
    "properties": {"id": {"type": "integer"}, "region": {"type": "string"},
                   "form": {"type": "string", "enum": ["open_meeting", "survey"]}, "status": {"type": "string"},
                   "title": _TEXTS, "hearing_date": _DAY, "survey_start": _DAY, "survey_end": _DAY,
                   "comments_close_on": _DAY, "protocol_due_on": _DAY, "comment_count": {"type": "integer"},
                   "url": {"type": "string"}}}
DETAIL_SCHEMA = {**SUMMARY_SCHEMA, "properties": {
    **SUMMARY_SCHEMA["properties"], "description": _TEXTS, "place": _TEXTS,
    "location": {"type": "object", "properties": {"lat": {"type": "number", "nullable": True},
                                                  "lon": {"type": "number", "nullable": True}}},
    "documents": {"type": "array", "items": {"type": "object"}},
    "media_notices": {"type": "array", "items": {"type": "object"}},
    "comments": {"type": "array", "items": {"type": "object", "required": ["receipt", "author", "text"]}}}}
_DETAIL = {"application/json": {"schema": DETAIL_SCHEMA}}
_RECEIPT = {"application/json": {"schema": {"type": "object", "required": ["receipt"],
                                            "properties": {"receipt": {"type": "string"}}}}}


def _write(path: str, summary: str, fields: f.Object | None, status: str = "200", content: dict = _DETAIL,
           public: bool = False) -> None:
    operation: dict[str, Any] = {"summary": summary, "parameters": list(_ID),
                                 "responses": {status: {"description": "Done", "content": content}}}
    if fields is not None:
        operation["requestBody"] = f.request_body(fields)
    if not public:
        operation["security"] = _SECURE
    describe(path, "post", operation)


describe("/hearings", "post", {
    "summary": "Create a draft hearing (initiator, akimat officer)", "security": _SECURE,
    "requestBody": f.request_body(NOTICE), "responses": {"201": {"description": "The draft", "content": _DETAIL}}})
describe("/hearings", "get", {
    "summary": "Public hearings, paginated", "parameters": f.parameters(queries.LIST_ARGS),
    "responses": {"200": {"description": "A page of hearings", "content": {"application/json": {"schema": {
        "type": "object", "required": ["page", "page_size", "total", "items"],
        "properties": {"page": {"type": "integer"}, "page_size": {"type": "integer"}, "total": {"type": "integer"},
                       "items": {"type": "array", "items": SUMMARY_SCHEMA},
                       "next_after": {"type": "string"}}}}}}}})
describe("/hearings/{hearing_id}", "get", {
    "summary": "One public hearing", "parameters": _ID,
    "responses": {"200": {"description": "The hearing: id, region, form, status, hearing_date, survey_start, "
                                         "survey_end, notice_published_at, comments_close_on, protocol_due_on, "
                                         "protocol_published_at …", "content": _DETAIL}}})
_write("/hearings/{hearing_id}/agreement", "Record the akimat agreement (akimat officer of the region)", AGREEMENT)
_write("/hearings/{hearing_id}/publish", "Publish the notice (akimat officer of the region); 422 notice_too_late / "
       "missing_fields / not_agreed / survey_too_short", None)
_write("/hearings/{hearing_id}/comments", "Submit a comment (public); 422 comments_closed with closed_on", COMMENT,
       "201", _RECEIPT, public=True)
describe("/hearings/{hearing_id}/comments/{receipt}/position", "post", {
    "summary": "The initiator's position on a comment", "security": _SECURE,
    "parameters": [*_ID, {"name": "receipt", "in": "path", "required": True,
                          "schema": {"type": "string", "maxLength": max_length(Comment.receipt)}}],
    "requestBody": f.request_body(POSITION), "responses": {"200": {"description": "Recorded"}}})
describe("/hearings/{hearing_id}/documents", "post", {
    "summary": "Attach a document (multipart field file)", "parameters": _ID, "security": _SECURE,
    "requestBody": {"content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}}}},
    "responses": {"201": {"description": "The stored document"}}})
_write("/hearings/{hearing_id}/media-notices", "Record a media notice", MEDIA_NOTICE, "201")
_write("/hearings/{hearing_id}/postpone", "Postpone (akimat officer); a new lawful notice is needed", POSTPONEMENT)
_write("/hearings/{hearing_id}/cancel", "Cancel with a public reason", CANCELLATION)
_write("/hearings/{hearing_id}/oral-comments", "Enter an oral comment (akimat officer)", COMMENT, "201", _RECEIPT)
_write("/hearings/{hearing_id}/protocol", "Save the protocol record (akimat officer)", PROTOCOL)
_write("/hearings/{hearing_id}/protocol/sign", "Sign the protocol in the role the draft chose you for (chair or "
       "secretary); 403 not_the_signer, 422 positions_missing", SIGNATURE)
_write("/hearings/{hearing_id}/protocol/publish", "Publish the protocol PDFs", None)
