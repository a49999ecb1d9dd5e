"""A test certification authority, signer certificates and detached CMS signatures, made with ``cryptography``.

The CMS is assembled with asn1crypto so a test chooses the signing time (the application's clock is pinned in tests)
and what the signature covers; the signature itself is a real RSA PKCS#1 v1.5 or ECDSA signature over the DER of the
signed attributes, as NCALayer makes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import algos, cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

import aarhus.core.esig  # noqa: F401 (completes asn1crypto's attribute tables before a CMS is built here)

START = datetime(2025, 1, 1, tzinfo=UTC)
END = datetime(2030, 1, 1, tzinfo=UTC)


@dataclass
class Issued:
    key: object
    certificate: x509.Certificate

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


def _name(common_name: str, organisation: str = "", iin: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if iin:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"))
    attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"))
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(attributes)


def make_ca(name: str = "ҰКО ТЕСТ (RSA)", start: datetime = START, end: datetime = END) -> Issued:
    """A self-signed root CA with an RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(name)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256()))
    return Issued(key, certificate)


def make_signer(ca: Issued, name: str = "ОМАРОВ ЖАНДОС", *, start: datetime = START, end: datetime = END,
                kind: str = "rsa", organisation: str = "Қарағанды облысының әкімдігі") -> Issued:
    """A signing certificate issued by ``ca`` (key usage: digital signature, non-repudiation)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if kind == "rsa" \
        else ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder().subject_name(_name(name, organisation, iin="800101300123"))
        .issuer_name(ca.certificate.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .sign(ca.key, hashes.SHA256()))
    return Issued(key, certificate)


def detached_cms(signer: Issued, content: bytes, signed_at: datetime | None, *, extra: list[Issued] = ()) -> bytes:
    """A detached CMS SignedData over ``content`` (DER), with signingTime ``signed_at`` when given."""
    attributes = [
        cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(content).digest()]}),
    ]
    if signed_at is not None:
        attributes.append(cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": signed_at})]}))
    signed_attrs = cms.CMSAttributes(attributes)
    to_sign = signed_attrs.dump()
    key = signer.key
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
        algorithm = "sha256_rsa"
    else:
        signature = key.sign(to_sign, ec.ECDSA(hashes.SHA256()))
        algorithm = "sha256_ecdsa"
    certificate = asn1_x509.Certificate.load(signer.der())
    signer_info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": certificate.issuer, "serial_number": certificate.serial_number})}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
        "signed_attrs": signed_attrs,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": algorithm}),
        "signature": signature,
    })
    signed_data = cms.SignedData({
        "version": "v1", "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
        "encap_content_info": {"content_type": "data"},
        "certificates": [certificate, *(asn1_x509.Certificate.load(e.der()) for e in extra)],
        "signer_infos": [signer_info],
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()
