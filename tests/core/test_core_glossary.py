"""The catalogs use the glossary's terms (docs/glossary.md) and never the words it rules out."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from aarhus.audit.catalogue import CATALOGUE
from aarhus.deadlines.calendar import Calendar

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
PACKS = sorted((ROOT / "aarhus" / "deadlines" / "packs").glob("*.json"))


def glossary_rows() -> list[dict]:
    """The table's rows: concept, kk, ru, the words ruled out per language, the source and where it is checked."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 6 or cells[0] in ("concept (en)", "---"):
            continue
        concept, kk, ru, ruled_out, source, where = cells
        kk_out, _, ru_out = ruled_out.partition("/")
        rows.append({"concept": concept, "kk": _terms(kk)[0], "ru": _terms(ru)[0],
                     "not": {"kk": _terms(kk_out), "ru": _terms(ru_out)}, "source": source, "where": where})
    return rows


def _terms(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def catalog(lang: str) -> dict[str, str]:
    """msgid → translation; a msgid with a context (pgettext) is its own entry, keyed "[context] msgid"."""
    with open(ROOT / "aarhus" / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return {(f"[{m.context}] " if m.context else "") + (m.id if isinstance(m.id, str) else m.id[0]):
                (m.string if isinstance(m.string, str) else "\n".join(m.string))
                for m in read_po(handle) if m.id}


def data_texts(lang: str) -> list[str]:
    """The rule packs' and the audit rules' texts in ``lang``, which people read beside the catalogs."""
    texts = []

    def walk(node):
        if isinstance(node, dict):
            texts.extend(v for k, v in node.items() if k == lang and isinstance(v, str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for pack in PACKS:
        walk(json.loads(pack.read_text(encoding="utf-8")))
    texts += [rule.title[lang] for rule in CATALOGUE.values()]
    return texts


ROWS = glossary_rows()
CATALOGS = {lang: catalog(lang) for lang in ("kk", "ru")}


def test_the_glossary_is_read():
    assert len(ROWS) >= 20
    assert all(row["kk"] and row["ru"] and row["source"] for row in ROWS)
    assert {row["where"].split(":")[0] for row in ROWS} <= {"catalogs", "calendar", "msgid"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("row", ROWS, ids=[row["concept"] for row in ROWS])
def test_the_catalogs_use_the_term_and_never_the_ruled_out_words(row, lang):
    term, ruled_out = row[lang], row["not"][lang]
    if row["where"].startswith("msgid:"):
        msgid = row["where"].removeprefix("msgid:").strip()
        texts = [CATALOGS[lang][msgid]]
        assert term.lower() in texts[0].lower(), (msgid, texts[0])
    elif row["where"] == "calendar":
        names = [info.names[lang] for info in Calendar().non_working_days(2026) if info.names]
        texts = names
        assert any(term in name for name in names), names
    else:
        texts = list(CATALOGS[lang].values()) + data_texts(lang)
        assert any(term.lower() in text.lower() for text in texts), term
    for pattern in ruled_out:
        offending = [text for text in texts if re.search(pattern, text, re.IGNORECASE | re.MULTILINE)]
        assert offending == [], (pattern, offending[:3])


# The case a Kazakh word governs in the word before it: a placeholder there must be filled in that case.
GOVERNED = {"дейін": "dative", "бастап": "ablative", "аяқталды": "locative", "жіберген": "dative",
            "жолдады": "dative", "жіберілді": "dative", "тіркелді": "locative"}


def argument(call: str, name: str) -> str:
    """The source text of the keyword argument ``name=…`` in a call, up to its own comma or bracket."""
    match = re.search(rf"\b{name}=", call)
    assert match, (name, call)
    depth, end = 0, match.end()
    for end in range(match.end(), len(call)):
        ch = call[end]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                break
        elif ch == "," and depth == 0:
            break
    return call[match.end():end]


def test_dates_and_names_before_a_governing_kazakh_word_are_given_its_case():
    """Where a Kazakh translation puts a placeholder before дейін, бастап, … the code fills it in that case."""
    with open(ROOT / "aarhus" / "translations" / "kk" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    checked = 0
    for message in messages:
        texts = [message.string] if isinstance(message.string, str) else list(message.string)
        governed = {pair for text in texts for pair in re.findall(rf"%\((\w+)\)s ({'|'.join(GOVERNED)})", text)}
        for name, word in governed:
            for path, line in message.locations:
                call = " ".join((ROOT / path).read_text(encoding="utf-8").splitlines()[line - 1:line + 5])
                assert GOVERNED[word] in argument(call, name), (path, line, name, word)
                checked += 1
    assert checked >= 10
