"""The protocol as data (a snapshot of the record) and as PDF in Kazakh and Russian.

Publishing freezes the snapshot and queues a ``protocol.pdf`` job in the same transaction; the job worker renders
both languages from the snapshot once, keeps the files and records their SHA-256 (``render_job``/``store_job``).
A failed render is queued again by the scheduler (``retry_failed``) and shown on the management page.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from aarhus.accounts.models import User
from aarhus.core import esig
from aarhus.core.extensions import db
from aarhus.core.files import upload_root
from aarhus.core.jobs import Job, enqueue
from aarhus.core.pdf import cores, render_pdf, render_pdf_parts
from aarhus.core.time import legal_date, legal_zone, utcnow
from aarhus.hearings import labels
from aarhus.hearings.models import Hearing, Protocol
from aarhus.hearings.queries import comments_of
from aarhus.ledger import chain as ledger

LANGS = ("kk", "ru")
JOB_KIND = "protocol.pdf"
ATTEMPTS = 5  # renders tried a minute apart; then once an hour
RETRY_AFTER, RETRY_LATER = timedelta(minutes=1), timedelta(hours=1)  # after a failure, before the next attempt
# A long protocol is laid out in parts side by side, one process per core, at least this many comments a part
# (each part starts on a new page and carries its own copy of the fonts); at most PARTS_MAX parts.
PART_MIN_COMMENTS, PARTS_MAX = 150, 4
# What a signature adds to the snapshot; the copy for signing is made from the rest.
SIGNATURE_KEYS = ("chair_signed_by", "chair_signed_at", "secretary_signed_by", "secretary_signed_at", "published_at",
                  "esig")


def _signer(user_id: int | None) -> str:
    user = db.session.get(User, user_id) if user_id else None
    return user.name or user.email if user else ""


def snapshot(hearing: Hearing, published_at: datetime) -> dict[str, Any]:
    """Everything the protocol shows, frozen at publication (contacts excluded)."""
    protocol = hearing.protocol
    return {
        "hearing": {
            "id": hearing.id, "form": hearing.form.value, "region": hearing.region.code,
            "title": {"kk": hearing.title_kk, "ru": hearing.title_ru},
            "place": {"kk": hearing.place_kk, "ru": hearing.place_ru},
            "address": {"kk": hearing.address_kk, "ru": hearing.address_ru},
            "akimat": {"kk": hearing.akimat.name("kk"), "ru": hearing.akimat.name("ru")},
            "initiator": hearing.initiator_name, "initiator_ru": hearing.in_language("initiator_name", "ru"),
            "bin": hearing.initiator_bin,
            "hearing_date": _iso(hearing.hearing_date), "hearing_time": _iso(hearing.hearing_time),
            "survey_start": _iso(hearing.survey_start), "survey_end": _iso(hearing.survey_end),
            "notice_published_on": _iso(legal_date(hearing.notice_published_at)),
        },
        "protocol": {
            "attendees": protocol.attendees, "attendee_list": protocol.attendee_list,
            "eia_presented": protocol.eia_presented, "chair": protocol.chair_name,
            "secretary": protocol.secretary_name, "appeal": {"kk": protocol.appeal_kk, "ru": protocol.appeal_ru},
            "chair_signed_by": _signer(protocol.chair_signed_by_id),
            "chair_signed_at": _local(protocol.chair_signed_at),
            "secretary_signed_by": _signer(protocol.secretary_signed_by_id),
            "secretary_signed_at": _local(protocol.secretary_signed_at),
            "published_at": _local(published_at), "timezone": legal_zone().key,
            "esig": {role: {**row.summary(), "signed_at": _local(row.signed_at)}
                     for role, row in esig.signatures_of("protocol", hearing.id).items()},
        },
        "comments": [{
            "receipt": c.receipt, "author": c.public_author, "channel": c.channel.value,
            "received_on": _iso(legal_date(c.received_at)), "text": c.text,
            "connection_complaint": c.is_connection_complaint,
            "stance": c.position.stance.value if c.position else None,
            "reasons": c.position.reasons if c.position else "",
        } for c in comments_of(hearing)],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _local(instant: Any) -> str | None:
    """An instant as wall-clock time in the legal zone, e.g. ``2026-12-15 14:03``."""
    return instant.astimezone(legal_zone()).strftime("%Y-%m-%d %H:%M") if instant else None


def render(data: dict[str, Any], lang: str, *, for_signing: bool = False) -> bytes:
    """The protocol PDF in ``lang`` from a snapshot (``for_signing``: the copy signers sign with their ЭЦП).

    With many comments, the comments are split into consecutive parts laid out in parallel processes and merged
    (``render_pdf_parts``): the first part has the heading and facts, the last the appeal and the signatures;
    comments keep their numbers and the pages their numbering across parts.
    """
    comments = data["comments"]
    # The signers' copy is made in a web request, whose process may have other threads: it is laid out in one
    # process (forking beside threads could inherit a lock one of them holds); the job worker's builds are split.
    bounds = part_bounds(comments, 1 if for_signing else parts_for(len(comments)))
    count = len(bounds) - 1
    with force_locale(lang):  # the signature's reason in the document's language too
        htmls = [render_template("hearings/protocol_pdf.html", d={**data, "comments": comments[start:end]},
                                 lang=lang, labels=labels, for_signing=for_signing,
                                 part={"head": i == 0, "tail": i == count - 1, "first_number": start + 1})
                 for i, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False))]
        return render_pdf(htmls[0]) if count == 1 else render_pdf_parts(htmls)


def parts_for(comments: int) -> int:
    """In how many parts a protocol with this many comments is laid out (one per core, each big enough)."""
    return max(1, min(cores(), PARTS_MAX, comments // PART_MIN_COMMENTS))


def part_bounds(comments: list[dict[str, Any]], count: int) -> list[int]:
    """Where the comments are cut into ``count`` consecutive parts of about as much text each (a part's layout time
    follows its text, and the slowest part sets the whole's): ``[0, …, len(comments)]``, no part empty."""
    count = min(count, len(comments))
    weights = [len(c["text"]) + len(c["reasons"] or "") + 80 for c in comments]  # 80: the heading line
    total, done, bounds = sum(weights), 0, [0]
    for i, weight in enumerate(weights[:-1]):
        done += weight
        if len(bounds) < count and done * count >= total * len(bounds) and len(comments) - i - 1 >= count - len(bounds):
            bounds.append(i + 1)
    return [*bounds, len(comments)] if comments else [0, 0]


def content_of(hearing: Hearing) -> dict[str, Any]:
    """The protocol's content without its signatures: what a copy for signing shows."""
    data = snapshot(hearing, published_at=utcnow())
    data["protocol"] = {k: v for k, v in data["protocol"].items() if k not in SIGNATURE_KEYS}
    return data


def signing_copy_path(hearing_id: int, lang: str) -> Path:
    """Where the copy for signing of a hearing's protocol is kept."""
    return pdf_path(hearing_id, lang).with_name(f"hearing-{hearing_id}-for-signing-{lang}.pdf")


def signing_copy(hearing: Hearing, lang: str, *, frozen: bool) -> tuple[bytes, datetime]:
    """The exact bytes signers sign with their ЭЦП in ``lang``, and when they were made.

    Made on first use and kept, so a signature over them can be checked again at any time. Until the first
    signature the protocol may still change (a position, the draft): a copy whose content differs is made anew.
    Once ``frozen`` (a signature is on the protocol), the kept copy is served as it is.
    """
    protocol, path = hearing.protocol, signing_copy_path(hearing.id, lang)
    data = content_of(hearing)
    digest = _content_hash(data)
    kept = (protocol.signing_copies or {}).get(lang)
    if kept and path.exists() and (frozen or kept["content"] == digest):
        return path.read_bytes(), datetime.fromisoformat(kept["made_at"])
    pdf, made_at = render(data, lang, for_signing=True), utcnow()
    path.write_bytes(pdf)
    protocol.signing_copies = {**(protocol.signing_copies or {}), lang: {
        "sha256": hashlib.sha256(pdf).hexdigest(), "content": digest, "made_at": made_at.isoformat()}}
    db.session.flush()
    return pdf, made_at


def kept_signing_copy(hearing: Hearing, lang: str) -> tuple[bytes, datetime] | None:
    """The kept copy for signing and when it was made; None when there is none or it no longer shows the protocol."""
    kept = (hearing.protocol.signing_copies or {}).get(lang)
    path = signing_copy_path(hearing.id, lang)
    if not kept or not path.exists() or kept["content"] != _content_hash(content_of(hearing)):
        return None
    pdf = path.read_bytes()
    if hashlib.sha256(pdf).hexdigest() != kept["sha256"]:
        return None
    return pdf, datetime.fromisoformat(kept["made_at"])


def _content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def pdf_path(hearing_id: int, lang: str) -> Path:
    """Where the published protocol PDF of a hearing is kept."""
    folder = upload_root() / "protocols"
    folder.mkdir(exist_ok=True)
    return folder / f"hearing-{hearing_id}-{lang}.pdf"


def is_ready(protocol: Protocol | None) -> bool:
    """Whether the published protocol's PDFs are stored (the job worker makes them after publication)."""
    return protocol is not None and all(getattr(protocol, f"pdf_sha256_{lang}") for lang in LANGS)


def queue_render(hearing: Hearing, actor: Any = None, attempt: int = 1) -> Job:
    """Queue the render of the published protocol's PDFs (flushed: it commits with the publication)."""
    return enqueue(JOB_KIND, {"hearing_id": hearing.id, "attempt": attempt}, actor=actor, total=len(LANGS))


def jobs_of(hearing_id: int) -> list[Job]:
    """The render jobs of one protocol, oldest first (a handful: one, and one per retry)."""
    return list(db.session.scalars(select(Job).where(Job.kind == JOB_KIND,
                                                     Job.params["hearing_id"].as_integer() == hearing_id)
                                   .order_by(Job.id)))


def render_job(job: Job, progress: Any) -> dict[str, bytes] | None:
    """The job's reading phase: both languages from the frozen snapshot (None: already stored, nothing to do)."""
    hearing = db.session.get(Hearing, job.params["hearing_id"])
    protocol = hearing.protocol
    if is_ready(protocol):  # produced once: a second job (a retry racing a slow first one) keeps the stored files
        return None
    rendered = {}
    for done, lang in enumerate(LANGS):
        progress(done, len(LANGS))
        rendered[lang] = render(protocol.snapshot, lang)
    progress(len(LANGS), len(LANGS))
    return rendered


def store_job(job: Job, rendered: dict[str, bytes] | None) -> None:
    """The job's writing phase: keep the files, record their SHA-256 on the protocol and in the log."""
    hearing = db.session.get(Hearing, job.params["hearing_id"])
    # Locked: of two jobs for one protocol (a retry racing a slow first one), the second sees the first's files.
    protocol = db.session.scalars(select(Protocol).where(Protocol.hearing_id == hearing.id).with_for_update()
                                  .execution_options(populate_existing=True)).one()
    if rendered is None or is_ready(protocol):
        job.result = {"sha256": {lang: getattr(protocol, f"pdf_sha256_{lang}") for lang in LANGS}, "kept": True}
        return
    hashes = {}
    for lang, pdf in rendered.items():
        _write_whole(pdf_path(hearing.id, lang), pdf)
        hashes[lang] = hashlib.sha256(pdf).hexdigest()
    protocol.pdf_sha256_kk, protocol.pdf_sha256_ru = hashes["kk"], hashes["ru"]
    db.session.flush()
    ledger.append("hearing.protocol_pdf_stored", "hearing", hearing.id, {"pdf_sha256": hashes},
                  db.session.get(User, job.created_by_id) if job.created_by_id else None)
    job.result = {"sha256": hashes}
    job.done = job.total = len(LANGS)


def _write_whole(path: Path, data: bytes) -> None:
    """Write a file so that a reader sees the old file or the whole new one, never a part."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    part.write_bytes(data)
    os.replace(part, path)


def retry_failed(now: datetime | None = None) -> int:
    """Queue again the render of each published protocol without PDFs whose last job failed a while ago.

    The first ``ATTEMPTS`` a minute apart, then once an hour (a full disk or a broken font needs a person: the
    management page shows each failure meanwhile). Returns how many were queued (the caller commits).
    """
    now = now or utcnow()
    waiting = db.session.scalars(select(Protocol).where(Protocol.published_at.is_not(None),
                                                        Protocol.pdf_sha256_kk.is_(None)))
    queued = 0
    for protocol in waiting:
        jobs = jobs_of(protocol.hearing_id)
        if any(job.state in ("queued", "running") for job in jobs):
            continue
        wait = RETRY_AFTER if len(jobs) < ATTEMPTS else RETRY_LATER
        if jobs and jobs[-1].finished_at and now - jobs[-1].finished_at < wait:
            continue
        queue_render(protocol.hearing, attempt=len(jobs) + 1)
        queued += 1
    return queued
