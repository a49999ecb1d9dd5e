"""The audit's rule catalogue (rules.md §5): what each finding means and the law it rests on."""

from __future__ import annotations

from dataclasses import dataclass

RULES_HP = "Қоғамдық тыңдауларды өткізу қағидалары"


@dataclass(frozen=True)
class AuditRule:
    """One entry of the catalogue."""

    id: str
    severity: str  # high | medium
    title: dict[str, str]
    legal_basis: dict[str, str]

    @property
    def family(self) -> str:
        """HN, HD, HA, HS, HP, SE, PE or IR."""
        return self.id.split("-")[0]


def _r(rid: str, severity: str, en: str, ru: str, kk: str, basis_en: str, basis_ru: str, basis_kk: str) -> AuditRule:
    return AuditRule(rid, severity, {"en": en, "ru": ru, "kk": kk}, {"en": basis_en, "ru": basis_ru, "kk": basis_kk})


CATALOGUE: dict[str, AuditRule] = {r.id: r for r in (
    _r("HN-01", "high", "Notice published late or never", "Объявление опубликовано с опозданием или не опубликовано",
       "Хабарландыру кешіктіріліп жарияланған немесе жарияланбаған", "Public Hearing Rules, para. 10",
       "Правила проведения общественных слушаний, п. 10", f"{RULES_HP}, 10-тармақ"),
    _r("HN-02", "high", "Notice missing the Kazakh or the Russian version",
       "В объявлении нет казахской или русской версии", "Хабарландыруда қазақша немесе орысша нұсқасы жоқ",
       "Public Hearing Rules, para. 10", "Правила проведения общественных слушаний, п. 10", f"{RULES_HP}, 10-тармақ"),
    _r("HN-03", "medium", "Notice missing a required field", "В объявлении нет обязательного сведения",
       "Хабарландыруда міндетті мәлімет жоқ", "Public Hearing Rules, para. 10; Ecological Code art. 57-2",
       "Правила проведения общественных слушаний, п. 10; Экологический кодекс, ст. 57-2",
       f"{RULES_HP}, 10-тармақ; Экологиялық кодекс, 57-2-бап"),
    _r("HD-01", "high", "Documentation opened late or never", "Документация открыта с опозданием или не открыта",
       "Құжаттама кешіктіріліп ашылған немесе ашылмаған", "Ecological Code art. 57-2; Public Hearing Rules, para. 12",
       "Экологический кодекс, ст. 57-2; Правила, п. 12", f"Экологиялық кодекс, 57-2-бап; {RULES_HP}, 12-тармақ"),
    _r("HA-01", "high", "No akimat agreement before the notice", "Нет согласования акимата до публикации объявления",
       "Хабарландыру жарияланғанға дейін әкімдіктің келісімі жоқ", "Public Hearing Rules, paras. 8–9",
       "Правила проведения общественных слушаний, пп. 8–9", f"{RULES_HP}, 8–9-тармақтар"),
    _r("HS-01", "medium", "Survey shorter than 20 working days", "Опрос короче 20 рабочих дней",
       "Сауалнама 20 жұмыс күнінен қысқа", "Public Hearing Rules, para. 24",
       "Правила проведения общественных слушаний, п. 24", f"{RULES_HP}, 24-тармақ"),
    _r("HP-01", "medium", "Protocol published late", "Протокол опубликован с опозданием",
       "Хаттама кешіктіріліп жарияланған", "Public Hearing Rules, paras. 19, 25, 27",
       "Правила проведения общественных слушаний, пп. 19, 25, 27", f"{RULES_HP}, 19, 25, 27-тармақтар"),
    _r("HP-02", "high", "Protocol missing after its due date", "Протокол не опубликован после истечения срока",
       "Мерзімі өткеннен кейін хаттама жарияланбаған", "Public Hearing Rules, paras. 19, 25, 27",
       "Правила проведения общественных слушаний, пп. 19, 25, 27", f"{RULES_HP}, 19, 25, 27-тармақтар"),
    _r("HP-03", "high", "A comment is missing from the protocol or has no position",
       "Замечание не включено в протокол или без позиции инициатора",
       "Ескерту хаттамаға енгізілмеген немесе бастамашының ұстанымы жоқ", "Public Hearing Rules, Annexes 3 and 4",
       "Правила проведения общественных слушаний, приложения 3 и 4", f"{RULES_HP}, 3 және 4-қосымшалар"),
    _r("HP-04", "medium", "Protocol without the appeal statement or without chair and secretary",
       "В протоколе нет порядка обжалования или подписей председателя и секретаря",
       "Хаттамада шағым жасау тәртібі немесе төраға мен хатшының қолы жоқ", "Public Hearing Rules, para. 19, Annex 3",
       "Правила проведения общественных слушаний, п. 19, приложение 3", f"{RULES_HP}, 19-тармақ, 3-қосымша"),
    _r("SE-01", "medium", "Expertise conclusion published late", "Заключение экспертизы опубликовано с опозданием",
       "Сараптама қорытындысы кешіктіріліп жарияланған", "Ecological Code art. 57", "Экологический кодекс, ст. 57",
       "Экологиялық кодекс, 57-бап"),
    _r("PE-01", "medium", "Public expertise application not decided in time (deemed registered)",
       "Заявление об общественной экспертизе не рассмотрено в срок (считается зарегистрированным)",
       "Қоғамдық сараптама туралы өтініш мерзімінде қаралмаған (тіркелген болып есептеледі)",
       "Ecological Code art. 65", "Экологический кодекс, ст. 65", "Экологиялық кодекс, 65-бап"),
    _r("IR-01", "medium", "Request answered after its due date", "Ответ на запрос дан после срока",
       "Сұрау салуға мерзімнен кейін жауап берілген", "Law on access to information, art. 11",
       "Закон «О доступе к информации», ст. 11", "«Ақпаратқа қол жеткізу туралы» Заң, 11-бап"),
    _r("IR-02", "high", "Request unanswered after its due date", "Запрос без ответа после истечения срока",
       "Мерзімі өткен сұрау салуға жауап берілмеген", "Law on access to information, art. 11",
       "Закон «О доступе к информации», ст. 11", "«Ақпаратқа қол жеткізу туралы» Заң, 11-бап"),
    _r("IR-03", "medium", "Extension decided too late or the requester told late",
       "Продление принято поздно или пользователь информации уведомлён поздно",
       "Ұзарту туралы шешім кеш қабылданған немесе ақпарат пайдаланушыға кеш хабарланған",
       "Law on access to information, art. 11",
       "Закон «О доступе к информации», ст. 11", "«Ақпаратқа қол жеткізу туралы» Заң, 11-бап"),
    _r("IR-04", "medium", "Request forwarded late", "Запрос перенаправлен с опозданием",
       "Сұрау салу құзыретті ақпарат иеленушіге кешіктіріліп жолданған",
       "Law on appeals, art. 7(6)", "Закон об обращениях, ст. 7 п. 6",
       "Өтініштер туралы заң, 7-бап 6-тармақ"),
    _r("IR-05", "medium", "Refusal late or without a listed ground", "Отказ с опозданием или без основания из перечня",
       "Бас тарту кеш немесе тізімде жоқ негізбен", "Law on access to information, art. 11(16)",
       "Закон «О доступе к информации», ст. 11 п. 16", "«Ақпаратқа қол жеткізу туралы» Заң, 11-бап 16-тармақ"),
    _r("IR-06", "high", "Non-restrictable information refused as restricted",
       "Отказ как в информации ограниченного доступа по неограничиваемой категории",
       "Шектелмейтін ақпарат қолжетімділігі шектелген ретінде берілмеген", "Law on access to information, art. 6",
       "Закон «О доступе к информации», ст. 6", "«Ақпаратқа қол жеткізу туралы» Заң, 6-бап"),
    _r("AP-01", "medium", "Action-plan progress not reported by the bodies' date (1 February)",
       "Информация о ходе исполнения плана действий не представлена органами к 1 февраля",
       "Іс-қимыл жоспарының орындалу барысы туралы ақпаратты органдар 1 ақпанға дейін ұсынбаған",
       "Decree No 910 on the «Taza Kazakhstan» Concept: reporting by 1 February",
       "Постановление № 910 о Концепции «Таза Казахстан»: отчётность до 1 февраля",
       "«Таза Қазақстан» тұжырымдамасы туралы № 910 қаулы: 1 ақпанға дейін есеп беру"),
    _r("AP-02", "medium", "Action-plan report not produced by the ministry's date (15 March)",
       "Отчёт о ходе исполнения плана действий не сформирован министерством к 15 марта",
       "Іс-қимыл жоспарының есебін министрлік 15 наурызға дейін қалыптастырмаған",
       "Decree No 910 on the «Taza Kazakhstan» Concept: the ministry reports to the Government by 15 March",
       "Постановление № 910: министерство представляет информацию в Правительство до 15 марта",
       "№ 910 қаулы: министрлік Үкіметке 15 наурызға дейін ақпарат ұсынады"),
    _r("AP-03", "medium", "Biodiversity action-plan progress not reported by the bodies' date (1 April)",
       "Информация о ходе исполнения плана действий по биоразнообразию не представлена органами к 1 апреля",
       "Биоәртүрлілік жөніндегі іс-қимыл жоспарының орындалу барысы туралы ақпаратты органдар 1 сәуірге дейін "
       "ұсынбаған",
       "Decree No 1206 on the Biodiversity Concept 2026-2035, para. 2(3): reporting to the ministry by 1 April",
       "Постановление № 1206 о Концепции по биоразнообразию, п. 2 подп. 3: информация министерству до 1 апреля",
       "Биоәртүрлілік тұжырымдамасы туралы № 1206 қаулы, 2-тармақ 3) тармақша: министрлікке 1 сәуірге дейін"),
    _r("AP-04", "medium", "Biodiversity action-plan report not produced by the ministry's date (1 May)",
       "Отчёт о ходе исполнения плана действий по биоразнообразию не сформирован министерством к 1 мая",
       "Биоәртүрлілік жөніндегі іс-қимыл жоспарының есебін министрлік 1 мамырға дейін қалыптастырмаған",
       "Decree No 1206, para. 3: the ministry informs the Ministry of National Economy by 1 May",
       "Постановление № 1206, п. 3: министерство информирует Министерство национальной экономики до 1 мая",
       "№ 1206 қаулы, 3-тармақ: министрлік Ұлттық экономика министрлігіне 1 мамырға дейін ақпарат береді"),
    _r("AP-05", "medium", "Biodiversity summary not sent to the Government Office by 15 June",
       "Сводная информация по биоразнообразию не направлена в Аппарат Правительства к 15 июня",
       "Биоәртүрлілік жөніндегі жиынтық ақпарат Үкімет Аппаратына 15 маусымға дейін жіберілмеген",
       "Decree No 1206, para. 3: the Ministry of National Economy sends summary information to the Government Office "
       "by 15 June",
       "Постановление № 1206, п. 3: Министерство национальной экономики направляет сводную информацию в Аппарат "
       "Правительства до 15 июня",
       "№ 1206 қаулы, 3-тармақ: Ұлттық экономика министрлігі Үкімет Аппаратына 15 маусымға дейін жиынтық ақпарат "
       "жібереді"),
    _r("IR-07", "medium", "Answer not in the language of the request", "Ответ не на языке запроса",
       "Жауап сұрау салу жасалған тілде берілмеген",
       "Law on access to information, art. 11", "Закон «О доступе к информации», ст. 11",
       "«Ақпаратқа қол жеткізу туралы» Заң, 11-бап"),
    _r("AU-01", "medium", "Body did not answer a finding in time",
       "Орган не ответил на выявленное нарушение в срок",
       "Орган анықталған бұзушылыққа мерзімінде жауап бермеген",
       "Compliance audit procedure: the responsible body answers within 10 working days of receiving the finding",
       "Порядок аудита соблюдения: ответственный орган отвечает в течение 10 рабочих дней со дня получения "
       "выявленного нарушения",
       "Сақталуын аудиттеу тәртібі: жауапты орган анықталған бұзушылықты алған күннен бастап 10 жұмыс күні ішінде "
       "жауап береді"),
)}
