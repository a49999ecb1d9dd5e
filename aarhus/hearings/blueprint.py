"""Every URL of hearings: the public pages and feeds, the officers' pages, the API."""

from __future__ import annotations

from flask import Blueprint

from aarhus.api.errors import api_blueprint
from aarhus.hearings import api, feeds, manage, views

# Pages
bp = Blueprint("hearings", __name__)
bp.add_url_rule("/hearings", "index", views.index)
bp.add_url_rule("/hearings/<int:hearing_id>", "detail", views.detail)
bp.add_url_rule("/hearings/<int:hearing_id>/comments", "comment", views.comment, methods=["POST"])
bp.add_url_rule("/hearings/<int:hearing_id>/connection-complaint", "connection_complaint", views.connection_complaint, methods=["POST"])
bp.add_url_rule("/hearings/<int:hearing_id>/documents/<int:document_id>", "document", views.document)
bp.add_url_rule("/hearings/<int:hearing_id>/protocol.pdf", "protocol_pdf", views.protocol_pdf_file)
bp.add_url_rule("/hearings/<int:hearing_id>/protocol/esig/<role>.p7s", "protocol_esig", views.protocol_esig)
bp.add_url_rule("/hearings/<int:hearing_id>/protocol/esig/<role>.pdf", "protocol_esig_document",
                views.protocol_esig_document)
bp.add_url_rule("/hearings/subscribe", "subscribe", views.subscribe, methods=["GET", "POST"])
bp.add_url_rule("/hearings/subscriptions/confirm/<token>", "confirm_subscription", views.confirm_subscription)
bp.add_url_rule("/hearings/subscriptions/unsubscribe/<token>", "unsubscribe", views.unsubscribe, methods=["GET", "POST"])
bp.add_url_rule("/hearings.atom", "atom", feeds.atom)
bp.add_url_rule("/hearings.ics", "ics", feeds.ics)
bp.add_url_rule("/hearings/<int:hearing_id>.ics", "item_ics", feeds.item_ics)

# Where initiators and akimat officers run a hearing
bp.add_url_rule("/manage/hearings", "manage_index", manage.manage_index)
bp.add_url_rule("/manage/hearings/new", "new", manage.new, methods=["GET", "POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/edit", "edit", manage.edit, methods=["GET", "POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>", "manage", manage.manage)
bp.add_url_rule("/manage/hearings/<int:hearing_id>/documents", "upload", manage.upload, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/media-notices", "media_notice", manage.media_notice, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/agreement", "agreement", manage.agreement, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/publish", "publish", manage.publish, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/postpone", "postpone", manage.postpone, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/cancel", "cancel", manage.cancel, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/oral-comments", "oral_comment", manage.oral_comment, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/comments/<int:comment_id>/position", "position", manage.position, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/protocol", "protocol", manage.protocol, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/protocol/sign/<role>", "sign", manage.sign, methods=["GET", "POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/protocol/copy-<lang>.pdf", "signing_copy", manage.signing_copy)
bp.add_url_rule("/manage/hearings/<int:hearing_id>/protocol/publish", "publish_protocol", manage.publish_protocol, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/conclusion", "conclusion", manage.conclusion, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/expertise-applications", "application", manage.application, methods=["POST"])
bp.add_url_rule("/manage/hearings/<int:hearing_id>/expertise-applications/<int:application_id>/decision", "decision", manage.decision, methods=["POST"])

# API (/api/v1)
api_bp = api_blueprint("hearings_api", __name__)
api_bp.add_url_rule("/hearings", "create_hearing", api.create_hearing, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/agreement", "agree", api.agree, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/publish", "publish", api.publish, methods=["POST"])
api_bp.add_url_rule("/hearings", "list_hearings", api.list_hearings)
api_bp.add_url_rule("/hearings/<int:hearing_id>", "get_hearing", api.get_hearing)
api_bp.add_url_rule("/hearings/<int:hearing_id>/comments", "comment", api.comment, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/comments/<receipt>/position", "position", api.position, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/documents", "upload_document", api.upload_document, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/media-notices", "add_media_notice", api.add_media_notice, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/postpone", "postpone", api.postpone, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/cancel", "cancel", api.cancel, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/oral-comments", "oral_comment", api.oral_comment, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/protocol", "draft_protocol", api.draft_protocol, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/protocol/sign", "sign_protocol", api.sign_protocol, methods=["POST"])
api_bp.add_url_rule("/hearings/<int:hearing_id>/protocol/publish", "publish_protocol", api.publish_protocol, methods=["POST"])
