"""The hearing tests' common people and hearing: an officer and a secretary of Karaganda region, on 23 November 2026,
and a hearing they published for 14 December (written comments until Wednesday 9 December)."""

from datetime import date

import pytest

from tests.hearings.factories import officer_of, published, secretary_of


@pytest.fixture
def officer(app, clock):
    clock.set("2026-11-23")
    return officer_of("KZ-35")


@pytest.fixture
def secretary(officer):
    return secretary_of("KZ-35")


@pytest.fixture
def hearing(officer):
    return published(officer, start=date(2026, 12, 14))  # comments until Wed 9 Dec
