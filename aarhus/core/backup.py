"""Back up and restore the database and the uploads as one .tar.gz archive.

SQLite is copied with its online backup API (consistent while the site runs);
PostgreSQL with ``pg_dump --format=custom`` and restored with ``pg_restore --clean``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

from aarhus.core.extensions import db
from aarhus.core.time import utcnow


def _libpq_url() -> str:
    url = make_url(current_app.config["AARHUS"].database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _sqlite_path() -> Path:
    return Path(make_url(current_app.config["AARHUS"].database_url).database)


def backup(out: Path) -> Path:
    """Write the archive to ``out``: the database, the uploads and a manifest."""
    settings = current_app.config["AARHUS"]
    dialect = db.engine.dialect.name
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if dialect == "sqlite":
            source = sqlite3.connect(_sqlite_path())
            target = sqlite3.connect(work / "database.sqlite")
            with target:
                source.backup(target)
            source.close()
            target.close()
        elif dialect == "postgresql":
            subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={work / 'database.dump'}",
                            _libpq_url()], check=True, capture_output=True)
        else:
            raise RuntimeError(f"backups of {dialect} are not supported")
        (work / "manifest.json").write_text(json.dumps({"dialect": dialect, "created_at": utcnow().isoformat()}))
        uploads = Path(settings.upload_dir)
        # The archive holds personal data: only its owner may read it, from the moment it exists.
        Path(out).touch(mode=0o600, exist_ok=True)
        Path(out).chmod(0o600)
        with tarfile.open(out, "w:gz") as archive:
            for item in work.iterdir():
                archive.add(item, arcname=item.name)
            if uploads.exists():
                archive.add(uploads, arcname="uploads")
    return out


def restore(archive_path: Path) -> dict:
    """Replace the database and the uploads with an archive's (the site should be stopped)."""
    settings = current_app.config["AARHUS"]
    with tempfile.TemporaryDirectory() as folder, tarfile.open(archive_path, "r:gz") as archive:
        work = Path(folder)
        archive.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        dialect = db.engine.dialect.name
        if manifest["dialect"] != dialect:
            raise RuntimeError(f"this archive holds a {manifest['dialect']} database, not {dialect}")
        db.session.remove()
        db.engine.dispose()
        if dialect == "sqlite":
            source = sqlite3.connect(work / "database.sqlite")
            target = sqlite3.connect(_sqlite_path())
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={_libpq_url()}",
                            str(work / "database.dump")], check=True, capture_output=True)
        uploads = Path(settings.upload_dir)
        if (work / "uploads").exists():
            shutil.rmtree(uploads, ignore_errors=True)
            shutil.copytree(work / "uploads", uploads)
    return manifest
