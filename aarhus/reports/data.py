"""The NIR structure shipped with the project (parsed from the seeds by scripts/parse_seeds.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
@cache
def nir_sections() -> dict[str, Any]:
    """The 37 sections with headings and questions in kk / ru / en."""
    return json.loads((DATA / "nir-sections.json").read_text(encoding="utf-8"))


@cache
def nir_2021_answers() -> dict[str, str]:
    """The Kazakh answers of the 2021 report (seed 003), by numeral: the previous cycle."""
    rows = json.loads((DATA / "nir-2021-kk.json").read_text(encoding="utf-8"))
    return {row["numeral"]: row["answer"] for row in rows}
