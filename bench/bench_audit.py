"""The full audit of 100,000 hearings and 100,000 requests, against one count(*) pass.

Prints the audit's time (target: under 10 s) and its ratio to ``SELECT count(*)`` over
the same tables, both measured on the same fresh SQLite database in one run.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlalchemy import text

N = 100_000


def run() -> list[tuple[str, float, str]]:
    """Return rows of (measure, value, unit)."""
    from aarhus import create_app
    from aarhus.audit.engine import run_audit
    from aarhus.bodies.operations import seed_bodies
    from aarhus.core.config import Settings
    from aarhus.core.extensions import db
    from aarhus.core.time import legal_today
    from aarhus.deadlines import load_pack_file
    from aarhus.legal.operations import load_pack
    from aarhus.seed.bulk import bulk_hearings, bulk_requests

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(env="testing", secret_key="bench",
                                  database_url=f"sqlite:///{Path(folder) / 'bench.sqlite'}"))
        with app.app_context():
            db.create_all()
            seed_bodies()
            load_pack(load_pack_file("kz-default"))
            from aarhus.accounts.operations import create_user
            from aarhus.core.roles import Role

            create_user("bench@example.kz", "bench-password", Role.admin)
            db.session.commit()
            bulk_hearings(N, legal_today())
            bulk_requests(N, legal_today())
            t0 = time.perf_counter()
            db.session.execute(text("SELECT (SELECT count(*) FROM hearings) + (SELECT count(*) FROM info_requests)"))
            count = time.perf_counter() - t0
            t0 = time.perf_counter()
            result = run_audit()
            db.session.commit()
            audit = time.perf_counter() - t0
            t0 = time.perf_counter()
            run_audit()
            db.session.commit()
            rerun = time.perf_counter() - t0
            db.engine.dispose()
    return [
        ("audit: count(*) over 100k hearings + 100k requests (s)", count, "s"),
        (f"audit: full audit, {result.found} findings (s, target < 10)", audit, "s"),
        ("audit: idempotent re-run (s)", rerun, "s"),
        ("audit: ratio audit / count(*)", audit / count, "×"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:58s} {value:9.2f} {unit}")
