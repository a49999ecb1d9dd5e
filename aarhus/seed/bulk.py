"""Bulk synthetic data for benchmarks: ``demo --hearings N --requests N --comments N``.

Rows are inserted in batches (no per-row ORM work; on PostgreSQL streamed by ``COPY``), with every stored due date
computed by the real deadline engine (memoised per date) and a realistic share of
late or missing acts, so that lists, registers and the audit have work to do.
Bulk rows carry no log entries: they are load, not history.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, text, update

from aarhus.bodies.models import Body, BodyKind
from aarhus.core.extensions import db
from aarhus.hearings.models import Agreement, Comment, Hearing, Protocol
from aarhus.legal import service
from aarhus.requests.models import InfoRequest

BATCH = 5000


def _instant(day: date, hour: int = 6) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def store(table: Table, rows: Iterator[dict[str, Any]]) -> int:
    """Insert ``rows`` (dicts keyed by column, all with the same keys) into ``table``: ``COPY`` on PostgreSQL,
    batched multi-row ``INSERT`` elsewhere. Columns a row leaves out get their Python default, or the server's
    (an id from its sequence). Returns how many rows."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    if not _postgres():
        count = 0
        for batch in _batches(_chain(first, rows)):
            db.session.execute(insert(table), batch)
            count += len(batch)
        return count
    return _copy(table, first, rows)


def _chain(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield first
    yield from rest


def _copy(table: Table, first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> int:
    connection = db.session.connection()
    dialect = connection.dialect
    given = [column for column in table.columns if column.key in first]
    defaults = {column.key: column.default.arg if column.default.is_scalar else column.default.arg(None)
                for column in table.columns
                if column.key not in first and column.default is not None and not column.default.is_sequence}
    columns = given + [table.c[key] for key in defaults]
    processors = [column.type.bind_processor(dialect) for column in columns]

    def values(row: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for column, process in zip(columns, processors, strict=True):
            value = row[column.key] if column.key in row else defaults[column.key]
            if process is not None and value is not None:
                value = process(value)
            if isinstance(value, (list, dict)):
                value = json.dumps(value)
            out.append(value)
        return tuple(out)

    names = ", ".join(dialect.identifier_preparer.quote(column.name) for column in columns)
    count = 0
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in _chain(first, rest):
                copy.write_row(values(row))
                count += 1
    finally:
        cursor.close()
    # Fresh statistics, so that the planner looks rows up by index in the next COPY's foreign-key checks (with the
    # table's old statistics, a few rows, it scans the whole table once per row checked).
    connection.execute(text(f"ANALYZE {table.name}"))
    if "id" in first:  # ids given: move the sequence past them
        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                f"(SELECT max(id) FROM {table.name}))"))
    return count


def _due() -> Callable[[str, date], date]:
    @cache
    def due(code: str, day: date) -> date:
        return service.compute_on(code, day)

    return due


def bulk_hearings(n: int, today: date, seed: int = 7) -> int:
    """Insert ``n`` published hearings over the last three years with agreements and protocols."""
    rng, due = random.Random(seed), _due()
    akimats = list(db.session.execute(select(Body.id, Body.region_id).where(Body.kind == BodyKind.akimat)))
    first_id = (db.session.scalar(select(func.max(Hearing.id))) or 0) + 1
    hearings, agreements, protocols = [], [], []
    for offset in range(n):
        hid = first_id + offset
        akimat_id, region_id = akimats[offset % len(akimats)]
        end = today - timedelta(days=rng.randint(-40, 3 * 365))
        survey = rng.random() < 0.2
        start = end - timedelta(days=35) if survey else end
        lead = rng.choice([25, 21, 20, 20, 30, 14])  # some notices too late
        notice_on = start - timedelta(days=lead)
        protocol_due = due("hearing.protocol", end)
        published_protocol = end < today and rng.random() < 0.75
        protocol_on = min(protocol_due + timedelta(days=rng.choice([-3, -1, 0, 0, 2, 9])), today) \
            if published_protocol else None
        hearings.append({
            "id": hid, "region_id": region_id, "akimat_id": akimat_id, "form": "survey" if survey else "open_meeting",
            "state": "published", "title_kk": f"Жоба №{hid}: өндірістік нысан", "title_ru": f"Проект №{hid}: промышленный объект",
            "description_kk": "Жоспарланған қызметтің сипаттамасы.", "description_ru": "Описание намечаемой деятельности.",
            "place_kk": "Әкімдік мәжіліс залы" if not survey else "", "place_ru": "Зал акимата" if not survey else "",
            "address_kk": "Облыс орталығы", "address_ru": "Областной центр", "districts": f"Аудан {offset % 17}", "districts_ru": f"Район {offset % 17}",
            "initiator_name": f"«Компания {hid % 997}» ЖШС",
            "initiator_name_ru": f"ТОО «Компания {hid % 997}»", "initiator_bin": f"{100000000000 + hid % 899999999999}",
            "initiator_contacts": "+7 700 000 00 00", "initiator_contacts_ru": "+7 700 000 00 00",
            "comments_address": "info@example.kz",
            "developer_name": "«Жоба» ЖШС", "developer_name_ru": "ТОО «Жоба»", "developer_contacts": "dev@example.kz",
            "expertise_body": "ЭРБК", "expertise_body_ru": "КЭРК",
            "documentation_url": "https://example.kz/ovos", "video_url": "",
            "hearing_date": None if survey else end, "hearing_time": None if survey else time(11),
            "survey_start": start if survey else None, "survey_end": end if survey else None, "starts_on": start,
            "notice_published_at": _instant(notice_on), "notice_on": notice_on, "notice_first_on": notice_on, "documents_on": notice_on,
            "notice_due_on": due("hearing.notice", start), "documents_due_on": due("hearing.documents", start),
            "survey_min_end_on": due("hearing.survey_end", start) if survey else None,
            "comments_close_on": end if survey else due("hearing.comments", start), "protocol_due_on": protocol_due,
            "protocol_published_at": _instant(protocol_on) if protocol_on else None,
            "protocol_published_on": protocol_on, "comment_count": 0, "cancel_reason": "",
            "created_at": _instant(notice_on - timedelta(days=10)), "updated_at": _instant(notice_on)})
        agreed = notice_on - timedelta(days=rng.choice([5, 3, 1, 0, -2]))
        agreements.append({"hearing_id": hid, "place_kk": "Әкімдік", "place_ru": "Акимат", "invitees": "Тұрғындар",
                           "information_methods": "Газет", "responsible_officer_id": _any_user(),
                           "agreed_by_id": _any_user(), "agreed_at": _instant(agreed), "agreed_on": agreed})
        if protocol_on:
            protocols.append({"hearing_id": hid, "attendees": rng.randint(5, 300), "attendee_list": "",
                              "eia_presented": True, "chair_name": "Төраға", "secretary_name": "Хатшы",
                              "appeal_kk": "Шағым жасау тәртібі.", "appeal_ru": "Порядок обжалования.",
                              "drafted_at": _instant(protocol_on), "chair_signed_by_id": _any_user(),
                              "chair_signed_at": _instant(protocol_on), "secretary_signed_by_id": _any_user(),
                              "secretary_signed_at": _instant(protocol_on), "pdf_sha256_kk": "0" * 64,
                              "pdf_sha256_ru": "0" * 64, "published_at": _instant(protocol_on), "comments_included": 0})
    for table, rows in ((Hearing, hearings), (Agreement, agreements), (Protocol, protocols)):
        store(table.__table__, iter(rows))
    db.session.commit()
    return n


@cache
def _any_user() -> int:
    from aarhus.accounts.models import User

    return db.session.scalar(select(User.id).order_by(User.id).limit(1))


def bulk_requests(n: int, today: date, seed: int = 11) -> int:
    """Insert ``n`` requests over the last two years in every state."""
    rng, due = random.Random(seed), _due()
    holders = list(db.session.scalars(select(Body).where(Body.kind == BodyKind.akimat)))
    seqs: dict[tuple[int, int], int] = dict(((h, y), s) for h, y, s in db.session.execute(
        select(InfoRequest.holder_id, InfoRequest.year, func.max(InfoRequest.seq))
        .group_by(InfoRequest.holder_id, InfoRequest.year)))
    rows = []
    for offset in range(n):
        holder = holders[offset % len(holders)]
        registered = today - timedelta(days=rng.randint(0, 730))
        key = (holder.id, registered.year)
        seqs[key] = seqs.get(key, 0) + 1
        answer_due = due("request.answer", registered)
        outcome = rng.choices(["answered", "refused", "redirected", "registered"], [70, 8, 7, 15])[0]
        closed = min(registered + timedelta(days=rng.choice([3, 7, 12, 14, 16, 25])), today) \
            if outcome != "registered" else None
        ground = rng.choice(["restricted", "inspection_pending", "unidentifiable"]) if outcome == "refused" else None
        language = "kk" if offset % 2 else "ru"
        rows.append({
            "registration_number": f"{holder.region.code.replace('-', '')}-{registered.year}-{seqs[key]:05d}",
            "holder_id": holder.id, "year": registered.year, "seq": seqs[key], "requester_name": "Bulk",
            "contact_email": "bulk@example.kz", "postal_address": "", "status_token_hash": f"bulk-{offset}-{seed}",
            "language": language, "answer_form": "electronic", "subject": f"Экологиялық ақпарат №{offset}",
            "text": "…", "categories": ["environment_state"] if offset % 3 == 0 else ["other"],
            "registered_at": _instant(registered), "registered_on": registered, "due_on": answer_due, "pack": "kz-default",
            "answer_due_on": answer_due, "redirect_due_on": due("request.redirect", registered),
            "refusal_due_on": due("request.refusal", registered), "has_non_restrictable": offset % 3 == 0,
            "state": outcome, "answered_at": _instant(closed) if outcome == "answered" else None,
            "answer_text": "Жауап" if outcome == "answered" else "", "answer_language": language
            if outcome == "answered" else None, "withheld": [], "refused_at": _instant(closed)
            if outcome == "refused" else None, "refusal_ground": ground, "refusal_reason": "…" if ground else "",
            "redirected_at": _instant(closed) if outcome == "redirected" else None, "redirect_reason": "",
            "closed_on": closed, "extension_reason": "", "pages": 0, "fee_tiyn": 0})
    store(InfoRequest.__table__, iter(rows))
    db.session.commit()
    return n


def bulk_comments(n: int, seed: int = 13) -> int:
    """Insert ``n`` comments: 200 on the first bulk hearing (a busy page), the rest spread out."""
    rng = random.Random(seed)
    ids = list(db.session.scalars(select(Hearing.id).order_by(Hearing.id)))
    if not ids:
        return 0
    counts: dict[int, int] = {}

    def rows() -> Iterator[dict[str, Any]]:
        for offset in range(n):
            hid = ids[0] if offset < 200 else ids[rng.randrange(len(ids))]
            counts[hid] = counts.get(hid, 0) + 1
            yield {"hearing_id": hid, "receipt": f"B{hid}-{offset:08X}", "author_name": f"Азамат {offset}",
                   "show_name": offset % 3 != 0, "contact": "bulk@example.kz", "channel": "web",
                   "text": "Жобаның қоршаған ортаға әсері туралы ескерту. Замечание о воздействии на окружающую среду.",
                   "is_connection_complaint": False, "received_at": _instant(date(2026, 1, 1))}

    store(Comment.__table__, rows())
    table = Hearing.__table__
    if _postgres():  # one UPDATE … FROM a temporary table of the counts, not one UPDATE per hearing
        db.session.execute(text("CREATE TEMPORARY TABLE bulk_counts (hid integer PRIMARY KEY, n integer) "
                                "ON COMMIT DROP"))
        cursor = db.session.connection().connection.cursor()
        try:
            with cursor.copy("COPY bulk_counts (hid, n) FROM STDIN") as copy:
                for item in counts.items():
                    copy.write_row(item)
        finally:
            cursor.close()
        db.session.execute(text("ANALYZE bulk_counts"))
        db.session.execute(text("UPDATE hearings SET comment_count = comment_count + bulk_counts.n "
                                "FROM bulk_counts WHERE hearings.id = bulk_counts.hid"))
    else:
        db.session.execute(update(table).where(table.c.id == bindparam("hid")).values(
            comment_count=table.c.comment_count + bindparam("n")),
            [{"hid": hid, "n": count} for hid, count in counts.items()])
    db.session.commit()
    return n
