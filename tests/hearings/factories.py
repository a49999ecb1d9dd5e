"""Hearings built through the real operations."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Hearing
from tests.conftest import make_user


def notice_values(form: str = "open_meeting", start: date | None = None, days: int = 30) -> dict[str, Any]:
    """A complete notice; ``start`` is the meeting day or the survey's first day."""
    start = start or date(2026, 12, 28)
    values = {
        "title_kk": "Қарағайлы кен орнында мыс өндіру жобасы", "title_ru": "Проект добычи меди на месторождении Карагайлы",
        "description_kk": "Ашық әдіспен мыс кенін өндіру.", "description_ru": "Добыча медной руды открытым способом.",
        "initiator_name": "«Қазмыс» ЖШС", "initiator_name_ru": "ТОО «Казмыс»", "initiator_bin": "123456789012", "initiator_contacts": "+7 727 000 00 00",
        "initiator_contacts_ru": "+7 727 000 00 00",
        "comments_address": "comments@kazmys.kz, Алматы, Абай даңғылы 1",
        "developer_name": "«ЭкоЖоба» ЖШС", "developer_name_ru": "ТОО «ЭкоЖоба»", "developer_contacts": "info@ecojoba.kz",
        "expertise_body": "Экологиялық реттеу және бақылау комитеті",
        "expertise_body_ru": "Комитет экологического регулирования и контроля",
        "address_kk": "Қарағанды облысы, Қарқаралы ауданы", "address_ru": "Карагандинская область, Каркаралинский район",
        "districts": "Қарқаралы", "districts_ru": "Каркаралинск", "documentation_url": "https://kazmys.kz/eia",
    }
    if form == "survey":
        values.update(survey_start=start, survey_end=start + timedelta(days=days))
    else:
        values.update(hearing_date=start, hearing_time=time(11, 0), place_kk="Қарқаралы, Мәдениет үйі",
                      place_ru="Каркаралинск, Дом культуры")
    return values


def officer_of(region: str = "KZ-35", email: str | None = None) -> User:
    """An akimat officer of ``region``."""
    return make_user(Role.akimat_officer, email=email or f"officer-{region}@akimat.kz", region=region)


def secretary_of(region: str = "KZ-35") -> User:
    """A second akimat officer of ``region``, who signs protocols as secretary."""
    user = make_user(Role.akimat_officer, email=f"secretary-{region}@akimat.kz", region=region)
    user.name = "Ләззат Иванова"
    db.session.commit()
    return user


def signers(chair: User, secretary: User) -> dict[str, Any]:
    """The protocol's signers, as the draft names them."""
    return {"chair_id": chair.id, "secretary_id": secretary.id}


def draft(officer: User, form: str = "open_meeting", start: date | None = None, **overrides: Any) -> Hearing:
    """A complete draft with a bilingual media notice."""
    region = overrides.pop("region", None) or officer.body.region.code
    values = {**notice_values(form, start), **overrides}
    hearing = ops.create_hearing(region, form, values, officer)
    ops.add_media_notice(hearing, "Орталық Қазақстан", legal_today(), "both", officer)
    return hearing


def agree(hearing: Hearing, officer: User) -> None:
    """Record the akimat agreement."""
    ops.record_agreement(hearing, {"place_kk": hearing.place_kk or "Қарқаралы", "place_ru": hearing.place_ru or "Каркаралинск",
                                   "invitees": "Тұрғындар, ҮЕҰ", "information_methods": "Газет, хабарландыру тақтасы"},
                         officer)


def published(officer: User, form: str = "open_meeting", start: date | None = None, **overrides: Any) -> Hearing:
    """A published hearing (the clock must allow it)."""
    hearing = draft(officer, form, start, **overrides)
    agree(hearing, officer)
    ops.publish_hearing(hearing, officer)
    db.session.commit()
    return hearing


def make_protocol_pdfs(app) -> int:
    """Commit, and let the job worker render the published protocols' PDFs (as the scheduler process does)."""
    from aarhus.jobs import worker

    db.session.commit()
    ran = worker.work(app, once=True)
    db.session.commit()  # end this test's snapshot: it sees what the worker wrote
    return ran
