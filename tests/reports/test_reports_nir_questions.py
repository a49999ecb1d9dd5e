"""The NIR's Kazakh questions are the reporting format's questions, not the 2021 answers."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from aarhus.reports.data import nir_2021_answers, nir_sections

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "003_79bccd1a163f3e4a.txt"
URL = re.compile(r"www\.|https?://")


def _parser():
    spec = importlib.util.spec_from_file_location("parse_seeds", ROOT / "scripts" / "parse_seeds.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return module


@pytest.mark.parametrize("section", nir_sections()["sections"], ids=lambda s: s["numeral"])
def test_each_kazakh_question_is_a_question(section):
    kk, ru, en = (section["question"][lang] for lang in ("kk", "ru", "en"))
    # The ru and en texts summarise the format; the Kazakh one is its full wording (XXIV, XXXV: 4.5 times).
    assert len(kk) <= 5 * max(len(ru), len(en)), (len(kk), len(ru), len(en))
    assert not URL.search(kk), kk[:200]
    assert "10−22" not in kk and "Жауап" not in kk
    answer = nir_2021_answers()[section["numeral"]]
    assert not answer or answer[:80] not in kk
    assert not kk[:1].islower(), kk[:80]  # no tail of the heading run into it


def test_the_website_sections_ask_for_websites_and_the_2021_answers_are_the_lists():
    sections = {s["numeral"]: s for s in nir_sections()["sections"]}
    for numeral in ("VI", "X", "XIV", "XVIII", "XXIII", "XXVII", "XXXI", "XXXVI"):
        question = sections[numeral]["question"]["kk"]
        assert "веб" in question and "көрсетіңіз" in question, numeral
        assert "www." in nir_2021_answers()[numeral], numeral
    assert "ForteBank" in nir_2021_answers()["XVII"] or "2016 жылғы 8 сәуірде" in nir_2021_answers()["XVII"]
    assert "ұлттық орындауға жатпайды" not in nir_2021_answers()["XXXI"]


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not beside the project")
def test_the_shipped_kazakh_questions_are_what_the_parser_reads_from_seed_003():
    parsed = {s["numeral"]: s for s in _parser().parse_nir(SEED.read_text(encoding="utf-8"))}
    for section in nir_sections()["sections"]:
        assert section["question"]["kk"] == parsed[section["numeral"]]["question"], section["numeral"]
