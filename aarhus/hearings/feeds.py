"""``/hearings.atom`` and ``/hearings.ics``: published hearings, filterable by ``?region=KZ-NN``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape as _escape

from flask import Response, abort, request, url_for
from sqlalchemy.orm import joinedload

from aarhus.core.dates import official_date
from aarhus.core.extensions import db
from aarhus.core.forms import clean_text
from aarhus.core.guard import public
from aarhus.core.i18n_fields import current_language
from aarhus.core.time import legal_today, legal_zone
from aarhus.hearings import queries
from aarhus.hearings.models import Hearing, HearingForm

FEED_SIZE = 100


def _hearings() -> list[Hearing]:
    filters = queries.Filters(region=request.args.get("region", ""))
    query = queries.public_query(filters, legal_today()).order_by(None).order_by(Hearing.notice_published_at.desc())
    return list(db.session.scalars(query.options(joinedload(Hearing.region)).limit(FEED_SIZE)).unique())


def _lang() -> str:
    return "ru" if current_language() == "ru" else "kk"


@public
def atom() -> Response:
    """An Atom feed of published hearing notices, newest first."""
    rows, lang = _hearings(), _lang()
    updated = max((h.updated_at for h in rows), default=datetime(2020, 1, 1, tzinfo=UTC))
    entries = "".join(_atom_entry(h, lang) for h in rows)
    # The feed's own address on the base URL (never the request's Host header), with the parameters it uses.
    own = url_for("hearings.atom", _external=True,
                  **{k: v for k, v in request.args.items() if k in ("region", "lang") and v})
    xml = (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">'
           f"<title>{escape(_feed_title(lang))}</title><id>{escape(own)}</id>"
           f'<link rel="self" href="{escape(own)}"/><updated>{updated.isoformat()}</updated>{entries}</feed>')
    return Response(xml, mimetype="application/atom+xml")


def escape(value: str) -> str:
    """XML text: escaped, and without the control characters XML 1.0 forbids (records from before cleaning)."""
    return _escape(clean_text(value))


def _feed_title(lang: str) -> str:
    return {"kk": "Қоғамдық тыңдаулар", "ru": "Общественные слушания"}[lang]


def _atom_entry(hearing: Hearing, lang: str) -> str:
    link = url_for("hearings.detail", hearing_id=hearing.id, _external=True)
    when = hearing.hearing_date or hearing.survey_start
    summary = f"{hearing.region.name(lang)} · {official_date(when, lang)} · {hearing.text('address', lang)}"
    return (f"<entry><title>{escape(hearing.text('title', lang))}</title><id>{escape(link)}</id>"
            f'<link href="{escape(link)}"/><updated>{hearing.updated_at.isoformat()}</updated>'
            f"<published>{(hearing.notice_published_at or hearing.created_at).isoformat()}</published>"
            f"<summary>{escape(summary)}</summary></entry>")


@public
def ics() -> Response:
    """An iCalendar of hearing meetings and survey periods."""
    lang = _lang()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Aarhus Kazakhstan//Hearings//KK", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{ics_text(_feed_title(lang))}"]
    for hearing in _hearings():
        lines += _vevent(hearing, lang)
    lines.append("END:VCALENDAR")
    body = "\r\n".join(fold(line) for line in lines) + "\r\n"
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": "inline; filename=hearings.ics"})


@public
def item_ics(hearing_id: int) -> Response:
    """One public hearing's dates as iCalendar: the meeting or survey, and the last day for written comments."""
    hearing = db.session.get(Hearing, hearing_id)
    if hearing is None or not queries.is_public_id(hearing_id):
        abort(404)
    lang = _lang()
    lines = [*_vevent(hearing, lang)]
    if hearing.comments_close_on:
        stamp = (hearing.notice_published_at or hearing.created_at).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        lines += ["BEGIN:VEVENT", f"UID:hearing-{hearing.id}-comments@aarhus.kz", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{hearing.comments_close_on:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{hearing.comments_close_on + timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{ics_text(_comments_label(lang) + ': ' + hearing.text('title', lang))}",
                  f"URL:{url_for('hearings.detail', hearing_id=hearing.id, _external=True)}",
                  f"STATUS:{_event_status(hearing)}", "END:VEVENT"]
    return calendar_response(lines, hearing.text("title", lang), f"hearing-{hearing.id}.ics")


def calendar_response(events: list[str], name: str, filename: str) -> Response:
    """A VCALENDAR of ``events`` (VEVENT lines), folded and CRLF-ended as RFC 5545 requires."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Aarhus Kazakhstan//Hearings//KK", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{ics_text(name)}", *events, "END:VCALENDAR"]
    body = "\r\n".join(fold(line) for line in lines) + "\r\n"
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": f"inline; filename={filename}"})


def _comments_label(lang: str) -> str:
    return {"kk": "Жазбаша ескертулер қабылданатын соңғы күн", "ru": "Последний день приёма письменных замечаний"}[lang]


def _vevent(hearing: Hearing, lang: str) -> list[str]:
    stamp = (hearing.notice_published_at or hearing.created_at).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    if hearing.form == HearingForm.open_meeting and hearing.hearing_date:
        start = datetime.combine(hearing.hearing_date, hearing.hearing_time or datetime.min.time(), legal_zone())
        when = [f"DTSTART:{start.astimezone(UTC):%Y%m%dT%H%M%SZ}",
                f"DTEND:{(start + timedelta(hours=3)).astimezone(UTC):%Y%m%dT%H%M%SZ}"]
    elif hearing.survey_start and hearing.survey_end:
        when = [f"DTSTART;VALUE=DATE:{hearing.survey_start:%Y%m%d}",
                f"DTEND;VALUE=DATE:{hearing.survey_end + timedelta(days=1):%Y%m%d}"]
    else:
        return []
    return ["BEGIN:VEVENT", f"UID:hearing-{hearing.id}@aarhus.kz", f"DTSTAMP:{stamp}", *when,
            f"SUMMARY:{ics_text(hearing.text('title', lang))}",
            f"LOCATION:{ics_text(hearing.text('place', lang) or hearing.text('address', lang))}",
            f"URL:{url_for('hearings.detail', hearing_id=hearing.id, _external=True)}",
            f"STATUS:{_event_status(hearing)}", "END:VEVENT"]


def _event_status(hearing: Hearing) -> str:
    """RFC 5545 STATUS: a cancelled hearing's events are CANCELLED; a postponed one's new dates are TENTATIVE until
    a new notice is published."""
    if hearing.state.value == "cancelled":
        return "CANCELLED"
    return "TENTATIVE" if hearing.state.value != "published" else "CONFIRMED"


def ics_text(value: str) -> str:
    value = clean_text(value)  # records from before input was cleaned: no bare CR may end a line early
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold lines at 75 octets as RFC 5545 requires, never inside a UTF-8 character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " "
        current += char
    out.append(current)
    return "\r\n".join(out)
