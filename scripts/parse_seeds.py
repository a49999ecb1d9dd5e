"""Turn the seed documents into the structured data the reports ship with.

    python scripts/parse_seeds.py ../shared/seeds

writes aarhus/plans/data/taza-kazakhstan.json (the 60 items of the action plan with
their 2024 progress, seed 004), aarhus/plans/data/biodiversity.json (the action plan of
the 2026-2035 biodiversity concept, the appendix of seed 000) and
aarhus/reports/data/nir-2021-kk.json (the 37
sections of the 2021 National Implementation Report: Kazakh headings, questions and
answers, seed 003). Kazakh text is normalised: the Latin schwa the seeds use becomes
the Cyrillic Ә/ә.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from biodiversity_corrections import ROWS as CORRECTED_ROWS

OUT = Path(__file__).resolve().parent.parent / "aarhus" / "reports" / "data"
PLANS = Path(__file__).resolve().parent.parent / "aarhus" / "plans" / "data"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
         "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII", "XXVIII", "XXIX", "XXX", "XXXI",
         "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI", "XXXVII"]


def kazakh(text: str) -> str:
    """Cyrillic Kazakh letters instead of look-alikes; tidy spaces."""
    text = text.replace("ə", "ә").replace("Ə", "Ә")
    text = re.sub(r"(?<=[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі])i|i(?=[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі])", "і", text)  # Latin i
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


# Seed 003 gives section XVIII no question: its list of websites follows the heading. The
# format asks the same of every "websites" section; this is the wording of VI (seed 003, L740).
MISSING_QUESTIONS = {"XVIII": "Сəйкес веб-сайттардың мекенжайларын көрсетіңіз, егер ондайлар болса:"}
ANSWER = re.compile(r"^\s*Жауап(?::|\s)")  # "Жауап:", once "Жауап " (XXXIV); not "Жауапты", "Жауапкер"
BARE_URL = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$")
NOT_NATIONAL = re.compile(r"^\s*10\s*[−–-]\s*22 баптар")  # the line between XXXI and XXXII


def parse_nir(text: str) -> list[dict]:
    """Seed 003: each section's heading, question and 2021 answer.

    The heading runs to the first blank line (its last word may sit alone after it). The
    question runs to "Жауап:"; a section without that word keeps only its first paragraph
    as the question, and what follows is the 2021 answer (the lists of websites, XIII, XVII).
    """
    text = text.replace("Х.", "X.")  # section X is typed with a Cyrillic Х in the seed
    heading = re.compile(r"^\s*(" + "|".join(sorted(ROMAN, key=len, reverse=True)) + r")\.\s*(\S.*)$")
    sections: list[dict] = []
    for line in text.splitlines():
        match = heading.match(line)
        if match and len(sections) < len(ROMAN) and match.group(1) == ROMAN[len(sections)]:
            sections.append({"numeral": match.group(1), "lines": [match.group(2)]})
        elif sections and not NOT_NATIONAL.match(line):
            sections[-1]["lines"].append(line)
    return [_nir_section(s["numeral"], s["lines"]) for s in sections]


def _nir_section(numeral: str, lines: list[str]) -> dict:
    """One section's lines split into heading, question and answer."""
    blank = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    head, body = lines[:blank], lines[blank:]
    first = next((i for i, line in enumerate(body) if line.strip()), None)
    if first is not None and _heading_tail(body[first]):
        head, body = head + [body[first]], body[first + 1:]
    marker = next((i for i, line in enumerate(body) if ANSWER.match(line)), None)
    if marker is None:
        start = next((i for i, line in enumerate(body) if line.strip()), len(body))
        end = next((i for i in range(start, len(body)) if not body[i].strip()), len(body))
        question, answer = body[start:end], body[end:]
    else:
        question, answer = body[:marker], [ANSWER.sub("", body[marker], count=1), *body[marker + 1:]]
    question = [line for line in question if not BARE_URL.match(line)]
    if not any(line.strip() for line in question):  # XVI: the question follows its one-line heading without a gap
        head, question = head[:1], head[1:]
    if numeral in MISSING_QUESTIONS:
        question, answer = [MISSING_QUESTIONS[numeral]], body
    return {"numeral": numeral, "heading": kazakh(" ".join(head)), "question": kazakh(" ".join(question)),
            "answer": "\n".join(kazakh(p) for p in "\n".join(answer).split("\n\n") if p.strip())}


def _heading_tail(line: str) -> bool:
    """Whether a line after the heading's blank line is its last word ("мекенжайлары", "қосымша ақпарат")."""
    text = line.strip()
    return len(text) < 40 and text[:1].islower() and not text.endswith((".", ":"))


# Seed 000 is a PDF table turned into text: each cell a run of narrow lines, cells apart by
# a blank line, a page break by two or more; letters of some words are spaced out ("т а л а п").
MONTHS = r"(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан|[IV]+ тоқсан)"
DEADLINE = re.compile(r"^(?:(?:20\d\d жылғы " + MONTHS + r",?\s*)+"
                      r"|20\d\d\s*[–-]\s*20\d\d жылдар(?: аралығында жыл сайын)?"
                      r"|20\d\d жылдан бастап жыл сайын|жыл сайын(?: 20\d\d жылға дейін)?)")
SOURCE = re.compile(r"^(?:(?:РБ|ЖБ|өзге көздер|талап етілмейді)[,;]? ?)+$", re.I)
AMOUNT = re.compile(r"талап етілмейді|қаражат|шегінде|есебінен|бюджет|^[\d\s,.;]+$|ұйымдар|жобалары")
EXECUTORS = re.compile(r"^(?:(?:[А-ЯӘҒҚҢӨҰҮҺІЁ]{2,}\"?|\" ?[^\"]+\"|,|және(?= [А-ЯӘҒҚҢӨҰҮҺІ])"
                       r"|облыстардың|республикалық маңызы бар қалалардың|әкімдіктері|әкімдігі|Әділетмині"
                       r"|\( ?келісу бойынша\)|облысының|облыстарының|қаласының|Батыс|Шығыс|Солтүстік"
                       r"|Оңтүстік|Қазақстан|Алматы|Астана|Шымкент|Ұлытау|Жетісу|Абай|Ақмола|Ақтөбе|Атырау|Жамбыл"
                       r"|Қарағанды|Қостанай|Қызылорда|Маңғыстау|Павлодар|Түркістан)[,;]?\s*)+")
FORM = re.compile(r"Аппаратына|қаулысы|бұйрығы|ақпарат|ұсыныс|Заң|жоспар|есеп|келісім|бағдарлама|әдістеме|тізбе", re.I)
# Short words a line may start with; any other short lowercase start continues the word above.
WORDS = {
    "және", "үшін", "оның", "осы", "олар", "бұл", "жыл", "жылы", "сала", "орын", "түрі", "жер", "мен", "бен", "пен",
    "тиіс", "бар", "жоқ", "ету", "іске", "етіп", "ал", "әр", "бір", "екі", "үш", "бес", "қосу", "жаңа", "ірі",
    "ішкі", "тыс", "сай", "ара", "кең", "іс", "су", "ауа", "мал", "аң", "құс", "бақ", "көл", "өзен", "тау", "да",
    "де", "та", "те", "ол", "өз", "шағын", "өзге", "оған", "соң", "сол", "кез", "ие",
}
COLUMNS = ("name", "form", "deadline", "executors", "funding", "source")


def unspace(text: str) -> str:
    """One line: spaced-out letters joined, runs of spaces made one."""
    text = re.sub(r"(?<!\S)((?:\S ){1,}\S)(?!\S)", lambda m: m.group(1).replace(" ", ""),
                  re.sub(r"\s+", " ", text).strip())
    return kazakh(text.replace(" ,", ","))


def join_lines(raw: list[str]) -> str:
    """A cell's lines as one text; a line with no trailing space broken mid-word is glued back."""
    out, trailing = "", True
    for line in raw:
        text = unspace(line)
        first = text.split(" ")[0]
        glue = out and not trailing and out[-1:].isalpha() and first.isalpha() and first.islower() \
            and len(first) <= 4 and first not in WORDS
        out = out + text if glue else (out + " " + text).strip()
        trailing = line.endswith(" ")
    return out


def plan_cells(lines: list[str]) -> tuple[list[dict], list[tuple]]:
    """The directions (full-width lines) and the table's cells: (text, after a page break, starts a row, direction)."""
    directions: list[dict] = []
    cells: list[tuple] = []
    raw: list[str] = []
    state = {"page_break": False, "starts": False, "blank": 0}

    def flush() -> None:
        if raw:
            cells.append((join_lines(raw), state["page_break"], state["starts"], directions[-1]["number"]))
            raw.clear()

    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if re.match(r"^\d+-бағыт\.", line):
            flush()
            head, i = _heading(lines, i)
            number, name, indicators = re.match(r"^(\d+)-бағыт\.\s*(.*?)\s*(Нысаналы .*)?$",
                                                unspace(" ".join(head))).groups()
            directions.append({"number": int(number), "name": name, "indicators": "\n".join(
                re.split(r" (?=Нысаналы )", indicators or ""))})
            state.update(page_break=False, blank=0)
            continue
        if not line:
            flush()
            state["blank"] += 1
        else:
            starts = bool(re.match(r"^ +\S", lines[i]))  # a row's first line is indented
            if starts:
                flush()
            if not raw:
                state.update(page_break=state["blank"] >= 2, starts=starts, blank=0)
            raw.append(lines[i].lstrip())
        i += 1
    flush()
    return directions, cells


SPLIT_WORDS = [  # (as the seed's text layer has it, as the signed plan reads)
    ("аяқтыбалықта рының", "аяқтыбалықтарының"), ("бағдарламала рды", "бағдарламаларды"),
    ("республикалы қжәне", "республикалық және"), ("экономикалы қжәне", "экономикалық және"),
    ("мониторингте ужәне", "мониторингтеу және"), ("аймақтарғабөлу", "аймақтарға бөлу"), ("Жет ісу", "Жетісу"),
    ("дәліз ін", "дәлізін"), ("киім-кешекпе н", "киім-кешекпен"), ("республикалы қ", "республикалық"),
    ("популяциялар ын", "популяцияларын"), ("орналастырыл ған", "орналастырылған"), ("ж іберу", "жіберу"),
    ("жүйел і", "жүйелі"), ("нег ізг і", "негізгі"), ("жарияланымд ар", "жарияланымдар"),
    ("иг іл іг і", "игілігі"), ("жайылымдард ың", "жайылымдардың"), ("функционалд ық", "функционалдық"),
    ("мәліметтерме н", "мәліметтермен"), ("негізг і", "негізгі"), ("журналистерд і–", "журналистерді –"),
    ("мониторингте у", "мониторингтеу"), ("имплементац иялау", "имплементациялау"),
    ("ғылыми-әдіст емелік", "ғылыми-әдістемелік"), ("ұйымдастыру шылық", "ұйымдастырушылық"),
    ("ғылыми-практ икалық", "ғылыми-практикалық"), ("ғылыми-техн икалық", "ғылыми-техникалық"),
    ("дақылдық-тех никалық", "дақылдық-техникалық"), ("пайдаланушы лардың", "пайдаланушылардың"),
    ("агротехнолог ияларды", "агротехнологияларды"), ("шаруашылық тарын", "шаруашылықтарын"),
    ("Гидробиоцен оздардың", "Гидробиоценоздардың"), ("Қазақстанныңбас", "Қазақстанның бас"),
    ("алдынала", "алдын ала"), ("(км ):2", "(км²):"), ("( )in situ", "(in situ)"), ("Insitu", "In situ"),
]
ROW_START = re.compile(r"^(?: +\S|\d{1,3}$|\d{1,3} [\"«]?[^\W\d_])")


def _heading(lines: list[str], i: int) -> tuple[list[str], int]:
    """A direction's heading: its title and target indicators, up to the first line of a table row.

    The heading may run across a page break, so blank lines end it only when a row follows them.
    """
    head = [lines[i].strip()]
    i += 1
    while i < len(lines):
        if not lines[i].strip():
            following = next((line for line in lines[i:] if line.strip()), "")
            if ROW_START.match(following):
                break
        elif ROW_START.match(lines[i]):
            break
        else:
            head.append(lines[i].strip())
        i += 1
    return head, i


def parse_biodiversity(text: str) -> dict:
    """Seed 000, appendix: the action plan's directions and its numbered items with their seven columns."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("1 2 3 4 5 6 7")) + 1
    last = next(i for i in range(first, len(lines)) if lines[i].strip().startswith("Ескертпе:"))
    directions, cells = plan_cells(lines[first:last])
    items: list[dict] = []
    phase = "head"
    for text, page_break, starts, direction in cells:
        number = items[-1]["number"] if items else 0
        numbered = re.match(r"^(\d{1,3})(?: (\S.*))?$", text)
        new_row = numbered and number < int(numbered.group(1)) < number + 6 and (
            numbered.group(2) is None or (int(numbered.group(1)) == number + 1 and items[-1]["deadline"]))
        if new_row or (starts and items and items[-1]["deadline"]):
            number = int(numbered.group(1)) if new_row else number + 1
            items.append({"number": number, "direction": direction, **{c: [] for c in COLUMNS}})
            phase, text = "head", (numbered.group(2) or "") if new_row else text
            if not text:
                continue
        if not items:
            continue
        _place(items[-1], text, page_break, phase)
        phase = "tail" if items[-1]["deadline"] else "head"
    for item, following in zip(items, items[1:], strict=False):
        if _begins_next_row([text for column, text in item.get("after", []) if column == "name"], following["name"]):
            for column, text in reversed(item["after"]):  # the next row began before its number
                cells = item[column]
                del cells[len(cells) - 1 - cells[::-1].index(text)]
                following[column].insert(0, text)
    plan = {it["number"]: {"number": it["number"], "direction": it["direction"],
                           **{c: mend_words(" ".join(it[c])) for c in COLUMNS}, "progress": {}} for it in items}
    for row in CORRECTED_ROWS:
        direction = plan.get(row["number"], plan.get(row["number"] - 1))["direction"]
        plan[row["number"]] = {"number": row["number"], "direction": direction, **{c: row[c] for c in COLUMNS},
                               "progress": {}, "checked": f"seed 000, lines {row['seed']}"}
    rows = [plan[number] for number in sorted(plan)]
    for item, following in zip(rows, rows[1:] + [None], strict=True):
        item["review"] = [] if item.get("checked") else _doubtful(item)
        if following and following["number"] != item["number"] + 1:  # the rows between ran into this one
            item["review"].append("number")
    return {"concept": "biodiversity", "directions": directions, "items": rows}


def mend_words(text: str) -> str:
    """Words the PDF's letter spacing cut in two or ran together, put back."""
    for broken, whole in SPLIT_WORDS:
        text = text.replace(broken, whole)
    text = re.sub(r"(?<=[^\s\d])- (?=[а-яәғқңөұүһі])", "-", text)  # a hyphenated word cut at its hyphen
    parts = re.split(r'(?<!ҰК)"', text)  # the closing quote of «… ұлттық компаниясы» is not paired
    if len(parts) % 2:  # quotes in pairs: no space just inside them
        text = '"'.join(part.strip() if index % 2 else part for index, part in enumerate(parts))
    return re.sub(r"\( | (?=[,)])", lambda m: m.group(0).strip(), text)


def _begins_next_row(after: list[str], following: list[str]) -> bool:
    """Whether the text left after a finished row is the start of the next one, whose own text reads as a continuation.

    A sub-item ("2) ...") stays with its row; a next row that begins with a capital letter,
    a quote or "1)" had its whole activity below its number.
    """
    return bool(after and following and not re.match(r"^\d\)", after[0])
                and not re.match(r"^[\"«(]?[А-ЯӘҒҚҢӨҰҮҺІA-Z]|^1\)", following[0]))


def _place(item: dict, text: str, page_break: bool, phase: str) -> None:
    """Put one cell's text into its column: activity and form before the deadline; executors, funding, source after."""
    deadline = DEADLINE.match(text) if phase == "head" and not re.search(r"№|жыл –", text) else None
    if deadline:
        item["deadline"].append(deadline.group(0).strip())
        text = text[deadline.end():].strip()
        phase = "tail"
    if not text:
        return
    if phase == "head":
        item["form" if item["form"] or (FORM.search(text) and item["name"]) else "name"].append(text)
        return
    if item["source"] or page_break:  # the rest of a row cut by a page break
        column = "executors" if EXECUTORS.fullmatch(text) else "funding" if AMOUNT.search(text) else \
            "form" if FORM.search(text) and len(text) < 60 else "name"
        if not page_break:  # or the start of the next row, printed above its number
            item.setdefault("after", []).append((column, text))
        item[column].append(text)
        return
    executors = EXECUTORS.match(text) if not item["funding"] else None
    if executors and executors.group(0).strip():
        item["executors"].append(executors.group(0).strip().rstrip(","))
        text = text[executors.end():].strip()
    if text.startswith("талап етілмейді") and not item["funding"]:
        item["funding"].append("талап етілмейді")
        text = text[len("талап етілмейді"):].strip()
    if text:
        column = "source" if SOURCE.match(text) and item["funding"] else \
            "funding" if AMOUNT.search(text) or item["executors"] else "executors"
        item[column].append(text)


def _doubtful(item: dict) -> list[str]:
    """The columns whose text does not read like that column: to be checked against the signed plan."""
    doubts = [c for c in COLUMNS if not item[c]]
    checks = {"deadline": DEADLINE, "source": SOURCE, "executors": EXECUTORS}
    for column, pattern in checks.items():
        match = pattern.match(item[column]) if item[column] else None
        if item[column] and (match is None or match.end() != len(item[column])):
            doubts.append(column)
    return doubts


def _keep_translations(plan: dict, path: Path) -> dict:
    """Carry the unofficial Russian and English texts of the file being replaced over to the parsed plan: the seeds
    hold only the official Kazakh text; the translations were written by hand beside it."""
    if not path.exists():
        return plan
    old = json.loads(path.read_text(encoding="utf-8"))
    for key in ("directions", "items"):
        before = {entry["number"]: entry for entry in old.get(key, [])}
        for entry in plan[key]:
            for lang in ("ru", "en"):
                if lang in before.get(entry["number"], {}):
                    entry[lang] = before[entry["number"]][lang]
    return plan


def write_nir(nir: list[dict]) -> None:
    """Write the 2021 report and put its Kazakh questions into the shipped structure.

    nir-sections.json keeps its hand-written headings and its Russian and English questions;
    only the Kazakh question comes from the seed, so it cannot drift from the parse.
    """
    (OUT / "nir-2021-kk.json").write_text(json.dumps(nir, ensure_ascii=False, indent=1), encoding="utf-8")
    path = OUT / "nir-sections.json"
    structure = json.loads(path.read_text(encoding="utf-8"))
    questions = {section["numeral"]: section["question"] for section in nir}
    for section in structure["sections"]:
        section["question"]["kk"] = questions[section["numeral"]]
    path.write_text(json.dumps(structure, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"NIR: {len(nir)} sections")


def main(seeds: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    PLANS.mkdir(parents=True, exist_ok=True)
    plan = parse_action_plan((seeds / "004_792f4ac9943352cd.txt").read_text(encoding="utf-8"))
    plan = _keep_translations(plan, PLANS / "taza-kazakhstan.json")
    (PLANS / "taza-kazakhstan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    biodiversity = parse_biodiversity((seeds / "000_b14ac5855511c669.txt").read_text(encoding="utf-8"))
    biodiversity = _keep_translations(biodiversity, PLANS / "biodiversity.json")
    (PLANS / "biodiversity.json").write_text(json.dumps(biodiversity, ensure_ascii=False, indent=1), encoding="utf-8")
    doubtful = [item["number"] for item in biodiversity["items"] if item["review"]]
    print(f"biodiversity plan: {len(biodiversity['items'])} items, to check against the signed plan: {doubtful}")
    write_nir(parse_nir((seeds / "003_79bccd1a163f3e4a.txt").read_text(encoding="utf-8")))
    print(f"action plan: {len(plan['items'])} items in {len(plan['directions'])} directions")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds"))
