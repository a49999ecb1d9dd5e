"""Kazakh by default; Russian and English by header and by the switch; catalogs complete."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOGS = Path(__file__).resolve().parents[2] / "aarhus" / "translations"


def html_lang(response) -> str:
    return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)


def test_kazakh_is_the_default(client):
    assert html_lang(client.get("/")) == "kk"


@pytest.mark.parametrize("header,expected", [("ru-RU,ru;q=0.9", "ru"), ("en-US,en;q=0.8", "en"),
                                             ("kk,ru;q=0.5", "kk"), ("de-DE", "kk")])
def test_accept_language_chooses(client, header, expected):
    assert html_lang(client.get("/", headers={"Accept-Language": header})) == expected


def test_the_switch_is_remembered_over_the_header(client):
    response = client.get("/lang/ru?next=/deadlines")
    assert response.status_code == 302 and response.headers["Location"] == "/deadlines"
    page = client.get("/", headers={"Accept-Language": "en"})
    assert html_lang(page) == "ru"
    assert "Калькулятор сроков" in page.get_data(as_text=True)


def test_the_switch_never_redirects_elsewhere(client):
    response = client.get("/lang/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("lang,phrase", [("kk", "Мерзімдер калькуляторы"), ("ru", "Калькулятор сроков"),
                                         ("en", "Deadline calculator")])
def test_pages_are_translated(client, lang, phrase):
    client.get(f"/lang/{lang}")
    assert phrase in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_no_string_is_left_untranslated(lang):
    with open(CATALOGS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []
    assert len(catalog) > 100


def test_catalogs_cover_every_extracted_string():
    with open(CATALOGS / "messages.pot", "rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    for lang in ("kk", "ru", "en"):
        with open(CATALOGS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
            assert template <= {m.id for m in read_po(handle) if m.id}, lang


def test_kazakh_and_russian_translations_differ_from_english():
    def strings(lang):
        with open(CATALOGS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
            return {m.id: m.string for m in read_po(handle) if m.id}

    kk, ru = strings("kk"), strings("ru")
    same_kk = [k for k, v in kk.items() if v == k and re.search("[a-z]{4}", k)]
    same_ru = [k for k, v in ru.items() if v == k and re.search("[a-z]{4}", k)]
    assert len(same_kk) <= 3 and len(same_ru) <= 3, (same_kk, same_ru)


@pytest.mark.parametrize("header,expected", [
    ("en-US,en;q=0.8", "en"), ("ru-RU,ru;q=0.9", "ru"), ("en-US,en;q=0.8", "en"),  # a header seen again: same answer
    ("de-DE,de;q=0.9," + ",".join(f"x{n}-YY;q=0.1" for n in range(40)) + ",ru;q=0.2", "ru"),  # too long to keep
    ("", "kk")])
def test_accept_language_parsed_once_still_chooses(client, header, expected):
    """The header's best match is remembered per header value (parsed once); a long header is parsed each time."""
    assert html_lang(client.get("/hearings", headers={"Accept-Language": header})) == expected


def test_a_signed_in_users_own_language_still_wins_over_the_header(app, client):
    """Anonymous visitors skip loading the user (no session naming one); a signed-in user's language is read."""
    from aarhus.core.extensions import db
    from aarhus.core.roles import Role
    from tests.conftest import login, make_user

    user = make_user(Role.citizen, email="lang@c.kz")
    user.locale = "ru"
    db.session.commit()
    assert html_lang(client.get("/hearings", headers={"Accept-Language": "en"})) == "en"  # anonymous: the header
    login(client, "lang@c.kz")
    page = client.get("/hearings", headers={"Accept-Language": "en"})
    assert html_lang(page) == "ru" and "lang@c.kz" in page.get_data(as_text=True) and "ETag" not in page.headers
