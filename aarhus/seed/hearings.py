"""Demo hearings in every state, built through the real operations at the dates they happened."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from aarhus.accounts.models import User
from aarhus.core.extensions import db
from aarhus.core.time import legal_date, pin_clock, utcnow
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Channel, Hearing

ALMATY = ZoneInfo("Asia/Almaty")


def _at(day: date, hour: int = 11) -> None:
    """Act as if it were ``day``; never later than the real now, so nothing is dated in the future."""
    instant = min(datetime.combine(day, time(hour), ALMATY).astimezone(UTC), _REAL_NOW[0])
    pin_clock(lambda: instant)


_REAL_NOW: list[datetime] = []


BASE = {
    "initiator_contacts": "+7 727 300 00 00, info@example.kz", "initiator_contacts_ru": "+7 727 300 00 00, info@example.kz",
    "developer_name": "«ЭкоПроект Консалтинг» ЖШС", "developer_name_ru": "ТОО «ЭкоПроект Консалтинг»",
    "developer_contacts": "+7 727 311 22 33, eco@ecoproject.kz",
    "expertise_body": "ҚР ЭТРМ Экологиялық реттеу және бақылау комитеті",
    "expertise_body_ru": "Комитет экологического регулирования и контроля МЭПР РК",
}

# "start" and "end" are days from today, so the demo shows every state whenever it is loaded.
SCENARIOS: list[dict[str, Any]] = [
    {"region": "KZ-75", "form": "open_meeting", "key": "published_protocol", "start": -37,
     "title_kk": "Көктөбе аймағында аспалы жол салу жобасы", "title_ru": "Проект канатной дороги в районе Кок-Тобе",
     "description_kk": "Кок-Төбеден Медеуге дейін 3,2 км аспалы жол салу; 120 ағашты кесу жоспарланған.",
     "description_ru": "Строительство канатной дороги 3,2 км от Кок-Тобе до Медеу; планируется вырубка 120 деревьев.",
     "initiator_name": "«Алматы Тау Жолдары» АҚ", "initiator_name_ru": "АО «Алматы Тау Жолдары»", "initiator_bin": "180540011223",
     "address_kk": "Алматы қ., Медеу ауданы, Көктөбе", "address_ru": "г. Алматы, Медеуский район, Кок-Тобе",
     "districts": "Медеу ауданы", "districts_ru": "Медеуский район", "lat": 43.2335, "lon": 76.9786,
     "place_kk": "Алматы, Медеу ауданы әкімдігінің мәжіліс залы", "place_ru": "Алматы, зал заседаний акимата Медеуского района",
     "comments": [("Әлия Жақыпова", "aliya@mail.kz", True, "Ағаштарды кесудің орнына өтемдік отырғызу қай жерде болады?",
                   "accepted", "Өтемдік отырғызу Медеу саябағында 600 көшет көлемінде жобаға енгізілді."),
                  ("Андрей Ким", "+7 701 555 1122", False, "Прошу опубликовать расчёт шумового воздействия на жилые дома по ул. Горная.",
                   "partly", "Расчёт опубликован; дополнительные шумозащитные экраны будут рассмотрены на стадии рабочего проекта."),
                  ("«Жасыл Ел» ҚБ", "green@ngo.kz", True, "Жоба ерекше қорғалатын аумақтың шекарасына тым жақын.",
                   "rejected", "Трасса ерекше қорғалатын аумақтан 450 м қашықтықта өтеді, бұл нормативтен асады.")],
     "oral": [("Сергей Петров", "+7 777 000 1122", "Будет ли доступ для маломобильных граждан на станциях?",
               "accepted", "Все станции оборудуются лифтами и пандусами.")]},
    {"region": "KZ-35", "form": "survey", "key": "survey_protocol", "start": -81, "end": -47,
     "title_kk": "Балқаш мыс балқыту зауытының шығарындыларын азайту жобасы",
     "title_ru": "Проект снижения выбросов Балхашского медеплавильного завода",
     "description_kk": "Күкірт диоксидін ұстау қондырғысын орнату.", "description_ru": "Установка улавливания диоксида серы.",
     "initiator_name": "«Қазақмыс Смэлтинг» ЖШС", "initiator_name_ru": "ТОО «Казахмыс Смэлтинг»", "initiator_bin": "140840009876",
     "address_kk": "Қарағанды облысы, Балқаш қ.", "address_ru": "Карагандинская область, г. Балхаш", "districts": "Балқаш", "districts_ru": "Балхаш",
     "comments": [("Нұрлан Әбдіқадыров", "nurlan@mail.kz", True, "Мониторинг деректерін онлайн жариялауды сұраймын.",
                   "accepted", "Мониторинг деректері компания сайтында күн сайын жарияланады.")]},
    {"region": "KZ-35", "form": "open_meeting", "key": "overdue", "start": -16,
     "title_kk": "Теміртау қаласында қатты тұрмыстық қалдықтар полигоны", "title_ru": "Полигон твёрдых бытовых отходов в Темиртау",
     "description_kk": "Жылына 120 мың тонна қалдық қабылдайтын полигон.", "description_ru": "Полигон мощностью 120 тыс. тонн в год.",
     "initiator_name": "«Таза Теміртау» ЖШС", "initiator_name_ru": "ТОО «Таза Темиртау»", "initiator_bin": "200340015555",
     "address_kk": "Теміртау қ., солтүстік өнеркәсіп аймағы", "address_ru": "г. Темиртау, северная промзона", "districts": "Теміртау", "districts_ru": "Темиртау",
     "place_kk": "Теміртау, Металлургтер мәдениет сарайы", "place_ru": "Темиртау, Дворец культуры металлургов",
     "comments": [("Ирина Соколова", "irina@mail.kz", True, "Полигон находится в 900 м от посёлка — это меньше санитарной зоны.",
                   None, None)]},
    {"region": "KZ-75", "form": "open_meeting", "key": "upcoming", "start": 27, "video": True,
     "title_kk": "Бутаковка өзенінің жағалауын нығайту", "title_ru": "Укрепление берегов реки Бутаковка",
     "description_kk": "Тасқын қаупін азайту үшін 2,4 км жағалауды бетондау.",
     "description_ru": "Бетонирование 2,4 км берега для снижения риска селей и паводков.",
     "initiator_name": "Алматы қ. Энергетика басқармасы", "initiator_name_ru": "Управление энергетики г. Алматы", "initiator_bin": "990240001234",
     "address_kk": "Алматы қ., Бутаковка шағын ауданы", "address_ru": "г. Алматы, мкр. Бутаковка", "districts": "Медеу ауданы", "districts_ru": "Медеуский район",
     "place_kk": "Алматы, №45 мектептің акт залы", "place_ru": "Алматы, актовый зал школы №45",
     "comments": [("Дина Омарова", "dina@mail.kz", True, "Жағалаудағы жаяу жүргінші жолы сақтала ма?", None, None),
                  ("Виктор Лим", "viktor@mail.kz", False, "Прошу приложить гидрологическое обоснование.", None, None)]},
    {"region": "KZ-47", "form": "survey", "key": "in_progress", "start": -19, "end": 16,
     "title_kk": "Ақтау теңіз суын тұщыландыру зауыты", "title_ru": "Завод опреснения морской воды в Актау",
     "description_kk": "Тәулігіне 50 мың м³ тұщыландыру қуаты.", "description_ru": "Мощность опреснения 50 тыс. м³ в сутки.",
     "initiator_name": "«Каспий Су» АҚ", "initiator_name_ru": "АО «Каспий Су»", "initiator_bin": "050140007777",
     "address_kk": "Маңғыстау облысы, Ақтау қ., 3-өнеркәсіп аймағы", "address_ru": "Мангистауская область, г. Актау, промзона 3",
     "districts": "Ақтау", "districts_ru": "Актау", "comments": []},
    {"region": "KZ-63", "form": "open_meeting", "key": "cancelled", "start": 19,
     "title_kk": "Риддер маңында орман кесу", "title_ru": "Вырубка леса вблизи Риддера",
     "description_kk": "Ағаш дайындау учаскесі.", "description_ru": "Лесосека заготовки древесины.",
     "initiator_name": "«Алтай Орман» ЖШС", "initiator_name_ru": "ТОО «Алтай Орман»", "initiator_bin": "110540003333",
     "address_kk": "Шығыс Қазақстан облысы, Риддер", "address_ru": "ВКО, г. Риддер", "districts": "Риддер", "districts_ru": "Риддер",
     "place_kk": "Риддер, қалалық әкімдік", "place_ru": "Риддер, городской акимат", "comments": []},
    {"region": "KZ-75", "form": "open_meeting", "key": "agreed", "start": 60,
     "title_kk": "Сайран көлі маңындағы саябақ", "title_ru": "Парк у озера Сайран",
     "description_kk": "Жаңа саябақ.", "description_ru": "Новый парк.", "initiator_name": "Алматы қ. Табиғи ресурстар басқармасы", "initiator_name_ru": "Управление природных ресурсов г. Алматы",
     "initiator_bin": "990340005678", "address_kk": "Алматы, Сайран", "address_ru": "Алматы, Сайран", "districts": "Әуезов ауданы", "districts_ru": "Ауэзовский район",
     "place_kk": "Алматы, Әуезов ауданы әкімдігі", "place_ru": "Алматы, акимат Ауэзовского района", "comments": []},
    {"region": "KZ-35", "form": "open_meeting", "key": "awaiting", "start": -2,
     "title_kk": "Сарань шахтасының үйінділерін рекультивациялау", "title_ru": "Рекультивация отвалов шахты в Сарани",
     "description_kk": "42 га үйінділерді қалпына келтіру.", "description_ru": "Восстановление 42 га отвалов.",
     "initiator_name": "«Сарань Көмір» ЖШС", "initiator_name_ru": "ТОО «Сарань Комир»", "initiator_bin": "070240004444",
     "address_kk": "Қарағанды облысы, Сарань қ.", "address_ru": "Карагандинская область, г. Сарань", "districts": "Сарань", "districts_ru": "Сарань",
     "place_kk": "Сарань, қалалық мәдениет үйі", "place_ru": "Сарань, городской дом культуры",
     "comments": [("Марат Есенов", "marat@mail.kz", True, "Рекультивация кестесін жариялаңыз.", None, None)]},
    {"region": "KZ-75", "form": "survey", "key": "draft", "start": 45, "end": 80,
     "title_kk": "Алматы метросының үшінші желісі", "title_ru": "Третья линия Алматинского метро",
     "description_kk": "", "description_ru": "Проект в подготовке.", "initiator_name": "«Алматы Метрополитені» КМК",
     "initiator_bin": "", "address_kk": "", "address_ru": "г. Алматы", "districts": "", "comments": []},
]
EXTRA_OFFICERS = {"KZ-47": "officer.mangystau@demo.kz", "KZ-63": "officer.east@demo.kz"}
# The second officer of each region, who signs the protocols as secretary (the first signs as chair).
SECRETARIES = {"KZ-75": "secretary.almaty@demo.kz", "KZ-35": "secretary.karaganda@demo.kz",
               "KZ-47": "secretary.mangystau@demo.kz", "KZ-63": "secretary.east@demo.kz"}


def load(officers: dict[str, User], initiator: User, secretaries: dict[str, User]) -> int:
    """Create the demo hearings that do not exist yet; returns how many were made."""
    made = 0
    _REAL_NOW[:] = [utcnow()]
    try:
        for scenario in SCENARIOS:
            exists = db.session.scalars(select(Hearing.id).where(Hearing.title_kk == scenario["title_kk"])).first()
            if not exists:
                _build(scenario, officers[scenario["region"]], initiator, secretaries[scenario["region"]])
                made += 1
    finally:
        pin_clock(None)
    db.session.commit()
    return made


def _build(s: dict[str, Any], officer: User, initiator: User, secretary: User) -> Hearing:
    today = legal_date(_REAL_NOW[0])
    start = today + timedelta(days=s["start"])
    end = today + timedelta(days=s.get("end", s["start"]))
    values = {**BASE, **{k: v for k, v in s.items() if k in ops.NOTICE_ATTRS}, "comments_address": "info@example.kz",
              "documentation_url": "https://example.kz/ovos"}
    if s["form"] == "survey":
        values.update(survey_start=start, survey_end=end)
    else:
        values.update(hearing_date=start, hearing_time=time(11, 0))
    if s.get("video"):
        values["video_url"] = "https://meet.example.kz/hearing"
    _at(start - timedelta(days=30))
    hearing = ops.create_hearing(s["region"], s["form"], values, initiator)
    if s["key"] == "draft":
        return hearing
    _at(start - timedelta(days=28))  # the newspapers print the notice (never dated after the real today)
    ops.add_media_notice(hearing, "Егемен Қазақстан / Казахстанская правда", legal_date(utcnow()), "both", initiator)
    ops.record_agreement(hearing, {"place_kk": values.get("place_kk", ""), "place_ru": values.get("place_ru", ""),
                                   "invitees": "Жергілікті тұрғындар, ҮЕҰ, мүдделі мемлекеттік органдар",
                                   "information_methods": "Газет, әкімдік сайты, хабарландыру тақталары"}, officer)
    if s["key"] == "agreed":
        return hearing
    _at(start - timedelta(days=25))
    ops.publish_hearing(hearing, officer)
    if s["key"] == "cancelled":
        _at(today)
        ops.cancel_hearing(hearing, "Бастамашы жобаны қайта қарау үшін кері қайтарып алды / Инициатор отозвал проект на доработку",
                           officer)
        return hearing
    comments = []
    for i, (name, contact, show, text, stance, reasons) in enumerate(s["comments"]):
        _at(start - timedelta(days=20 - i))
        comments.append((ops.submit_comment(hearing, author_name=name, contact=contact, text=text, show_name=show),
                         stance, reasons))
    if s["key"] in ("upcoming", "in_progress"):
        return hearing
    _at(end, 15)
    for name, contact, text, stance, reasons in s.get("oral", []):
        comments.append((ops.submit_comment(hearing, author_name=name, contact=contact, text=text, show_name=True,
                                            channel=Channel.oral, entered_by=officer), stance, reasons))
    if s["key"] in ("overdue", "awaiting"):
        return hearing
    _at(end + timedelta(days=2))
    for comment, stance, reasons in comments:
        ops.set_position(comment, stance, reasons, initiator)
    signers = {"chair": officer, "secretary": secretary}
    ops.draft_protocol(hearing, {"attendees": 64, "eia_presented": True, "chair_name": "Ғалым Серікбаев",
                                 "secretary_name": "Анна Ли", "chair_id": officer.id, "secretary_id": secretary.id},
                       officer)
    for role in ops.signatures_needed(hearing):
        ops.sign_protocol(hearing, role, signers[role])
    _at(end + timedelta(days=5))
    ops.publish_protocol(hearing, officer)
    return hearing
