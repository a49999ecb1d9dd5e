"""Turn the seed documents into the structured data the reports ship with.

    python scripts/parse_seeds.py ../shared/seeds

writes aarhus/reports/data/taza-kazakhstan.json (the 60 items of the action plan with
their 2024 progress, seed 004) and aarhus/reports/data/nir-2021-kk.json (the 37
sections of the 2021 National Implementation Report: Kazakh headings, questions and
answers, seed 003). Kazakh text is normalised: the Latin schwa the seeds use becomes
the Cyrillic Ә/ә.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "aarhus" / "reports" / "data"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
         "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII", "XXVIII", "XXIX", "XXX", "XXXI",
         "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI", "XXXVII"]


def kazakh(text: str) -> str:
    """Cyrillic Kazakh letters instead of look-alikes; tidy spaces."""
    text = text.replace("ə", "ә").replace("Ə", "Ә")
    return re.sub(r"[ \t]+", " ", text).strip()


def parse_action_plan(text: str) -> dict:
    """Seed 004: directions with their indicators, and the numbered items with six columns."""
    lines = text.splitlines()
    directions, items, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        direction = re.match(r"^\t(\d)-бағыт\.\s*(.+)$", line)
        item = re.match(r"^\t(\d+)\.\s*$", line)
        if direction:
            directions.append({"number": int(direction.group(1)), "name": kazakh(direction.group(2)), "indicators": ""})
            i += 1
        elif line.strip() == "Нысаналы индикаторлар" and directions:
            block, i = _until_tab(lines, i + 1)
            directions[-1]["indicators"] = kazakh("\n".join(block)).replace(" \n", "\n")
        elif item:
            cells, i = [], i + 1
            while len(cells) < 5 and i < len(lines):
                if lines[i].startswith("\t"):
                    cells.append(kazakh(lines[i]))
                i += 1
            more, i = _until_tab(lines, i)
            progress = "\n".join([cells[4], *more]) if len(cells) == 5 else ""
            items.append({"number": int(item.group(1)), "direction": directions[-1]["number"] if directions else None,
                          "name": cells[0], "form": cells[1], "deadline": cells[2], "executors": cells[3],
                          "progress": {"2024": "\n".join(kazakh(p) for p in progress.splitlines() if p.strip())}})
        else:
            i += 1
    return {"concept": "taza-kazakhstan", "directions": directions, "items": items}


def _until_tab(lines: list[str], i: int) -> tuple[list[str], int]:
    block = []
    while i < len(lines) and not lines[i].startswith("\t"):
        if lines[i].strip().startswith("Ескертпе:"):
            break
        block.append(lines[i])
        i += 1
    return [b for b in block if b.strip()], i


def parse_nir(text: str) -> list[dict]:
    """Seed 003: each section's heading, question and 2021 answer."""
    text = text.replace("Х.", "X.")  # section X is typed with a Cyrillic Х in the seed
    heading = re.compile(r"^\s*(" + "|".join(sorted(ROMAN, key=len, reverse=True)) + r")\.\s*(\S.*)$")
    sections, current = [], None
    for line in text.splitlines():
        match = heading.match(line)
        expected = ROMAN[len(sections)] if len(sections) < len(ROMAN) else None
        if match and match.group(1) == expected:
            current = {"numeral": expected, "heading": [match.group(2)], "question": [], "answer": [], "part": "heading"}
            sections.append(current)
            continue
        if current is None:
            continue
        if "Жауап:" in line and current["part"] != "answer":
            before, after = line.split("Жауап:", 1)
            current[current["part"] if current["part"] != "heading" else "question"].append(before)
            current["part"] = "answer"
            current["answer"].append(after)
        elif current["part"] == "heading" and line.strip() and not current["question"] and len(current["heading"]) < 3 \
                and not line.rstrip().endswith((".", ":")) and len(line.strip()) < 60:
            current["heading"].append(line)
        else:
            if current["part"] == "heading":
                current["part"] = "question"
            current[current["part"]].append(line)
    return [{"numeral": s["numeral"], "heading": kazakh(" ".join(s["heading"])),
             "question": kazakh(" ".join(s["question"])),
             "answer": "\n".join(kazakh(p) for p in "\n".join(s["answer"]).split("\n\n") if p.strip())}
            for s in sections]


def main(seeds: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    plan = parse_action_plan((seeds / "004_792f4ac9943352cd.txt").read_text(encoding="utf-8"))
    (OUT / "taza-kazakhstan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    nir = parse_nir((seeds / "003_79bccd1a163f3e4a.txt").read_text(encoding="utf-8"))
    (OUT / "nir-2021-kk.json").write_text(json.dumps(nir, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"action plan: {len(plan['items'])} items in {len(plan['directions'])} directions; NIR: {len(nir)} sections")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds"))
