"""Kazakh case endings and the official date style (aarhus.core.kazakh, aarhus.core.dates)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from aarhus.core.dates import in_case, official_date, official_datetime
from aarhus.core.kazakh import inflect

# word, genitive, dative, accusative, locative, ablative
TABLE = [
    # back and front vowels, after a vowel
    ("Астана", "Астананың", "Астанаға", "Астананы", "Астанада", "Астанадан"),
    ("шілде", "шілденің", "шілдеге", "шілдені", "шілдеде", "шілдеден"),
    # after the nasals м н ң: genitive and ablative with н
    ("желтоқсан", "желтоқсанның", "желтоқсанға", "желтоқсанды", "желтоқсанда", "желтоқсаннан"),
    ("маусым", "маусымның", "маусымға", "маусымды", "маусымда", "маусымнан"),
    ("Қазақстан", "Қазақстанның", "Қазақстанға", "Қазақстанды", "Қазақстанда", "Қазақстаннан"),
    # after л р й у з ж
    ("қаңтар", "қаңтардың", "қаңтарға", "қаңтарды", "қаңтарда", "қаңтардан"),
    ("сәуір", "сәуірдің", "сәуірге", "сәуірді", "сәуірде", "сәуірден"),
    ("наурыз", "наурыздың", "наурызға", "наурызды", "наурызда", "наурыздан"),
    ("Абай", "Абайдың", "Абайға", "Абайды", "Абайда", "Абайдан"),
    ("тау", "таудың", "тауға", "тауды", "тауда", "таудан"),
    # after a voiceless consonant
    ("қыркүйек", "қыркүйектің", "қыркүйекке", "қыркүйекті", "қыркүйекте", "қыркүйектен"),
    ("Шымкент", "Шымкенттің", "Шымкентке", "Шымкентті", "Шымкентте", "Шымкенттен"),
    ("ақпарат", "ақпараттың", "ақпаратқа", "ақпаратты", "ақпаратта", "ақпараттан"),
    # an izafet: the pronominal н after the third-person possessive
    ("Алматы қаласының әкімдігі", "Алматы қаласының әкімдігінің", "Алматы қаласының әкімдігіне",
     "Алматы қаласының әкімдігін", "Алматы қаласының әкімдігінде", "Алматы қаласының әкімдігінен"),
    ("Абай облысы", "Абай облысының", "Абай облысына", "Абай облысын", "Абай облысында", "Абай облысынан"),
    ("Қазақстан Республикасы Экология және табиғи ресурстар министрлігі",
     "Қазақстан Республикасы Экология және табиғи ресурстар министрлігінің",
     "Қазақстан Республикасы Экология және табиғи ресурстар министрлігіне",
     "Қазақстан Республикасы Экология және табиғи ресурстар министрлігін",
     "Қазақстан Республикасы Экология және табиғи ресурстар министрлігінде",
     "Қазақстан Республикасы Экология және табиғи ресурстар министрлігінен"),
    # agent nouns in -шы/-ші are not possessives
    ("ақпарат иеленуші", "ақпарат иеленушінің", "ақпарат иеленушіге", "ақпарат иеленушіні", "ақпарат иеленушіде",
     "ақпарат иеленушіден"),
    ("ақпарат пайдаланушы", "ақпарат пайдаланушының", "ақпарат пайдаланушыға", "ақпарат пайдаланушыны",
     "ақпарат пайдаланушыда", "ақпарат пайдаланушыдан"),
    # numbers and abbreviations, read aloud, after a hyphen
    ("2026", "2026-ның", "2026-ға", "2026-ны", "2026-да", "2026-дан"),
    ("2020", "2020-ның", "2020-ға", "2020-ны", "2020-да", "2020-дан"),
    ("12", "12-нің", "12-ге", "12-ні", "12-де", "12-ден"),
    ("БАҚ", "БАҚ-тың", "БАҚ-қа", "БАҚ-ты", "БАҚ-та", "БАҚ-тан"),
    ("«Ақпараттық-талдау орталығы» РМК", "«Ақпараттық-талдау орталығы» РМК-ның", "«Ақпараттық-талдау орталығы» РМК-ға",
     "«Ақпараттық-талдау орталығы» РМК-ны", "«Ақпараттық-талдау орталығы» РМК-да",
     "«Ақпараттық-талдау орталығы» РМК-дан"),
]
CASES = ("genitive", "dative", "accusative", "locative", "ablative")


@pytest.mark.parametrize("row", TABLE, ids=[row[0] for row in TABLE])
def test_inflect_follows_vowel_harmony_and_the_last_sound(row):
    word, *forms = row
    assert [inflect(word, case) for case in CASES] == forms
    assert inflect(word, "nominative") == word


def test_the_twelve_months_take_the_case_a_sentence_needs():
    months = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
              "қараша", "желтоқсан"]
    assert [inflect(m, "dative") for m in months] == [
        "қаңтарға", "ақпанға", "наурызға", "сәуірге", "мамырға", "маусымға", "шілдеге", "тамызға", "қыркүйекке",
        "қазанға", "қарашаға", "желтоқсанға"]
    assert [inflect(m, "ablative") for m in months] == [
        "қаңтардан", "ақпаннан", "наурыздан", "сәуірден", "мамырдан", "маусымнан", "шілдеден", "тамыздан",
        "қыркүйектен", "қазаннан", "қарашадан", "желтоқсаннан"]


def test_an_unknown_case_is_refused():
    with pytest.raises(ValueError):
        inflect("қала", "instrumental")


@pytest.mark.parametrize("lang,long,full", [
    ("kk", "2026 жылғы 26 желтоқсан", "2026 жылғы 26 желтоқсан, сенбі"),
    ("ru", "26 декабря 2026 г.", "26 декабря 2026 г., суббота"),
    ("en", "26 December 2026", "26 December 2026, Saturday"),
])
def test_official_dates(lang, long, full):
    day = date(2026, 12, 26)
    assert official_date(day, lang) == long
    assert official_date(day, lang, "full") == full
    assert official_date(day, lang, "numeric") == "26.12.2026"
    assert official_date("2026-12-26", lang) == long  # as snapshots keep it
    assert official_date(day, lang, "short") == official_date(day, lang, "medium") == "26.12.2026"  # never "26.12.26"


def test_kazakh_dates_in_sentences():
    assert official_date(date(2027, 1, 12), "kk", case="dative") + " дейін" == "2027 жылғы 12 қаңтарға дейін"
    assert official_date(date(2026, 12, 26), "kk", case="ablative") + " бастап" == "2026 жылғы 26 желтоқсаннан бастап"
    assert official_date(date(2026, 3, 2), "kk", case="locative") == "2026 жылғы 2 наурызда"
    assert official_date(date(2027, 1, 12), "kk", "full", case="dative") == "2027 жылғы 12 қаңтарға (сейсенбі)"
    # Russian and English dates do not change with the sentence
    assert official_date(date(2027, 1, 12), "ru", case="dative") == "12 января 2027 г."
    assert official_date(date(2027, 1, 12), "en", case="ablative") == "12 January 2027"


def test_instants_in_the_legal_zone_without_naming_it():
    zone = ZoneInfo("Asia/Almaty")
    instant = datetime(2026, 12, 26, 9, 5, tzinfo=UTC)
    assert official_datetime(instant, zone, "kk") == "2026 жылғы 26 желтоқсан, 14:05"
    assert official_datetime(instant, zone, "ru") == "26 декабря 2026 г., 14:05"
    assert official_datetime(instant, zone, "en", "numeric") == "26.12.2026 14:05"
    assert official_datetime(instant.replace(tzinfo=None), zone, "en", "numeric") == "26.12.2026 14:05"  # naive = UTC
    assert official_datetime("2026-12-26 14:05", zone, "en") == "26 December 2026, 14:05"  # already wall-clock


def test_names_are_inflected_only_in_kazakh():
    assert in_case("Алматы қаласының әкімдігі", "dative", "kk") == "Алматы қаласының әкімдігіне"
    assert in_case("Акимат города Алматы", "dative", "ru") == "Акимат города Алматы"
    assert in_case("Алматы қаласының әкімдігі", None, "kk") == "Алматы қаласының әкімдігі"


def test_akimat_names_are_stored_not_glued(app):
    from sqlalchemy import select

    from aarhus.bodies.models import Body, BodyKind
    from aarhus.bodies.operations import load_regions
    from aarhus.core.extensions import db

    stored = {b.region.code: b for b in db.session.scalars(select(Body).where(Body.kind == BodyKind.akimat))}
    for row in load_regions():
        assert stored[row["code"]].name_kk == row["akimat_kk"]
        assert stored[row["code"]].name_ru == row["akimat_ru"]
    assert stored["KZ-75"].name_kk == "Алматы қаласының әкімдігі"
    assert stored["KZ-10"].name_kk == "Абай облысының әкімдігі"
