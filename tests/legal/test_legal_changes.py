"""Changing the calendar or a rule recomputes open deadlines and logs each change."""

from datetime import date

from markupsafe import escape
from sqlalchemy import select

from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.ledger import chain as ledger
from aarhus.ledger.models import LogEntry
from aarhus.legal import operations
from aarhus.legal.models import RuleVersion, TrackedDeadline
from tests.conftest import csrf_from, make_user

D = date.fromisoformat


def test_a_decreed_day_off_moves_open_deadlines_and_is_logged(app):
    admin = make_user(Role.admin)
    open_one = operations.track_deadline("request", 1, "request.redirect", D("2026-11-26"))
    closed = operations.track_deadline("request", 2, "request.redirect", D("2026-11-26"))
    operations.meet_deadline("request", 2, "request.redirect", D("2026-11-27"))
    assert open_one.due_on == D("2026-12-01")
    operations.set_override(D("2026-11-30"), "day_off", {"kk": "Демалыс", "ru": "Выходной"},
                            "Government decree No 999", admin)
    db.session.commit()
    assert db.session.get(TrackedDeadline, open_one.id).due_on == D("2026-12-02")
    assert db.session.get(TrackedDeadline, closed.id).due_on == D("2026-12-01")
    moved = [e for e in ledger.entries_for("request", 1) if e.kind == "deadline.recomputed"]
    assert moved[0].payload == {"rule": "request.redirect", "old": "2026-12-01", "new": "2026-12-02",
                                "cause": "calendar 2026-11-30"}
    assert moved[0].actor_id == admin.id
    assert ledger.entries_for("request", 2) == []
    assert ledger.first_broken() is None


def test_removing_the_override_moves_them_back(app):
    admin = make_user(Role.admin)
    row = operations.track_deadline("hearing", 5, "hearing.protocol", D("2026-11-26"))
    operations.set_override(D("2026-11-30"), "day_off", {"kk": "a", "ru": "b"}, "decree", admin)
    assert row.due_on == D("2026-12-08")
    assert operations.remove_override(D("2026-11-30"), admin)
    assert row.due_on == D("2026-12-07")
    assert not operations.remove_override(D("2026-11-30"), admin)


def test_a_new_rule_version_governs_only_clocks_started_after_it(app):
    admin = make_user(Role.admin)
    before = operations.track_deadline("hearing", 1, "hearing.protocol", D("2026-12-30"))
    after = operations.track_deadline("hearing", 2, "hearing.protocol", D("2027-01-05"))
    old = db.session.scalars(select(RuleVersion).filter_by(code="hearing.protocol")).one()
    rule = old.to_rule()
    from aarhus.deadlines import Rule

    operations.save_rule_version(old.pack, Rule(**{**rule.__dict__, "effective_to": D("2026-12-31")}),
                                 admin, old.id)
    operations.save_rule_version(old.pack, Rule(**{**rule.__dict__, "length": 10,
                                                   "effective_from": D("2027-01-01")}), admin)
    db.session.commit()
    assert before.due_on == D("2027-01-13")  # still 7 WD: 31 Dec, 5, 6, 8, 11, 12, 13 (4 Jan observed)
    assert after.due_on == D("2027-01-20")  # now 10 WD: 6, 8, 11–15, 18, 19, 20
    kinds = [e.kind for e in db.session.scalars(select(LogEntry).order_by(LogEntry.id))]
    assert kinds.count("rule.version_saved") == 2 and "deadline.recomputed" in kinds


def test_admin_adds_an_override_through_the_page(client, as_role):
    as_role(Role.admin)
    operations.track_deadline("request", 9, "request.redirect", D("2026-11-26"))
    db.session.commit()
    token = csrf_from(client.get("/admin/calendar").get_data(as_text=True))
    response = client.post("/admin/calendar", data={
        "on": "2026-11-30", "kind": "day_off", "name_kk": "Демалыс күні", "name_ru": "Выходной день",
        "name_en": "", "source": "Decree No 1", "csrf_token": token})
    assert response.status_code == 302
    assert db.session.scalars(select(TrackedDeadline)).one().due_on == D("2026-12-02")
    api = client.get("/api/v1/calendar/2026", headers={"Accept-Language": "ru"}).json
    assert {"date": "2026-11-30", "name": "Выходной день", "source": "Decree No 1",
            "reason": "override_day_off"} in api["non_working_days"]


def test_a_rejected_override_form_keeps_what_was_typed(client, as_role):
    as_role(Role.admin)
    token = csrf_from(client.get("/admin/calendar").get_data(as_text=True))
    response = client.post("/admin/calendar", data={
        "on": "", "kind": "day_off", "name_kk": "Құрбан айт", "name_ru": "", "source": "",
        "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="Құрбан айт"' in page
    assert page.count('class="error"') == 3


def test_admin_edits_a_rule_version_through_the_page(client, as_role):
    as_role(Role.admin)
    row = db.session.scalars(select(RuleVersion).filter_by(code="request.answer")).one()
    page = client.get(f"/admin/rules/{row.id}").get_data(as_text=True)
    assert 'value="request.answer"' in page
    data = {"code": "request.answer", "direction": "forward", "unit": "calendar", "length": "15",
            "effective_from": "2016-01-01", "effective_to": "2015-01-01",
            "legal_basis_kk": "a", "legal_basis_ru": "b", "legal_basis_en": "c",
            "csrf_token": csrf_from(page)}
    bad = client.post(f"/admin/rules/{row.id}", data=data)
    assert bad.status_code == 200 and "class=\"error\"" in bad.get_data(as_text=True)
    data["effective_to"] = ""
    data["legal_basis_en"] = "Law on access to information, art. 11 (amended)"
    assert client.post(f"/admin/rules/{row.id}", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(RuleVersion, row.id).legal_basis_en.endswith("(amended)")


NEW_VERSION = {"code": "finding.response", "direction": "forward", "unit": "working", "length": "12",
               "effective_from": "01.01.2027", "effective_to": "",
               "legal_basis_kk": "Бұйрық №7, 3-тармақ", "legal_basis_ru": "Приказ №7, п. 3",
               "legal_basis_en": "Order No 7, para. 3", "title_kk": "", "title_ru": "", "title_en": ""}


def finding_versions() -> list[RuleVersion]:
    db.session.expire_all()
    return list(db.session.scalars(select(RuleVersion).filter_by(code="finding.response")
                                   .order_by(RuleVersion.effective_from)))


def test_a_new_rule_version_ends_the_open_one_the_day_before_and_governs_from_its_day(client, as_role):
    as_role(Role.admin)
    late = operations.track_deadline("finding", 1, "finding.response", D("2027-01-04"))
    early = operations.track_deadline("finding", 2, "finding.response", D("2026-12-30"))
    db.session.commit()
    page = client.get("/admin/rules/new").get_data(as_text=True)
    untitled = client.post("/admin/rules/new", data={**NEW_VERSION, "csrf_token": csrf_from(page)},
                           headers={"Accept-Language": "en"})
    html = untitled.get_data(as_text=True)
    assert untitled.status_code == 200 and html.count('class="error"') == 2  # the Kazakh and the Russian title
    assert 'value="Приказ №7, п. 3"' in html or "Приказ №7, п. 3</textarea>" in html
    assert len(finding_versions()) == 1
    titled = {**NEW_VERSION, "title_kk": "Органның аудит қорытындысына жауап беру мерзімі",
              "title_ru": "Срок ответа органа на вывод аудита", "csrf_token": csrf_from(page)}
    saved = client.post("/admin/rules/new", data=titled, follow_redirects=True).get_data(as_text=True)
    assert "алдыңғы нұсқа 2026 жылғы 31 желтоқсанға дейін (сол күнді қоса алғанда) қолданылады" in saved
    old, new = finding_versions()
    assert (old.length, old.effective_from, old.effective_to) == (10, D("2007-01-01"), D("2026-12-31"))
    assert (new.length, new.effective_from, new.effective_to) == (12, D("2027-01-01"), None)
    assert db.session.get(TrackedDeadline, late.id).due_on == D("2027-01-21")  # 12 WD (7 Jan is Christmas)
    assert db.session.get(TrackedDeadline, early.id).due_on == D("2027-01-18")  # still 10 WD
    calc = client.get("/deadlines?rule=finding.response&date=04.01.2027", headers={"Accept-Language": "ru"})
    assert 'datetime="2027-01-21"' in calc.get_data(as_text=True)
    assert ">Срок ответа органа на вывод аудита<" in calc.get_data(as_text=True)
    saved = [e.payload for e in db.session.scalars(select(LogEntry).filter_by(kind="rule.version_saved"))]
    assert {p["version"] for p in saved} == {old.id, new.id}


def test_a_version_that_overlaps_one_already_ended_is_refused_and_keeps_what_was_typed(client, as_role):
    as_role(Role.admin)
    page = client.get("/admin/rules/new").get_data(as_text=True)
    titled = {**NEW_VERSION, "title_kk": "Жауап мерзімі", "title_ru": "Срок ответа", "csrf_token": csrf_from(page)}
    assert client.post("/admin/rules/new", data=titled).status_code == 302
    for start in ("01.06.2026", "01.01.2027", "01.01.2019"):
        refused = client.post("/admin/rules/new", data={**titled, "effective_from": start},
                              headers={"Accept-Language": "en"})
        html = refused.get_data(as_text=True)
        assert refused.status_code == 200 and "overlaps the version in force" in html, start
        assert f'value="{start}"' in html and 'value="Срок ответа"' in html
    kazakh = client.post("/admin/rules/new", data={**titled, "effective_from": "01.06.2026"}).get_data(as_text=True)
    assert "2007 жылғы 1 қаңтардан бастап 2026 жылғы 31 желтоқсанға дейін қолданылатын нұсқамен қабаттасады" in kazakh
    assert [(v.effective_from, v.effective_to) for v in finding_versions()] == [
        (D("2007-01-01"), D("2026-12-31")), (D("2027-01-01"), None)]


def test_the_calculator_names_a_rule_by_the_last_title_it_had(client):
    old = finding_versions()[0]
    untitled = old.to_rule()
    from aarhus.deadlines import Rule

    untitled = Rule(**{**untitled.__dict__, "length": 12, "effective_from": D("2027-01-01"),
                       "title": {"kk": "", "ru": "", "en": ""}})
    operations.save_rule_version(old.pack, untitled, make_user(Role.admin))  # saved before titles were required
    db.session.commit()
    page = client.get("/deadlines", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f">{escape(old.title_en)}<" in page and "></option>" not in page


def test_removing_an_override_shows_a_confirmation_page_first(client, as_role):
    admin = as_role(Role.admin)
    row = operations.track_deadline("request", 9, "request.redirect", D("2026-11-26"))
    operations.set_override(D("2026-11-30"), "day_off", {"kk": "Демалыс күні", "ru": "Выходной день"},
                            "Decree No 1", admin)
    db.session.commit()
    token = csrf_from(client.get("/admin/calendar").get_data(as_text=True))
    check = client.post("/admin/calendar/2026-11-30/delete", data={"csrf_token": token})
    html = check.get_data(as_text=True)
    assert check.status_code == 200 and 'name="confirmed" value="1"' in html
    assert "2026 жылғы 30 қараша" in html and "Демалыс күні" in html and "Decree No 1" in html
    assert db.session.get(TrackedDeadline, row.id).due_on == D("2026-12-02")  # nothing moved yet
    done = client.post("/admin/calendar/2026-11-30/delete", data={"csrf_token": token, "confirmed": "1"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(TrackedDeadline, row.id).due_on == D("2026-12-01")
    assert client.post("/admin/calendar/2026-11-30/delete", data={"csrf_token": token}).status_code == 404
