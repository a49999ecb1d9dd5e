"""The summary API, the dashboard with its charts, drill-down, CSV export and the upload page."""

import io
import time

import pytest

from aarhus.audit.engine import run_audit
from aarhus.audit.importer import import_hearings
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.audit.test_audit_rules import GOOD, csv_of
from tests.conftest import csrf_from, login, make_user

ROWS = [
    {**GOOD, "external_id": "1"},
    {**GOOD, "external_id": "2", "notice_published_on": "2026-06-01"},                     # HN-01
    {**GOOD, "external_id": "3", "notice_ru": "no", "protocol_published_on": ""},          # HN-02, HP-02
    {**GOOD, "external_id": "4", "region": "KZ-75", "protocol_published_on": "2026-07-01"},  # HP-01
    {**GOOD, "external_id": "5", "region": "KZ-75", "hearing_date": "2025-06-16", "notice_published_on": "2025-05-27",
     "documents_published_on": "2025-05-27", "agreement_on": "2025-05-01", "protocol_published_on": "2025-06-25"},
]


@pytest.fixture
def audited(app, clock):
    clock.set("2026-11-23")
    import_hearings(csv_of(*ROWS))
    run_audit()
    db.session.commit()


def test_the_summary_api_reproduces_the_monitoring_table(client, audited):
    body = client.get("/api/v1/audit/summary?year=2026").json
    assert (body["notices"], body["protocols"]) == (4, 3)
    assert (body["notice_violations"], body["protocol_violations"]) == (2, 2)
    assert body["findings_by_rule"]["HN-01"] == 1 and body["findings_by_rule"]["HP-02"] == 1
    assert set(body["findings_by_rule"]) >= {"HN-01", "HP-04", "IR-07", "PE-01"}
    almaty = client.get("/api/v1/audit/summary?year=2026&region=KZ-75").json
    assert (almaty["notices"], almaty["protocol_violations"], almaty["notice_violations"]) == (1, 1, 0)
    assert client.get("/api/v1/audit/summary?year=2025").json["notices"] == 1
    assert client.get("/api/v1/audit/summary").status_code == 400
    assert client.get("/api/v1/audit/summary?year=2026&region=KZ-00").json["error"]["code"] == "unknown_region"


def test_the_dashboard_is_for_compliance_officers(client, audited):
    make_user(Role.akimat_officer, email="o@k.kz", region="KZ-35")
    login(client, "o@k.kz")
    assert client.get("/audit").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/account/tokens").get_data(as_text=True))})
    make_user(Role.compliance_officer, email="c@k.kz")
    login(client, "c@k.kz")
    page = client.get("/audit?year=2026", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "<svg" in page and "HN-01" in page and "Карагандинская область" in page
    findings = client.get("/audit/findings?rule_id=HP-02&year=2026").get_data(as_text=True)
    finding_id = int(findings.split("/audit/findings/")[1].split('"')[0])
    detail = client.get(f"/audit/findings/{finding_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Protocol due by" in detail and "24 June 2026" in detail and "Public Hearing Rules" in detail
    export = client.get("/audit/findings.csv?year=2026")
    text = export.get_data(as_text=True)
    assert export.mimetype == "text/csv" and text.startswith("\ufeffid,rule_id") and text.count("\n") == 5


def test_the_upload_page_imports_in_the_background_with_progress(client, app, clock, job_worker):
    clock.set("2026-11-23")
    make_user(Role.compliance_officer, email="c@k.kz")
    login(client, "c@k.kz")
    page = client.get("/audit/import").get_data(as_text=True)
    data = csv_of({**GOOD, "external_id": "U-1"}, {**GOOD, "external_id": "U-2", "region": "KZ-00"}).encode()
    response = client.post("/audit/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(data), "мониторинг.csv"), "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    for _attempt in range(100):
        html = client.get(job_url, headers={"Accept-Language": "en"}).get_data(as_text=True)
        if "Imported:" in html:
            break
        assert "<progress" in html
        time.sleep(0.05)
    assert "Imported: 1, updated: 0, rejected: 1." in html and "unknown region" in html
