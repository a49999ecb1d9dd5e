"""The action plans of the concepts, shipped as data (parsed from the seeds by scripts/parse_seeds.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
CONCEPTS = {"taza-kazakhstan": "taza-kazakhstan.json", "biodiversity": "biodiversity.json"}
# Reporting chain of each concept (bodies to the ministry, the ministry onwards): month, day; the first year
# reported; the audit rules of the two steps.
REPORTING_DATES = {"taza-kazakhstan": {"bodies": (2, 1), "ministry": (3, 15), "first_year": 2024,
                                       "rules": ("AP-01", "AP-02")},
                   "biodiversity": {"bodies": (4, 1), "ministry": (5, 1), "government": (6, 15), "first_year": 2026,
                                    "rules": ("AP-03", "AP-04", "AP-05")}}
TITLES = {
    "taza-kazakhstan": {
        "kk": "Экологиялық мәдениетті дамытудың 2024 – 2029 жылдарға арналған «Таза Қазақстан» тұжырымдамасын іске "
              "асыру жөніндегі іс-қимыл жоспары",
        "ru": "План действий по реализации Концепции развития экологической культуры «Таза Казахстан» на 2024 – 2029 "
              "годы",
    },
    "biodiversity": {
        "kk": "Қазақстан Республикасында биоәртүрлілікті сақтау мен орнықты пайдалану жөніндегі 2026 – 2035 "
              "жылдарға арналған тұжырымдаманы іске асыру жөніндегі іс-қимыл жоспары",
        "ru": "План действий по реализации Концепции по сохранению и устойчивому использованию биологического "
              "разнообразия в Республике Казахстан на 2026 – 2035 годы",
    },
}


def plan_title(concept: str, lang: str) -> str:
    """The plan's official title in ``lang``, else in Kazakh."""
    return TITLES[concept].get(lang, TITLES[concept]["kk"])


@cache
def action_plan(concept: str) -> dict[str, Any]:
    """The directions and numbered items of a concept's action plan."""
    if concept not in CONCEPTS:
        raise KeyError(concept)
    return json.loads((DATA / CONCEPTS[concept]).read_text(encoding="utf-8"))
