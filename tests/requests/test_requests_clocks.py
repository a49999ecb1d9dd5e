"""Every clock of a request (rules.md §2, §4) on dates around holidays, and every refusal rule."""

from datetime import date

import pytest

from aarhus.bodies.operations import akimat_of
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.legal.models import TrackedDeadline
from aarhus.requests import operations as ops
from aarhus.requests.models import GROUNDS, NON_RESTRICTABLE
from tests.conftest import make_user

D = date.fromisoformat


def filed(holder="KZ-75", categories=("other",), language="ru", **extra):
    data = {"requester_name": "Ольга Петренко", "contact_email": "olga@mail.kz", "language": language,
            "subject": "Замеры воздуха у ТЭЦ-2", "text": "Прошу данные мониторинга за 2026 год.",
            "categories": list(categories), **extra}
    request, token = ops.register_request(akimat_of(holder), data)
    db.session.commit()
    return request, token


@pytest.fixture
def officer(app):
    return make_user(Role.akimat_officer, email="o@almaty.kz", region="KZ-75")


def test_the_answer_is_due_15_cd_later_moved_past_independence_day(app, clock):
    clock.set("2026-12-01")
    request, _ = filed()
    assert request.registered_on == D("2026-12-01") and request.due_on == D("2026-12-17")
    assert request.registration_number == "KZ75-2026-00001"


def test_registration_numbers_are_unique_per_holder_and_year(app, clock):
    clock.set("2026-12-30")
    numbers = [filed()[0].registration_number for _ in range(3)] + [filed("KZ-35")[0].registration_number]
    clock.set("2027-01-05")
    numbers.append(filed()[0].registration_number)
    assert numbers == ["KZ75-2026-00001", "KZ75-2026-00002", "KZ75-2026-00003", "KZ35-2026-00001",
                       "KZ75-2027-00001"]


def test_anonymous_requests_are_not_accepted(app):
    with pytest.raises(OperationError) as caught:
        ops.register_request(akimat_of("KZ-75"), {"requester_name": " ", "contact_email": "", "language": "kk",
                                                  "subject": "x", "text": "y"})
    assert caught.value.code == "anonymous_not_accepted"
    assert caught.value.details["fields"] == ["requester_name", "contact_email"]


def test_the_extension_runs_to_30_cd_and_its_notice_to_3_wd(app, clock, officer):
    clock.set("2026-03-06")  # 15 CD: 21 March (Nauryz, Saturday) → Thursday 26 March
    request, _ = filed()
    assert request.due_on == D("2026-03-26")
    clock.set("2026-03-20")
    ops.extend_request(request, "Нужны данные Казгидромета", officer)
    assert request.due_on == D("2026-04-06")  # 6 March + 30 = Sunday 5 April → Monday
    assert request.extension_notice_due_on == D("2026-03-30")  # 3 WD after Friday 20 March: 26, 27, 30
    assert request.extension_notified_at is not None
    codes = {row.rule_code: row.due_on for row in db.session.scalars(db.select(TrackedDeadline))}
    assert codes == {"request.extended_answer": D("2026-04-06")}


def test_only_one_extension_and_only_until_the_15th_day(app, clock, officer):
    clock.set("2026-11-02")
    request, _ = filed()
    assert request.due_on == D("2026-11-17")
    clock.set("2026-11-18")
    with pytest.raises(OperationError) as caught:
        ops.extend_request(request, "поздно", officer)
    assert caught.value.code == "extension_not_allowed"
    clock.set("2026-11-17")
    ops.extend_request(request, "успеваем", officer)
    with pytest.raises(OperationError) as caught:
        ops.extend_request(request, "ещё раз", officer)
    assert caught.value.code == "extension_not_allowed" and caught.value.details["already_extended"] is True


def test_a_redirect_starts_the_receiving_holders_clock_and_tells_the_requester(app, clock, officer):
    from aarhus.notify.models import OutboxMessage

    clock.set("2026-12-15")
    request, token = filed()
    clock.set("2026-12-17")  # 16 December is a holiday; still within 3 WD
    forwarded = ops.redirect_request(request, akimat_of("KZ-19"), "Объект в Алматинской области", officer)
    db.session.commit()
    assert request.state.value == "redirected" and request.closed_on == D("2026-12-17")
    # 17 Dec + 15 = 1 Jan (holiday); 2 Jan (Saturday, holiday), 3 Jan, 4 Jan (observed day off) → 5 Jan.
    assert forwarded.registered_on == D("2026-12-17") and forwarded.due_on == D("2027-01-05")
    assert forwarded.registration_number == "KZ19-2026-00001" and forwarded.redirected_from_id == request.id
    assert ops.by_token(token) == forwarded  # the same private link follows the request
    mails = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.to for m in mails] == ["olga@mail.kz"] * 3
    assert "KZ19-2026-00001" in mails[-1].body


def test_refusals_use_the_closed_list_only(app, officer):
    request, _ = filed()
    with pytest.raises(OperationError) as caught:
        ops.refuse_request(request, "too_busy", "нет времени", officer)
    assert caught.value.code == "unknown_ground"
    assert GROUNDS == ("unidentifiable", "non_compliant", "restricted", "analysis_pending", "inspection_pending",
                       "decision_pending", "foreign_agreement_pending", "anonymous", "no_substance")
    ops.refuse_request(request, "inspection_pending", "Проверка не завершена", officer)
    assert request.state.value == "refused" and request.refusal_ground == "inspection_pending"


@pytest.mark.parametrize("category", NON_RESTRICTABLE)
def test_the_six_categories_can_never_be_refused_as_restricted(app, officer, category):
    request, _ = filed(categories=[category, "other"])
    with pytest.raises(OperationError) as caught:
        ops.refuse_request(request, "restricted", "коммерческая тайна", officer)
    assert caught.value.code == "ground_not_allowed"
    with pytest.raises(OperationError) as caught:
        ops.answer_request(request, text="Частично", language="ru", actor=officer,
                           withheld=[{"what": "Выбросы по цехам", "ground": "restricted"}])
    assert caught.value.code == "ground_not_allowed"


def test_other_information_may_be_refused_as_restricted(app, officer):
    request, _ = filed(categories=["other"])
    ops.refuse_request(request, "restricted", "Персональные данные третьих лиц", officer)


def test_the_answer_must_be_in_the_language_of_the_request(app, officer):
    request, _ = filed(language="kk")
    with pytest.raises(OperationError) as caught:
        ops.answer_request(request, text="Ответ", language="ru", actor=officer)
    assert caught.value.code == "wrong_language" and caught.value.details["expected"] == "kk"
    ops.answer_request(request, text="Жауап", language="kk", actor=officer)


def test_late_answers_are_recorded_as_late(app, clock, officer):
    clock.set("2026-11-02")
    request, _ = filed()
    clock.set("2026-11-20")
    ops.answer_request(request, text="Ответ", language="ru", actor=officer)
    assert ops.status_of(request) == "answered_late"


def test_an_officer_of_another_body_gets_403(app):
    request, _ = filed("KZ-75")
    stranger = make_user(Role.akimat_officer, email="x@kz35.kz", region="KZ-35")
    for act in (lambda: ops.answer_request(request, text="x", language="ru", actor=stranger),
                lambda: ops.extend_request(request, "x", stranger),
                lambda: ops.refuse_request(request, "anonymous", "x", stranger),
                lambda: ops.redirect_request(request, akimat_of("KZ-35"), "x", stranger)):
        with pytest.raises(OperationError) as caught:
            act()
        assert caught.value.status == 403


def test_fees_only_for_paper_copies_and_never_for_the_exempt(app, officer):
    admin = make_user(Role.admin, email="admin@x.kz")
    ops.set_tariff(2500, date(2026, 1, 1), "Постановление Правительства №1", admin)
    paper, _ = filed(answer_form="paper", postal_address="Алматы, ул. Абая 1")
    exempt, _ = filed(answer_form="paper", postal_address="Алматы, ул. Абая 2", fee_exemption="pensioners")
    electronic, _ = filed()
    for request in (paper, exempt, electronic):
        ops.answer_request(request, text="Копии", language="ru", pages=12, actor=officer)
    assert (paper.fee_tiyn, exempt.fee_tiyn, electronic.fee_tiyn) == (30000, 0, 0)


def test_a_complaint_goes_to_the_higher_body_within_3_months(app, clock, officer):
    clock.set("2026-06-01")
    request, _ = filed()
    clock.set("2026-06-03")
    ops.refuse_request(request, "decision_pending", "Решение не принято", officer)
    clock.set("2026-09-03")
    complaint = ops.file_complaint(request, "Отказ незаконен")
    assert complaint.to_body_id == request.holder.parent_id != request.holder_id
    assert complaint.concerns_user_id == officer.id
    assert (complaint.reason, complaint.late) == ("refusal", False)
    clock.set("2026-09-04")  # past 3 months: still accepted, marked late (seed 003 on art. 18, L1059-1069)
    late = ops.file_complaint(request, "Ещё раз")
    assert (late.reason, late.late) == ("refusal", True)


def test_a_partial_answer_can_be_complained_against(app, clock, officer):
    clock.set("2026-06-01")
    request, _ = filed()
    ops.answer_request(request, text="Данные прилагаются.", language="ru", actor=officer,
                       withheld=[{"what": "Замеры у проходной", "ground": "inspection_pending"}])
    complaint = ops.file_complaint(request, "Скрыли часть замеров")
    assert complaint.reason == "incomplete" and not complaint.late
    whole, _ = filed()
    ops.answer_request(whole, text="Данные прилагаются.", language="ru", actor=officer)
    with pytest.raises(OperationError) as caught:
        ops.file_complaint(whole, "Нет повода")
    assert caught.value.code == "complaint_not_allowed"


@pytest.mark.parametrize("category", ["emergency", "health", "environment_state", "rights_violations", "legal_acts",
                                      "budget", "budget_control", "holder_violations", "defamation_acts"])
def test_every_category_of_art_6_is_never_refused_as_restricted(app, clock, officer, category):
    clock.set("2026-06-01")
    request, _ = filed(categories=[category])
    with pytest.raises(OperationError) as caught:
        ops.refuse_request(request, "restricted", "Ограниченный доступ", officer)
    assert caught.value.code == "ground_not_allowed"
    secret = category in ("legal_acts", "budget", "budget_control")  # art. 6 items 5-7 carve out state secrets
    if secret:
        ops.refuse_request(request, "restricted", "Государственные секреты", officer, state_secret=True)
        assert request.refusal_state_secret
    else:
        with pytest.raises(OperationError):
            ops.refuse_request(request, "restricted", "Государственные секреты", officer, state_secret=True)


def test_a_state_secret_does_not_open_a_request_that_also_asks_for_the_environment(app, clock, officer):
    clock.set("2026-06-01")
    request, _ = filed(categories=["budget", "environment_state"])
    with pytest.raises(OperationError) as caught:
        ops.refuse_request(request, "restricted", "Секрет", officer, state_secret=True)
    assert caught.value.code == "ground_not_allowed"


def test_the_extension_records_its_ground_and_the_head_who_decided(app, clock, officer):
    clock.set("2026-06-01")
    request, _ = filed()
    with pytest.raises(OperationError) as caught:
        ops.extend_request(request, "Нужны данные департамента", officer, ground="workload", decided_by="Аким")
    assert caught.value.details["fields"] == ["ground"]
    ops.extend_request(request, "Нужны данные департамента санэпидконтроля", officer, ground="several_holders",
                       decided_by="А. Смагулов, руководитель управления")
    assert (request.extension_ground, request.extension_decided_by) == (
        "several_holders", "А. Смагулов, руководитель управления")


def test_no_complaint_against_a_request_still_on_time(app):
    request, _ = filed()
    with pytest.raises(OperationError):
        ops.file_complaint(request, "Рано")
