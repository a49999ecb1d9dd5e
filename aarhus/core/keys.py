"""The installation's keys: an Ed25519 key signs the log's heads, a certificate (PKCS#12) signs published PDFs.

Production reads both from files it is given (``AARHUS_SIGNING_KEY_FILE``, ``AARHUS_PDF_CERT_FILE``) and refuses
to start without them. Development and tests make them on first use: a key, and a self-signed certificate.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from flask import current_app

from aarhus.core.config import Settings, SettingsError


def _settings(settings: Settings | None) -> Settings:
    return settings or current_app.config["AARHUS"]


def write_private(path: Path, data: bytes) -> None:
    """Write a new file only its owner may read (0600); never replace one, since a lost key orphans its signatures."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.new")
    with os.fdopen(os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        out.write(data)
    try:
        os.link(scratch, path)  # atomic, and refuses an existing file
    finally:
        scratch.unlink()


def create_signing_key(path: Path) -> Ed25519PrivateKey:
    """Make an Ed25519 key (RFC 8032) and write it to ``path`` as unencrypted PKCS#8 PEM, mode 0600."""
    key = Ed25519PrivateKey.generate()
    write_private(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return key


@lru_cache(maxsize=8)
def _load_signing_key(path: str, _mtime_ns: int) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SettingsError(f"{path} does not hold an Ed25519 private key")
    return key


def _ensure(path: Path, settings: Settings, variable: str, make: Callable[[Path], object]) -> Path:
    """The file at ``path``; outside production it is made when absent, in production its absence is an error."""
    if not path.exists():
        if settings.is_production:
            raise SettingsError(f"{variable} names {path}, which does not exist")
        with suppress(FileExistsError):  # another process made it a moment ago
            make(path)
    return path


def signing_key(settings: Settings | None = None) -> Ed25519PrivateKey:
    """The installation's signing key."""
    settings = _settings(settings)
    path = _ensure(settings.signing_key_path, settings, "AARHUS_SIGNING_KEY_FILE", create_signing_key)
    return _load_signing_key(str(path), path.stat().st_mtime_ns)


def key_id(public_key: Ed25519PublicKey) -> str:
    """The fingerprint of a public key: SHA-256 of its 32 raw bytes, in hex."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    """A public key as SubjectPublicKeyInfo PEM, the form ``openssl pkeyutl -verify`` reads."""
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def create_development_certificate(path: Path, password: str = "") -> None:
    """Make a self-signed RSA certificate for signing PDFs and write it as PKCS#12 (development only)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Aarhus Kazakhstan"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Aarhus Kazakhstan development certificate")])
    now = datetime.now(UTC)  # validity is about the real world, never a pinned legal clock
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256()))
    encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                  else serialization.NoEncryption())
    write_private(path, pkcs12.serialize_key_and_certificates(b"aarhus", key, certificate, None, encryption))


def pdf_certificate_file(settings: Settings | None = None) -> Path:
    """The PKCS#12 file that signs PDFs (outside production, a development one is made when absent)."""
    settings = _settings(settings)
    return _ensure(settings.pdf_cert_path, settings, "AARHUS_PDF_CERT_FILE",
                   lambda path: create_development_certificate(path, settings.pdf_cert_password))


def check_production(settings: Settings) -> None:
    """Refuse to start unless the signing key and the PDF certificate exist and open."""
    signing_key(settings)
    path = pdf_certificate_file(settings)
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(
            path.read_bytes(), settings.pdf_cert_password.encode() or None)
    except ValueError as error:
        raise SettingsError(f"AARHUS_PDF_CERT_FILE {path} cannot be opened: {error}") from None
    if key is None or certificate is None:
        raise SettingsError(f"AARHUS_PDF_CERT_FILE {path} must hold a private key and its certificate")
