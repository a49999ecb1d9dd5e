"""The copying tariff: published after a confirmation, listed as in force or scheduled, announced before its day."""

from datetime import date

from sqlalchemy import func, select

from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.ledger.models import LogEntry
from aarhus.requests import operations as ops
from aarhus.requests.models import FeeTariff
from tests.conftest import csrf_from


def test_a_tariff_from_tomorrow_is_confirmed_then_listed_and_announced_until_its_day(client, as_role, clock):
    clock.set("2026-12-01")
    admin = as_role(Role.admin)
    ops.set_tariff(1500, date(2026, 12, 1), "Қаулы №1", admin)
    db.session.commit()
    page = client.get("/admin/fees").get_data(as_text=True)
    data = {"price": "12.50", "effective_from": "02.12.2026", "legal_basis": "Қаулы №2", "csrf_token": csrf_from(page)}
    check = client.post("/admin/fees", data=data)
    html = check.get_data(as_text=True)
    assert check.status_code == 200 and 'name="confirmed" value="1"' in html
    assert "12,5 ₸" in html and "2026 жылғы 2 желтоқсан" in html and "Қаулы №2" in html
    assert db.session.scalar(select(func.count()).select_from(FeeTariff)) == 1
    again = client.post("/admin/fees", data={**data, "confirmed": "1", "edit": "1"})
    assert again.status_code == 200 and 'value="Қаулы №2"' in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(FeeTariff)) == 1
    done = client.post("/admin/fees", data={**data, "confirmed": "1"}, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Тариф жарияланды; ол 2026 жылғы 2 желтоқсаннан бастап қолданылады." in html
    listed = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "15 ₸" in listed and "01.12.2026" in listed and "Қазір қолданылады" in listed
    assert "12,5 ₸" in listed and "02.12.2026" in listed and "Күшіне енуі жоспарланған" in listed
    assert [e.payload["price_tiyn"] for e in db.session.scalars(select(LogEntry).filter_by(kind="fees.tariff_set"))
            ] == [1500, 1250]
    public = client.get("/requests/fees").get_data(as_text=True)
    assert "<strong>15 ₸</strong>" in public
    assert "2026 жылғы 2 желтоқсаннан бастап бір беттің бағасы — 12,5 ₸" in public
    russian = client.get("/requests/fees", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "С 2 декабря 2026 г. стоимость одной страницы — 12,5 ₸" in russian
    clock.set("2026-12-02")
    public = client.get("/requests/fees").get_data(as_text=True)
    assert "<strong>12,5 ₸</strong>" in public and "бастап бір беттің бағасы" not in public
    assert ops.current_tariff_tiyn() == 1250


def test_a_tariff_only_scheduled_is_announced_and_copies_stay_free_until_then(client, as_role, clock):
    clock.set("2026-12-01")
    admin = as_role(Role.admin)
    ops.set_tariff(2000, date(2027, 1, 4), "Қаулы №3", admin)
    db.session.commit()
    public = client.get("/requests/fees").get_data(as_text=True)
    assert "Тариф жарияланбаған" in public and "2027 жылғы 4 қаңтардан бастап бір беттің бағасы — 20 ₸" in public
    assert ops.current_tariff_tiyn() == 0
