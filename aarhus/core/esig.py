"""Electronic digital signatures (ЭЦП): detached CMS (PKCS#7, RFC 5652) over a document's exact bytes.

Officers sign with their NCA RK certificates through NCALayer, which gives a detached CMS ``SignedData``. Here it is
checked without trusting anything it carries: the ``messageDigest`` attribute must be the hash of the bytes the system
served for signing, the signature over the signed attributes must verify with the signer certificate's key (RSA
PKCS#1 v1.5 or PSS, ECDSA), the certificate must chain to a certification authority an administrator trusts
(``TrustedCA``, the page ``/admin/trust``) and every certificate of that chain must be valid on the signing date.
GOST 34.10 keys (the NCA RK's GOST certificates) cannot be checked with the ``cryptography`` package: such
signatures are refused with ``unsupported_algorithm``, never accepted unchecked. Revocation (CRL, OCSP) is not
checked.

The models live here, below every domain, because hearings and requests both keep signatures and both read the
trusted authorities; the administration page (above the log) is in ``aarhus.accounts.trust``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import asn1crypto.tsp  # noqa: F401 (see below)
import pyhanko.sign.ades.cades_asn1  # noqa: F401 (see below)
from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from aarhus.core.db import UTCDateTime
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.time import utcnow

# asn1crypto.tsp and pyHanko add CMS attribute names (signing_certificate_v2, …) to asn1crypto's tables when they
# are imported, and asn1crypto caches the name → OID table the first time a name is used: both are imported above,
# so whichever of signing PDFs or reading an ЭЦП comes first in a process, the tables are complete.
MAX_CMS_BYTES = 256 * 1024
MAX_CHAIN = 8
# A signer's clock may run a little ahead of ours or behind the moment the document was made.
CLOCK_SKEW = timedelta(minutes=10)

DIGESTS = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512, "sha224": hashes.SHA224}
# Object identifiers of GOST algorithms: GOST R 34.10/34.11 (Russia, RFC 4357 and 2012) and the Kazakh
# GOST 34.310-2004 / 34.311-95 of NCA RK (arc 1.2.398.3.10).
GOST_ARCS = ("1.2.643.", "1.2.398.3.10.")


class EsigError(OperationError):
    """A refused electronic signature; each code says why in words a signer can act on."""

    MESSAGES: ClassVar[dict[str, Any]] = {
        "malformed": _l("The file is not a detached CMS (PKCS#7) signature made by one signer, or it is damaged."),
        "unsupported_algorithm": _l("The signature uses an algorithm this system cannot verify (GOST 34.10 "
                                    "keys of NCA RK are not supported yet). Sign with an RSA or ECDSA certificate."),
        "different_bytes": _l("The signature was made over a different document than the copy for signing. "
                              "Download the copy for signing again and sign that file."),
        "bad_signature": _l("The signature does not verify with the signer's certificate."),
        "untrusted": _l("The certificate was not issued by a certification authority the administrator trusts."),
        "expired": _l("The certificate had expired on the signing date."),
        "not_yet_valid": _l("The certificate was not yet valid on the signing date."),
        "bad_signing_time": _l("The signing time in the signature is before the document was made or in the "
                               "future."),
        "not_for_signing": _l("The certificate is not meant for signing documents (key usage)."),
        "already_signed": _l("This document already carries an electronic digital signature in this role."),
        "not_a_ca": _l("The file is not a certificate of a certification authority (PEM or DER)."),
        "ca_exists": _l("This certification authority is already trusted."),
    }


class TrustedCA(db.Model):
    """A certification authority whose certificates the administrator trusts for electronic signatures."""

    __tablename__ = "trusted_cas"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)  # DER
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(Text)
    serial: Mapped[str] = mapped_column(String(80))
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    not_after: Mapped[datetime] = mapped_column(UTCDateTime)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def x509(self) -> x509.Certificate:
        """The certificate as ``cryptography`` reads it."""
        return x509.load_der_x509_certificate(self.certificate)


class ESignature(db.Model):
    """A verified ЭЦП over a document the system served (a protocol's copy for signing, an answer's PDF)."""

    __tablename__ = "esignatures"
    __table_args__ = (UniqueConstraint("record_type", "record_id", "role", name="one_esignature_per_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(20))  # "protocol" (hearing id) or "request"
    record_id: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))  # chair, secretary; answer or refusal
    document_sha256: Mapped[str] = mapped_column(String(64))  # the exact bytes the CMS covers
    document_lang: Mapped[str] = mapped_column(String(2), default="")
    cms: Mapped[bytes] = mapped_column(LargeBinary)  # DER, as received
    subject: Mapped[str] = mapped_column(Text)  # RFC 4514
    signer_name: Mapped[str] = mapped_column(String(300))  # what pages show: CN and O, never the IIN
    serial: Mapped[str] = mapped_column(String(80))  # hexadecimal, as NCA RK prints it
    issuer: Mapped[str] = mapped_column(Text)
    algorithm: Mapped[str] = mapped_column(String(40))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def summary(self) -> dict[str, str]:
        """What the log and the PDFs record of it."""
        return {"subject": self.signer_name, "serial": self.serial, "issuer": self.issuer,
                "signed_at": self.signed_at.isoformat(), "document_sha256": self.document_sha256,
                "algorithm": self.algorithm}


@dataclass(frozen=True)
class Verified:
    """What a signature proved: who (certificate), when (signing time) and with which algorithm."""

    cms: bytes
    subject: str
    signer_name: str
    serial: str
    issuer: str
    algorithm: str
    signed_at: datetime


# --- reading what people upload ---------------------------------------------------------

_PEM = re.compile(rb"-----BEGIN [A-Z0-9 #]+-----(.*?)-----END [A-Z0-9 #]+-----", re.S)


def der_of(data: bytes | str) -> bytes:
    """DER from what a signer or administrator gives: DER, PEM, or base64 (NCALayer answers in base64)."""
    raw = data.encode() if isinstance(data, str) else bytes(data)
    if raw[:1] == b"\x30":
        return raw
    found = _PEM.search(raw)
    body = found.group(1) if found else raw
    try:
        return base64.b64decode(re.sub(rb"\s+", b"", body), validate=True)
    except (binascii.Error, ValueError):
        return b""


def read_ca(data: bytes) -> x509.Certificate:
    """A CA certificate from PEM or DER; refused unless it is one (basic constraints ``cA``)."""
    try:
        certificate = x509.load_der_x509_certificate(der_of(data))
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except (ValueError, x509.ExtensionNotFound):
        raise EsigError("not_a_ca") from None
    if not constraints.ca:
        raise EsigError("not_a_ca")
    return certificate


def trust_ca(data: bytes, actor: Any) -> TrustedCA:
    """Add a CA certificate (PEM or DER) to the trusted ones and flush."""
    certificate = read_ca(data)
    der = certificate.public_bytes(encoding=_der_encoding())
    fingerprint = hashlib.sha256(der).hexdigest()
    if db.session.scalars(select(TrustedCA).where(TrustedCA.sha256 == fingerprint)).first():
        raise EsigError("ca_exists")
    row = TrustedCA(certificate=der, sha256=fingerprint, subject=certificate.subject.rfc4514_string(),
                    serial=serial_hex(certificate), not_before=certificate.not_valid_before_utc,
                    not_after=certificate.not_valid_after_utc, added_by_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    return row


def trusted_certificates() -> list[x509.Certificate]:
    """Every certificate the administrator trusts."""
    return [row.x509() for row in db.session.scalars(select(TrustedCA).order_by(TrustedCA.id))]


def _der_encoding() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def serial_hex(certificate: x509.Certificate) -> str:
    """The serial number in hexadecimal capitals, as certificate viewers and NCA RK show it."""
    return format(certificate.serial_number, "X")


def display_name(name: x509.Name) -> str:
    """The signer as pages show them: common name and organisation (the IIN in SERIALNUMBER stays out)."""
    parts = [a.value for oid in (NameOID.COMMON_NAME, NameOID.SURNAME, NameOID.ORGANIZATION_NAME)
             for a in name.get_attributes_for_oid(oid)]
    return ", ".join(str(p) for p in dict.fromkeys(parts)) or name.rfc4514_string()


# --- verification -------------------------------------------------------------------------

def verify_detached(data: bytes | str, content: bytes, *, trusted: list[x509.Certificate],
                    made_at: datetime, now: datetime | None = None) -> Verified:
    """Verify a detached CMS signature over ``content`` (made at ``made_at``) or raise ``EsigError``."""
    now = now or utcnow()
    der = der_of(data)
    signer_info, certificates = _parse(der)
    certificate = _signer_certificate(signer_info, certificates)
    algorithm = _check_signature(signer_info, certificate, content)
    signed_at = _signing_time(signer_info) or now
    if not made_at - CLOCK_SKEW <= signed_at <= now + CLOCK_SKEW:
        raise EsigError("bad_signing_time")
    chain = _chain(certificate, certificates, trusted)
    for link in chain:
        _check_validity(link, signed_at)
    _check_key_usage(certificate)
    return Verified(cms=der, subject=certificate.subject.rfc4514_string(), signer_name=display_name(
        certificate.subject)[:300], serial=serial_hex(certificate), issuer=certificate.issuer.rfc4514_string(),
        algorithm=algorithm, signed_at=signed_at)


def _parse(der: bytes) -> tuple[Any, list[x509.Certificate]]:
    """The one signer's info and the certificates the CMS carries."""
    if not der or len(der) > MAX_CMS_BYTES:
        raise EsigError("malformed")
    try:
        info = cms.ContentInfo.load(der, strict=True)
        if info["content_type"].native != "signed_data":
            raise EsigError("malformed")
        signed = info["content"]
        signer_infos = list(signed["signer_infos"])
        carried = [x509.load_der_x509_certificate(c.chosen.dump()) for c in signed["certificates"] or []
                   if c.name == "certificate"]
        attached = signed["encap_content_info"]["content"].native is not None
        for signer_info in signer_infos:
            signer_info.native  # noqa: B018 (asn1crypto parses lazily: find damage here, not later)
    except Exception:  # asn1crypto raises many kinds on bad input
        raise EsigError("malformed") from None
    if len(signer_infos) != 1 or attached:  # one signer; the document itself stays with the system
        raise EsigError("malformed")
    return signer_infos[0], carried


def _signer_certificate(signer_info: Any, certificates: list[x509.Certificate]) -> x509.Certificate:
    sid = signer_info["sid"]
    if sid.name == "issuer_and_serial_number":
        serial, issuer = sid.chosen["serial_number"].native, sid.chosen["issuer"].dump()
        found = [c for c in certificates if c.serial_number == serial and c.issuer.public_bytes() == issuer]
    else:
        found = [c for c in certificates if _key_identifier(c) == sid.chosen.native]
    if not found:
        raise EsigError("malformed")
    return found[0]  # the signer's certificate must travel with the signature


def _key_identifier(certificate: x509.Certificate) -> bytes | None:
    try:
        return certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    except x509.ExtensionNotFound:
        return None


def _is_gost(oid: str) -> bool:
    return oid.startswith(GOST_ARCS)


def _check_signature(signer_info: Any, certificate: x509.Certificate, content: bytes) -> str:
    """Check the message digest and the signature; the name of the algorithm that was verified."""
    digest_oid = signer_info["digest_algorithm"]["algorithm"].dotted
    signature_oid = signer_info["signature_algorithm"]["algorithm"].dotted
    key_oid = certificate.public_key_algorithm_oid.dotted_string
    if _is_gost(digest_oid) or _is_gost(signature_oid) or _is_gost(key_oid):
        raise EsigError("unsupported_algorithm")
    digest_name = signer_info["digest_algorithm"]["algorithm"].native
    if digest_name not in DIGESTS:
        raise EsigError("unsupported_algorithm")
    digest = DIGESTS[digest_name]()
    attributes = signer_info["signed_attrs"]
    if not attributes:  # no signed attributes: the signature is over the content itself
        signed_bytes = content
    else:
        if _attribute(attributes, "message_digest") != _hash(digest, content):
            raise EsigError("different_bytes")
        if _attribute(attributes, "content_type") != "data":
            raise EsigError("malformed")
        signed_bytes = b"\x31" + attributes.dump()[1:]  # DER of the SET OF, not the [0] implicit tag (RFC 5652 5.4)
    return _verify(certificate, signer_info, signed_bytes, digest)


def _hash(digest: hashes.HashAlgorithm, content: bytes) -> bytes:
    hasher = hashes.Hash(digest)
    hasher.update(content)
    return hasher.finalize()


def _attribute(attributes: Any, name: str) -> Any:
    values = [a["values"] for a in attributes if a["type"].native == name]
    if len(values) != 1 or len(values[0]) != 1:
        return None
    return values[0][0].native


def _verify(certificate: x509.Certificate, signer_info: Any, signed_bytes: bytes,
            digest: hashes.HashAlgorithm) -> str:
    try:
        key = certificate.public_key()
    except (UnsupportedAlgorithm, ValueError):
        raise EsigError("unsupported_algorithm") from None
    signature = signer_info["signature"].native
    mechanism = signer_info["signature_algorithm"].signature_algo
    try:
        if isinstance(key, rsa.RSAPublicKey) and mechanism == "rsassa_pkcs1v15":
            key.verify(signature, signed_bytes, padding.PKCS1v15(), digest)
            return f"RSA PKCS#1 v1.5 / {digest.name.upper()}"
        if isinstance(key, rsa.RSAPublicKey) and mechanism == "rsassa_pss":
            key.verify(signature, signed_bytes, _pss(signer_info), digest)
            return f"RSA-PSS / {digest.name.upper()}"
        if isinstance(key, ec.EllipticCurvePublicKey) and mechanism == "ecdsa":
            key.verify(signature, signed_bytes, ec.ECDSA(digest))
            return f"ECDSA {key.curve.name} / {digest.name.upper()}"
    except InvalidSignature:
        raise EsigError("bad_signature") from None
    except (ValueError, UnsupportedAlgorithm):
        raise EsigError("unsupported_algorithm") from None
    raise EsigError("unsupported_algorithm")


def _pss(signer_info: Any) -> padding.PSS:
    params = signer_info["signature_algorithm"]["parameters"]
    mgf_hash = DIGESTS.get(params["mask_gen_algorithm"]["parameters"]["algorithm"].native)
    if mgf_hash is None:
        raise EsigError("unsupported_algorithm")
    return padding.PSS(mgf=padding.MGF1(mgf_hash()), salt_length=params["salt_length"].native)


def _signing_time(signer_info: Any) -> datetime | None:
    attributes = signer_info["signed_attrs"]
    value = _attribute(attributes, "signing_time") if attributes else None
    return value.astimezone(UTC) if isinstance(value, datetime) else None


def _chain(certificate: x509.Certificate, carried: list[x509.Certificate],
           trusted: list[x509.Certificate]) -> list[x509.Certificate]:
    """The path from the signer's certificate up to a trusted authority, each link's signature checked."""
    path, current = [certificate], certificate
    for _step in range(MAX_CHAIN):
        for anchor in trusted:
            if _issued_by(current, anchor):
                return [*path, anchor]
        parent = next((c for c in carried if c not in path and _is_ca(c) and _issued_by(current, c)), None)
        if parent is None:
            break
        path.append(parent)
        current = parent
    raise EsigError("untrusted")


def _issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _check_validity(certificate: x509.Certificate, on: datetime) -> None:
    if on < certificate.not_valid_before_utc:
        raise EsigError("not_yet_valid")
    if on > certificate.not_valid_after_utc:
        raise EsigError("expired")


def _check_key_usage(certificate: x509.Certificate) -> None:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise EsigError("not_for_signing")


# --- keeping signatures -------------------------------------------------------------------

def verify_and_keep(data: bytes | str, document: bytes, *, record_type: str, record_id: int, role: str,
                    lang: str, made_at: datetime, signer: Any) -> ESignature:
    """Verify a detached signature over ``document`` against the trusted authorities, keep it and flush."""
    if signature_of(record_type, record_id, role) is not None:
        raise EsigError("already_signed")
    verified = verify_detached(data, document, trusted=trusted_certificates(), made_at=made_at)
    row = ESignature(record_type=record_type, record_id=record_id, role=role, document_lang=lang,
                     document_sha256=hashlib.sha256(document).hexdigest(), cms=verified.cms,
                     subject=verified.subject, signer_name=verified.signer_name, serial=verified.serial,
                     issuer=verified.issuer, algorithm=verified.algorithm, signed_at=verified.signed_at,
                     signer_id=signer.id)
    db.session.add(row)
    db.session.flush()
    return row


def signature_of(record_type: str, record_id: int, role: str) -> ESignature | None:
    """The ЭЦП kept for a record in a role, if any."""
    return db.session.scalars(select(ESignature).where(
        ESignature.record_type == record_type, ESignature.record_id == record_id, ESignature.role == role)).first()


def signatures_of(record_type: str, record_id: int) -> dict[str, ESignature]:
    """Every ЭЦП of a record, by role."""
    rows = db.session.scalars(select(ESignature).where(ESignature.record_type == record_type,
                                                        ESignature.record_id == record_id))
    return {row.role: row for row in rows}
