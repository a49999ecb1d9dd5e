"""Hearings as JSON and from JSON (the contract's shapes). Commenters' contacts never leave."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for

from aarhus.hearings import rules
from aarhus.hearings.models import Comment, Hearing


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def status_of(hearing: Hearing, today: date) -> str:
    """The derived public status of a hearing."""
    return rules.public_status(state=hearing.state.value, start_on=hearing.start_on, end_on=hearing.end_on,
                               protocol_due=hearing.protocol_due_on,
                               protocol_published=hearing.protocol_published_at is not None, today=today,
                               ever_published=hearing.first_published_at is not None)


def hearing_summary(hearing: Hearing, today: date) -> dict[str, Any]:
    """What a list shows of a hearing."""
    return {
        "id": hearing.id, "region": hearing.region.code, "form": hearing.form.value,
        "status": status_of(hearing, today),
        "title": {"kk": hearing.title_kk, "ru": hearing.title_ru},
        "hearing_date": _iso(hearing.hearing_date), "survey_start": _iso(hearing.survey_start),
        "survey_end": _iso(hearing.survey_end), "comments_close_on": _iso(hearing.comments_close_on),
        "protocol_due_on": _iso(hearing.protocol_due_on), "comment_count": hearing.comment_count,
        "url": url_for("hearings.detail", hearing_id=hearing.id, _external=True),
    }


def hearing_detail(hearing: Hearing, today: date, comments: list[Comment]) -> dict[str, Any]:
    """Everything public about a hearing, including its comments and positions."""
    return {
        **hearing_summary(hearing, today),
        "akimat": {"id": hearing.akimat_id, "name": {"kk": hearing.akimat.name("kk"), "ru": hearing.akimat.name("ru")}},
        "description": {"kk": hearing.description_kk, "ru": hearing.description_ru},
        "place": {"kk": hearing.place_kk, "ru": hearing.place_ru},
        "hearing_time": _iso(hearing.hearing_time), "video_url": hearing.video_url or None,
        "location": {"address": {"kk": hearing.address_kk, "ru": hearing.address_ru},
                     "districts": _both(hearing, "districts"), "lat": hearing.lat, "lon": hearing.lon},
        "initiator": {"name": hearing.initiator_name, "name_ru": hearing.initiator_name_ru or None,
                      "bin": hearing.initiator_bin,
                      "contacts": _both(hearing, "initiator_contacts"), "comments_address": hearing.comments_address},
        "documentation_developer": {"name": _both(hearing, "developer_name"), "contacts": hearing.developer_contacts},
        "expertise_body": _both(hearing, "expertise_body"), "documentation_url": hearing.documentation_url or None,
        "documents": [{"name": d.filename, "sha256": d.sha256, "size": d.size,
                       "url": url_for("hearings.document", hearing_id=hearing.id, document_id=d.id, _external=True)}
                      for d in hearing.documents],
        "media_notices": [{"outlet": m.outlet, "published_on": _iso(m.published_on), "language": m.language}
                          for m in hearing.media_notices],
        "notice_published_at": _iso(hearing.notice_published_at),
        "protocol_published_at": _iso(hearing.protocol_published_at),
        "cancel_reason": hearing.cancel_reason or None,
        "protocol_pdf": ({lang: url_for("hearings.protocol_pdf", hearing_id=hearing.id, lang=lang, _external=True)
                          for lang in ("kk", "ru")} if hearing.protocol_published_at else None),
        "comments": [comment_json(c) for c in comments],
    }


def comment_json(comment: Comment) -> dict[str, Any]:
    """A published comment: the author's name or initials, never the contact."""
    position = comment.position
    return {"receipt": comment.receipt, "author": comment.public_author, "channel": comment.channel.value,
            "received_at": _iso(comment.received_at), "text": comment.text,
            "connection_complaint": comment.is_connection_complaint,
            "position": {"stance": position.stance.value, "reasons": position.reasons} if position else None}


def _both(hearing: Hearing, attr: str) -> dict[str, str]:
    return {"kk": getattr(hearing, attr), "ru": getattr(hearing, f"{attr}_ru")}


def _pair(texts: dict[str, str] | None, attr: str, ru_attr: str | None = None) -> dict[str, Any]:
    texts = texts or {}
    return {attr: texts.get("kk"), ru_attr or f"{attr}_ru": texts.get("ru")}


def values_from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The notice's attribute values from the contract's nested JSON, already parsed (``api.NOTICE``)."""
    initiator, developer = data.get("initiator") or {}, data.get("documentation_developer") or {}
    location = data.get("location") or {}
    values = {
        **_pair(data.get("title"), "title_kk", "title_ru"),
        **_pair(data.get("description"), "description_kk", "description_ru"),
        **_pair(data.get("place"), "place_kk", "place_ru"),
        **_pair(location.get("address"), "address_kk", "address_ru"),
        **_pair(location.get("districts"), "districts"), "lat": location.get("lat"), "lon": location.get("lon"),
        **_pair(initiator.get("name"), "initiator_name"), "initiator_bin": initiator.get("bin"),
        **_pair(initiator.get("contacts"), "initiator_contacts"),
        "comments_address": initiator.get("comments_address"),
        **_pair(developer.get("name"), "developer_name"), "developer_contacts": developer.get("contacts"),
        **_pair(data.get("expertise_body"), "expertise_body"), "documentation_url": data.get("documentation_url"),
        "video_url": data.get("video_url"),
        **{key: data.get(key) for key in ("hearing_date", "hearing_time", "survey_start", "survey_end")},
    }
    return {k: ("" if v is None and k not in _NULLABLE else v) for k, v in values.items()}


_NULLABLE = {"lat", "lon", "hearing_date", "hearing_time", "survey_start", "survey_end"}
