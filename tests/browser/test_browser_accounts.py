"""Accounts in a real browser (issues 17 and 18): an administrator invites a user who signs in with the password they
set; a password reset round-trip through the outbox and a real SMTP server; registration with consent and a
confirmed address. Screenshots of each step in kk and ru."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from aarhus.bodies.operations import akimat_of
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from tests.browser.conftest import DESKTOP, PHONE, open_menu, shot, sign_in
from tests.conftest import PASSWORD, make_user

NEW_PASSWORD = "a-password-they-chose"
SUBMIT = "form.form button[type=submit]"


def mailed_path(smtp, to: str, kind: str) -> str:
    """The path of the last link of ``kind`` mailed to ``to`` (the mail went through the outbox and real SMTP)."""
    bodies = [m.get_content() for m in smtp if m["To"] == to]
    assert bodies, [m["To"] for m in smtp]
    match = re.search(rf"https?://\S+/account/{kind}/\S+", bodies[-1])
    assert match, bodies[-1]
    return urlsplit(match.group(0)).path


def signed_in_as(page, email: str) -> None:
    open_menu(page)  # on a phone the sign-out button is in the folded menu
    expect(page.locator("form[action='/logout']")).to_be_visible()
    assert "/login" not in page.url, page.url


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_administrator_invites_an_officer_who_signs_in_with_the_password_they_set(open_page, smtp, lang):
    make_user(Role.admin, email="admin@example.kz")
    body_id = akimat_of("KZ-35").id
    db.session.commit()
    invitee = f"zhanar.{lang}@example.kz"
    admin = open_page(lang=lang)
    sign_in(admin, "admin@example.kz", PASSWORD)
    admin.goto("/admin/users")
    shot(admin, f"acc-01-admin-users-{lang}")
    admin.click("a[href='/admin/users/invite']")
    admin.fill("#email", invitee)
    admin.fill("#name", "Жанар Сейітқызы")
    admin.select_option("#role", "akimat_officer")
    admin.select_option("#body", str(body_id))
    shot(admin, f"acc-02-admin-invites-{lang}")
    admin.click(SUBMIT)
    expect(admin.locator(".flash-success")).to_contain_text(invitee)
    expect(admin.locator("h1")).to_have_text("Жанар Сейітқызы")
    shot(admin, f"acc-03-admin-invitation-sent-{lang}")

    guest = open_page(PHONE, lang)
    guest.goto(mailed_path(smtp, invitee, "invitation"))
    expect(guest.locator("main")).to_contain_text(invitee)
    guest.fill("#password", NEW_PASSWORD)
    guest.fill("#confirm", NEW_PASSWORD)
    shot(guest, f"acc-04-invitee-sets-password-{lang}-phone")
    guest.click(SUBMIT)
    expect(guest.locator(".flash-success")).to_be_visible()
    signed_in_as(guest, invitee)
    shot(guest, f"acc-05-invitee-signed-in-{lang}-phone")

    later = open_page(lang=lang)
    sign_in(later, invitee, NEW_PASSWORD)
    signed_in_as(later, invitee)
    later.goto("/manage/hearings")  # an officer's page: the role the administrator gave
    assert "/login" not in later.url and later.locator("h1").count() == 1
    shot(later, f"acc-06-invitee-signs-in-again-{lang}")

    # The administrator sees the account, then disables it after checking.
    admin.goto("/admin/users?role=akimat_officer")
    admin.get_by_role("link", name="Жанар Сейітқызы").click()
    admin.click("form[action$='/disable'] button")
    expect(admin.locator("main")).to_contain_text(invitee)
    shot(admin, f"acc-07-admin-checks-disabling-{lang}")
    admin.click("form.form button[type=submit]:not([name=edit])")
    expect(admin.locator(".flash-success")).to_be_visible()
    shot(admin, f"acc-08-admin-disabled-{lang}")
    later.reload()
    expect(later.locator("form[action='/logout']")).to_have_count(0)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_password_reset_round_trip_through_the_outbox(open_page, smtp, lang):
    email = f"forgetful.{lang}@example.kz"
    make_user(Role.citizen, email=email)
    page = open_page(PHONE, lang)
    page.goto("/login")
    shot(page, f"acc-10-sign-in-with-forgot-link-{lang}-phone")
    page.click("a[href='/account/forgot']")
    page.fill("#email", email)
    shot(page, f"acc-11-forgot-{lang}-phone")
    page.click(SUBMIT)
    expect(page.locator("main")).to_contain_text(email)
    shot(page, f"acc-12-check-your-mail-{lang}-phone")
    path = mailed_path(smtp, email, "reset")
    page.goto(path)
    page.fill("#password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    shot(page, f"acc-13-new-password-{lang}-phone")
    page.click(SUBMIT)
    signed_in_as(page, email)
    shot(page, f"acc-14-reset-signed-in-{lang}-phone")
    # The link worked once.
    page.goto(path)
    expect(page.locator("h1")).not_to_have_text("")
    assert page.locator("#password").count() == 0
    shot(page, f"acc-15-reset-link-used-{lang}-phone")
    other = open_page(lang=lang)
    sign_in(other, email, NEW_PASSWORD)
    signed_in_as(other, email)


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_citizen_registers_with_consent_and_confirms_the_address(open_page, smtp, lang, width):
    email = f"new.citizen.{lang}.{width}@example.kz"
    page = open_page(PHONE if width == "phone" else DESKTOP, lang)
    page.goto("/register")
    page.fill("#name", "Айгерім Сәрсенова")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click(SUBMIT)  # no consent: refused, what was typed kept
    expect(page.locator("#consent-error")).to_be_visible()
    summary = page.locator(".error-summary a[href='#consent']")  # the message, not the whole consent again
    expect(summary).to_have_text(page.locator("#consent-error").inner_text())
    expect(page.locator("#name")).to_have_value("Айгерім Сәрсенова")
    shot(page, f"acc-20-register-without-consent-{lang}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.check("#consent")
    page.click(SUBMIT)
    expect(page.locator("main")).to_contain_text(email)
    shot(page, f"acc-21-registered-check-mail-{lang}-{width}")
    sign_in(page, email, PASSWORD)
    expect(page.locator("form[action='/account/confirm']")).to_be_visible()
    shot(page, f"acc-22-unconfirmed-cannot-sign-in-{lang}-{width}")
    page.goto(mailed_path(smtp, email, "confirm"))
    expect(page.locator(".flash-success")).to_be_visible()
    shot(page, f"acc-23-address-confirmed-{lang}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    sign_in(page, email, PASSWORD)
    signed_in_as(page, email)
