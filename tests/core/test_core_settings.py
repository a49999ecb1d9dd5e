import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from aarhus import create_app
from aarhus.core import keys
from aarhus.core.config import Settings, SettingsError


def production(tmp_path, **changes) -> Settings:
    """Production settings with a signing key and a PDF certificate in ``tmp_path``."""
    key, certificate = tmp_path / "signing-key.pem", tmp_path / "pdf.p12"
    if not key.exists():
        keys.create_signing_key(key)
        keys.create_development_certificate(certificate, "pfx-pass")
    values = {"env": "production", "secret_key": "s3cret-" + "k" * 40, "database_url": f"sqlite:///{tmp_path}/p.db",
              "signing_key_file": str(key), "pdf_cert_file": str(certificate), "pdf_cert_password": "pfx-pass",
              "base_url": "https://aarhus.example.kz", "ratelimit_storage_url": "redis://127.0.0.1:6379"}
    return Settings(**{**values, **changes})


def test_defaults_are_kazakh_first_sqlite_in_instance_and_almaty_time():
    settings = Settings.from_env({})
    assert settings.default_locale == "kk"
    assert settings.legal_timezone == "Asia/Almaty"
    assert settings.database_url.startswith("sqlite:///")
    assert Path(settings.database_url.removeprefix("sqlite:///")).parent.name == "instance"


def test_environment_variables_are_read():
    settings = Settings.from_env({
        "AARHUS_DATABASE_URL": "postgresql+psycopg://u:p@localhost/aarhus",
        "AARHUS_SMTP_URL": "smtp://localhost:2525",
        "AARHUS_LEGAL_TIMEZONE": "Asia/Aqtau",
        "AARHUS_MAX_UPLOAD_BYTES": "1024",
    })
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.smtp_url == "smtp://localhost:2525"
    assert settings.legal_timezone == "Asia/Aqtau"
    assert settings.max_upload_bytes == 1024


def test_production_requires_a_secret_key():
    with pytest.raises(SettingsError, match="AARHUS_SECRET_KEY"):
        Settings.from_env({"AARHUS_ENV": "production"})


def test_unknown_environment_is_refused():
    with pytest.raises(SettingsError):
        Settings.from_env({"AARHUS_ENV": "staging"})


def test_production_cookies_are_secure_httponly_samesite(tmp_path):
    app = create_app(production(tmp_path))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/healthz")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_healthz_answers_ok_without_touching_the_database(tmp_path):
    unreachable = Settings(env="testing", secret_key="x",
                           database_url="postgresql+psycopg://nobody:none@127.0.0.1:1/none")
    response = create_app(unreachable).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_production_needs_the_signing_key_and_the_pdf_certificate_named():
    environ = {"AARHUS_ENV": "production", "AARHUS_SECRET_KEY": "s3cret-" + "k" * 40}
    with pytest.raises(SettingsError, match="AARHUS_SIGNING_KEY_FILE"):
        Settings.from_env(environ)
    with pytest.raises(SettingsError, match="AARHUS_PDF_CERT_FILE"):
        Settings.from_env({**environ, "AARHUS_SIGNING_KEY_FILE": "/etc/aarhus/key.pem"})


def test_production_refuses_to_start_without_the_files_or_with_a_wrong_password(tmp_path):
    settings = production(tmp_path)
    for broken, message in [(settings.with_changes(signing_key_file=str(tmp_path / "none.pem")), "none.pem"),
                            (settings.with_changes(pdf_cert_file=str(tmp_path / "none.p12")), "none.p12"),
                            (settings.with_changes(pdf_cert_password="wrong"), "cannot be opened")]:
        with pytest.raises(SettingsError, match=message):
            create_app(broken)
    assert not (tmp_path / "none.pem").exists() and not (tmp_path / "none.p12").exists()


def test_development_makes_its_key_on_first_use_readable_by_the_owner_only(tmp_path):
    settings = Settings(env="development", signing_key_file=str(tmp_path / "k" / "signing-key.pem"))
    key = keys.signing_key(settings)
    path = settings.signing_key_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.key_id(keys.signing_key(settings).public_key()) == keys.key_id(key.public_key())


def flask(*args, **env):
    """Run ``flask --app aarhus …`` as an operator would, with only the given AARHUS_ variables."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("AARHUS_")} | env
    command = [str(Path(sys.executable).with_name("flask")), "--app", "aarhus", *args]
    return subprocess.run(command, env=environ, capture_output=True, text=True, timeout=60)


def test_keys_create_works_before_production_can_start_and_never_replaces_a_key(tmp_path):
    out = tmp_path / "etc" / "signing-key.pem"
    env = {"AARHUS_ENV": "production", "AARHUS_SECRET_KEY": "s3cret-" + "k" * 40, "AARHUS_SIGNING_KEY_FILE": str(out),
           "AARHUS_PDF_CERT_FILE": str(tmp_path / "missing.p12")}
    made = flask("keys", "create", **env)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    key_id = keys.key_id(keys._load_signing_key(str(out), 0).public_key())
    assert f"key id {key_id}" in made.stdout
    again = flask("keys", "create", "--out", str(out), **env)
    assert again.returncode == 1 and "never replaced" in again.stderr
    assert keys.key_id(keys._load_signing_key(str(out), 1).public_key()) == key_id



def test_production_refuses_a_short_secret_key(tmp_path):
    with pytest.raises(SettingsError, match="at least 32"):
        Settings(env="production", secret_key="x", database_url=f"sqlite:///{tmp_path}/p.db").validate()


def test_a_serving_app_freezes_its_start_up_objects_so_a_full_collection_does_not_stall_a_request(tmp_path):
    """A gen-2 collection over ~180,000 start-up objects took ~130 ms: the cold pages' p99 (issue 19)."""
    script = ("import gc; from aarhus import create_app; from aarhus.core.config import Settings; "
              f"app = create_app(Settings(env='{{}}', secret_key='x', database_url='sqlite:///{tmp_path}/g.db', "
              f"signing_key_file='{tmp_path}/k.pem')); print(gc.get_freeze_count())")
    counts = {}
    for env in ("development", "testing"):
        environ = {k: v for k, v in os.environ.items() if not k.startswith("AARHUS_")}
        done = subprocess.run([sys.executable, "-c", script.format(env)], env=environ, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        counts[env] = int(done.stdout.split()[-1])
    assert counts["development"] > 50_000
    assert counts["testing"] == 0
