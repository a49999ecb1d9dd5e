"""Search across public hearings, protocols, requests and answers, in Kazakh and Russian, on the test database
in use (SQLite FTS5 or PostgreSQL full text + trigrams). Records are made through the real operations."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from aarhus.core.extensions import db
from aarhus.hearings import operations as ops
from aarhus.search.index import rebuild_all
from aarhus.search.models import SearchDocument
from tests.hearings.factories import draft, officer_of, published, secretary_of, signers
from tests.requests.test_requests_web import FILING, auth


@pytest.fixture
def officer(app, clock):
    clock.set("2026-11-23")
    return officer_of("KZ-35")


def test_kazakh_word_beginnings_find_a_public_hearing_with_the_match_marked(client, officer):
    hearing = published(officer)
    page = client.get("/search?q=мыс өндіру").get_data(as_text=True)
    assert f"/hearings/{hearing.id}" in page
    assert "<mark>мыс</mark>" in page.lower() or "<mark>Мыс</mark>" in page
    # «кен» finds «кенін» and «кен орнында»: the prefix of a Kazakh word with suffixes.
    assert f"/hearings/{hearing.id}" in client.get("/search?q=кен").get_data(as_text=True)
    # and in Russian
    assert f"/hearings/{hearing.id}" in client.get("/search?q=медн руды").get_data(as_text=True)


def test_the_extract_keeps_the_lines_that_match(client, officer):
    published(officer)
    russian = client.get("/search?q=медной руды").get_data(as_text=True)
    assert "<mark>медной</mark> <mark>руды</mark>" in russian
    assert "Ашық әдіспен" not in russian and "Мәдениет үйі" not in russian  # the Kazakh lines of the record
    kazakh = client.get("/search?q=мыс кенін").get_data(as_text=True)
    assert "<mark>кенін</mark>" in kazakh and "Добыча медной" not in kazakh


def test_a_draft_is_not_found_until_it_is_published(client, officer):
    hearing = draft(officer, title_kk="Құпия жоба Сарыарқа", title_ru="Секретный проект Сарыарка")
    db.session.commit()
    assert f"/hearings/{hearing.id}" not in client.get("/search?q=Сарыарқа").get_data(as_text=True)
    ops.record_agreement(hearing, {"place_kk": "Қарқаралы", "place_ru": "Каркаралинск", "invitees": "Тұрғындар",
                                   "information_methods": "Газет"}, officer)
    ops.publish_hearing(hearing, officer)
    db.session.commit()
    assert f"/hearings/{hearing.id}" in client.get("/search?q=Сарыарқа").get_data(as_text=True)


def test_a_published_protocol_is_found_by_a_comment_in_it(client, officer, clock):
    hearing = published(officer)
    comment = ops.submit_comment(hearing, author_name="Айгүл", contact="a@example.kz",
                                 text="Жайылымдағы малға шаң зиян келтіреді.", show_name=True)
    ops.set_position(comment, "accepted", "Шаң басатын жүйе орнатылады.", officer)
    db.session.commit()
    clock.set("2026-12-29")
    secretary = secretary_of("KZ-35")
    ops.draft_protocol(hearing, {"attendees": 30, **signers(officer, secretary)}, officer)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    db.session.commit()
    assert "Протокол" not in client.get("/search?q=жайылымдағы").get_data(as_text=True)
    ops.publish_protocol(hearing, officer)
    db.session.commit()
    result = client.get("/api/v1/search?q=жайылым").json["results"]
    assert [r["kind"] for r in result] == ["protocol"]
    assert result[0]["url"].endswith(f"/hearings/{hearing.id}#protocol") and "<mark>" in result[0]["snippet"]


def test_requests_and_their_answers_are_found_never_who_asked(client, officer, clock):
    clock.set("2026-12-01")
    number = client.post("/api/v1/requests", json={**FILING, "holder": "KZ-35"}).json["registration_number"]
    found = client.get("/api/v1/search?q=ауасы").json["results"]
    assert [r["number"] for r in found] == [number]
    assert not client.get("/api/v1/search?q=Гүлнар").json["results"]  # the requester's name is not searchable
    client.post(f"/api/v1/requests/{number}/answer", headers=auth(officer),
                json={"text": "Күкірт диоксидінің концентрациясы нормадан төмен.", "language": "kk"})
    found = client.get("/api/v1/search?q=диоксид").json["results"]
    assert [(r["kind"], r["number"]) for r in found] == [("request", number)]


def test_text_is_escaped_and_only_the_marks_are_html(client, officer):
    hearing = published(officer, title_kk="<script>alert(1)</script> Балқаш", title_ru="Балхаш <b>жирный</b>")
    page = client.get("/search?q=Балқаш").get_data(as_text=True)
    assert f"/hearings/{hearing.id}" in page and "<script>alert(1)" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("query", ["", "   ", "!!!", "*", '"', "NEAR(", "a" * 201])
def test_odd_queries_never_fail(client, officer, query):
    published(officer)
    assert client.get("/search", query_string={"q": query}).status_code == 200
    api = client.get("/api/v1/search", query_string={"q": query})
    assert api.status_code in (200, 422)
    if api.status_code == 422:
        assert "q" in str(api.json["error"])


def _documents() -> list[tuple]:
    return sorted(db.session.execute(select(SearchDocument.kind, SearchDocument.record_id, SearchDocument.ref,
                                            SearchDocument.lang, SearchDocument.title, SearchDocument.body)))


def test_rebuild_matches_what_the_acts_kept(app, client, officer, clock):
    """``rebuild_all`` (one INSERT … SELECT per kind on PostgreSQL) builds exactly the documents the acts kept."""
    published(officer)
    blank = published(officer)
    blank.developer_name, blank.developer_name_ru, blank.place_ru = "  ", "", "\n"  # blank parts are left out
    db.session.commit()
    draft(officer, title_kk="Жоба жасалуда")  # not public: no document
    hearing = published(officer)
    with_position = ops.submit_comment(hearing, author_name="Айгүл", contact="a@example.kz",
                                       text="Шаң зиян келтіреді.", show_name=True)
    ops.submit_comment(hearing, author_name="Ерлан", contact="e@example.kz", text="Су туралы.", show_name=False)
    db.session.commit()
    ops.set_position(with_position, "accepted", "Шаң басатын жүйе орнатылады.", officer)
    db.session.commit()
    clock.set("2026-12-29")
    secretary = secretary_of("KZ-35")
    ops.draft_protocol(hearing, {"attendees": 30, **signers(officer, secretary)}, officer)
    ops.set_position(db.session.get(type(with_position), with_position.id + 1), "rejected", "Жоқ.", officer)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, officer)
    db.session.commit()
    client.post("/api/v1/requests", json={**FILING, "holder": "KZ-35"})
    kept = _documents()
    assert {row[0] for row in kept} == {"hearing", "protocol", "request"}
    assert rebuild_all() == len(kept)
    db.session.commit()
    assert _documents() == kept


def _hearings_with(officer, word: str) -> list:
    """Five public hearings, oldest first: the word in the title of the fourth, in the description of the others."""
    found = []
    for n in range(5):
        in_title = n == 3
        found.append(published(officer, title_kk=f"Сарыөзек {word} жобасы" if in_title else "Сарыөзек жобасы",
                               description_kk=f"Шаң мен су туралы {word} сипаттама." if not in_title else
                               "Шаң мен су туралы сипаттама."))
    return found


def test_a_word_in_many_documents_is_counted_up_to_the_cap(client, officer, monkeypatch):
    from aarhus.search import query, views
    _hearings_with(officer, "көкжиек")
    page = client.get("/search?q=көкжиек").get_data(as_text=True)
    assert "«көкжиек» бойынша 5 нәтиже" in page
    api = client.get("/api/v1/search?q=көкжиек").json
    assert (api["total"], api["more"], len(api["results"])) == (5, False, 5)
    assert client.get("/api/v1/search?q=көкжиек&limit=2").json["total"] == 5  # counted, not just shown
    monkeypatch.setattr(query, "COUNT_CAP", 3)
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    api = client.get("/api/v1/search?q=көкжи").json
    assert (api["total"], api["more"], len(api["results"])) == (3, True, 5)
    status = client.get("/search?q=көкжи", headers={"Accept-Language": "en"}).get_data(as_text=True).split('role="status"')[1].split("</p>")[0]
    assert "More than 3 results for «көкжи»" in status


def test_the_page_shows_the_best_twenty_and_the_best_fifty_on_asking(client, officer, monkeypatch):
    from aarhus.search import views
    _hearings_with(officer, "көкжиек")  # five
    monkeypatch.setattr(views, "SHOWN", 2)
    page = client.get("/search?q=көкжиек", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert page.count('<li class="card">') == 2 and "5 results for «көкжиек» The best 2 are shown." in page
    link = "/search?q=%D0%BA%D3%A9%D0%BA%D0%B6%D0%B8%D0%B5%D0%BA&amp;limit=50"
    assert f'<a href="{link}">Show the best 50 results</a>' in page
    wider = client.get(link.replace("&amp;", "&"), headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert wider.count('<li class="card">') == 5 and "Show the best" not in wider
    assert "Show the best" not in client.get("/search?q=көкжиек&limit=7").get_data(as_text=True).split("</ol>")[0]


def test_only_the_newest_matches_are_ranked_a_title_before_a_description(client, officer, monkeypatch):
    from aarhus.search import query
    oldest, second, third, fourth, newest = _hearings_with(officer, "шалғын")
    ids = [int(r["url"].rsplit("/", 1)[1]) for r in client.get("/api/v1/search?q=шалғын").json["results"]]
    assert ids[0] == fourth.id and set(ids[1:]) == {oldest.id, second.id, third.id, newest.id}
    monkeypatch.setattr(query, "CANDIDATES", 3)
    monkeypatch.setattr(query, "COUNT_CAP", 3)
    ids = [int(r["url"].rsplit("/", 1)[1]) for r in client.get("/api/v1/search?q=шалғы").json["results"]]
    # the newest three matches only, the one with the word in its title first: the older ones are not ranked at all
    assert ids[0] == fourth.id and set(ids) == {third.id, fourth.id, newest.id}


def test_a_word_the_statistics_call_common_is_found_newest_first_with_the_same_results(client, officer,
                                                                                      monkeypatch):
    """PostgreSQL looks for a word that ANALYZE finds in many documents by walking the newest ones, not through
    the GIN index: the results and the count are the same either way (SQLite: one path, the same results)."""
    from aarhus.search import query
    _hearings_with(officer, "бетеге")
    gin = client.get("/api/v1/search?q=бетеге").json
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE search_documents"))
        db.session.commit()
        monkeypatch.setattr(query, "_STATS", {"at": -query.STATS_SECONDS, "shares": {}})
        assert query._share(["бетег"]) > 0.5
    monkeypatch.setattr(query, "COMMON_SHARE", 0.01)
    newest = client.get("/api/v1/search?q=бетег").json
    assert (newest["total"], newest["more"], newest["results"]) == (gin["total"], gin["more"], gin["results"]) \
        and gin["total"] == 5
    monkeypatch.setattr(query, "COUNT_CAP", 3)
    monkeypatch.setattr(query, "CANDIDATES", 2)
    few = client.get("/api/v1/search?q=бете").json
    assert (few["total"], len(few["results"])) == (4, 2)


def test_a_limit_is_cached_as_the_view_reads_it(client, officer, monkeypatch):
    """``limit`` enters the page's cache key as the view reads it (its first value): spellings of one value share
    one entry, a value the view ignores makes none, and a repeated ``limit`` cannot plant a page under another's
    key."""
    from aarhus.core import cache
    from aarhus.search import views
    _hearings_with(officer, "көкжиек")  # five
    monkeypatch.setattr(views, "SHOWN", 2)
    store = cache._store()

    def cards(query: str) -> int:
        return client.get(f"/search?q=көкжиек{query}").get_data(as_text=True).count('<li class="card">')

    def results(query: str) -> int:
        return len(client.get(f"/api/v1/search?q=көкжиек{query}").json["results"])

    # First, what an adversary would send: a value the view ignores before the one it would key on.
    assert cards("&limit=abc&limit=50") == 2 and results("&limit=0&limit=2") == 5
    before = len(store)
    assert [cards(q) for q in ("", "&limit=7", "&limit=abc", "&limit=")] == [2, 2, 2, 2]
    assert cards("&limit=50") == 5 and cards("&limit=50&limit=abc") == 5
    assert len(store) == before + 1  # the best fifty's page; the others were the entry the first request made
    assert [results(q) for q in ("&limit=2", "&limit=02", "&limit=+2", "&limit=2&limit=0")] == [2, 2, 2, 2]
    assert len(store) == before + 2
    assert [results(q) for q in ("", "&limit=50", "&limit=500", "&limit=0", "&limit=x")] == [5] * 5
    assert len(store) == before + 2  # the entry the first API request made
    assert results("&limit=-3") == 1  # the nearer bound, as before
