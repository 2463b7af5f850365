"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

No browser is downloaded: `make test` installs Debian's `chromium` with apt-get; axe-core
comes from npm (package.json) and is injected from node_modules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.personas import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (fixtures, assertions) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    """A page at 360×800, like a cheap phone, that fails on any request off localhost."""
    # bypass_csp lets axe-core be injected; the app itself forbids inline scripts.
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, locale="vi-VN", bypass_csp=True
    )
    outside: list[str] = []

    def _guard(route: Any) -> None:
        url = route.request.url
        if url.startswith((live_server.url, "data:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", _guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not outside, f"assets requested from outside: {outside}"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [v for v in violations if v["impact"] in {"serious", "critical"}]


def assert_accessible(page: Any) -> None:
    bad = axe_violations(page)
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert not bad, f"axe violations on {page.url}: {summary}"


def assert_fits_phone(page: Any) -> None:
    """Nothing makes the page scroll sideways at 360 px."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the phone"


def open_menu_if_collapsed(page: Any) -> None:
    """On a phone the staff menu is collapsed: open it, and wait until Bootstrap has finished
    showing it (a link clicked while the menu still slides open may miss)."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") == "false":
        toggler.click()
        page.locator("#nav-main.show:not(.collapsing)").wait_for(state="visible")


def sign_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form and wait for the staff home page."""
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form:has(#id_username) [type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/$"))
