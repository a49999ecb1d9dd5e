"""Every act on a hearing, one module per group of acts; each checks ``permissions`` first, then changes,
flushes, logs and queues mail. The caller (a view, a command or a job) owns the transaction and commits once.

  notice         create and edit the draft, documents, media notices, agreement, publish, postpone, cancel
  comments       written and oral comments, connection complaints, the initiator's positions
  protocol       draft, sign and publish the protocol
  expertise      the state expertise conclusion, public-expertise applications and tacit registration
  subscriptions  e-mail subscriptions to a region's hearings
"""

from aarhus.hearings.operations.comments import open_for_comment, receive_comment, set_position, submit_comment
from aarhus.hearings.operations.expertise import (
    decide_application,
    mark_deemed_registered,
    post_conclusion,
    receive_application,
)
from aarhus.hearings.operations.notice import (
    NOTICE_ATTRS,
    add_document,
    add_media_notice,
    cancel_hearing,
    create_hearing,
    postpone_hearing,
    publication_refusal,
    publication_refusals,
    publish_hearing,
    record_agreement,
    update_hearing,
)
from aarhus.hearings.operations.protocol import (
    DEFAULT_APPEAL,
    draft_protocol,
    publish_protocol,
    sign_protocol,
    signatures_needed,
    signing_copy,
)
from aarhus.hearings.operations.subscriptions import confirm_subscription, subscribe, unsubscribe
from aarhus.hearings.permissions import allowed_actions, can_answer, can_edit, is_region_officer, is_signed, require
from aarhus.hearings.queries import comments_of

__all__ = [
    "DEFAULT_APPEAL", "NOTICE_ATTRS", "add_document", "add_media_notice", "allowed_actions", "can_answer", "can_edit",
    "cancel_hearing", "comments_of", "confirm_subscription", "create_hearing", "decide_application",
    "draft_protocol", "is_region_officer", "is_signed", "mark_deemed_registered", "post_conclusion",
    "postpone_hearing", "publication_refusal", "publication_refusals", "publish_hearing", "publish_protocol",
    "receive_application",
    "record_agreement", "require", "set_position", "sign_protocol", "signatures_needed", "signing_copy",
    "open_for_comment",
    "receive_comment",
    "submit_comment",
    "subscribe", "unsubscribe", "update_hearing",
]
