"""Fixtures of the browser tests: a real `govlex serve` process and Debian's Chromium driven by Playwright.

Playwright's own browser download cannot run here, so the tests launch `/usr/bin/chromium` (`.ci/run`
installs it). Each page records its console errors and every request it makes, so tests can assert
that nothing failed and nothing left the machine. Screenshots go to `test-artifacts/screenshots/`.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.watching import Watched
from playwright.sync_api import Browser, sync_playwright
from servers import govlex_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def site(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `govlex serve` over a private copy of the bundled build."""
    with govlex_server(tmp_path_factory.mktemp("pages"), built) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A fresh page in its own context, recording console errors, page errors and requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    record = Watched(page)
    page.on(
        "console", lambda message: record.errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: record.errors.append(str(error)))
    page.on("request", lambda request: record.requests.append(request.url))
    yield record
    context.close()
