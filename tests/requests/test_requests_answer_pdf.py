"""Answers and refusals get a PDF in the request's language, signed by the installation (pdfsig finds it valid), kept
with its SHA-256 and public in the register without the requester's data; the officer who acted may add their ЭЦП
over its exact bytes."""

import hashlib
import io
import subprocess
from datetime import timedelta

import pytest

from aarhus.bodies.operations import akimat_of
from aarhus.core import esig
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import utcnow
from aarhus.ledger import chain as ledger
from aarhus.requests import operations as ops
from aarhus.requests.errors import RequestError
from tests.conftest import csrf_from, login, make_user
from tests.core.esig_certs import detached_cms, make_ca, make_signer
from tests.core.test_core_pdf_signature import assert_broken, pdfsig

EN = {"Accept-Language": "en"}
FILING = {"requester_name": "Гүлнар Сейітқызы", "contact_email": "gulnar@secret.kz", "language": "kk",
          "subject": "Алматы ауасының сапасы", "text": "2026 жылғы PM2.5 өлшемдерін сұраймын.",
          "categories": ["environment_state"]}


@pytest.fixture(scope="module")
def ca():
    return make_ca()


@pytest.fixture
def officer(app, clock, ca):
    clock.set("2026-12-01")
    esig.trust_ca(ca.der(), None)
    db.session.commit()
    return make_user(Role.akimat_officer, email="officer@almaty.kz", region="KZ-75")


def filed():
    request, _token = ops.register_request(akimat_of("KZ-75"), dict(FILING))
    db.session.commit()
    return request


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "answer.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60).stdout


def test_the_answer_pdf_is_signed_by_the_installation_and_public_without_personal_data(client, officer, tmp_path):
    request = filed()
    ops.answer_request(request, text="PM2.5 орташа мәні 2026 жылы 31 мкг/м³ болды.", language="kk", actor=officer,
                       withheld=[{"what": "Кәсіпорындардың шикі деректері", "ground": "decision_pending"}])
    db.session.commit()
    response = client.get(f"/requests/{request.registration_number}/answer.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.get_data()
    assert hashlib.sha256(pdf).hexdigest() == request.answer_pdf_sha256
    report = pdfsig(pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in report and "Total document signed" in report, report
    assert_broken(pdf, tmp_path)
    text = text_of(pdf, tmp_path)
    assert request.registration_number in text and "31 мкг/м³" in text and "шикі деректері" in text
    assert "Гүлнар" not in text and "gulnar@secret.kz" not in text
    answered = [e for e in ledger.entries_for("request", request.id) if e.kind == "request.answered"][0]
    assert answered.payload["pdf_sha256"] == request.answer_pdf_sha256
    entry = client.get(f"/requests/{request.registration_number}", headers=EN).get_data(as_text=True)
    assert "The answer as PDF, signed by the system" in entry
    api = client.get(f"/api/v1/requests/{request.registration_number}").json["answer_pdf"]
    assert api["sha256"] == request.answer_pdf_sha256 and api["url"].endswith("/answer.pdf")


def test_the_refusal_pdf_is_made_in_russian_for_a_russian_request(client, officer, tmp_path):
    request, _token = ops.register_request(akimat_of("KZ-75"), {**FILING, "language": "ru"})
    ops.refuse_request(request, "no_substance", "В запросе не указано, какая информация нужна.", officer)
    db.session.commit()
    pdf = client.get(f"/requests/{request.registration_number}/answer.pdf").get_data()
    assert "Signature is Valid." in pdfsig(pdf, tmp_path)
    text = text_of(pdf, tmp_path)
    flat = " ".join(text.split())
    assert f"Отказ в предоставлении информации по запросу № {request.registration_number}" in flat
    assert "В запросе не указано" in text and "Гүлнар" not in text
    assert "подать жалобу в вышестоящий орган в течение трёх месяцев" in flat and "обжаловать это" not in flat


def sign_form(client, number):
    page = client.get(f"/inbox/{number}", headers=EN)
    return page, csrf_from(page.get_data(as_text=True))


def post_signature(client, number, token, cms):
    return client.post(f"/inbox/{number}/esig", headers=EN, content_type="multipart/form-data",
                       data={"csrf_token": token, "esig": "1", "cms_file": (io.BytesIO(cms), "answer.p7s")})


def test_the_officer_who_answered_adds_an_ecp_over_the_pdfs_exact_bytes(app, client, officer, ca, clock, tmp_path):
    request = filed()
    ops.answer_request(request, text="Жауап мәтіні.", language="kk", actor=officer)
    db.session.commit()
    number = request.registration_number
    visitor = app.test_client()
    assert "ЭЦП" not in visitor.get(f"/requests/{number}", headers=EN).get_data(as_text=True)  # now in the cache
    login(client, officer.email)
    page, token = sign_form(client, number)
    assert "js/esig.js" in page.get_data(as_text=True) and "13579" in page.headers["Content-Security-Policy"]
    pdf = client.get(f"/requests/{number}/answer.pdf").get_data()
    clock.set(utcnow() + timedelta(minutes=3))
    signer = make_signer(ca, "ИВАНОВА ЛӘЗЗАТ", kind="ec")
    # Over other bytes, by an untrusted certificate: refused, nothing kept.
    post_signature(client, number, token, detached_cms(signer, pdf + b"\n", utcnow()))
    assert "a different document" in client.get(f"/inbox/{number}", headers=EN).get_data(as_text=True)
    post_signature(client, number, token, detached_cms(make_signer(make_ca("Бөтен")), pdf, utcnow()))
    assert "administrator trusts" in client.get(f"/inbox/{number}", headers=EN).get_data(as_text=True)
    assert esig.signatures_of("request", request.id) == {}
    assert post_signature(client, number, token, detached_cms(signer, pdf, utcnow())).status_code == 302
    serial = format(signer.certificate.serial_number, "X")
    handled = client.get(f"/inbox/{number}", headers=EN)
    assert "The PDF is signed with your ЭЦП." in handled.get_data(as_text=True)
    assert "13579" not in handled.headers["Content-Security-Policy"]  # signed: no signing form any more
    for lang, words in (("en", "Signed with ЭЦП by"), ("ru", "Подписано ЭЦП"), ("kk", "ЭЦҚ")):
        entry = client.get(f"/requests/{number}", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert words in entry and serial in entry and "ИВАНОВА ЛӘЗЗАТ" in entry, lang
    assert serial in visitor.get(f"/requests/{number}", headers=EN).get_data(as_text=True)  # the cache forgot it
    signed = [e for e in ledger.entries_for("request", request.id) if e.kind == "request.esigned"][0]
    assert signed.payload["esig"]["serial"] == serial and signed.payload["as"] == "answered"
    cms = client.get(f"/requests/{number}/answer.p7s")
    assert cms.status_code == 200
    assert esig.verify_detached(cms.get_data(), pdf, trusted=[ca.certificate], made_at=request.answered_at).serial \
        == serial


def test_only_the_officer_who_acted_signs_and_only_once(client, officer, ca, clock):
    request = filed()
    ops.answer_request(request, text="Жауап.", language="kk", actor=officer)
    db.session.commit()
    colleague = make_user(Role.akimat_officer, email="colleague@almaty.kz", region="KZ-75")
    pdf = client.get(f"/requests/{request.registration_number}/answer.pdf").get_data()
    cms = detached_cms(make_signer(ca), pdf, utcnow())
    with pytest.raises(RequestError) as caught:
        ops.sign_answer(request, cms, colleague)
    assert caught.value.code == "not_the_signer"
    ops.sign_answer(request, cms, officer)
    with pytest.raises(esig.EsigError) as again:
        ops.sign_answer(request, cms, officer)
    assert again.value.code == "already_signed"
