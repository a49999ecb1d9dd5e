"""The action plans' unofficial Russian and English texts: complete, printed in the ru and en reports with a note that
they are translations, and the Kazakh text still the official one."""

import html
import re
import subprocess

import pytest

from aarhus.core.roles import Role
from aarhus.plans.items import (
    CONCEPTS,
    DIRECTION_TEXTS,
    ITEM_TEXTS,
    RUSSIAN_PROPER_NAMES,
    action_plan,
    localized,
    plan_title,
)

KAZAKH_ONLY = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
NOTE = {"ru": "Неофициальный перевод.", "en": "Unofficial translation."}


def lines_of(path):
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line.strip()]


def without_proper_names(text):
    for name in RUSSIAN_PROPER_NAMES:
        text = text.replace(name, "")
    return text


@pytest.mark.parametrize("concept", sorted(CONCEPTS))
def test_every_item_and_direction_has_kazakh_russian_and_english_texts(concept):
    plan = action_plan(concept)
    assert len(plan["items"]) in (60, 141) and plan["directions"]
    for entries, fields in ((plan["items"], ITEM_TEXTS), (plan["directions"], ("name",))):
        for entry in entries:
            for lang in ("ru", "en"):
                assert entry[lang]["name"].strip(), (concept, entry["number"], lang)
                for field in fields:
                    if entry.get(field):  # every text the Kazakh plan has, translated
                        assert entry[lang][field].strip(), (concept, entry["number"], lang, field)
            assert entry["name"].strip() and KAZAKH_ONLY.search(entry["name"])  # the official text stays Kazakh
    for direction in plan["directions"]:
        for lang in ("ru", "en"):
            assert set(direction[lang]) == set(DIRECTION_TEXTS)
            assert bool(direction["indicators"]) == bool(direction[lang]["indicators"])


@pytest.mark.parametrize("concept", sorted(CONCEPTS))
def test_the_translations_are_in_their_language_and_keep_the_numbers(concept):
    plan = action_plan(concept)
    for entry in plan["items"] + plan["directions"]:
        for field, kazakh in entry.items():
            if field not in (*ITEM_TEXTS, *DIRECTION_TEXTS) or not isinstance(kazakh, str):
                continue
            ru, en = entry["ru"].get(field, ""), entry["en"].get(field, "")
            assert not KAZAKH_ONLY.search(without_proper_names(ru)), (entry["number"], field, ru)
            assert not re.search("[А-Яа-яЁё]", en.replace("«", "")), (entry["number"], field, en)
            # every number of the Kazakh text (years, amounts, orders' numbers) is in both translations
            for number in re.findall(r"\d{2,}(?:-\d+)*", kazakh):
                assert number in ru, (concept, entry["number"], field, number)
                assert number in en.replace(",", ""), (concept, entry["number"], field, number)


def test_localized_gives_the_translation_and_kazakh_stays_official():
    item = action_plan("taza-kazakhstan")["items"][0]
    assert localized(item, "kk")["name"] == item["name"]
    assert localized(item, "ru")["name"].startswith("Увеличение количества камер")
    assert localized(item, "en")["executors"].startswith("local executive bodies")
    assert "ru" not in localized(item, "ru") and "en" not in localized(item, "kk")
    assert plan_title("biodiversity", "en").startswith("Action plan")


@pytest.mark.parametrize(("concept", "lang"), [("taza-kazakhstan", "ru"), ("biodiversity", "ru"),
                                               ("taza-kazakhstan", "en"), ("biodiversity", "en")])
def test_the_translated_plan_pdf_prints_the_translation_with_its_note(app, runner, tmp_path, concept, lang):
    out = tmp_path / "plan.pdf"
    # 2026: a year without shipped progress, so every line of the table is the plan's own text
    result = runner.invoke(args=["report", "action-plan", "--concept", concept, "--year", "2026", "--lang", lang,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = lines_of(out)
    text = " ".join(" ".join(lines).split())
    assert NOTE[lang] in text
    offending = [line for line in lines if KAZAKH_ONLY.search(without_proper_names(line))]
    assert not offending, offending[:5]
    if lang == "en":
        assert not [line for line in lines if re.search("[А-Яа-яЁё]", line)]
    first = localized(action_plan(concept)["items"][0], lang)["name"]
    assert " ".join(first.split()[:2]) in text


def test_the_kazakh_plan_pdf_has_no_translation_note(app, runner, tmp_path):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(args=["report", "action-plan", "--concept", "biodiversity", "--year", "2026", "--lang", "kk",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(lines_of(out))
    assert NOTE["ru"] not in text and NOTE["en"] not in text and "Ресми емес аударма" not in text
    assert "Жұмыс істеп тұрған" in text


@pytest.mark.parametrize("lang", ["ru", "en", "kk"])
def test_the_item_page_shows_the_translation_with_its_note(client, as_role, lang):
    as_role(Role.compliance_officer)
    client.set_cookie("lang", lang)
    page = client.get("/reports/plans/biodiversity/2026/3").get_data(as_text=True)
    expected = {"ru": "Расширение территории государственного природного резервата «Акжайык»",
                "en": "Extend the «Akzhaiyk» state nature reserve",
                "kk": '"Ақжайық" мемлекеттік табиғи резерватының аумағын кеңейту'}[lang]
    assert html.unescape(expected) in html.unescape(page)
    assert (NOTE.get(lang, "Ресми емес аударма") in page) == (lang != "kk")
