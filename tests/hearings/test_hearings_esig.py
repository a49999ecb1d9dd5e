"""A protocol signed with an ЭЦП: the signer downloads the copy for signing, signs its exact bytes with a certificate
of a trusted authority (RSA, generated here), uploads the detached CMS; the signature is verified, kept, shown and
checkable later. Untrusted, expired and misdirected signatures are refused with a clear message."""

import io
import subprocess
from datetime import date, timedelta

import pytest

from aarhus.core import esig
from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Hearing
from aarhus.hearings.protocol_pdf import pdf_path
from aarhus.ledger import chain as ledger
from tests.conftest import csrf_from, login
from tests.core.esig_certs import detached_cms, make_ca, make_signer
from tests.hearings.factories import make_protocol_pdfs, officer_of, published, secretary_of
from tests.hearings.test_hearings_lifecycle import walk_to_signed

EN = {"Accept-Language": "en"}


@pytest.fixture(scope="module")
def ca():
    return make_ca()


@pytest.fixture
def world(app, clock, ca):
    clock.set("2026-11-23")
    chair = officer_of("KZ-35")
    secretary = secretary_of("KZ-35")
    hearing = published(chair, start=date(2026, 12, 14))
    walk_to_signed(hearing, chair, clock, secretary=secretary)
    esig.trust_ca(ca.pem(), None)
    db.session.commit()
    return hearing.id, chair, secretary


def copy_for_signing(client, hearing_id, lang="kk") -> bytes:
    response = client.get(f"/manage/hearings/{hearing_id}/protocol/copy-{lang}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data()


def upload(client, hearing_id, role, cms, lang="kk"):
    page = client.get(f"/manage/hearings/{hearing_id}/protocol/sign/{role}", headers=EN)
    token = csrf_from(page.get_data(as_text=True))
    return client.post(f"/manage/hearings/{hearing_id}/protocol/sign/{role}", headers=EN,
                       data={"csrf_token": token, "lang": lang, "cms_file": (io.BytesIO(cms), "signature.cms")},
                       content_type="multipart/form-data")


def test_a_protocol_signed_with_an_rsa_ecp_is_accepted_shown_and_checkable(app, client, world, ca, clock, tmp_path):
    hearing_id, chair, secretary = world
    login(client, chair.email)
    page = client.get(f"/manage/hearings/{hearing_id}/protocol/sign/chair", headers=EN)
    html = page.get_data(as_text=True)
    assert "js/esig.js" in html and "wss://127.0.0.1:13579" in page.headers["Content-Security-Policy"]
    assert "Sign with an electronic digital signature" in html
    assert "wss://" not in client.get(f"/manage/hearings/{hearing_id}").headers["Content-Security-Policy"]
    document = copy_for_signing(client, hearing_id)
    assert copy_for_signing(client, hearing_id) == document  # the same bytes every time
    signer = make_signer(ca)
    clock.set(utcnow() + timedelta(minutes=5))
    done = upload(client, hearing_id, "chair", detached_cms(signer, document, utcnow()))
    assert done.status_code == 302
    serial = format(signer.certificate.serial_number, "X")
    manage = client.get(f"/manage/hearings/{hearing_id}", headers=EN).get_data(as_text=True)
    assert "The protocol is signed with your ЭЦП." in manage
    assert f"Signed with ЭЦП by ОМАРОВ ЖАНДОС, Қарағанды облысының әкімдігі, certificate {serial}" in manage
    assert "800101300123" not in manage  # the IIN in the certificate's subject is not shown
    kept = esig.signature_of("protocol", hearing_id, "chair")
    assert kept.signer_id == chair.id and kept.document_lang == "kk" and kept.serial == serial
    # The secretary signs in the system, without an ЭЦП; the chair publishes.
    hearing = db.session.get(Hearing, hearing_id)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, chair)
    make_protocol_pdfs(app)
    entry = [e for e in ledger.entries_for("hearing", hearing_id) if e.kind == "hearing.protocol_signed"][0]
    assert entry.payload["esig"]["serial"] == serial and entry.payload["as"] == "chair"
    for path, lang in ((f"/hearings/{hearing_id}", "en"), (f"/ledger/hearing/{hearing_id}", "en"),
                       (f"/hearings/{hearing_id}", "ru"), (f"/hearings/{hearing_id}", "kk")):
        text = client.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
        assert serial in text and "ОМАРОВ ЖАНДОС" in text, (path, lang)
    assert "Подписано ЭЦП" in client.get(f"/hearings/{hearing_id}", headers={"Accept-Language": "ru"}).get_data(
        as_text=True)
    # The published PDF names it.
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path(hearing_id, "ru")), "-"], capture_output=True,
                          text=True, timeout=60).stdout
    assert serial in text and "ЭЦП" in text
    # Anyone can check the signature again from what is published: the CMS and the exact copy it covers.
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/account/tokens").get_data(as_text=True))})
    cms = client.get(f"/hearings/{hearing_id}/protocol/esig/chair.p7s")
    signed_copy = client.get(f"/hearings/{hearing_id}/protocol/esig/chair.pdf")
    assert cms.status_code == signed_copy.status_code == 200 and signed_copy.get_data() == document
    (tmp_path / "sig").write_bytes(cms.get_data())
    (tmp_path / "doc.pdf").write_bytes(signed_copy.get_data())
    (tmp_path / "ca.pem").write_bytes(ca.pem())
    checked = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(tmp_path / "sig"),
                              "-content", str(tmp_path / "doc.pdf"), "-CAfile", str(tmp_path / "ca.pem"),
                              "-purpose", "any", "-out", "/dev/null"], capture_output=True, text=True, timeout=30)
    assert "Verification successful" in checked.stderr, checked.stderr
    assert client.get(f"/hearings/{hearing_id}/protocol/esig/secretary.p7s").status_code == 404


def refused(client, hearing_id, cms, expected):
    response = upload(client, hearing_id, "chair", cms)
    assert response.status_code == 302 and response.location.endswith("/protocol/sign/chair")
    page = client.get(response.location, headers=EN).get_data(as_text=True)
    assert expected in page, page[-3000:]
    assert db.session.get(Hearing, hearing_id).protocol.chair_signed_at is None
    assert esig.signature_of("protocol", hearing_id, "chair") is None


def test_untrusted_expired_and_misdirected_signatures_are_refused(app, client, world, ca, clock):
    hearing_id, chair, _secretary = world
    login(client, chair.email)
    document = copy_for_signing(client, hearing_id)
    now = utcnow()
    stranger = make_signer(make_ca("Бөтен орталық"))
    refused(client, hearing_id, detached_cms(stranger, document, now),
            "The certificate was not issued by a certification authority the administrator trusts.")
    expired = make_signer(ca, start=now - timedelta(days=400), end=now - timedelta(days=1))
    refused(client, hearing_id, detached_cms(expired, document, now), "The certificate had expired on the signing date.")
    signer = make_signer(ca)
    other = copy_for_signing(client, hearing_id, "ru")
    refused(client, hearing_id, detached_cms(signer, other, now),
            "The signature was made over a different document than the copy for signing.")
    refused(client, hearing_id, b"this is not a signature",
            "The file is not a detached CMS (PKCS#7) signature made by one signer, or it is damaged.")
    token = csrf_from(client.get(f"/manage/hearings/{hearing_id}/protocol/sign/chair").get_data(as_text=True))
    empty = client.post(f"/manage/hearings/{hearing_id}/protocol/sign/chair", headers=EN,
                        data={"csrf_token": token, "esig": "1"})
    assert empty.status_code == 302 and "Choose the signature file" in client.get(empty.location, headers=EN).get_data(
        as_text=True)


def test_the_copy_for_signing_follows_the_draft_until_the_first_signature(app, client, world, ca, clock):
    hearing_id, chair, secretary = world
    login(client, chair.email)
    before = copy_for_signing(client, hearing_id)
    hearing = db.session.get(Hearing, hearing_id)
    ops.draft_protocol(hearing, {"attendees": 51, "eia_presented": True, "chair_id": chair.id,
                                 "secretary_id": secretary.id}, chair)
    db.session.commit()
    # A signature over the outdated copy is refused: it no longer shows the protocol.
    refused(client, hearing_id, detached_cms(make_signer(ca), before, utcnow()),
            "The signature was made over a different document than the copy for signing.")
    after = copy_for_signing(client, hearing_id)
    assert after != before
    ops.sign_protocol(db.session.get(Hearing, hearing_id), "secretary", secretary)
    db.session.commit()
    assert copy_for_signing(client, hearing_id) == after  # frozen once signed
