"""Long jobs and the site's short writes together (issue 16, item 4): a large monitoring import (by the job worker
or the command) and a report build run while comments are posted through the site, on a database file. Both
succeed, and comments are taken between the import's chunks rather than after the whole file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date

from sqlalchemy import func, select

from aarhus.audit.importer import CHUNK
from aarhus.audit.imports import start_import
from aarhus.audit.models import MonitoredHearing
from aarhus.core.extensions import db
from aarhus.core.jobs import Job
from aarhus.hearings.models import Comment
from aarhus.reports.builds import start_build
from tests.audit.test_audit_rules import GOOD, csv_of
from tests.hearings.factories import officer_of, published

ROWS = 5 * CHUNK
DEADLINE = 300  # seconds the whole exchange may take


class Commenter(threading.Thread):
    """Posts comments through the site until stopped; after each one, notes whether the import was part-way."""

    def __init__(self, app, live: str, hearing_id: int) -> None:
        super().__init__(daemon=True)
        self.app, self.url = app, f"{live}/api/v1/hearings/{hearing_id}/comments"
        self.stop, self.statuses, self.during_import = threading.Event(), [], 0

    def run(self) -> None:
        with self.app.app_context():
            while not self.stop.is_set():
                body = json.dumps({"author_name": "Асель", "contact": "asel@example.kz",
                                   "text": f"Ескерту {len(self.statuses)}"}).encode()
                request = urllib.request.Request(self.url, data=body, method="POST",
                                                 headers={"Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        self.statuses.append(response.status)
                except urllib.error.HTTPError as error:
                    self.statuses.append(error.code)
                    error.close()
                with db.engine.connect() as connection:
                    imported = connection.scalar(select(func.count(MonitoredHearing.id)))
                self.during_import += 0 < imported < ROWS

    def finish(self) -> None:
        self.stop.set()
        self.join(timeout=90)
        assert not self.is_alive()


def _hearing(clock) -> int:
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"), start=date(2026, 12, 28))
    db.session.commit()
    return hearing.id


def _big_csv() -> str:
    return csv_of(*[{**GOOD, "external_id": f"BIG-{i}"} for i in range(ROWS)])


def _assert_comments_all_stored(commenter: Commenter, hearing_id: int) -> None:
    assert commenter.statuses and set(commenter.statuses) == {201}, set(commenter.statuses)
    db.session.remove()
    stored = db.session.scalar(select(func.count(Comment.id)).where(Comment.hearing_id == hearing_id))
    assert stored == len(commenter.statuses)
    assert commenter.during_import >= 1  # comments went in between the import's chunks


def test_an_import_job_and_a_report_build_finish_while_comments_are_posted(app, live, clock):
    hearing_id = _hearing(clock)
    imported = start_import(_big_csv().encode(), "big.csv", None).id
    built = start_build("nir", 2026, "kk", None, None).id
    db.session.commit()
    commenter = Commenter(app, live, hearing_id)
    commenter.start()  # the job worker of ``live`` picks the jobs up meanwhile
    try:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            db.session.remove()
            states = {db.session.get(Job, imported).state, db.session.get(Job, built).state}
            if states <= {"done", "failed"}:
                break
            time.sleep(0.5)
    finally:
        commenter.finish()
    db.session.remove()
    job = db.session.get(Job, imported)
    assert (job.state, job.error) == ("done", None)
    assert job.result["imported"] == ROWS and job.result["rejected"] == []
    assert db.session.scalar(select(func.count(MonitoredHearing.id))) == ROWS
    build = db.session.get(Job, built)
    assert (build.state, build.error) == ("done", None) and build.output.startswith(b"%PDF")
    _assert_comments_all_stored(commenter, hearing_id)


def test_the_import_command_finishes_while_comments_are_posted(app, live, clock, settings, tmp_path):
    hearing_id = _hearing(clock)
    path = tmp_path / "big.csv"
    path.write_text(_big_csv(), encoding="utf-8")
    environ = {**os.environ, "AARHUS_DATABASE_URL": settings.database_url, "AARHUS_UPLOAD_DIR": settings.upload_dir,
               "AARHUS_SECRET_KEY": "test-secret", "AARHUS_SIGNING_KEY_FILE": settings.signing_key_file,
               "AARHUS_PDF_CERT_FILE": settings.pdf_cert_file}
    commenter = Commenter(app, live, hearing_id)
    commenter.start()
    try:
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "aarhus", "import", "hearings", str(path)],
                              env=environ, capture_output=True, text=True, timeout=DEADLINE)
    finally:
        commenter.finish()
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"imported: {ROWS}, updated: 0, rejected: 0" in done.stdout
    db.session.remove()
    assert db.session.scalar(select(func.count(MonitoredHearing.id))) == ROWS
    _assert_comments_all_stored(commenter, hearing_id)
