"""Administrators, and only they, keep the list of certification authorities trusted for ЭЦП: add (PEM or DER),
list (subject, serial, validity), remove; every change is logged."""

import io

import pytest
from sqlalchemy import select

from aarhus.core import esig
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.ledger.models import LogEntry
from tests.conftest import csrf_from, login, make_user
from tests.core.esig_certs import make_ca, make_signer

EN = {"Accept-Language": "en"}


@pytest.fixture(scope="module")
def ca():
    return make_ca("ҰКО ТЕСТ (RSA)")


def upload(client, data: bytes, name: str = "ca.pem"):
    token = csrf_from(client.get("/admin/trust").get_data(as_text=True))
    return client.post("/admin/trust", headers=EN, content_type="multipart/form-data",
                       data={"csrf_token": token, "certificate": (io.BytesIO(data), name)})


def test_an_administrator_adds_lists_and_removes_trusted_authorities(app, client, ca):
    admin = make_user(Role.admin, email="admin@x.kz")
    login(client, admin.email)
    assert "No authority is trusted yet" in client.get("/admin/trust", headers=EN).get_data(as_text=True)
    assert upload(client, ca.pem()).status_code == 302
    second = make_ca("Second CA")
    assert upload(client, second.der(), "second.cer").status_code == 302  # DER too
    page = client.get("/admin/trust", headers=EN).get_data(as_text=True)
    assert "The certification authority is trusted now." in page
    assert "CN=ҰКО ТЕСТ (RSA)" in page and "CN=Second CA" in page
    assert format(ca.certificate.serial_number, "X") in page and "2030" in page
    again = upload(client, ca.pem())
    assert again.status_code == 422 and "This certification authority is already trusted." in again.get_data(
        as_text=True)
    for data in (make_signer(ca).pem(), b"not a certificate"):
        refused = upload(client, data)
        assert refused.status_code == 422
        assert "The file is not a certificate of a certification authority" in refused.get_data(as_text=True)
    row = db.session.scalars(select(esig.TrustedCA).where(esig.TrustedCA.subject.contains("Second"))).one()
    token = csrf_from(client.get("/admin/trust").get_data(as_text=True))
    check = client.post(f"/admin/trust/{row.id}/remove", data={"csrf_token": token}, headers=EN)
    html = check.get_data(as_text=True)
    assert check.status_code == 200 and "Stop trusting the certification authority" in html
    assert "CN=Second CA" in html and 'name="confirmed" value="1"' in html
    assert db.session.get(esig.TrustedCA, row.id) is not None  # nothing removed before the confirmation
    assert client.post(f"/admin/trust/{row.id}/remove", data={"csrf_token": token, "confirmed": "1"}).status_code == 302
    page = client.get("/admin/trust", headers=EN).get_data(as_text=True)
    assert "CN=Second CA" not in page and "CN=ҰКО ТЕСТ (RSA)" in page
    assert [c.subject for c in esig.trusted_certificates()] == [ca.certificate.subject]
    kinds = list(db.session.scalars(select(LogEntry.kind).where(LogEntry.subject_type == "trusted_ca")))
    assert kinds == ["trust.ca_added", "trust.ca_added", "trust.ca_removed"]


@pytest.mark.parametrize("role", [Role.citizen, Role.initiator, Role.akimat_officer, Role.compliance_officer])
def test_no_one_else_sees_or_changes_the_list(app, client, ca, role):
    row = esig.trust_ca(ca.pem(), None)
    db.session.commit()
    assert client.get("/admin/trust").status_code == 302  # anonymous: to the sign-in page
    user = make_user(role, email=f"{role.value}@x.kz", region="KZ-35" if role == Role.akimat_officer else None)
    login(client, user.email)
    assert client.get("/admin/trust").status_code == 403
    token = csrf_from(client.get("/requests/new").get_data(as_text=True))
    assert client.post(f"/admin/trust/{row.id}/remove", data={"csrf_token": token}).status_code == 403
    assert client.post("/admin/trust", data={"csrf_token": token, "certificate": (io.BytesIO(ca.pem()), "x.pem")},
                       content_type="multipart/form-data").status_code == 403
    assert db.session.get(esig.TrustedCA, row.id) is not None
