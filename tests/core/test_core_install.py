"""A production install, as the README describes it: ``db upgrade`` on an empty database, then
the first officer. Real commands in a subprocess, a real database file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from aarhus.core.keys import create_development_certificate, create_signing_key


def _flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "aarhus", *args], env=env,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture
def production_env(tmp_path):
    create_signing_key(tmp_path / "signing.pem")
    create_development_certificate(tmp_path / "pdf.p12")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AARHUS_")}
    env.update({"AARHUS_ENV": "production", "AARHUS_SECRET_KEY": "install-test-" + "x" * 40,
                "AARHUS_DATABASE_URL": f"sqlite:///{tmp_path}/aarhus.db",
                "AARHUS_SIGNING_KEY_FILE": str(tmp_path / "signing.pem"),
                "AARHUS_PDF_CERT_FILE": str(tmp_path / "pdf.p12"),
                "AARHUS_INSTANCE_DIR": str(tmp_path), "AARHUS_WORKERS": "1",
                "AARHUS_BASE_URL": "https://aarhus.example.kz", "AARHUS_ALLOWED_HOSTS": "aarhus.example.kz"})
    return env, tmp_path / "aarhus.db"


def test_db_upgrade_loads_reference_data_but_no_account(production_env):
    env, path = production_env
    result = _flask(env, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as conn:
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        assert count("SELECT count(*) FROM regions") == 20
        assert count("SELECT count(*) FROM bodies WHERE kind = 'akimat'") == 20
        assert count("SELECT count(*) FROM bodies WHERE kind = 'ministry'") == 1
        assert count("SELECT count(*) FROM bodies WHERE kind = 'centre'") == 1
        assert count("SELECT count(*) FROM rule_versions WHERE pack = 'kz-default'") > 10
        assert count("SELECT count(*) FROM users") == 0

    result = _flask(env, "users", "create", "--email", "officer@almaty.gov.kz", "--password",
                    "a-long-password-1", "--role", "akimat_officer", "--region", "KZ-75")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "created officer@almaty.gov.kz" in result.stdout

    # A second upgrade (the next deploy) adds nothing twice.
    assert _flask(env, "db", "upgrade").returncode == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM bodies").fetchone()[0] == 22
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 1
