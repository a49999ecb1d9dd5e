"""The national report and the action-plan report: their data, checks and PDF text."""

import re
import subprocess

import pytest
from sqlalchemy import select

from aarhus.audit.engine import run_audit
from aarhus.audit.importer import import_hearings
from aarhus.audit.models import Finding
from aarhus.core.extensions import db
from aarhus.ledger import chain as ledger
from aarhus.plans.items import action_plan
from aarhus.plans.models import PlanProgress
from aarhus.plans.progress import plan_progress
from aarhus.reports import builders
from aarhus.reports.data import nir_2021_answers, nir_sections
from aarhus.reports.models import NirAnswer
from tests.audit.test_audit_rules import GOOD, csv_of

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
         "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII", "XXVIII", "XXIX", "XXX", "XXXI",
         "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI", "XXXVII"]


def text_of(path):
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def test_the_shipped_structures():
    assert [s["numeral"] for s in nir_sections()["sections"]] == ROMAN
    assert all(s["heading"][lang] and s["question"][lang] for s in nir_sections()["sections"] for lang in ("kk", "ru", "en"))
    assert "ұлттық орындауға жатпайды" in nir_sections()["after"]["XXXI"]["kk"]
    assert "ecogosfond" in nir_2021_answers()["I"] and len(nir_2021_answers()) == 37
    plan = action_plan("taza-kazakhstan")
    assert [i["number"] for i in plan["items"]] == list(range(1, 61))
    assert [d["number"] for d in plan["directions"]] == [1, 2, 3]
    first = plan["items"][0]
    assert first["name"].startswith("Экологиялық құқық бұзушылықтарды тіркеуге арналған камералар")
    assert (first["deadline"], first["executors"]) == ("жыл сайын", "ЖАО, ІІМ, ЦДИАӨМ")
    assert plan["items"][19]["progress"]["2024"] == "" and len(plan["items"][18]["progress"]["2024"]) > 5000
    assert "25,87" in plan["directions"][0]["indicators"]


@pytest.fixture
def monitored(app, clock):
    clock.set("2026-11-23")
    import_hearings(csv_of({**GOOD, "external_id": "1"}, {**GOOD, "external_id": "2", "notice_published_on": "2026-06-01"},
                           {**GOOD, "external_id": "3", "region": "KZ-75", "protocol_published_on": ""}))
    run_audit()
    db.session.commit()


def test_the_nir_pdf_has_every_section_and_the_summary_figures(monitored, runner, client, tmp_path):
    db.session.add(NirAnswer(year=2026, numeral="I", lang="en", version=1, text="Drafted with NGOs in September."))
    db.session.commit()
    out = tmp_path / "nir.pdf"
    result = runner.invoke(args=["report", "nir", "--year", "2026", "--lang", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = text_of(out)
    for numeral in ROMAN:
        assert f"{numeral}. " in text, numeral
    assert "Articles 10–22 are not subject to national implementation" in text
    assert "Drafted with NGOs in September." in text
    summary = client.get("/api/v1/audit/summary?year=2026").json
    national = re.search(r"Kazakhstan (\d+) (\d+) (\d+) (\d+)", text).groups()
    assert tuple(map(int, national)) == (summary["notices"], summary["protocols"], summary["notice_violations"],
                                         summary["protocol_violations"]) == (3, 2, 1, 1)
    assert "SHA-256" in text and "Generated 23 November 2026, " in text and "Asia/Almaty" not in text
    assert ledger.entries_for("report", "nir:2026:en")[0].payload["data_sha256"] in text


def test_the_nir_is_in_kazakh_with_kazakh_letters(monitored, tmp_path):
    from aarhus.reports.pdf import nir_pdf

    pdf, data = nir_pdf(2026, "kk")
    (tmp_path / "kk.pdf").write_bytes(pdf)
    text = text_of(tmp_path / "kk.pdf")
    assert "Орхус конвенциясын орындау туралы ұлттық баяндама" in text and "Қазақстан 3 2 1 1" in text
    assert data["monitoring"]["national"]["notices"] == 3


def test_cross_checks_refuse_figures_that_do_not_add_up(monitored):
    data = builders.nir_data(2026, "ru")
    assert builders.cross_checks(data) == []
    data["monitoring"]["rows"][0]["notices"] += 1
    data["requests"]["answered"] += 1
    data["hearings"]["notice_lead_days"].append(-3)
    problems = builders.cross_checks(data)
    assert len(problems) == 3 and any("negative" in p for p in problems)


def test_the_action_plan_pdf_shows_all_60_items_and_the_2024_progress(app, runner, tmp_path):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(args=["report", "action-plan", "--concept", "taza-kazakhstan", "--year", "2024", "--lang",
                                 "kk", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = text_of(out)
    numbers = {int(n) for n in re.findall(r"(?<![\d,.])(\d{1,2})\. ", text)}
    assert set(range(1, 61)) <= numbers
    assert "25,87" in text and "Іске асырылу барысы туралы ақпарат" in text
    plan = action_plan("taza-kazakhstan")
    for item in (plan["items"][0], plan["items"][44], plan["items"][59]):
        assert " ".join(item["progress"]["2024"].split()[:6]) in text


def test_the_biodiversity_plan_ships_from_seed_000():
    """The appendix of Decree No 1206: 8 directions with their indicators, the numbered items in order."""
    plan = action_plan("biodiversity")
    numbers = [i["number"] for i in plan["items"]]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1 and numbers[-1] == 141 and len(numbers) >= 135
    assert [d["number"] for d in plan["directions"]] == list(range(1, 9))
    assert "31,0" in plan["directions"][0]["indicators"] and "14038,6" in plan["directions"][1]["indicators"]
    first = plan["items"][0]
    assert first["name"].startswith("Жұмыс істеп тұрған мемлекеттік табиғи қаумалдардың")
    assert (first["form"], first["deadline"], first["executors"]) == (
        "Үкімет Аппаратына ұсыныс", "2027 жылғы желтоқсан", "ЭТРМ")
    item_53 = next(i for i in plan["items"] if i["number"] == 53)  # its number is lost in the seed; found by its indent
    assert item_53["name"].startswith('"Іле-Балқаш" мемлекеттік табиғи резерватында Тұран жолбарысын')
    assert (item_53["direction"], item_53["deadline"], item_53["source"]) == (3, "жыл сайын", "РБ")
    assert not [i["number"] for i in plan["items"] if i["review"]]
    assert all(i["name"] and i["form"] and i["deadline"] and i["executors"] and i["funding"] and i["source"]
               for i in plan["items"])


def test_the_biodiversity_rows_the_seed_garbles_read_as_the_plan_does():
    """Rows whose numbers the seed's text lost (95-101), rows cut by page breaks, words the PDF split."""
    plan = action_plan("biodiversity")
    rows = {i["number"]: i for i in plan["items"]}
    assert [i["number"] for i in plan["items"]] == list(range(1, 142))
    assert rows[95]["name"].startswith("Облысаралық бассейндік балық шаруашылығы инспекцияларын")
    assert (rows[95]["funding"], rows[95]["source"]) == ("қаржы лизингі шеңберінде", "ЖБ")
    assert rows[100]["name"].endswith("криобанк құру және толықтыру") and rows[101]["form"] == "оқыту бағдарламасы"
    assert rows[104]["name"].startswith("In situ түрлерін сақтау үшін негізгі ботаникалық аумақтарды")
    assert rows[44]["name"].startswith("Орман өсіру үшін орманға жарамды алқаптарды анықтау")
    assert rows[44]["funding"] == "республикалық және жергілікті бюджеттерде көзделген қаражат шегінде"
    assert rows[25]["name"].startswith("Мемлекеттік орман күзетін") and "Мемлекеттік орман" not in rows[24]["name"]
    assert '"ҚТЖ" ҰК" АҚ (келісу бойынша)' in rows[33]["executors"] and rows[33]["funding"].startswith("республикалық")
    assert rows[15]["executors"] == "Жетісу облысының әкімдігі, ЭТРМ"
    directions = {d["number"]: d for d in plan["directions"]}
    assert directions[2]["name"].endswith("орнықты орман пайдалану практикаларын дамыту")
    assert directions[7]["name"].endswith("мониторингтеудің ұлттық жүйесін құру")
    assert "2035 жыл – 97993" in directions[5]["indicators"] and "Нысаналы 9-индикатор" in directions[5]["indicators"]
    assert not [i["number"] for i in plan["items"] if "2026 жыл –" in i["name"]]  # no indicator ran into a row


def test_the_biodiversity_report_and_its_reporting_chain(app, runner, clock, tmp_path):
    """Bodies report by 1 April (AP-03), the ministry by 1 May (AP-04), for 2026 onwards."""
    out = tmp_path / "bio.pdf"
    clock.set("2027-04-01")
    run_audit()
    db.session.commit()
    assert not [f for f in db.session.scalars(select(Finding)) if f.rule_id in ("AP-03", "AP-04")]
    db.session.add(PlanProgress(concept="biodiversity", item=1, year=2026, version=1, text="Талдау жүргізілді."))
    db.session.commit()
    clock.set("2027-04-02")
    run_audit()
    db.session.commit()
    late = [f for f in db.session.scalars(select(Finding)) if f.rule_id == "AP-03"]
    assert len(late) == len(action_plan("biodiversity")["items"]) - 1 and 2026001 not in {f.subject_id for f in late}
    result = runner.invoke(args=["report", "action-plan", "--concept", "biodiversity", "--year", "2026", "--lang",
                                 "ru", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = text_of(out)
    # the measures in their unofficial Russian translation; the progress as the body wrote it
    assert "биологического разнообразия" in text and "Талдау жүргізілді." in text and "туранского тигра" in text
    assert "Тұран жолбарысын" not in text and "Неофициальный перевод." in text
    clock.set("2027-05-02")
    run_audit()
    db.session.commit()
    assert not [f for f in db.session.scalars(select(Finding)) if f.rule_id == "AP-04"]


def test_entered_progress_replaces_the_shipped_text_in_its_year(app):
    db.session.add(PlanProgress(concept="taza-kazakhstan", item=20, year=2024, version=1, text="Байқау өтті."))
    db.session.add(PlanProgress(concept="taza-kazakhstan", item=20, year=2024, version=2, text="Байқау 20 өңірде өтті."))
    db.session.commit()
    data = builders.plan_data("taza-kazakhstan", 2024, "kk")
    items = {i["number"]: i for d in data["directions"] for i in d["items"]}
    assert items[20]["progress"] == "Байқау 20 өңірде өтті." and items[1]["progress"].startswith("Қоғамдық")
    assert builders.plan_data("taza-kazakhstan", 2025, "kk")["directions"][0]["items"][0]["progress"] == ""


def test_editors_save_versions_through_the_pages(client, as_role):
    from aarhus.core.roles import Role
    from tests.conftest import csrf_from

    as_role(Role.compliance_officer)
    page = client.get("/reports/nir/2026/IX?lang=ru").get_data(as_text=True)
    assert "Дополнительная информация о практическом применении положений статьи 4" in page or "IX." in page
    for text in ("Первый вариант", "Второй вариант"):
        client.post("/reports/nir/2026/IX", data={"lang": "ru", "text": text, "csrf_token": csrf_from(page)})
    answers = builders.latest_answers(2026, "ru")
    assert answers["IX"].text == "Второй вариант" and answers["IX"].version == 2
    client.post("/reports/plans/taza-kazakhstan/2025/7", data={"text": "Орындалды.", "csrf_token": csrf_from(page)})
    assert plan_progress("taza-kazakhstan", 2025) == {7: "Орындалды."}


def test_the_draft_report_is_opened_for_public_comment_like_a_hearing(monitored, client, as_role, clock, tmp_path):
    from aarhus.core.roles import Role
    from aarhus.reports.pdf import nir_pdf
    from tests.conftest import csrf_from

    as_role(Role.compliance_officer)
    page = client.get("/reports").get_data(as_text=True)
    opened = client.post("/reports/nir/2026/consultation",
                         data={"closes_on": "2026-12-10", "confirmed": "1", "csrf_token": csrf_from(page)})
    assert opened.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/reports").get_data(as_text=True))})
    public = client.get("/reports/nir/2026/draft")
    assert public.status_code == 200
    draft = client.get("/reports/nir/2026/draft.pdf?lang=ru")
    assert draft.data.startswith(b"%PDF")
    draft.close()
    response = client.post("/reports/nir/2026/draft", data={
        "author_name": "Ерлан Сапаров", "contact": "erlan@ngo.kz", "show_name": "initials", "section": "XVI",
        "text": "Мониторинг кестесіне облыстар бойынша түсініктеме қосыңыз.", "csrf_token": csrf_from(public.get_data(as_text=True))},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Е. С." in html and "erlan@ngo.kz" not in html and "Ерлан Сапаров" not in html
    clock.set("2026-12-11")
    late = client.post("/reports/nir/2026/draft", data={"author_name": "A", "contact": "a@a.kz", "show_name": "name",
                                                        "text": "кеш", "csrf_token": csrf_from(html)})
    assert late.status_code == 422
    pdf, data = nir_pdf(2026, "en")
    assert data["consultation"] == {"opens_on": "2026-11-23", "closes_on": "2026-12-10", "comments": 1}
    (tmp_path / "final.pdf").write_bytes(pdf)
    assert "from 23 November 2026 to 10 December 2026; 1 comment was received" in text_of(tmp_path / "final.pdf")


def test_a_report_builds_in_the_background_while_its_page_polls(app, client, as_role, tmp_path, job_worker):
    """The editor starts the build, the page refreshes itself until the PDF is ready, then offers it."""
    import time

    from aarhus.core.jobs import Job
    from aarhus.core.roles import Role
    from tests.conftest import csrf_from

    as_role(Role.compliance_officer)
    token = csrf_from(client.get("/reports").get_data(as_text=True))
    rejected = client.post("/reports/builds", data={"kind": "action-plan", "concept": "nowhere", "year": "2024",
                                                    "csrf_token": token}, follow_redirects=True)
    assert rejected.request.path == "/reports" and db.session.scalar(select(db.func.count(Job.id))) == 0
    started = client.post("/reports/builds", data={"kind": "action-plan", "concept": "taza-kazakhstan", "year": "2024",
                                                   "lang": "kk", "csrf_token": token})
    page_url = started.headers["Location"]
    deadline = time.monotonic() + 60
    while 'http-equiv="refresh"' in (page := client.get(page_url).get_data(as_text=True)):
        assert "<progress" in page and time.monotonic() < deadline
        time.sleep(0.2)
    assert "taza-kazakhstan-2024-kk.pdf" in page and "/pdf" in page, page
    download = client.get(page_url + "/pdf")
    assert download.mimetype == "application/pdf"
    out = tmp_path / "bg.pdf"
    out.write_bytes(download.data)
    assert "Экологиялық құқық бұзушылықтарды тіркеуге" in text_of(out)
    db.session.expire_all()
    build = db.session.scalars(select(Job)).one()
    assert build.kind == "report.build" and build.state == "done" and build.finished_at is not None
    assert build.result["sha256"] in page and build.worker and build.created_by_id


def test_a_build_whose_worker_died_is_reported_failed_not_polled_forever(app, client, as_role):
    from datetime import timedelta

    from aarhus.core.jobs import Job, enqueue
    from aarhus.core.roles import Role
    from aarhus.core.time import utcnow
    from aarhus.jobs.worker import fail_stale

    as_role(Role.compliance_officer)
    build = enqueue("report.build", {"report": "nir", "year": 2026, "lang": "kk", "concept": None})
    build.state, build.started_at = "running", utcnow() - timedelta(minutes=3)
    build.heartbeat_at = utcnow() - timedelta(seconds=61)  # its worker was killed a minute ago
    db.session.commit()
    page = client.get(f"/reports/builds/{build.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and 'role="alert"' in page
    assert client.get(f"/reports/builds/{build.id}/pdf").status_code == 404
    assert fail_stale() == 1 and db.session.get(Job, build.id).state == "failed"
    assert fail_stale() == 0


def test_only_the_responsible_body_or_a_compliance_officer_writes_an_items_progress(client, clock):
    """Action-plan progress is written by the executors the plan names, and every save is logged."""
    from aarhus.core.roles import Role
    from aarhus.ledger.models import LogEntry
    from tests.conftest import csrf_from, login, make_user

    clock.set("2026-01-20")
    make_user(Role.akimat_officer, email="k@karaganda.kz", region="KZ-35")
    login(client, "k@karaganda.kz")
    national = client.get("/reports/plans/taza-kazakhstan/2025/11")  # ҒЖБМ, ЭТРМ: no akimat among them
    html = national.get_data(as_text=True)
    assert national.status_code == 200 and 'name="text"' not in html
    token = csrf_from(client.get("/reports/plans/taza-kazakhstan/2025/10").get_data(as_text=True))  # ЖАО
    assert client.post("/reports/plans/taza-kazakhstan/2025/11", data={"text": "Жасалды", "csrf_token": token}
                       ).status_code == 403
    assert client.post("/reports/plans/taza-kazakhstan/2025/12", data={"text": "Жасалды", "csrf_token": token}
                       ).status_code == 403  # the city of Almaty's item, not Karaganda's
    assert client.post("/reports/plans/taza-kazakhstan/2025/10", data={"text": "Қарағандыда жасалды",
                                                                       "csrf_token": token}).status_code == 302
    assert plan_progress("taza-kazakhstan", 2025) == {10: "Қарағандыда жасалды"}
    logged = db.session.scalars(select(LogEntry).where(LogEntry.kind == "plan.progress_saved")).one()
    assert logged.subject_id == "taza-kazakhstan:10:2025" and logged.payload["version"] == 1
