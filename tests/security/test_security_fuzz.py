"""Fuzz every operation of the OpenAPI document with arbitrary input: never a 500."""

import importlib
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

import aarhus
from aarhus.accounts.operations import issue_token
from aarhus.api.openapi import document
from aarhus.core.extensions import db
from aarhus.hearings.models import Hearing
from tests.hearings.factories import officer_of, published

# Text now and then holds a lone surrogate ("\ud800" is valid JSON, but no UTF-8 text).
SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
TEXT = st.one_of(st.text(max_size=40), st.tuples(st.text(max_size=8), SURROGATE, st.text(max_size=8)).map("".join))
JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | TEXT,
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=5),
                    max_leaves=12)
BODY_KEYS = ["text", "language", "reason", "ground", "to_holder", "withheld", "pages", "stance", "reasons", "as",
             "author_name", "contact", "show_name", "region", "form", "title", "hearing_date", "survey_start",
             "survey_end", "place", "invitees", "published_on", "outlet", "requester_name", "contact_email",
             "holder", "subject", "categories", "answer_form", "attendees", "location", "initiator"]
BODIES = st.one_of(JSON, st.dictionaries(st.sampled_from(BODY_KEYS), JSON, max_size=8))
# Bodies sent as they are: nested deeper than any parser's stack, or cut short.
RAW = st.none() | st.tuples(st.integers(1, 20000), st.sampled_from(["[{}]", '{{"text":{}}}', '{{"a":[{}'])).map(
    lambda spec: spec[1].format("[" * spec[0] + "]" * spec[0]))
SEGMENT = st.one_of(st.integers(-5, 10**6).map(str), st.text(alphabet="KZ0123456789-abc%._~", min_size=1, max_size=20))

for _package in aarhus.BLUEPRINT_PACKAGES:  # every API module adds its paths to the document when imported
    importlib.import_module(f"aarhus.{_package}.blueprint")
OPERATIONS = [(path, method) for path, ops in document()["paths"].items() for method in ops]


@pytest.fixture
def officer_token(app, clock):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    published(officer)
    token = issue_token(officer)
    db.session.commit()
    from aarhus.core.extensions import limiter

    limiter.enabled = False
    yield token
    limiter.enabled = True


@pytest.mark.parametrize("path,method", OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_no_input_makes_the_api_fail(client, officer_token, path, method):
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(segments=st.lists(SEGMENT, min_size=3, max_size=3), query=st.dictionaries(
        st.sampled_from(["rule", "date", "page", "region", "status", "form", "month", "q", "year", "holder"]),
        st.text(max_size=15), max_size=4), body=BODIES, raw=RAW, signed=st.booleans())
    def probe(segments, query, body, raw, signed):
        values = iter(segments)
        url = "/api/v1" + re.sub(r"\{[^}]+\}", lambda _m: next(values), path)
        headers = {"Authorization": f"Bearer {officer_token}"} if signed else {}
        if method == "get":
            response = client.get(url, query_string=query, headers=headers)
        elif raw is not None:
            response = client.post(url, data=raw, content_type="application/json", headers=headers)
        else:
            response = client.post(url, json=body, headers=headers)
        response.close()
        assert response.status_code < 500, (method, url, query, raw and raw[:40], body, response.get_data(as_text=True)[:300])

    probe()


def _text_fields(schema: dict, prefix: str = "") -> list[str]:
    """The paths of every string a body's schema holds (``title.kk``, ``categories.0``, ``withheld.0.what``)."""
    found = [prefix] if schema.get("type") == "string" and prefix else []
    for key, child in schema.get("properties", {}).items():
        found += _text_fields(child, f"{prefix}.{key}" if prefix else key)
    if schema.get("type") == "array" and "items" in schema:
        found += _text_fields(schema["items"], f"{prefix}.0")
    return found


def _with(body: dict, path: str, value: str) -> dict:
    """A copy of ``body`` whose value at ``path`` is ``value`` (the top-level key's other contents dropped)."""
    first, *rest = path.split(".")
    for key in reversed(rest):
        value = [value] if key.isdigit() else {key: value}
    return {**body, first: value}


# Bodies an operation accepts, so that a bad text reaches as far as it can (the insert, the ledger's hash, the mail).
VALID = {
    "/hearings/{hearing_id}/comments": {"author_name": "Айгүл", "contact": "aigul@example.kz", "text": "Пікір"},
    "/hearings/{hearing_id}/oral-comments": {"author_name": "Айгүл", "contact": "aigul@example.kz", "text": "Пікір"},
    "/hearings/{hearing_id}/cancel": {"reason": "Жоба қайтарып алынды"},
    "/requests": {"requester_name": "Гүлнар", "contact_email": "gulnar@example.kz", "holder": "KZ-35",
                  "subject": "Ауа", "text": "PM2.5", "language": "kk", "answer_form": "electronic"},
    "/requests/{number}/extend": {"reason": "Көп мәлімет"},
    "/requests/{number}/answer": {"text": "Жауап", "language": "kk"},
    "/requests/{number}/refuse": {"ground": "no_substance", "reason": "Себеп"},
}
TEXT_CASES = [(path, field) for path, ops in document()["paths"].items()
              for field in _text_fields(ops.get("post", {}).get("requestBody", {}).get("content", {})
                                        .get("application/json", {}).get("schema", {}))]


@pytest.mark.parametrize("path,field", TEXT_CASES, ids=[f"{p} {f}" for p, f in TEXT_CASES])
def test_a_lone_surrogate_in_any_text_of_a_body_is_refused_for_its_field(client, officer_token, path, field):
    number = client.post("/api/v1/requests", json=VALID["/requests"]).json["registration_number"]
    hearing = db.session.scalar(select(Hearing.id).where(Hearing.notice_published_at.is_not(None)))
    url = "/api/v1" + path.format(hearing_id=hearing, number=number, receipt="R")
    raw = json.dumps(_with(VALID.get(path, {}), field, "x\ud800y"))  # "\ud800" escaped, as JSON allows
    response = client.post(url, data=raw, content_type="application/json",
                           headers={"Authorization": f"Bearer {officer_token}"})
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if "{receipt}" not in path:  # a position on an unknown comment is a 404 before its body is read
        assert response.status_code == 422 and response.json["error"]["fields"] == [field], response.json
