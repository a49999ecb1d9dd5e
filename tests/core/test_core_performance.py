"""Correctness of the speed features: no N+1, the page cache, HTTP validators, static caching, keyset pages."""

from datetime import date

import pytest
from sqlalchemy import event

from aarhus.core.cache import MemoryStore
from aarhus.core.extensions import db
from aarhus.hearings import operations as ops
from tests.conftest import IsolatedClient, csrf_from
from tests.hearings.factories import officer_of, published


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


def queries_of(app, client, url):
    """SQL statements one request runs, with the page cache emptied first and the generation read again (it is
    kept for a second: whether it is read must not depend on how long the test took)."""
    from aarhus.core import cache

    app.extensions["aarhus_cache"] = MemoryStore()
    cache._known["value"] = None
    counter = Counter()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        response = client.get(url)
        assert response.status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return counter.count


def add_data(officer, n, busy=None):
    """``n`` hearings and requests in KZ-35; three comments on each on ``busy`` (else the first new hearing)."""
    from aarhus.bodies.operations import akimat_of
    from aarhus.requests import operations as requests

    first = busy
    for i in range(n):
        hearing = published(officer, start=date(2026, 12, 14 + i % 10), title_kk=f"Жоба {i}")
        first = first or hearing
        for j in range(3):
            ops.submit_comment(first, author_name=f"A{i}{j}", contact="a@a.kz", text="x", show_name=bool(j % 2))
        requests.register_request(akimat_of("KZ-35"), {"requester_name": "R", "contact_email": "r@r.kz",
                                                       "language": "kk", "subject": f"S{i}", "text": "T"})
    db.session.commit()
    return first


def test_public_pages_run_the_same_queries_however_much_data(app, client, clock):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    hearing = add_data(officer, 2)
    number = "KZ35-2026-00001"
    urls = ["/", "/hearings", "/hearings?region=KZ-35&page=1", f"/hearings/{hearing.id}", "/requests",
            f"/requests/{number}", "/api/v1/hearings", f"/api/v1/hearings/{hearing.id}", "/api/v1/requests",
            "/hearings.atom", "/hearings.ics", "/search?q=жоба", "/api/v1/search?q=жоба"]
    from aarhus.search import query

    def counts():
        # Search rereads the words' statistics (PostgreSQL) at most every STATS_SECONDS: read them in both runs.
        query._STATS["at"] = -query.STATS_SECONDS
        return {url: queries_of(app, client, url) for url in urls}

    before = counts()
    add_data(officer, 25)
    assert counts() == before


def test_officers_pages_run_the_same_queries_however_much_data(app, client, clock, monkeypatch):
    """/inbox, /manage/hearings (its first and a later page), a hearing's management page and the audit's pages,
    each signed in."""
    from aarhus.audit.engine import run_audit
    from aarhus.core.roles import Role
    from aarhus.hearings import manage
    from tests.conftest import login, make_user

    monkeypatch.setattr(manage, "MANAGE_PAGE_SIZE", 2)  # a page of hearings before, many pages after

    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    make_user(Role.compliance_officer, email="compliance@example.kz")
    hearing = add_data(officer, 2)
    run_audit()
    db.session.commit()

    def counts():
        login(client, officer.email)
        pages = {url: queries_of(app, client, url)
                 for url in ["/inbox", "/manage/hearings", "/manage/hearings?page=2",
                             f"/manage/hearings/{hearing.id}"]}
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
        login(client, "compliance@example.kz")
        pages.update({url: queries_of(app, client, url) for url in ["/audit", "/audit/findings"]})
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
        return pages

    before = counts()
    clock.set("2026-11-24")
    add_data(officer, 25, busy=hearing)
    clock.set("2027-02-20")  # past every clock: overdue requests and late protocols give the audit findings
    run_audit()
    db.session.commit()
    after = counts()
    assert after == before
    # The audit's pages read the findings' counts (``audit.figures``): a handful of queries, not one per region.
    assert after["/audit"] <= 12 and after["/audit/findings"] <= 8, after


def test_anonymous_pages_are_cached_validated_and_invalidated_by_writes(app, client, clock):
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"))
    url = f"/hearings/{hearing.id}"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"] and "no-cache" in first.headers["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    counter = Counter()
    event.listen(db.engine, "before_cursor_execute", counter)
    cached = client.get(url)
    event.remove(db.engine, "before_cursor_execute", counter)
    assert cached.status_code == 200 and counter.count <= 2  # at most BEGIN and the generation: nothing rendered
    ops.submit_comment(hearing, author_name="Жаңа Пікір", contact="n@n.kz", text="Жаңа ескерту", show_name=True)
    db.session.commit()
    fresh = client.get(f"/hearings/{hearing.id}", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag and "Жаңа ескерту" in fresh.get_data(as_text=True)


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page(app, clock):
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"))
    tokens = []
    app.test_client_class = IsolatedClient
    for n in range(2):
        visitor = app.test_client()
        page = visitor.get(f"/hearings/{hearing.id}").get_data(as_text=True)
        assert "__AARHUS_CSRF__" not in page
        tokens.append(csrf_from(page))
        response = visitor.post(f"/hearings/{hearing.id}/comments", data={
            "author_name": f"Visitor {n}", "contact": "v@v.kz", "show_name": "name", "text": "Ескерту",
            "csrf_token": tokens[-1], "confirmed": "1"})
        assert response.status_code == 302
    assert tokens[0] != tokens[1]


def test_a_cache_hit_answers_the_same_bytes_and_headers_as_the_render(app, clock):
    """A hit is built from the stored UTF-8 parts and header strings: the same page, the same headers (security
    headers, validators, Vary), only the visitor's own CSRF token differs, and it is valid for that visitor."""
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"))
    app.test_client_class = IsolatedClient
    for url in (f"/hearings/{hearing.id}", "/hearings", f"/api/v1/hearings/{hearing.id}"):
        miss = app.test_client().get(url)
        hit = app.test_client().get(url)
        assert miss.status_code == hit.status_code == 200
        different = {"Set-Cookie"}
        assert {k: v for k, v in hit.headers.items() if k not in different} == {
            k: v for k, v in miss.headers.items() if k not in different}, url
        assert {"ETag", "Last-Modified", "Content-Security-Policy", "X-Frame-Options"} <= set(hit.headers.keys())
        assert hit.headers["Vary"] == "Cookie, Accept-Language" and hit.headers["Cache-Control"] == "no-cache"
        assert int(hit.headers["Content-Length"]) == len(hit.data)
        if "csrf_token" in miss.get_data(as_text=True):
            first, second = csrf_from(miss.get_data(as_text=True)), csrf_from(hit.get_data(as_text=True))
            assert first != second and hit.data.replace(second.encode(), first.encode()) == miss.data
        else:
            assert hit.data == miss.data
    # A Russian visitor gets the Russian page from its own entry, Kazakh and Russian text intact as UTF-8.
    visitor = app.test_client()
    visitor.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "ru"})
    russian = visitor.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "ru"})
    assert russian.headers["Content-Type"] == "text/html; charset=utf-8" and 'lang="ru"' in russian.get_data(
        as_text=True)


def test_signed_in_users_are_never_served_from_the_cache(app, client, clock):
    from aarhus.core.roles import Role
    from tests.conftest import login, make_user

    clock.set("2026-11-23")
    client.get("/")
    make_user(Role.citizen, email="c@c.kz")
    login(client, "c@c.kz")
    page = client.get("/")
    assert "c@c.kz" in page.get_data(as_text=True) and "ETag" not in page.headers


def test_static_files_are_fingerprinted_and_cached_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    url = page.split('href="/static/css/site.css?v=')[1].split('"')[0]
    response = client.get(f"/static/css/site.css?v={url}")
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    response.close()


def test_keyset_pagination_walks_every_hearing_once(app, client, clock):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    for i in range(45):
        published(officer, start=date(2026, 12, 14 + i % 7))
    seen, cursor = [], None
    while True:
        body = client.get("/api/v1/hearings" + (f"?after={cursor}" if cursor else "")).json
        seen += [h["id"] for h in body["items"]]
        cursor = body.get("next_after")
        if not cursor:
            break
    assert len(seen) == 45 == len(set(seen))
    assert client.get("/api/v1/hearings?after=garbage").status_code == 400


@pytest.mark.parametrize("path", ["/healthz"])
def test_healthz_is_not_cached_and_does_not_query(app, client, path):
    counter = Counter()
    event.listen(db.engine, "before_cursor_execute", counter)
    assert client.get(path).get_data(as_text=True) == "ok"
    event.remove(db.engine, "before_cursor_execute", counter)
    assert counter.count == 0


def test_pdf_builds_pause_the_cycle_collector_and_restore_it_when_the_last_one_ends():
    import gc
    import threading

    from aarhus.core.pdf import cyclic_gc_paused

    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()

    def other_build():
        with cyclic_gc_paused():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=other_build)
    with cyclic_gc_paused():
        assert not gc.isenabled()
        worker.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the other build is still laying out
    release.set()
    worker.join(5)
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # a caller who had switched it off keeps it off
    finally:
        gc.enable()
