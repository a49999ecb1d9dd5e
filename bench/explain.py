"""``EXPLAIN ANALYZE`` of every query of the list and dashboard pages, on the database ``AARHUS_DATABASE_URL``.

Load the data first (``make bench-postgres`` leaves it in ``aarhus_bench``, or ``flask --app aarhus demo --hearings
100000 --requests 100000 --comments 1000000``), then:

    AARHUS_DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/explain.py [PLANS_FILE [URL_PREFIX …]]

Each page is requested once through the application (signed in where it needs it, the page cache emptied), every
SELECT it ran is explained with its own parameters, and the page's statements are printed slowest first; the full
plans go to PLANS_FILE (default /tmp/aarhus-plans.txt).
"""

from __future__ import annotations

import re
import sys
import urllib.parse
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORDS = {"officer.almaty@demo.kz": "demo-officer-75", "compliance@demo.kz": "demo-compliance"}


def pages(connection) -> list[tuple[str, str | None]]:
    """(URL, who signs in) for every list and dashboard page, on records of the loaded data."""
    busy = connection.scalar(text("SELECT id FROM hearings ORDER BY comment_count DESC, id LIMIT 1"))
    body = connection.scalar(text("SELECT akimat_id FROM hearings GROUP BY akimat_id ORDER BY count(*) DESC LIMIT 1"))
    managed = connection.scalar(text("SELECT h.id FROM hearings h JOIN regions r ON r.id = h.region_id "
                                     "WHERE r.code = 'KZ-75' ORDER BY h.comment_count DESC, h.id LIMIT 1"))
    officer, compliance = "officer.almaty@demo.kz", "compliance@demo.kz"
    return [("/hearings", None), ("/hearings?region=KZ-35&page=3", None), (f"/hearings/{busy}", None),
            ("/api/v1/hearings?page=5", None), ("/requests", None), (f"/bodies/{body}", None),
            ("/search?q=" + urllib.parse.quote("жоба"), None), ("/search?q=" + urllib.parse.quote("ауа"), None),
            ("/inbox", officer), ("/manage/hearings", officer), (f"/manage/hearings/{managed}", officer),
            ("/audit", compliance), ("/audit/findings", compliance)]


def main() -> int:
    from aarhus import create_app
    from aarhus.core.cache import MemoryStore
    from aarhus.core.extensions import db

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/aarhus-plans.txt")
    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    statements: list[tuple[str, object]] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001 (SQLAlchemy's signature)
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    plans = []
    with app.app_context():  # requests run outside it: each gets its own application context (and ``g``)
        with db.engine.connect() as connection:
            targets = pages(connection)
        engine = db.engine
    signed_in: dict[str | None, object] = {}
    only = sys.argv[2:]  # only the pages whose URL starts with one of these
    for url, who in targets:
        if only and not any(url.startswith(o) for o in only):
            continue
        if who not in signed_in:
            client = app.test_client()
            if who:
                response = client.post("/login", data={"email": who, "password": PASSWORDS[who]})
                assert response.status_code == 302, who
            signed_in[who] = client
        client = signed_in[who]
        app.extensions["aarhus_cache"] = MemoryStore()
        statements.clear()
        event.listen(engine, "before_cursor_execute", note)
        try:
            status = client.get(url).status_code
        finally:
            event.remove(engine, "before_cursor_execute", note)
        found = list(statements)
        timed = []
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, parameters in found:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
                timed.append((ms, statement, plan))
            raw.rollback()
        finally:
            raw.close()
        timed.sort(key=lambda item: -item[0])
        total = sum(ms for ms, _, _ in timed)
        print(f"{url}  [{status}, {len(found)} SELECTs, {total:.1f} ms in the database]")
        for ms, statement, plan in timed[:3]:
            first = " ".join(statement.split())[:110]
            node = plan.splitlines()[0].strip()[:110]
            print(f"  {ms:8.2f} ms  {first}\n               {node}")
        plans.append(f"===== {url} ({total:.1f} ms)\n" + "\n\n".join(
            f"-- {ms:.2f} ms\n{statement}\n{plan}" for ms, statement, plan in timed))
    engine.dispose()
    out.write_text("\n\n".join(plans))
    print(f"full plans: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
