"""Legal edge cases of the working-day calendar and the kz-default pack.

Each expected date was worked out by hand from the statute's counting conventions
(rules.md §1): forward periods start the day after the trigger; N calendar days that
end on a day off move to the next working day; backward calendar periods never move.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aarhus.deadlines import Calendar, Override, due, due_on, load_pack_file
from aarhus.deadlines.rules import Rule, RuleNotFound, RulePack

CAL = Calendar()
PACK = load_pack_file("kz-default")
D = date.fromisoformat

CASES = [
    # (rule, trigger, due, why)
    ("request.answer", "2026-11-06", "2026-11-23", "15 CD end on Saturday 21 Nov: moved to Monday"),
    ("hearing.protocol", "2026-11-20", "2026-12-01", "7 WD across a weekend"),
    ("hearing.protocol", "2026-03-20", "2026-04-03", "Nauryz 21–23 March and observed 24–25 March"),
    ("request.redirect", "2025-03-20", "2025-03-28", "Nauryz 2025 on Fri–Sun, observed Mon–Tue"),
    ("hearing.protocol", "2026-04-30", "2026-05-14", "May holidays: 1, 7, 9 (Saturday → 11 May)"),
    ("request.refusal", "2026-12-14", "2026-12-22", "16 December, Independence Day"),
    ("hearing.protocol", "2025-12-29", "2026-01-12", "New Year across the year boundary, 7 January"),
    ("request.redirect", "2024-12-31", "2025-01-08", "2025 transfer: 3 Jan off, Sunday 5 Jan working"),
    ("request.redirect", "2026-03-22", "2026-03-30", "count starting on a non-working day"),
    ("request.answer", "2026-12-01", "2026-12-17", "15 CD end on 16 December: moved"),
    ("request.extended_answer", "2026-05-20", "2026-06-19", "30 CD on a working day: not moved"),
    ("hearing.notice", "2026-04-10", "2026-03-21", "20 CD back lands on Nauryz: never moved"),
    ("hearing.documents", "2026-01-26", "2026-01-06", "20 CD back"),
    ("hearing.comments", "2026-03-27", "2026-03-19", "3 WD back across Nauryz"),
    ("hearing.comments", "2026-11-23", "2026-11-18", "3 WD back from a Monday hearing"),
    ("hearing.survey_end", "2026-06-01", "2026-06-29", "20 WD survey"),
    ("request.redirect", "2025-06-05", "2025-06-11", "Kurban Ait 6 June 2025"),
    ("see.conclusion", "2025-07-04", "2025-07-14", "Capital Day on Sunday, observed Monday"),
    ("pee.registration", "2026-12-31", "2027-01-19", "10 WD over New Year (2 Jan on Saturday → 4 Jan off) and 7 Jan"),
    ("request.extension_notice", "2026-05-06", "2026-05-13", "3 WD over 7, 9 and 11 May: 8, 12, 13"),
]


@pytest.mark.parametrize("code,trigger,expected,why", CASES, ids=[c[3] for c in CASES])
def test_legal_edge_cases(code, trigger, expected, why):
    rule = PACK.rule(code, D(trigger))
    assert due_on(rule, D(trigger), CAL) == D(expected)
    assert due(rule, D(trigger), CAL).due_on == D(expected)


def test_every_code_of_rules_md_is_in_the_default_pack():
    assert set(PACK.codes) == {
        "hearing.notice", "hearing.documents", "hearing.comments", "hearing.survey_end",
        "hearing.protocol", "see.conclusion", "pee.registration", "request.answer",
        "request.extended_answer", "request.extension_notice", "request.redirect", "request.refusal",
        "finding.response"}
    notice = PACK.rule("hearing.notice", D("2026-01-01"))
    assert (notice.direction, notice.unit, notice.length) == ("backward", "calendar", 20)
    assert "10" in notice.legal_basis["ru"] and notice.legal_basis["kk"] and notice.legal_basis["en"]


def test_the_trace_lists_the_days_skipped_and_why():
    deadline = due(PACK.rule("hearing.protocol", D("2026-03-20")), D("2026-03-20"), CAL)
    skipped = {(s.on, s.day.reason) for s in deadline.explanation if s.kind == "skipped"}
    assert (D("2026-03-23"), "holiday") in skipped
    assert (D("2026-03-28"), "weekend") in skipped
    assert [s.kind for s in deadline.explanation][0] == "start"
    assert deadline.explanation[-1].kind == "due"
    assert deadline.legal_basis["en"].startswith("Public Hearing Rules")


def test_the_trace_counts_a_working_sunday():
    deadline = due(PACK.rule("request.redirect", D("2024-12-31")), D("2024-12-31"), CAL)
    assert [s.on for s in deadline.explanation if s.kind == "counted_weekend"] == [D("2025-01-05")]


def test_overrides_make_days_off_and_working_days():
    decree = Calendar([
        Override(D("2026-05-27"), "day_off", "Құрбан айт", "Курбан айт", "Kurban Ait", "Decree No 1"),
        Override(D("2026-11-28"), "working_day", "Жұмыс күні", "Рабочий день", "", "Decree No 2"),
    ])
    assert not decree.is_working_day(D("2026-05-27"))
    assert decree.is_working_day(D("2026-11-28"))
    rule = PACK.rule("request.redirect", D("2026-11-26"))
    assert due_on(rule, D("2026-11-26"), CAL) == D("2026-12-01")
    assert due_on(rule, D("2026-11-26"), decree) == D("2026-11-30")


def test_invalid_override_kind_is_refused():
    with pytest.raises(ValueError):
        Override(D("2026-01-01"), "holiday", "a", "b")


def test_a_case_is_judged_by_the_version_in_force_when_its_clock_started():
    old = PACK.rule("hearing.protocol", D("2026-01-01"))
    new = Rule("hearing.protocol", "forward", "working", 10, D("2027-01-01"), None, {"en": "New Rules"})
    ended = Rule(**{**old.__dict__, "effective_to": D("2026-12-31")})
    pack = RulePack("test", (ended, new))
    assert pack.rule("hearing.protocol", D("2026-12-31")).length == 7
    assert pack.rule("hearing.protocol", D("2027-01-04")).length == 10
    with pytest.raises(RuleNotFound):
        pack.rule("hearing.protocol", D("2000-01-01"))
    with pytest.raises(RuleNotFound):
        pack.rule("no.such.rule", D("2026-01-01"))


def test_an_alternative_pack_loads_without_code_changes():
    alt = load_pack_file("kz-notice-20wd")
    rule = alt.rule("hearing.notice", D("2026-06-01"))
    assert rule.unit == "working"
    # 20 WD before Monday 29 June 2026: 26 June is the 1st … 1 June is the 20th.
    assert due_on(rule, D("2026-06-29"), CAL) == D("2026-06-01")


def test_malformed_rules_are_refused():
    with pytest.raises(ValueError):
        Rule("x", "sideways", "working", 3, D("2020-01-01"))
    with pytest.raises(ValueError):
        Rule("x", "forward", "working", 0, D("2020-01-01"))
    with pytest.raises(ValueError):
        Rule("x", "forward", "working", 3, D("2020-01-01"), D("2019-01-01"))


days = st.dates(min_value=date(2001, 1, 1), max_value=date(2039, 6, 30))
forward_codes = [code for code in PACK.codes if PACK.latest(code).direction == "forward"]


@settings(max_examples=300, deadline=None)
@given(day=days, code=st.sampled_from(forward_codes))
def test_forward_due_dates_are_never_days_off(day, code):
    rule = PACK.latest(code)
    rule = Rule(**{**rule.__dict__, "effective_from": date(2000, 1, 1)})
    assert CAL.is_working_day(due_on(rule, day, CAL))
    assert due_on(rule, day, CAL) > day


@settings(max_examples=300, deadline=None)
@given(day=days, n=st.integers(min_value=1, max_value=60))
def test_nth_working_day_after_is_strictly_increasing(day, n):
    assert CAL.nth_working_day_after(day, n) < CAL.nth_working_day_after(day, n + 1)
    assert CAL.nth_working_day_before(day, n) > CAL.nth_working_day_before(day, n + 1)


@settings(max_examples=100, deadline=None)
@given(day=days, n=st.integers(min_value=1, max_value=40))
def test_bisect_agrees_with_walking_day_by_day(day, n):
    walked, counted = day, 0
    while counted < n:
        walked += timedelta(days=1)
        counted += CAL.info(walked).working
    assert CAL.nth_working_day_after(day, n) == walked
