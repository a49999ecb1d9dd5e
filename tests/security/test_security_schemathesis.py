"""Schema-driven fuzzing (schemathesis) of every operation of the OpenAPI document, against the Flask app in the
same process (WSGI, no network), with an akimat officer's bearer token so that the write operations run too.

Each operation gets valid bodies built from its schema and invalid ones (wrong types, too long, out of range); path
ids point half the time at real records (a published hearing, a draft, a request). No answer may be a 5xx, and
every answer must match the document (status documented, body of the documented shape). Runs on SQLite and, with
``AARHUS_TEST_DATABASE_URL``, on PostgreSQL; ``FUZZ_EXAMPLES`` sets the examples per operation.
"""

import importlib
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import aarhus
from aarhus.accounts.operations import issue_token
from aarhus.api.openapi import document
from aarhus.core.extensions import db, limiter
from aarhus.requests import operations as requests_ops
from tests.hearings.factories import draft, officer_of, published

for _package in aarhus.BLUEPRINT_PACKAGES:  # every API module adds its paths to the document when imported
    importlib.import_module(f"aarhus.{_package}.blueprint")

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
schema = schemathesis.openapi.from_dict(document())
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], allow_x00=True)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def records(app, clock):
    """A published hearing and a draft of KZ-35, a request held by its akimat, and its officer's token."""
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    hearings = [published(officer).id, draft(officer).id]
    holder = requests_ops.find_holder("KZ-35")
    filed, _token = requests_ops.register_request(holder, {
        "requester_name": "Гүлнар", "contact_email": "gulnar@example.kz", "subject": "Ауа", "text": "PM2.5",
        "language": "kk"})
    token = issue_token(officer)
    db.session.commit()
    limiter.enabled = False
    yield {"hearings": hearings, "number": filed.registration_number, "token": token}
    limiter.enabled = True


def _aim(case, records) -> None:
    """Point half the generated ids at real records, so the operations behind them run."""
    params = case.path_parameters or {}
    if isinstance(params.get("hearing_id"), int) and params["hearing_id"] % 2 == 0:
        params["hearing_id"] = records["hearings"][params["hearing_id"] % 4 // 2]
    if isinstance(params.get("number"), str) and len(params["number"]) % 2 == 0:
        params["number"] = records["number"]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_input_gives_a_server_error_and_answers_match_the_document(case, app, records):
    _aim(case, records)
    headers = {"Authorization": f"Bearer {records['token']}"}
    response = case.call(app=app, headers=headers)
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, case.body,
                                         response.text[:300])
    case.validate_response(response, checks=CHECKS, headers=headers)
