"""The calculator page, the API and the CLI give the same answer; bad input is a 400."""

import re

import pytest

CASES = [("hearing.protocol", "2026-03-20", "2026-04-03"),
         ("request.answer", "2026-12-01", "2026-12-17"),
         ("hearing.notice", "2026-04-10", "2026-03-21")]


@pytest.mark.parametrize("code,start,expected", CASES)
def test_api_page_and_cli_agree(client, runner, code, start, expected):
    api = client.get(f"/api/v1/deadlines?rule={code}&date={start}", headers={"Accept-Language": "en"})
    assert api.status_code == 200
    assert api.json["rule"] == code and api.json["date"] == start and api.json["due"] == expected
    assert api.json["legal_basis"] and api.json["explanation"]
    page = client.get(f"/deadlines?rule={code}&date={start}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert f'datetime="{expected}"' in page.get_data(as_text=True)
    cli = runner.invoke(args=["deadlines", code, start, "--lang", "en"])
    assert cli.exit_code == 0
    lines = cli.output.splitlines()
    assert lines[0] == expected
    assert lines[1:-1] == api.json["explanation"]


def test_explanation_names_the_days_skipped(client):
    body = client.get("/api/v1/deadlines?rule=hearing.protocol&date=2026-03-20",
                      headers={"Accept-Language": "en"}).json
    assert "23 March 2026 — Nowruz Holiday: a day off, not counted" in body["explanation"]
    assert "28 March 2026 — Saturday: a day off, not counted" in body["explanation"]
    assert body["explanation"][0].startswith("20 March 2026 — ") and "the day the period starts (not counted)" in \
        body["explanation"][0]
    assert body["explanation"][-1] == "3 April 2026 — the last day of the period: working day 7 after the day it starts"
    ru = client.get("/api/v1/deadlines?rule=hearing.protocol&date=2026-03-20",
                    headers={"Accept-Language": "ru"}).json
    assert "23 марта 2026 г. — Наурыз мейрамы: нерабочий день, не учитывается" in ru["explanation"]
    assert "28 марта 2026 г. — суббота: нерабочий день, не учитывается" in ru["explanation"]
    assert ru["legal_basis"].startswith("Правила проведения общественных слушаний")


@pytest.mark.parametrize("query,code", [("rule=nope&date=2026-01-01", "unknown_rule"),
                                        ("rule=request.answer&date=2026-13-01", "bad_date"),
                                        ("rule=request.answer", "bad_date"),
                                        ("rule=request.answer&date=2060-01-01", "out_of_range"),
                                        ("rule=request.answer&date=2010-01-01", "out_of_range")])
def test_bad_input_is_a_400_with_a_clear_message(client, query, code):
    response = client.get(f"/api/v1/deadlines?{query}")
    assert response.status_code == 400
    assert response.json["error"]["code"] == code and response.json["error"]["message"]


def test_the_page_answers_400_and_keeps_the_input(client):
    response = client.get("/deadlines?rule=request.answer&date=not-a-date",
                          headers={"Accept-Language": "en"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="not-a-date"' in page and 'class="error"' in page


def test_cli_refuses_unknown_rules_and_bad_dates(runner):
    assert runner.invoke(args=["deadlines", "nope", "2026-01-01"]).exit_code == 2
    assert runner.invoke(args=["deadlines", "request.answer", "01.01.2026"]).exit_code == 2


def test_calendar_api_and_page(client):
    body = client.get("/api/v1/calendar/2025", headers={"Accept-Language": "en"}).json
    assert body["year"] == 2025
    off = {d["date"]: d["name"] for d in body["non_working_days"]}
    assert off["2025-01-03"].startswith("Day off") and "2025-03-24" in off and "2025-12-16" in off
    assert [d["date"] for d in body["working_weekend_days"]] == ["2025-01-05"]
    reasons = {d["date"]: d["reason"] for d in body["non_working_days"]}
    assert reasons["2025-01-03"] == "transferred_day_off" and reasons["2025-03-21"] == "holiday"
    page = client.get("/calendar/2025", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert "Наурыз мейрамы" in page and 'datetime="2025-01-05"' in page
    assert client.get("/api/v1/calendar/1999").status_code == 400
    assert client.get("/calendar/2099").status_code == 404


def test_a_backward_count_is_explained_in_date_order_as_a_lawyer_writes_it(client):
    kk = client.get("/api/v1/deadlines?rule=hearing.notice&date=2026-04-10", headers={"Accept-Language": "kk"}).json
    assert kk["explanation"][0].startswith("2026 жылғы 21 наурыз — рұқсат етілген соңғы күн")
    assert kk["explanation"][-1].startswith("2026 жылғы 10 сәуір — ")
    assert "нөлінші" not in " ".join(kk["explanation"])
    ru = client.get("/api/v1/deadlines?rule=request.answer&date=2026-03-06", headers={"Accept-Language": "ru"}).json
    # 6 March + 15 = 21 March, a Saturday in Nauryz: the period ends on the next working day
    assert "пришёлся на нерабочий день" in ru["explanation"][-1]
    assert all("((" not in line and "))" not in line for line in ru["explanation"])


def test_estimated_holidays_are_marked_as_forecasts(client):
    body = client.get("/api/v1/calendar/2026", headers={"Accept-Language": "kk"}).json
    names = [d["name"] for d in body["non_working_days"]]
    assert "Құрбан айт (болжамды күн)" in names and not any("бағаланған" in n for n in names)


def _depth(line: str) -> int:
    depth = deepest = 0
    for ch in line:
        depth += (ch == "(") - (ch == ")")
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_no_explanation_nests_brackets_or_shows_an_iso_date(client, lang):
    import re

    codes = [r["code"] for r in client.get("/api/v1/rules").json["rules"]]
    assert len(codes) >= 12
    for code in codes:
        for start in ("2026-03-06", "2026-12-01", "2026-04-10", "2025-01-03"):
            body = client.get(f"/api/v1/deadlines?rule={code}&date={start}", headers={"Accept-Language": lang}).json
            lines = body["explanation"]
            assert [line for line in lines if _depth(line) > 1] == []
            assert [line for line in lines if re.search(r"\d{4}-\d{2}-\d{2}", line)] == []


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_procedures_are_named_without_their_internal_codes(client, lang):
    html = client.get("/deadlines", headers={"Accept-Language": lang}).get_data(as_text=True)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", html)
    assert len(options) >= 10
    assert not [o for o in options if re.search(r"\((hearing|request|see|pee)\.[a-z_.]+\)", o)], options


# The calendar covers 2000–2040 (deadlines.calendar): a date outside it is the caller's error, never a 500 (9999-12-31
# has no day after it, and the explanation counted one).
FAR_DATES = ["9999-12-31", "0001-01-01", "1999-12-31", "2041-01-01"]


@pytest.mark.parametrize("rule", ["hearing.notice", "hearing.documents", "hearing.protocol", "request.answer"])
@pytest.mark.parametrize("start", FAR_DATES)
def test_a_date_outside_the_calendar_is_a_400_naming_the_range(client, rule, start):
    response = client.get(f"/api/v1/deadlines?rule={rule}&date={start}", headers={"Accept-Language": "en"})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    error = response.json["error"]
    assert error["code"] == "out_of_range" and error["fields"] == ["date"]
    assert "2000-01-01" in error["field_errors"]["date"] and "2040-12-31" in error["message"]


@pytest.mark.parametrize("lang,words", [("kk", "аралығында"), ("ru", "в пределах"), ("en", "from")])
@pytest.mark.parametrize("typed", ["9999-12-31", "31.12.9999", "01.01.0001"])
@pytest.mark.parametrize("rule", ["hearing.notice", "hearing.documents"])
def test_the_page_refuses_a_date_outside_the_calendar_and_keeps_it(client, lang, words, typed, rule):
    client.set_cookie("lang", lang)
    response = client.get("/deadlines", query_string={"rule": rule, "date": typed})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'value="{typed}"' in page and 'class="error"' in page
    assert words in page and "01.01.2000" in page and "31.12.2040" in page
