"""The public pages of the event log: the chain's heads and one record's log, verified."""

from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from aarhus.core.extensions import db
from aarhus.core.guard import public
from aarhus.ledger import chain as ledger
from aarhus.ledger.models import ChainHead

PUBLIC_SUBJECTS = {"hearing", "request"}


@public
def chain() -> str:
    """The head of the chain and the published daily heads."""
    heads = list(db.session.scalars(select(ChainHead).order_by(ChainHead.day.desc()).limit(60)))
    return render_template("ledger/chain.html", heads=heads, head=ledger.head())


@public
def subject_log(subject_type: str, subject_id: int) -> str:
    """A hearing's or request's log with the result of verifying it."""
    if subject_type not in PUBLIC_SUBJECTS:
        abort(404)
    entries = ledger.entries_for(subject_type, subject_id)
    if not entries:
        abort(404)
    intact, broken = ledger.verify_subject(subject_type, subject_id)
    return render_template("ledger/subject_log.html", entries=entries, intact=intact, broken=broken,
                           subject_type=subject_type, subject_id=subject_id)
