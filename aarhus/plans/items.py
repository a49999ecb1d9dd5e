"""The action plans of the concepts, shipped as data (parsed from the seeds by scripts/parse_seeds.py)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
CONCEPTS = {"taza-kazakhstan": "taza-kazakhstan.json", "biodiversity": "biodiversity.json"}
# Reporting chain of each concept (bodies to the ministry, the ministry onwards): month, day; the first year
# reported; the audit rules of the two steps.
REPORTING_DATES = {"taza-kazakhstan": {"bodies": (2, 1), "ministry": (3, 15), "first_year": 2024,
                                       "last_year": 2029, "rules": ("AP-01", "AP-02")},
                   "biodiversity": {"bodies": (4, 1), "ministry": (5, 1), "government": (6, 15), "first_year": 2026,
                                    "last_year": 2035, "rules": ("AP-03", "AP-04", "AP-05")}}
TITLES = {
    "taza-kazakhstan": {
        "kk": "Экологиялық мәдениетті дамытудың 2024 – 2029 жылдарға арналған «Таза Қазақстан» тұжырымдамасын іске "
              "асыру жөніндегі іс-қимыл жоспары",
        "ru": "План действий по реализации Концепции развития экологической культуры «Таза Казахстан» на 2024 – 2029 "
              "годы",
        "en": "Action plan for implementing the «Taza Kazakhstan» Concept for the Development of Environmental Culture "
              "for 2024 – 2029",
    },
    "biodiversity": {
        "kk": "Қазақстан Республикасында биоәртүрлілікті сақтау мен орнықты пайдалану жөніндегі 2026 – 2035 "
              "жылдарға арналған тұжырымдаманы іске асыру жөніндегі іс-қимыл жоспары",
        "ru": "План действий по реализации Концепции по сохранению и устойчивому использованию биологического "
              "разнообразия в Республике Казахстан на 2026 – 2035 годы",
        "en": "Action plan for implementing the Concept for the Conservation and Sustainable Use of Biological "
              "Diversity in the Republic of Kazakhstan for 2026 – 2035",
    },
}


# The plan's texts are official in Kazakh only (the decrees' annexes); each item and direction carries beside them an
# unofficial Russian and English translation ("ru", "en"), written by hand from the Kazakh and kept by
# scripts/parse_seeds.py when it parses the seeds again.
OFFICIAL_LANG = "kk"
TRANSLATED = ("ru", "en")
ITEM_TEXTS = ("name", "form", "deadline", "executors", "funding", "source")
DIRECTION_TEXTS = ("name", "indicators")
# Proper names whose official Russian form keeps Kazakh letters (the regions renamed in 2022, the national companies'
# registered names): the only Kazakh letters a Russian plan may print in its items.
RUSSIAN_PROPER_NAMES = ("Ұлытау", "Жетісу", "ҚТЖ", "ҚазАвтоЖол")


def plan_years(concept: str) -> range:
    """The years the concept's action plan runs (the years of its title): the only years it reports on."""
    dates = REPORTING_DATES[concept]
    return range(dates["first_year"], dates["last_year"] + 1)


def offered_years(concept: str, today: date) -> list[int]:
    """The plan's years up to the current one: those a progress report can be built for on ``today``."""
    return [year for year in plan_years(concept) if year <= today.year]


def is_official(lang: str) -> bool:
    """Whether the plan's texts in ``lang`` are the official ones (Kazakh), not a translation."""
    return lang not in TRANSLATED


def localized(entry: dict[str, Any], lang: str) -> dict[str, Any]:
    """An item or a direction with its texts in ``lang``: the unofficial translation where there is one, else the
    official Kazakh; the translations themselves are left out."""
    texts = {} if is_official(lang) else entry.get(lang, {})
    return {**{k: v for k, v in entry.items() if k not in TRANSLATED}, **texts}


def plan_title(concept: str, lang: str) -> str:
    """The plan's official title in ``lang``, else in Kazakh."""
    return TITLES[concept].get(lang, TITLES[concept]["kk"])


@cache
def action_plan(concept: str) -> dict[str, Any]:
    """The directions and numbered items of a concept's action plan."""
    if concept not in CONCEPTS:
        raise KeyError(concept)
    return json.loads((DATA / CONCEPTS[concept]).read_text(encoding="utf-8"))
