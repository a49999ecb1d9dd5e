"""The signing page's script (static/js/esig.js) signs through NCALayer in a real browser.

NCALayer is played by a local WebSocket server on wss://127.0.0.1:13579 speaking its protocol (a version greeting,
then ``kz.gov.pki.knca.commonUtils.createCMSSignatureFromBase64`` answered with ``responseObject``); it signs what
the browser sends with a test certificate, and the server verifies the result like any other ЭЦП.
"""

import asyncio
import base64
import json
import socket
import ssl
import threading
from datetime import date

import pytest
from aiohttp import WSMsgType, web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from playwright.sync_api import expect

from aarhus.core import esig
from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.hearings.models import Hearing
from tests.browser.conftest import AXE, DESKTOP, shot, sign_in
from tests.conftest import PASSWORD
from tests.core.esig_certs import END, START, detached_cms, make_ca, make_signer
from tests.hearings.factories import officer_of, published, secretary_of
from tests.hearings.test_hearings_lifecycle import walk_to_signed

PORT = 13579


def tls_context(tmp_path) -> ssl.SSLContext:
    """A self-signed server certificate for 127.0.0.1, as NCALayer's own."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    import ipaddress

    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(START).not_valid_after(END)
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False).sign(key, hashes.SHA256()))
    (tmp_path / "tls.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "tls.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                         serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "tls.pem", tmp_path / "tls.key")
    return context


@pytest.fixture
def ncalayer(tmp_path):
    """A stand-in NCALayer; yields the list of the requests it received and the certificate it signs with."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"port {PORT} is taken: the stand-in NCALayer cannot listen there")
    ca = make_ca()
    signer = make_signer(ca, "САТПАЕВА АЙГҮЛ")
    received = []

    async def handle(request):
        socket_ = web.WebSocketResponse()
        await socket_.prepare(request)
        await socket_.send_str(json.dumps({"result": {"version": "1.4"}}))
        async for message in socket_:
            if message.type != WSMsgType.TEXT:
                continue
            call = json.loads(message.data)
            received.append(call)
            data = base64.b64decode(call["args"][2])
            cms = detached_cms(signer, data, utcnow())  # the application's (pinned) clock
            await socket_.send_str(json.dumps({"code": "200", "responseObject": base64.b64encode(cms).decode()}))
        return socket_

    # Playwright's sync API runs an event loop in this thread: the stand-in gets a thread and a loop of its own.
    loop, started, context = asyncio.new_event_loop(), threading.Event(), tls_context(tmp_path)
    app = web.Application()
    app.router.add_get("/", handle)
    runner = web.AppRunner(app)

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", PORT, ssl_context=context).start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(timeout=30)
    yield received, ca, signer
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)
    loop.close()


def test_the_chair_signs_the_protocol_through_ncalayer_from_the_signing_page(browser, live, clock, ncalayer):
    received, ca, signer = ncalayer
    clock.set("2026-11-23")
    chair, secretary = officer_of("KZ-35"), secretary_of("KZ-35")
    hearing = published(chair, start=date(2026, 12, 14))
    walk_to_signed(hearing, chair, clock, secretary=secretary)
    esig.trust_ca(ca.pem(), None)
    db.session.commit()
    hearing_id = hearing.id
    context = browser.new_context(viewport=DESKTOP, locale="en", base_url=live, ignore_https_errors=True)
    context.add_cookies([{"name": "lang", "value": "en", "url": live}])
    try:
        page = context.new_page()
        sign_in(page, chair.email, PASSWORD)
        page.goto(f"/manage/hearings/{hearing_id}")
        page.get_by_role("button", name="Sign as chair").click()
        expect(page.get_by_role("heading", name="Sign with an electronic digital signature (ЭЦП)")).to_be_visible()
        shot(page, "07-chair-signing-page-en")
        page.get_by_role("button", name="Sign with NCALayer").click()
        expect(page.locator(".flash-success")).to_contain_text("The protocol is signed with your ЭЦП.")
        serial = format(signer.certificate.serial_number, "X")
        expect(page.locator("main")).to_contain_text("Signed with ЭЦП by САТПАЕВА АЙГҮЛ")
        expect(page.locator("main")).to_contain_text(serial)
        shot(page, "08-chair-signed-with-ecp-en")
        # axe-core finds nothing serious on the signing page (its own context: axe is injected inline).
        checker = browser.new_context(viewport=DESKTOP, locale="kk", base_url=live, bypass_csp=True)
        second = checker.new_page()
        sign_in(second, secretary.email, PASSWORD)
        second.goto(f"/manage/hearings/{hearing_id}/protocol/sign/secretary")
        second.add_script_tag(path=str(AXE))
        result = second.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
        assert [v["id"] for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")] == []
        checker.close()
    finally:
        context.close()
    assert received[0]["module"] == "kz.gov.pki.knca.commonUtils"
    assert received[0]["method"] == "createCMSSignatureFromBase64"
    assert received[0]["args"][:2] == ["PKCS12", "SIGNATURE"] and received[0]["args"][3] is False
    db.session.remove()
    kept = esig.signature_of("protocol", hearing_id, "chair")
    assert kept is not None and kept.serial == serial
    assert db.session.get(Hearing, hearing_id).protocol.chair_signed_at is not None
