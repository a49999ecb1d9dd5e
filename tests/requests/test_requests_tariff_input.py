"""The copying tariff takes a finite price in tenge with at most two decimals, up to a sane maximum: 1e30 or
Infinity typed on the admin page is the field's error, not a 500 (the tiyn did not fit the column, or no int)."""

from datetime import date

import pytest
from sqlalchemy import select

from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.requests import operations as ops
from aarhus.requests.errors import RequestError
from aarhus.requests.models import FeeTariff
from aarhus.requests.rules import MAX_PAGE_PRICE_TIYN
from tests.conftest import csrf_from

MESSAGE = {"kk": "ондық белгіден кейін екі таңбадан", "ru": "не более чем двумя знаками", "en": "at most two decimals"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("price", ["1e30", "Infinity", "-Infinity", "NaN", "sNaN", "1.234", "10000.01", "-1",
                                   "99999999999999999999"])
def test_a_price_that_is_no_sane_amount_is_the_fields_error(client, as_role, clock, lang, price):
    clock.set("2026-11-23")
    as_role(Role.admin)
    client.set_cookie("lang", lang)
    page = client.get("/admin/fees").get_data(as_text=True)
    response = client.post("/admin/fees", data={"price": price, "effective_from": "01.12.2026",
                                                "legal_basis": "Қаулы №1", "csrf_token": csrf_from(page)})
    assert response.status_code == 422, response.status_code  # the form again, with what to correct
    answer = response.get_data(as_text=True)
    assert MESSAGE[lang] in answer and f'value="{price}"' in answer
    assert db.session.scalars(select(FeeTariff)).all() == []


@pytest.mark.parametrize("price", ["0", "25.5", "25.50", "10000"])
def test_a_sane_price_passes_the_form(app, price):
    from werkzeug.datastructures import MultiDict

    from aarhus.requests.forms import TariffForm

    with app.test_request_context():
        form = TariffForm(MultiDict({"price": price, "effective_from": "01.12.2026", "legal_basis": "Қаулы №1"}),
                          meta={"csrf": False})
        assert form.validate(), form.errors


@pytest.mark.parametrize("price_tiyn", [-1, MAX_PAGE_PRICE_TIYN + 1, 10**30])
def test_the_operation_refuses_a_price_out_of_range(app, price_tiyn):
    from tests.conftest import make_user

    admin = make_user(Role.admin)
    with pytest.raises(RequestError) as refused:
        ops.set_tariff(price_tiyn, date(2026, 12, 1), "Қаулы №1", admin)
    assert refused.value.code == "invalid" and refused.value.details["fields"] == ["price"]
    assert db.session.scalars(select(FeeTariff)).all() == []
