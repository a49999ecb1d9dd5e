"""Why an imported row was rejected, in the page's language; the stored reasons stay as the CLI prints them."""

import pytest

from aarhus.audit import imports
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.audit.test_audit_rules import GOOD, csv_of

BAD = [{**GOOD, "external_id": "R-1", "notice_kk": "1"}, {**GOOD, "external_id": "R-2", "hearing_date": "notadate"},
       {**GOOD, "external_id": "R-3", "form": "meeting"}, {**GOOD, "external_id": "R-4", "region": "KZ-99"}]


@pytest.fixture
def imported(app, clock):
    """An import of four bad rows and a good one, run as the job worker runs it."""
    clock.set("2026-11-23")
    job = imports.start_import(csv_of(*BAD, {**GOOD, "external_id": "R-5"}).encode(), "m.csv", None)
    for _chunk in imports.write_import(job, imports.check_import(job, lambda done, total: None)):
        pass
    job.state = "done"
    db.session.commit()
    return job


def test_the_stored_reasons_stay_the_clis_and_carry_codes(imported):
    assert imported.result["rejected"][0] == [2, "column notice_kk: expected yes or no, not '1'"]
    assert imported.result["reasons"][2] == {"line": 4, "code": "unknown_form", "column": "form",
                                             "params": {"value": "meeting"}}


@pytest.mark.parametrize("lang,expected", [
    ("kk", ["«notice_kk» бағаны: мәні yes немесе no болуы тиіс, берілгені: «1».",
            "«hearing_date» бағаны: «notadate» күн емес; күн ЖЖЖЖ-АА-КК пішімінде көрсетіледі.",
            "«form» бағаны: «meeting» нысаны белгісіз; рұқсат етілген мәндер: open_meeting, survey."]),
    ("ru", ["Столбец «notice_kk»: допускается yes или no, указано «1».",
            "Столбец «hearing_date»: «notadate» не является датой; дата указывается в формате ГГГГ-ММ-ДД.",
            "Столбец «form»: неизвестная форма «meeting»; допустимые значения: open_meeting, survey."]),
    ("en", ["Column «notice_kk»: yes or no expected, not «1».",
            "Column «hearing_date»: «notadate» is not a date; dates are written YYYY-MM-DD.",
            "Column «form»: unknown form «meeting»; the allowed values are open_meeting and survey."]),
])
def test_the_job_page_gives_the_reasons_in_its_language(imported, client, as_role, lang, expected):
    as_role(Role.compliance_officer)
    client.get(f"/lang/{lang}")
    html = client.get(f"/audit/import/{imported.id}").get_data(as_text=True).replace("&#34;", '"').replace("&#39;", "'")
    for reason in expected:
        assert reason in html
    assert "expected yes or no" not in html and "unknown form 'meeting'" not in html


def test_a_job_stored_before_the_codes_shows_its_reasons_as_stored(imported, client, as_role):
    imported.result = {**imported.result, "reasons": None}
    db.session.commit()
    as_role(Role.compliance_officer)
    assert "unknown form &#39;meeting&#39;" in client.get(f"/audit/import/{imported.id}").get_data(as_text=True)


@pytest.mark.parametrize("lang,phrases", [
    ("kk", ["open_meeting немесе survey", "yes немесе no", "ЖЖЖЖ-АА-КК"]),
    ("ru", ["open_meeting или survey", "yes или no", "ГГГГ-ММ-ДД"]),
    ("en", ["open_meeting or survey", "yes or no", "YYYY-MM-DD"]),
])
def test_the_upload_page_states_the_allowed_values(app, client, as_role, lang, phrases):
    as_role(Role.compliance_officer)
    client.get(f"/lang/{lang}")
    html = client.get("/audit/import").get_data(as_text=True)
    for phrase in phrases:
        assert phrase in html
