"""Cold renders (the page cache off) of the public pages that issue 19 measured slowest, in the process.

On data already loaded (``make bench-postgres`` leaves it in ``aarhus_bench``):

    AARHUS_DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/cold_renders.py [N]

Each page is rendered once to compile its templates, then N times (default 20) with ``AARHUS_PAGE_CACHE_BYTES=0``;
printed per page: median and slowest render, the median time in the database and the number of statements.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    renders = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    os.environ["AARHUS_PAGE_CACHE_BYTES"] = "0"
    os.environ.setdefault("AARHUS_ENV", "development")
    os.environ.setdefault("AARHUS_SECRET_KEY", "bench")
    from aarhus import create_app
    from aarhus.core.extensions import db

    app = create_app()
    spent = {"seconds": 0.0, "statements": 0}
    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def started(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
            conn.info["started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def ended(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
            spent["seconds"] += time.perf_counter() - conn.info["started"]
            spent["statements"] += 1

        with engine.connect() as c:
            busy = c.scalar(text("SELECT id FROM hearings ORDER BY comment_count DESC, id LIMIT 1"))
            body = c.scalar(text("SELECT akimat_id FROM hearings GROUP BY akimat_id ORDER BY count(*) DESC LIMIT 1"))
    client = app.test_client()
    for label, path in (("/hearings", "/hearings"), ("the busiest hearing", f"/hearings/{busy}"),
                        ("the busiest akimat", f"/bodies/{body}")):
        client.get(path)
        times, database, statements = [], [], 0
        for _ in range(renders):
            spent.update(seconds=0.0, statements=0)
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                print(f"{path}: {response.status_code}")
                return 1
            database.append(spent["seconds"] * 1000)
            statements = spent["statements"]
        print(f"{label} ({path}): median {statistics.median(times):.1f} ms, slowest {max(times):.1f} ms; "
              f"database median {statistics.median(database):.1f} ms in {statements} statements")
    with app.app_context():
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
