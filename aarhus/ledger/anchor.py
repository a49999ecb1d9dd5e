"""Signed heads: the log's anchor outside its database, and the check of the database against saved copies.

Hashes alone prove nothing to someone who can rewrite every row and recompute them. So every night (and on
demand) the head of the chain — its sequence number, the number of entries up to it, its hash and the time —
is signed with the installation's Ed25519 key and published (``/ledger/heads.json``, an Atom feed). Anyone may
keep copies; ``check_against`` then finds the first sequence number at which the database no longer reaches a
saved head with the same hash and count: a rewrite, a truncation, a deleted tail or a restored older backup.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select

from aarhus.core import keys
from aarhus.core.extensions import db
from aarhus.core.time import legal_date, legal_zone
from aarhus.ledger import chain
from aarhus.ledger.models import GENESIS, ChainHead, LogEntry

MESSAGE_PREFIX = "aarhus-kz ledger head v1\n"
FIELDS = frozenset({"sequence", "entries", "hash", "signed_at", "key_id", "signature"})
MESSAGE_FORMAT = (MESSAGE_PREFIX.replace("\n", "\\n") + ' followed by {"entries":…,"hash":…,"sequence":…,'
                  '"signed_at":…}: UTF-8 JSON, keys sorted, no spaces; signed_at as YYYY-MM-DDTHH:MM:SSZ')


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def head_message(sequence: int, entries: int, hash_: str, signed_at: str) -> bytes:
    """The bytes a head's signature covers: a fixed prefix, then the head as canonical JSON."""
    body = json.dumps({"sequence": sequence, "entries": entries, "hash": hash_, "signed_at": signed_at},
                      sort_keys=True, separators=(",", ":"))
    return (MESSAGE_PREFIX + body).encode()


def _sign(head: ChainHead, now: datetime) -> None:
    key = keys.signing_key()
    signed_at = now.replace(microsecond=0)
    message = head_message(head.entry_id, head.entries, head.hash, _instant(signed_at))
    head.signature = base64.b64encode(key.sign(message)).decode()
    head.key_id = keys.key_id(key.public_key())
    head.signed_at = signed_at


def _take_head(entry: LogEntry, day: date, now: datetime) -> ChainHead:
    """The signed head at ``entry``, taken once (a head published before heads were signed is signed now)."""
    head = db.session.get(ChainHead, entry.id)
    if head is None:
        count = db.session.scalar(select(func.count(LogEntry.id)).where(LogEntry.id <= entry.id))
        head = ChainHead(entry_id=entry.id, day=day, hash=entry.hash, entries=count, published_at=now)
        db.session.add(head)
    if head.signature is None:
        _sign(head, now)
    db.session.flush()
    return head


def publish_chain_head(day: date, now: datetime) -> ChainHead | None:
    """Sign the head of the chain at the end of ``day`` (idempotent; None if the log was empty then)."""
    end = datetime.combine(day + timedelta(days=1), time(0), legal_zone())
    last = db.session.scalars(select(LogEntry).where(LogEntry.at < end).order_by(LogEntry.id.desc()).limit(1)).first()
    return _take_head(last, day, now) if last else None


def sign_current_head(now: datetime) -> ChainHead | None:
    """Sign the head of the chain now (idempotent until the next entry; None if the log is empty)."""
    last = chain.head()
    return _take_head(last, legal_date(now), now) if last else None


def signed_heads(newest_first: bool = False, limit: int | None = None) -> list[ChainHead]:
    """The published heads that carry a signature."""
    order = ChainHead.entry_id.desc() if newest_first else ChainHead.entry_id
    query = select(ChainHead).where(ChainHead.signature.is_not(None)).order_by(order).limit(limit)
    return list(db.session.scalars(query))


def head_record(head: ChainHead) -> dict[str, Any]:
    """A signed head as published: everything needed to check its signature."""
    return {"sequence": head.entry_id, "entries": head.entries, "hash": head.hash,
            "signed_at": _instant(head.signed_at), "day": head.day.isoformat(), "key_id": head.key_id,
            "signature": head.signature}


def heads_document() -> dict[str, Any]:
    """Every signed head with the public key and how to rebuild the signed bytes (``/ledger/heads.json``)."""
    public = keys.signing_key().public_key()
    return {"algorithm": "Ed25519", "key_id": keys.key_id(public), "public_key": keys.public_key_pem(public),
            "signed_message": MESSAGE_FORMAT, "heads": [head_record(h) for h in signed_heads()]}


def public_key() -> Ed25519PublicKey:
    """The installation's public key, which checks every head it signed."""
    return keys.signing_key().public_key()


@dataclass(frozen=True)
class Disagreement:
    """The first sequence number at which the log and the saved heads part, and why."""

    sequence: int
    reason: str


def signature_problem(saved: dict[str, Any], key: Ed25519PublicKey) -> str | None:
    """Why a saved head's signature does not check with ``key``, or None if it does."""
    if saved.get("key_id") != keys.key_id(key):
        return "the saved head was signed with another key"
    try:
        message = head_message(int(saved["sequence"]), int(saved["entries"]), str(saved["hash"]),
                               str(saved["signed_at"]))
        key.verify(base64.b64decode(saved["signature"], validate=True), message)
    except (InvalidSignature, binascii.Error, KeyError, TypeError, ValueError):
        return "the saved head's signature does not verify: the copy was altered"
    return None


def read_heads(document: Any) -> list[dict[str, Any]]:
    """The heads of a saved ``heads.json`` (or of a bare list of heads), one per sequence number."""
    heads = document.get("heads") if isinstance(document, dict) else document
    if not isinstance(heads, list) or not all(isinstance(h, dict) and h.keys() >= FIELDS for h in heads):
        raise ValueError("not a file of signed heads: expected {\"heads\": [{" + ", ".join(sorted(FIELDS)) + "}]}")
    try:
        heads = [{**h, "sequence": int(h["sequence"]), "entries": int(h["entries"])} for h in heads]
    except (TypeError, ValueError):
        raise ValueError("a head's sequence number or count of entries is not a number") from None
    return sorted({h["sequence"]: h for h in heads}.values(), key=lambda h: h["sequence"])


def walk(entries: Iterable[LogEntry], saved: list[dict[str, Any]]) -> Disagreement | None:
    """Recompute the chain once from the first entry, meeting each saved head at its sequence number."""
    pending = sorted(saved, key=lambda h: int(h["sequence"]))
    prev, waiting = GENESIS, 0
    for count, entry in enumerate(entries, start=1):
        if waiting < len(pending) and int(pending[waiting]["sequence"]) < entry.id:
            return Disagreement(int(pending[waiting]["sequence"]), "no entry has this sequence number: "
                                "entries were deleted")
        expected = chain.entry_hash(prev, entry.at, entry.kind, entry.subject_type, entry.subject_id,
                                    entry.actor_id, entry.payload)
        if entry.prev_hash != prev or entry.hash != expected:
            return Disagreement(entry.id, "the entry does not recompute: it was changed")
        if waiting < len(pending) and int(pending[waiting]["sequence"]) == entry.id:
            problem = _meets(pending[waiting], entry.hash, count)
            if problem:
                return Disagreement(entry.id, problem)
            waiting += 1
        prev = entry.hash
    if waiting < len(pending):
        return Disagreement(int(pending[waiting]["sequence"]), "the log ends before this signed head: "
                            "it was truncated, its tail deleted or an older backup restored")
    return None


def _meets(saved: dict[str, Any], hash_: str, count: int) -> str | None:
    if hash_ != saved["hash"]:
        return "the entry's hash is not the signed head's: the log was rewritten or rolled back"
    if count != int(saved["entries"]):
        return f"{count} entries up to here, the signed head says {saved['entries']}: entries were removed or added"
    return None


def check_against(saved: list[dict[str, Any]]) -> Disagreement | None:
    """The first bad sequence number of the database's log measured against saved signed heads, or None."""
    key = public_key()
    bad_signatures = [Disagreement(int(h["sequence"]), problem) for h in saved
                      if (problem := signature_problem(h, key))]
    entries = db.session.scalars(select(LogEntry).order_by(LogEntry.id)).yield_per(1000)
    found = [*bad_signatures, *filter(None, [walk(entries, saved)])]
    return min(found, key=lambda d: d.sequence, default=None)
