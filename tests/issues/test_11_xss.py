"""Issue 11, defect 4: no route echoes input as live markup. Every name, parameter and query a request
carries comes back as an `application/problem+json` 4xx or an escaped HTML page, never as markup a
browser runs; checked over HTTP on every route and, for the pages, in real Chromium."""

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from browser.conftest import browser  # noqa: F401 (the browser tests' headless Chromium fixture)
from playwright.sync_api import Browser
from servers import govlex_server

# Each payload, if ever run, sets `window.__xss` or opens a dialog; none is a real name.
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "'><svg onload=window.__xss=1>",
]
LIVE = re.compile(r"<script>window\.__xss|<img src=x onerror|<svg onload", re.IGNORECASE)

# Pages (not in the OpenAPI document): every one that takes a name or a parameter.
PAGES = [
    "/concept/{p}",
    "/graph/ego/{p}.html",
    "/graph/interpretations/{p}.html",
    "/overlap/{p}/sets.html",
    "/overlap/{p}/readings-intension.html",
    "/overlap/{p}/sets.svg",
    "/overlap?scope={p}",
    "/search?q={p}",
    "/query?query={p}",
    "/concepts?lang={p}",
    "/static/{p}",
    "/id/concept/{p}",
    "/sparql?query={p}",
]


@pytest.fixture(scope="module")
def base(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with govlex_server(tmp_path_factory.mktemp("xss"), built) as url:
        yield url


def api_urls(base: str, payload: str) -> list[str]:
    """Every REST route of the OpenAPI document, each path and query parameter set to `payload`."""
    spec = httpx.get(f"{base}/openapi.json", timeout=30).json()
    urls = []
    for template, item in spec["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        path = re.sub(r"\{[^}]+\}", quote(payload, safe=""), template)
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        query = "&".join(f"{name}={quote(payload, safe='')}" for name in names)
        urls.append(f"{base}{path}?{query}" if query else f"{base}{path}")
    return urls


def page_urls(base: str, payload: str) -> list[str]:
    return [base + page.replace("{p}", quote(payload, safe="")) for page in PAGES]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_route_answers_with_live_markup(base: str, payload: str) -> None:
    urls = api_urls(base, payload) + page_urls(base, payload)
    assert len(urls) > len(PAGES) + 5  # the OpenAPI document listed the REST routes
    for url in urls:
        for accept in ("text/html", "application/json", "*/*"):
            response = httpx.get(url, headers={"Accept": accept}, timeout=60)
            assert response.status_code < 500, f"{url}: {response.status_code}"
            media = response.headers.get("content-type", "")
            if response.status_code >= 400:
                assert media.startswith(("application/problem+json", "text/html")), f"{url}: {media}"
            if "html" in media or "xml" in media or "svg" in media:
                assert not LIVE.search(response.text), f"{url} ({accept}) echoes the payload as markup"


def test_unknown_names_in_the_graph_views_get_an_escaped_error_page(base: str) -> None:
    payload = PAYLOADS[1]  # no slash: it must reach the route, not miss it
    for view in ("ego", "interpretations"):
        response = httpx.get(f"{base}/graph/{view}/{quote(payload, safe='')}.html", timeout=60)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "&lt;img src=x onerror=" in response.text  # shown, escaped


def test_unknown_names_in_the_overlap_files_get_a_problem(base: str) -> None:
    for name in ("sets.html", "readings-intension.svg"):
        response = httpx.get(f"{base}/overlap/{quote(PAYLOADS[1], safe='')}/{name}", timeout=60)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["title"] == "Not found"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_runs_in_a_browser(base: str, browser: Browser, payload: str) -> None:  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for url in page_urls(base, payload):
            page.goto(url, wait_until="load", timeout=60_000)
            assert page.evaluate("() => window.__xss === undefined"), f"the payload ran at {url}"
    finally:
        context.close()
    assert dialogs == []
