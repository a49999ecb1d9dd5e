"""The full audit of 100,000 hearings and 100,000 requests, against one count(*) pass.

Prints the audit's time (target: under 10 s) and its ratio to ``SELECT count(*)`` over
the same tables, both measured on the same fresh SQLite database in one run; then the
re-evaluation of one record after an act (``evaluate_records`` and its commit, as an act's
live re-check runs it; target: under 20 ms), over 200 hearings and 200 requests one by one.
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
            t0, cpu = time.perf_counter(), time.process_time()
            result = run_audit()
            db.session.commit()
            audit, audit_cpu = time.perf_counter() - t0, time.process_time() - cpu
            t0, cpu = time.perf_counter(), time.process_time()
            run_audit()
            db.session.commit()
            rerun, rerun_cpu = time.perf_counter() - t0, time.process_time() - cpu
            live = _one_by_one(db)
            db.engine.dispose()
    return [
        ("audit: count(*) over 100k hearings + 100k requests (s)", count, "s"),
        (f"audit: full audit, {result.found} findings (s, target < 10)", audit, "s"),
        ("audit: full audit, CPU time of the process (SQLite runs in it) (s)", audit_cpu, "s"),
        ("audit: idempotent re-run (s)", rerun, "s"),
        ("audit: idempotent re-run, CPU time (s)", rerun_cpu, "s"),
        ("audit: ratio audit / count(*)", audit / count, "×"),
        ("audit: re-evaluating one record after an act, median (ms, target < 20)", live[0], "ms"),
        ("audit: re-evaluating one record after an act, p99 (ms)", live[1], "ms"),
    ]


def _one_by_one(db) -> tuple[float, float]:
    """Median and p99 in milliseconds of re-evaluating one hearing or request with findings, committed each."""
    from sqlalchemy import select

    from aarhus.audit.engine import evaluate_records
    from aarhus.audit.models import Finding

    times = []
    for kind in ("hearing", "request"):
        ids = list(db.session.scalars(select(Finding.subject_id).where(Finding.subject_type == kind).distinct()
                                      .order_by(Finding.subject_id).limit(200)))
        db.session.commit()
        for record in ids:
            t0 = time.perf_counter()
            evaluate_records([record] if kind == "hearing" else (), [record] if kind == "request" else ())
            db.session.commit()
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99)]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:58s} {value:9.2f} {unit}")
