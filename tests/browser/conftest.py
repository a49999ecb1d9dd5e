"""Headless Debian Chromium driven by Playwright; screenshots go to test-output/screenshots/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium on a closed network: no background connections, no sandbox as root.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def open_page(browser, live):
    """``open_page(viewport, lang)`` → a page on the live server; closed after the test."""
    contexts = []

    def make(viewport=DESKTOP, lang="kk", bypass_csp=False):
        context = browser.new_context(viewport=viewport, locale=lang, bypass_csp=bypass_csp, base_url=live)
        context.add_cookies([{"name": "lang", "value": lang, "url": live}])
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    """Save a full-page screenshot of the current step."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_menu(page) -> None:
    """Open the header's menu where it is folded (a phone), as a person taps "Menu" before a link of it."""
    summary = page.locator("details.nav-menu > summary")
    if summary.is_visible() and page.locator("details.nav-menu[open]").count() == 0:
        summary.click()


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the form."""
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
