"""Typed, frozen settings read from ``AARHUS_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # aarhus/
INSTANCE_DIR = PACKAGE_DIR.parent / "instance"

# Sessions, CSRF tokens and signed links are only as strong as this key (issue 16: "x" was accepted).
MIN_SECRET_BYTES = 32


# What a multipart upload carries besides the file: boundaries, the CSRF token, a few short fields.
UPLOAD_FORM_SLACK = 64 * 1024


class SettingsError(RuntimeError):
    """Raised when the environment describes an unusable configuration."""


@dataclass(frozen=True)
class Settings:
    """Everything the application reads from its environment."""

    # development | production | testing; production hardens cookies and requires a key.
    env: str = "development"
    # SQLAlchemy URL; a postgresql+psycopg:// URL works as well as SQLite.
    database_url: str = f"sqlite:///{INSTANCE_DIR / 'aarhus.sqlite'}"
    # Signs sessions and CSRF tokens; required outside development and testing.
    secret_key: str = "dev-only-not-secret"
    # smtp://user:pass@host:port (smtps:// for TLS); empty keeps mail in the outbox table.
    smtp_url: str = ""
    # Sender address of notification e-mails.
    mail_from: str = "noreply@aarhus.kz"
    # Where visitors write to the operator (contact, privacy, accessibility pages); empty: the sender address.
    contact_email: str = ""
    # The zone in which a timestamp becomes a legal date (rules.md section 1).
    legal_timezone: str = "Asia/Almaty"
    # Locale used when neither the user nor the browser chooses one.
    default_locale: str = "kk"
    # Storage of rate-limit counters: memory:// or redis://host:port. memory:// counts in each process apart, so
    # production accepts it only when exactly one process serves the site (``workers`` = 1).
    ratelimit_storage_url: str = "memory://"
    # How many processes serve the site (gunicorn -w N, on every machine together); 0 = not said.
    workers: int = 0
    # Store of the rendered-page cache: empty for in-process, or redis://host:port/db.
    cache_url: str = ""
    # How many reverse proxies stand in front (nginx: 1). Their X-Forwarded-For/-Proto name the client, for rate
    # limits, sign-in lockouts and logs; 0 trusts no header (the socket's address is the client's).
    trusted_proxies: int = 0
    # Public base URL: every absolute link (API answers, feeds, e-mails, PDFs) is built on it, never on the
    # request's Host header. Required in production.
    base_url: str = "http://127.0.0.1:5000"
    # Host names the site answers to, comma-separated (production; empty: the host of ``base_url``). Any other
    # Host header is refused with 400.
    allowed_hosts: str = ""
    # Largest accepted upload, in bytes.
    max_upload_bytes: int = 20 * 1024 * 1024
    # Largest accepted body of anything but an upload (a form, a JSON call), in bytes: the longest texts the forms
    # take (20,000 characters) fit many times over.
    max_body_bytes: int = 1024 * 1024
    # Memory the in-process page cache may hold, in bytes (the least recently used pages go first).
    page_cache_bytes: int = 64 * 1024 * 1024
    # Where uploaded files are stored, outside the web root.
    upload_dir: str = str(INSTANCE_DIR / "uploads")
    # Deadline rule pack used for new cases.
    rule_pack: str = "kz-default"
    # PEM file of the Ed25519 key that signs the log's heads; required in production
    # (outside it, empty means instance/signing-key.pem, made on first use).
    signing_key_file: str = ""
    # PKCS#12 file of the certificate that signs published PDFs; required in production
    # (outside it, empty means instance/pdf-certificate.p12, a self-signed one made on first use).
    pdf_cert_file: str = ""
    # Password of the PKCS#12 file, if it has one.
    pdf_cert_password: str = ""
    # Extra Flask config for tests (never read from the environment).
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        """True when running with production hardening."""
        return self.env == "production"

    @property
    def signing_key_path(self) -> Path:
        """Where the installation's signing key is."""
        return Path(self.signing_key_file or INSTANCE_DIR / "signing-key.pem")

    @property
    def pdf_cert_path(self) -> Path:
        """Where the installation's PDF certificate is."""
        return Path(self.pdf_cert_file or INSTANCE_DIR / "pdf-certificate.p12")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **given: Any) -> Settings:
        """Build settings from ``AARHUS_*`` variables; keyword arguments win."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f"AARHUS_{f.name.upper()}")
            if raw is None or f.name == "overrides":
                continue
            values[f.name] = int(raw) if f.type == "int" else raw
        values.update(given)
        settings = cls(**values)
        settings.validate()
        return settings

    def with_changes(self, **changes: Any) -> Settings:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)

    def validate(self) -> None:
        """Refuse configurations that are unsafe or meaningless."""
        if self.env not in {"development", "production", "testing"}:
            raise SettingsError(f"AARHUS_ENV must be development, production or testing, not {self.env!r}")
        if self.env == "production" and self.secret_key == Settings.secret_key:
            raise SettingsError("AARHUS_SECRET_KEY is required in production")
        if self.env == "production" and len(self.secret_key.encode()) < MIN_SECRET_BYTES:
            raise SettingsError(f"AARHUS_SECRET_KEY must be at least {MIN_SECRET_BYTES} random bytes in production "
                                "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))')")
        if self.env == "production" and not self.signing_key_file:
            raise SettingsError("AARHUS_SIGNING_KEY_FILE is required in production (flask --app aarhus keys create)")
        if self.env == "production" and not self.pdf_cert_file:
            raise SettingsError("AARHUS_PDF_CERT_FILE is required in production (a PKCS#12 file)")
        if self.default_locale not in {"kk", "ru", "en"}:
            raise SettingsError("AARHUS_DEFAULT_LOCALE must be kk, ru or en")
        base = urlsplit(self.base_url)
        if base.scheme not in ("http", "https") or not base.hostname or base.query or base.fragment:
            raise SettingsError(f"AARHUS_BASE_URL must be an http(s) address such as https://aarhus.example.kz, "
                                f"not {self.base_url!r}")
        if self.env == "production" and self.base_url == Settings.base_url:
            raise SettingsError("AARHUS_BASE_URL is required in production: the public address of the site "
                                "(https://…), on which every absolute link is built")
        if self.env == "production" and self.ratelimit_storage_url.startswith("memory://") and self.workers != 1:
            raise SettingsError(
                "AARHUS_RATELIMIT_STORAGE_URL is memory://, which counts rate limits in each worker process apart "
                "(with N workers a client gets N times every limit): set it to redis://host:port, shared by every "
                "worker, or set AARHUS_WORKERS=1 if exactly one process serves the site")

    @property
    def trusted_hosts(self) -> list[str]:
        """The host names the site answers to: ``allowed_hosts``, else the host of ``base_url``."""
        names = [name.strip() for name in self.allowed_hosts.split(",") if name.strip()]
        return names or [urlsplit(self.base_url).hostname or ""]

    def flask_config(self) -> dict[str, Any]:
        """Translate the settings into Flask configuration keys."""
        config = {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "BABEL_DEFAULT_LOCALE": self.default_locale,
            "BABEL_DEFAULT_TIMEZONE": self.legal_timezone,
            "BABEL_TRANSLATION_DIRECTORIES": str(PACKAGE_DIR / "translations"),
            # An upload's multipart body carries the file and a few form fields; other bodies are capped per request
            # at max_body_bytes (core.web).
            "MAX_CONTENT_LENGTH": self.max_upload_bytes + UPLOAD_FORM_SLACK,
            "RATELIMIT_STORAGE_URI": self.ratelimit_storage_url,
            "RATELIMIT_HEADERS_ENABLED": True,
            "PREFERRED_URL_SCHEME": urlsplit(self.base_url).scheme,
            # Production answers only to its own host names (a forged Host header gets 400; issue 16).
            "TRUSTED_HOSTS": self.trusted_hosts if self.is_production else None,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.is_production,
            "REMEMBER_COOKIE_SECURE": self.is_production,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "WTF_CSRF_TIME_LIMIT": None,
            "TESTING": self.env == "testing",
            "AARHUS": self,
        }
        config.update(self.overrides)
        return config
