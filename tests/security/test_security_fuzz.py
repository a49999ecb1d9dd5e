"""Fuzz every operation of the OpenAPI document with arbitrary input: never a 500."""

import importlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aarhus
from aarhus.accounts.operations import issue_token
from aarhus.api.openapi import document
from aarhus.core.extensions import db
from tests.hearings.factories import officer_of, published

JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) |
                    st.text(max_size=40),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children,
                                                                                      max_size=5),
                    max_leaves=12)
BODY_KEYS = ["text", "language", "reason", "ground", "to_holder", "withheld", "pages", "stance", "reasons", "as",
             "author_name", "contact", "show_name", "region", "form", "title", "hearing_date", "survey_start",
             "survey_end", "place", "invitees", "published_on", "outlet", "requester_name", "contact_email",
             "holder", "subject", "categories", "answer_form", "attendees", "location", "initiator"]
BODIES = st.one_of(JSON, st.dictionaries(st.sampled_from(BODY_KEYS), JSON, max_size=8))
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
        st.text(max_size=15), max_size=4), body=BODIES, signed=st.booleans())
    def probe(segments, query, body, signed):
        values = iter(segments)
        url = "/api/v1" + re.sub(r"\{[^}]+\}", lambda _m: next(values), path)
        headers = {"Authorization": f"Bearer {officer_token}"} if signed else {}
        if method == "get":
            response = client.get(url, query_string=query, headers=headers)
        else:
            response = client.post(url, json=body, headers=headers)
        response.close()
        assert response.status_code < 500, (method, url, query, body, response.get_data(as_text=True)[:300])

    probe()
