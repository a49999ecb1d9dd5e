"""Citizens and officers use the site in a real browser, on a phone and a desktop."""

from datetime import date

from playwright.sync_api import expect

from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.hearings.models import Hearing
from aarhus.requests.models import InfoRequest
from tests.browser.conftest import PHONE, shot, sign_in
from tests.conftest import PASSWORD, make_user
from tests.hearings.factories import draft, officer_of, published, secretary_of


def test_a_citizen_finds_a_hearing_on_a_phone_and_comments(open_page, clock):
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"))
    page = open_page(PHONE, "kk")
    page.goto("/")
    page.get_by_role("link", name="Қоғамдық тыңдаулар").first.click()
    page.select_option("#region", "KZ-35")
    page.get_by_role("button", name="Көрсету").click()
    shot(page, "01-citizen-list-kk-phone")
    page.get_by_role("link", name=hearing.title_kk).click()
    expect(page.locator("h1")).to_have_text(hearing.title_kk)
    page.fill("#author_name", "Айгерім Сәрсенова")
    page.fill("#contact", "aigerim@mail.kz")
    page.check("input[name=show_name][value=initials]")
    page.fill("#text", "Шаңды басу шараларын нақты көрсетіңіз.")
    shot(page, "02-citizen-comment-form-kk-phone")
    page.get_by_role("button", name="Ескертуді жіберу").click()
    expect(page.locator("main")).to_contain_text("А. С.")  # check: the name as it will be shown
    shot(page, "02a-citizen-checks-the-comment-kk-phone")
    page.get_by_role("button", name="Растау және жіберу").click()
    expect(page.locator(".flash-success")).to_contain_text(f"H{hearing.id}-")
    expect(page.locator("#comments")).to_contain_text("А. С.")
    assert "aigerim@mail.kz" not in page.content()
    shot(page, "03-citizen-comment-received-kk-phone")


def test_an_officer_agrees_publishes_answers_signs_and_publishes_the_protocol(open_page, clock):
    clock.set("2026-11-23")
    officer, secretary = officer_of("KZ-35"), secretary_of("KZ-35")
    chair_id, secretary_id, secretary_email = officer.id, secretary.id, secretary.email
    hearing_id = draft(officer, start=date(2026, 12, 14)).id
    db.session.commit()
    page = open_page(lang="ru")
    sign_in(page, officer.email, PASSWORD)
    page.goto(f"/manage/hearings/{hearing_id}")
    page.fill("#invitees", "Жители Каркаралинска, ОО «Эко»")
    page.fill("#information_methods", "Газета, доски объявлений")
    page.get_by_role("button", name="Согласовать порядок проведения").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.get_by_role("button", name="Опубликовать объявление").click()
    expect(page.locator("h1")).to_have_text("Проверьте перед отправкой")  # what goes out, and to whom
    shot(page, "04a-officer-checks-the-notice-ru")
    page.get_by_role("button", name="Подтвердить и отправить").click()
    expect(page.locator(".flash-success")).to_contain_text("Объявление опубликовано")
    shot(page, "04-officer-published-ru")
    from aarhus.hearings import operations as ops

    db.session.remove()  # see what the browser's requests wrote
    hearing = db.session.get(Hearing, hearing_id)
    ops.submit_comment(hearing, author_name="Пётр Ким", contact="p@k.kz", text="Что будет с пастбищами?",
                       show_name=True)
    db.session.commit()
    clock.set("2026-12-15")
    page.goto(f"/manage/hearings/{hearing_id}")
    page.check("input[name=stance][value=partly]")
    page.locator("textarea[name=reasons]").first.fill("Пастбища сохраняются, кроме участка 4")
    page.get_by_role("button", name="Сохранить позицию").click()
    page.fill("#attendees", "42")
    page.select_option("#chair_id", str(chair_id))
    page.fill("#chair_name", "Ж. Омаров")
    page.select_option("#secretary_id", str(secretary_id))
    page.fill("#secretary_name", "Л. Иванова")
    page.get_by_role("button", name="Сохранить проект протокола").click()
    page.get_by_role("button", name="Подписать как председатель").click()
    page.get_by_role("button", name="Подтвердить и отправить").click()
    expect(page.locator("main")).to_contain_text("Л. Иванова")  # awaiting the secretary's own signature
    expect(page.get_by_role("button", name="Подписать как секретарь")).to_have_count(0)
    second = open_page(lang="ru")  # the secretary signs from their own session
    sign_in(second, secretary_email, PASSWORD)
    second.goto(f"/manage/hearings/{hearing_id}")
    second.get_by_role("button", name="Подписать как секретарь").click()
    second.get_by_role("button", name="Подтвердить и отправить").click()
    expect(second.locator(".flash-success")).to_be_visible()
    shot(second, "05-secretary-signed-the-protocol-ru")
    page.reload()
    page.get_by_role("button", name="Опубликовать протокол").click()
    page.get_by_role("button", name="Подтвердить и отправить").click()
    expect(page.locator(".flash-success")).to_contain_text("Протокол опубликован")
    shot(page, "06-officer-protocol-published-ru")
    db.session.remove()
    assert db.session.get(Hearing, hearing_id).protocol_published_at is not None


def test_a_citizen_files_a_request_and_the_officer_answers(open_page, clock):
    clock.set("2026-11-23")
    officer = make_user(Role.akimat_officer, email="o@almaty.kz", region="KZ-75")
    page = open_page(PHONE, "kk")
    page.goto("/requests/new")
    expect(page.locator(".notice-info")).to_contain_text("5-бап")
    page.fill("#requester_name", "Гүлнар Сейітқызы")
    page.fill("#contact_email", "gulnar@mail.kz")
    page.select_option("#holder", label=officer.body.name("kk"))
    page.fill("#subject", "Алматы ауасының сапасы")
    page.fill("#text", "2026 жылғы PM2.5 өлшемдерін сұраймын.")
    shot(page, "07-citizen-request-form-kk-phone")
    page.get_by_role("button", name="Сұрау салуды жіберу").click()
    expect(page.locator("main")).to_contain_text("Алматы ауасының сапасы")  # check your request
    shot(page, "07a-citizen-checks-the-request-kk-phone")
    page.get_by_role("button", name="Жазғанымды өзгерту").click()  # change: everything typed is still there
    expect(page.locator("#subject")).to_have_value("Алматы ауасының сапасы")
    page.fill("#subject", "Алматы ауасының сапасы, 2026")
    page.get_by_role("button", name="Сұрау салуды жіберу").click()
    page.get_by_role("button", name="Растау және жіберу").click()
    expect(page.locator("h1")).to_have_text("Сұрау салу тіркелді")
    shot(page, "08-citizen-request-registered-kk-phone")
    db.session.remove()  # see what the browser's requests wrote
    number = db.session.scalars(db.select(InfoRequest.registration_number)).one()
    office = open_page(lang="kk")
    sign_in(office, officer.email, PASSWORD)
    office.goto("/inbox")
    office.get_by_role("link", name=number).click()
    office.fill("#text", "PM2.5 деректері қоса беріледі.")
    office.get_by_role("button", name="Жауапты жіберу").click()
    expect(office.locator("main")).to_contain_text("PM2.5 деректері қоса беріледі.")  # check before you send
    shot(office, "09a-officer-checks-the-answer-kk")
    office.get_by_role("button", name="Растау және жіберу").click()
    expect(office.locator(".flash-success")).to_be_visible()
    expect(office.locator(".flash-info")).to_contain_text("жіберілді")  # what went out
    shot(office, "09-officer-answered-kk")
    page.goto(f"/requests/{number}")
    expect(page.locator(".badge")).to_have_text("Мерзімінде жауап берілді")


def test_the_language_switch(open_page):
    page = open_page(lang="kk")
    page.goto("/deadlines")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.get_by_role("link", name="Русский").click()
    expect(page.locator("h1")).to_have_text("Калькулятор сроков")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text("Deadline calculator")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"  # remembered
    shot(page, "10-language-switch-en")


def test_a_compliance_officer_builds_the_biodiversity_report_and_waits_for_it(open_page, clock):
    clock.set("2027-01-15")
    make_user(Role.compliance_officer, email="c@ecogeo.kz")
    page = open_page(lang="ru")
    sign_in(page, "c@ecogeo.kz", PASSWORD)
    page.goto("/reports")
    section = page.locator("section", has_text="Концепция по биоразнообразию")
    section.locator("select[name=lang]").select_option("ru")
    section.get_by_role("button", name="Сформировать PDF").click()
    expect(page.locator("h1")).to_contain_text("биологического разнообразия")
    expect(page.locator("main")).to_contain_text("biodiversity-2026-ru.pdf")
    shot(page, "11-report-building-ru")
    expect(page.get_by_role("link", name="Скачать PDF")).to_be_visible(timeout=60_000)
    shot(page, "12-report-ready-ru")
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать PDF").click()
    assert download.value.suggested_filename == "biodiversity-2026-ru.pdf"


def test_a_citizen_reads_a_bodys_record_on_a_phone(open_page, clock):
    from tests.requests.test_requests_web import FILING

    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    published(officer)
    from aarhus.bodies.operations import akimat_of
    from aarhus.requests import operations as requests

    body = akimat_of("KZ-35")
    requests.register_request(body, {**FILING, "holder": None})
    db.session.commit()
    for lang in ("kk", "ru"):
        page = open_page(PHONE, lang)
        page.goto("/bodies")
        page.locator(f"a[href='/bodies/{body.id}']").click()
        expect(page.locator("h1")).to_have_text(body.name(lang))
        shot(page, f"body-page-{lang}-phone")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
