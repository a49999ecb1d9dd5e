"""Demo requests in every state, some overdue, built through the real operations at their dates."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from aarhus.accounts.models import User
from aarhus.bodies.operations import akimat_of
from aarhus.core.extensions import db
from aarhus.core.time import legal_date, pin_clock, utcnow
from aarhus.requests import operations as ops
from aarhus.requests.models import InfoRequest

# (days ago filed, region, language, subject, categories, what happens, days after filing it happens)
SCENARIOS = [
    (3, "KZ-75", "kk", "Алматы ауасындағы PM2.5 деңгейі, 2026 ж. қараша", ["environment_state"], None, 0),
    (25, "KZ-75", "ru", "Результаты мониторинга воды реки Весновка", ["environment_state"], None, 0),
    (40, "KZ-35", "ru", "Выбросы Карагандинской ТЭЦ-3 за 2025 год", ["environment_state", "health"], "answer", 9),
    (60, "KZ-35", "kk", "Теміртаудағы полигонның санитариялық-қорғау аймағы", ["other"], "answer_late", 22),
    (12, "KZ-75", "ru", "План вырубки деревьев на проспекте Абая", ["other"], "extend", 10),
    (30, "KZ-75", "kk", "Медеу ауданындағы құрылыс рұқсаттары", ["legal_acts"], "redirect", 2),
    (20, "KZ-35", "ru", "Персональные данные участников слушаний", ["other"], "refuse", 4),
    # Two more overdue requests of bodies with demo officers: the audit's findings about them are demo cases.
    (35, "KZ-35", "ru", "Качество воды в Самаркандском водохранилище", ["environment_state"], None, 0),
    (50, "KZ-75", "kk", "Ботаника бағындағы ағаштарды кесу жоспары", ["other"], "answer_late", 24),
]


def load(officers: dict[str, User]) -> int:
    """Create the demo requests that do not exist yet; returns how many were made."""
    real_now, made = utcnow(), 0
    today = legal_date(real_now)
    try:
        for days_ago, region, lang, subject, categories, act, after in SCENARIOS:
            if db.session.scalars(select(InfoRequest.id).where(InfoRequest.subject == subject)).first():
                continue
            _build(today - timedelta(days=days_ago), region, lang, subject, categories, act, after, officers[region])
            made += 1
    finally:
        pin_clock(None)
    db.session.commit()
    return made


def _at(day: date) -> None:
    from datetime import UTC, datetime, time
    from zoneinfo import ZoneInfo

    instant = datetime.combine(day, time(10), ZoneInfo("Asia/Almaty")).astimezone(UTC)
    pin_clock(lambda: instant)


def _build(filed: date, region: str, lang: str, subject: str, categories: list[str], act: str | None, after: int,
           officer: User) -> None:
    _at(filed)
    request, _token = ops.register_request(akimat_of(region), {
        "requester_name": "Демо Өтініш беруші" if lang == "kk" else "Демо Заявитель",
        "contact_email": "requester@demo.kz", "language": lang, "subject": subject,
        "text": "Осы тақырып бойынша барлық қолда бар деректерді беруіңізді сұраймын." if lang == "kk"
        else "Прошу предоставить все имеющиеся данные по этой теме.", "categories": categories})
    if act is None:
        return
    _at(filed + timedelta(days=after))
    text = "Сұратылған деректер қоса беріледі." if lang == "kk" else "Запрошенные данные прилагаются."
    if act in ("answer", "answer_late"):
        ops.answer_request(request, text=text, language=lang, actor=officer)
    elif act == "extend":
        ops.extend_request(request, "Деректер Казгидрометтен сұратылды" if lang == "kk" else
                           "Данные запрошены в Казгидромете", officer)
    elif act == "redirect":
        ops.redirect_request(request, akimat_of("KZ-19"), "Объект Алматы облысында орналасқан", officer)
    else:
        ops.refuse_request(request, "restricted", "Запрошены персональные данные физических лиц.", officer)
