"""The public pages of the event log: the chain's heads, its signed heads and key, and one record's log, verified."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, render_template
from sqlalchemy import select

from aarhus.core import keys
from aarhus.core.cache import cached_page
from aarhus.core.extensions import db
from aarhus.core.guard import public
from aarhus.ledger import anchor
from aarhus.ledger import chain as ledger
from aarhus.ledger.labels import event_title
from aarhus.ledger.models import ChainHead

# The extension key under which the domains say which of their records are public: type → (id → bool).
PUBLIC_SUBJECTS = "aarhus.public_subjects"
HEADS_ON_PAGE = 366
FEED_SIZE = 50


@public
def chain() -> str:
    """The head of the chain and the published daily heads."""
    heads = list(db.session.scalars(select(ChainHead).order_by(ChainHead.entry_id.desc()).limit(60)))
    return render_template("ledger/chain.html", heads=heads, head=ledger.head())


@public
@cached_page
def heads() -> str:
    """The signed heads, newest first, with the key that checks them."""
    return render_template("ledger/heads.html", heads=anchor.signed_heads(newest_first=True, limit=HEADS_ON_PAGE),
                           key_id=keys.key_id(anchor.public_key()))


@public
@cached_page
def heads_json() -> Response:
    """Every signed head and the public key, as JSON to keep and check against later."""
    body = json.dumps(anchor.heads_document(), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json")


@public
@cached_page
def heads_atom() -> Response:
    """An Atom feed (RFC 4287) of the signed heads, newest first."""
    rows = anchor.signed_heads(newest_first=True, limit=FEED_SIZE)
    xml = render_template("ledger/heads_atom.xml", records=[anchor.head_record(h) for h in rows],
                          key_id=keys.key_id(anchor.public_key()))
    return Response(xml, mimetype="application/atom+xml")


@public
def key() -> Response:
    """The installation's public key (PEM), which checks every signed head."""
    return Response(keys.public_key_pem(anchor.public_key()), mimetype="text/plain")


@public
def subject_log(subject_type: str, subject_id: int) -> str:
    """A hearing's or request's log with the result of verifying it."""
    is_public = current_app.extensions.get(PUBLIC_SUBJECTS, {}).get(subject_type)
    if is_public is None or not is_public(subject_id):
        abort(404)  # a draft's history is not public, nor anything but hearings and requests
    entries = ledger.entries_for(subject_type, subject_id)
    if not entries:
        abort(404)
    intact, broken = ledger.verify_subject(subject_type, subject_id)
    return render_template("ledger/subject_log.html", entries=entries, intact=intact, broken=broken,
                           subject_type=subject_type, subject_id=subject_id, event_title=event_title)
