"""Issue 11, defect 4, in a real browser: no page that echoes a name or a parameter runs a payload
carried in it (the HTTP side of every route: `tests/issues/test_11_xss.py`)."""

import pytest
from issues.test_11_xss import PAYLOADS, page_urls
from playwright.sync_api import Browser


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_runs_in_a_browser(site: str, browser: Browser, payload: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for url in page_urls(site, payload):
            page.goto(url, wait_until="load", timeout=60_000)
            assert page.evaluate("() => window.__xss === undefined"), f"the payload ran at {url}"
    finally:
        context.close()
    assert dialogs == []
