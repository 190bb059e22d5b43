"""The web pages in a real browser: Debian's Chromium, driven by Playwright, against `govlex serve`.

Every page must load with no console error and no request leaving the machine; the concept page must
show both sides; the graph must draw every concept; search must find a concept by Chinese characters
and by pinyin; the SPARQL page must run a query and show rows. Screenshots of every page are kept in
`test-artifacts/screenshots/`.
"""

from pathlib import Path

import pytest
from browser.watching import Watched
from playwright.sync_api import Frame, expect

from govlex.catalog import concept_summaries
from govlex.store import EmbeddedStore, store_from_nquads

AWS = "autonomous-weapons-systems"
PAGES = {
    "home": "/",
    "home-zh": "/?lang=zh",
    "concept": f"/concept/{AWS}",
    "concept-zh": f"/concept/{AWS}?lang=zh",
    "index": "/concepts",
    "search": "/search?q=zizhu+wuqi",
    "graph": "/graph",
    "overlap": "/overlap",
    "overlap-concept": f"/overlap?scope={AWS}&measure=intension",
    "sparql": "/query",
}


def _frame(watched: Watched, selector: str) -> Frame:
    """The frame of the iframe `selector`, once its network has been drawn."""
    handle = watched.page.wait_for_selector(selector)
    frame = handle.content_frame()
    assert frame is not None, f"{selector} has no frame"
    frame.wait_for_function("typeof network !== 'undefined' && network.body.nodeIndices.length > 0")
    return frame


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly(site: str, watched: Watched, name: str) -> None:
    response = watched.page.goto(site + PAGES[name], wait_until="load")
    assert response is not None and response.status == 200
    watched.page.wait_for_load_state("networkidle")
    watched.screenshot(name)
    assert watched.errors == [], f"console errors on {name}: {watched.errors}"
    assert watched.outside() == [], f"{name} requested outside the machine: {watched.outside()}"
    assert watched.page.locator("main h1").count() >= 1


def test_concept_page_shows_both_sides(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/concept/{AWS}")
    expect(page.locator(".col-us h2")).to_have_text("United States")
    expect(page.locator(".col-cn h2")).to_have_text("China")
    assert page.locator(".col-us .reading").count() >= 1
    assert page.locator(".col-cn .reading").count() >= 1
    # Sources carry their locators, and the ego graph is drawn around this concept.
    assert page.locator(".col-us .sources li .locator").count() >= 1
    ego = _frame(watched, "#ego-graph")
    assert ego.evaluate("network.body.data.nodes.get('" + AWS + "') !== null")


def test_language_switch_keeps_the_page(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/concept/{AWS}")
    page.click("#lang-switch")
    page.wait_for_url(f"**/concept/{AWS}?lang=zh")
    expect(page.locator(".col-us h2")).to_have_text("美方")
    expect(page.locator(".col-cn h2")).to_have_text("中方")
    expect(page.locator("h1.concept-title")).to_contain_text("自主武器系统")


def test_graph_draws_every_concept(site: str, watched: Watched, built: Path) -> None:
    expected = len(concept_summaries(EmbeddedStore(store_from_nquads(built / "govlex.nq"))))
    watched.page.goto(f"{site}/graph")
    network = _frame(watched, "#network-graph")
    assert network.evaluate("network.body.nodeIndices.length") == expected
    # Switching the labels to Chinese relabels the drawn nodes.
    network.select_option("#glx-lang", "zh")
    label = network.evaluate(f"network.body.data.nodes.get('{AWS}').label")
    assert label == "自主武器系统"


@pytest.mark.parametrize("q", ["自主武器", "zizhu wuqi"])
def test_search_finds_autonomous_weapons_systems(site: str, watched: Watched, q: str) -> None:
    page = watched.page
    page.goto(site + "/")
    page.fill("header form.search input[name=q]", q)
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    expect(page.locator(f".hits a[href='/concept/{AWS}']")).to_have_count(1)


def test_sparql_page_runs_a_query(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/query")
    page.wait_for_selector(".CodeMirror")  # the shipped editor took over the textarea
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?c ?label WHERE { ?c skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), 'zh')) } LIMIT 5"
    )
    page.evaluate("text => window.govlexEditor.setValue(text)", query)
    page.click("#run")
    page.wait_for_selector("#results")
    watched.screenshot("sparql-results")
    assert int(page.inner_text("#row-count")) == 5
    assert page.locator("table.results tbody tr").count() == 5
    assert watched.errors == []


def test_sparql_page_explains_a_refused_query(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/query?query=DROP+ALL")
    expect(page.locator("#sparql-error")).to_contain_text("read-only")


def test_ego_graph_depth_can_be_chosen(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/concept/{AWS}")
    one = _frame(watched, "#ego-graph").evaluate("network.body.nodeIndices.length")
    page.select_option("form.depth select[name=depth]", "2")
    with page.expect_response(lambda r: "depth=2" in r.url):
        page.click("form.depth button")
    frame = page.frame(name="ego-graph")
    assert frame is not None
    frame.wait_for_function("typeof network !== 'undefined' && network.body.nodeIndices.length > 0")
    assert frame.evaluate("network.body.nodeIndices.length") > one
