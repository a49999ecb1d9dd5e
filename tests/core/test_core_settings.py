from pathlib import Path

import pytest

from aarhus import create_app
from aarhus.core.config import Settings, SettingsError


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
    settings = Settings(env="production", secret_key="s3cret", database_url=f"sqlite:///{tmp_path}/p.db")
    app = create_app(settings)
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
