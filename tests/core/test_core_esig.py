"""Detached CMS signatures are verified on their own terms: the digest of the exact bytes, the signature with the
certificate's key, the chain to a trusted authority, validity on the signing date."""

import base64
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from aarhus.core.esig import EsigError, verify_detached
from tests.core.esig_certs import detached_cms, make_ca, make_signer

DOCUMENT = b"%PDF-1.7\n protocol bytes \n%%EOF\n"
MADE = datetime(2026, 12, 15, 6, 0, tzinfo=UTC)
SIGNED = MADE + timedelta(hours=1)
NOW = MADE + timedelta(hours=2)


@pytest.fixture(scope="module")
def ca():
    return make_ca()


def verify(data, ca, content=DOCUMENT, **kwargs):
    return verify_detached(data, content, trusted=[ca.certificate], made_at=MADE, now=NOW, **kwargs)


def refusal(data, ca, **kwargs) -> str:
    with pytest.raises(EsigError) as caught:
        verify(data, ca, **kwargs)
    return caught.value.code


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_a_signature_by_a_trusted_certificate_is_accepted(ca, kind):
    signer = make_signer(ca, kind=kind)
    verified = verify(detached_cms(signer, DOCUMENT, SIGNED), ca)
    assert verified.signed_at == SIGNED
    assert verified.serial == format(signer.certificate.serial_number, "X")
    assert verified.signer_name == "ОМАРОВ ЖАНДОС, Қарағанды облысының әкімдігі"  # no IIN
    assert "IIN800101300123" in verified.subject
    assert verified.algorithm.startswith("RSA PKCS#1 v1.5" if kind == "rsa" else "ECDSA secp256r1")


def test_pem_and_base64_as_ncalayer_answers_are_read(ca):
    der = detached_cms(make_signer(ca), DOCUMENT, SIGNED)
    assert verify(base64.b64encode(der).decode(), ca).serial
    pem = b"-----BEGIN CMS-----\n" + base64.encodebytes(der) + b"-----END CMS-----\n"
    assert verify(pem, ca).serial


def test_openssl_agrees_that_the_test_signature_is_a_valid_detached_cms(ca, tmp_path):
    signer = make_signer(ca)
    (tmp_path / "doc").write_bytes(DOCUMENT)
    (tmp_path / "sig").write_bytes(detached_cms(signer, DOCUMENT, SIGNED))
    (tmp_path / "ca.pem").write_bytes(ca.pem())
    result = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(tmp_path / "sig"),
                             "-content", str(tmp_path / "doc"), "-CAfile", str(tmp_path / "ca.pem"),
                             "-purpose", "any", "-attime", str(int(SIGNED.timestamp())), "-out", "/dev/null"],
                            capture_output=True, text=True, timeout=30)
    assert "Verification successful" in result.stderr, result.stderr


def test_cryptographys_own_detached_smime_signature_is_accepted(ca):
    signer = make_signer(ca)
    der = pkcs7.PKCS7SignatureBuilder().set_data(DOCUMENT).add_signer(
        signer.certificate, signer.key, hashes.SHA256()).sign(
        serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
    # Its signing time is the real clock's: check it against a window around now.
    now = datetime.now(UTC)
    verified = verify_detached(der, DOCUMENT, trusted=[ca.certificate], made_at=now - timedelta(minutes=1), now=now)
    assert abs(verified.signed_at - now) < timedelta(minutes=5)


def test_a_certificate_outside_the_trusted_authorities_is_refused(ca):
    stranger = make_signer(make_ca("Бөтен CA"))
    assert refusal(detached_cms(stranger, DOCUMENT, SIGNED), ca) == "untrusted"


def test_a_certificate_naming_a_trusted_issuer_but_signed_by_another_key_is_refused(ca):
    impostor_ca = make_ca("ҰКО ТЕСТ (RSA)")  # the same name, another key
    assert refusal(detached_cms(make_signer(impostor_ca), DOCUMENT, SIGNED), ca) == "untrusted"


def test_an_expired_or_not_yet_valid_certificate_is_refused_on_the_signing_date(ca):
    expired = make_signer(ca, start=MADE - timedelta(days=400), end=MADE - timedelta(days=1))
    assert refusal(detached_cms(expired, DOCUMENT, SIGNED), ca) == "expired"
    early = make_signer(ca, start=SIGNED + timedelta(days=1), end=SIGNED + timedelta(days=400))
    assert refusal(detached_cms(early, DOCUMENT, SIGNED), ca) == "not_yet_valid"


def test_without_a_signing_time_validity_is_judged_now(ca):
    expires_between = make_signer(ca, start=MADE - timedelta(days=10), end=SIGNED + timedelta(minutes=1))
    assert refusal(detached_cms(expires_between, DOCUMENT, None), ca) == "expired"


def test_a_signing_time_outside_the_documents_life_is_refused(ca):
    signer = make_signer(ca)
    assert refusal(detached_cms(signer, DOCUMENT, MADE - timedelta(days=3)), ca) == "bad_signing_time"
    assert refusal(detached_cms(signer, DOCUMENT, NOW + timedelta(days=1)), ca) == "bad_signing_time"


def test_a_signature_over_different_bytes_is_refused(ca):
    signer = make_signer(ca)
    assert refusal(detached_cms(signer, DOCUMENT + b" ", SIGNED), ca) == "different_bytes"


def test_a_tampered_signature_value_is_refused(ca):
    der = bytearray(detached_cms(make_signer(ca), DOCUMENT, SIGNED))
    der[-5] ^= 0x01  # inside the signature value, the last field of the structure
    assert refusal(bytes(der), ca) == "bad_signature"


@pytest.mark.parametrize("data", [b"", b"not a signature", b"\x30\x03\x02\x01\x01", "@@@@", b"\x30" + b"\xff" * 40])
def test_garbage_is_refused_as_malformed(ca, data):
    assert refusal(data, ca) == "malformed"


def test_a_gost_key_is_refused_as_unsupported(ca):
    # Replace the key algorithm identifier of the signer's certificate with GOST 34.310 of NCA RK: the signature
    # can no longer be checked, and must not be accepted.
    from asn1crypto import cms

    der = detached_cms(make_signer(ca), DOCUMENT, SIGNED)
    info = cms.ContentInfo.load(der)
    info["content"]["signer_infos"][0]["digest_algorithm"] = {"algorithm": "1.2.398.3.10.1.3.1"}
    assert refusal(info.dump(force=True), ca) == "unsupported_algorithm"


def test_reading_a_signature_first_does_not_break_signing_pdfs_later():
    """asn1crypto caches its name tables on first use; pyHanko's names must be in them whichever comes first."""
    import sys

    script = ("import aarhus.core.esig\nfrom asn1crypto import cms\n"
              "cms.CMSAttribute({'type': 'content_type', 'values': ['data']})\n"
              "from pyhanko.sign import signers\n"
              "print(cms.CMSAttributeType('signing_certificate_v2').dotted)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "1.2.840.113549.1.9.16.2.47", result.stderr
