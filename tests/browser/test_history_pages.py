"""Issue 18 in a real browser: concept timelines, the deprecation notice, releases, changes and convergence.

The fixture world's two releases are served by `history_server` (state b); the bundled data by `site`.
"""

import pytest
from browser.watching import Watched
from playwright.sync_api import expect

PAGES = {
    "history-concept": "/concept/test-autonomous-weapon",
    "history-concept-zh": "/concept/test-autonomous-weapon?lang=zh",
    "history-deprecated": "/concept/test-old-term",
    "history-releases": "/release",
    "history-release": "/release/0.2.0",
    "history-changes": "/changes?from=0.1.0",
    "history-convergence": "/convergence",
    "history-convergence-concept": "/convergence/test-autonomous-weapon",
}


@pytest.mark.parametrize("name", PAGES)
def test_history_page_loads_cleanly(history_server: str, watched: Watched, name: str) -> None:
    response = watched.page.goto(history_server + PAGES[name], wait_until="load")
    assert response is not None and response.status == 200
    watched.page.wait_for_load_state("networkidle", timeout=120_000)  # figures load matplotlib first
    watched.screenshot(name)
    assert watched.errors == [], f"console errors on {name}: {watched.errors}"
    assert watched.outside() == [], f"{name} requested outside the machine: {watched.outside()}"


def test_concept_page_shows_its_timeline_and_release_changes(history_server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{history_server}/concept/test-autonomous-weapon")
    rows = page.locator("table.timeline tbody tr")
    expect(rows).to_have_count(4)
    assert rows.locator("td:first-child").all_inner_texts() == [
        "2012-11-21",
        "2018-04-11",
        "2022-07-25",
        "2023-01-25",
    ]
    # Each reading sits in its side's column: U.S. second, China third.
    expect(rows.nth(0).locator("td").nth(1)).to_contain_text("Test directive, first edition")
    expect(rows.nth(2).locator("td").nth(2)).to_contain_text("Test working paper 2022")
    changes = page.locator(".history-changes li")
    expect(changes.filter(has_text="测试自主武器系统")).to_have_count(1)
    changes.filter(has_text="测试自主武器系统").locator("a").click()
    page.wait_for_url("**/release/0.2.0")
    expect(page.locator("table.release-files")).to_contain_text("govlex.nq")


def test_deprecated_concept_page_leads_to_its_replacement(history_server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{history_server}/concept/test-old-term")
    notice = page.locator(".deprecated-notice")
    expect(notice).to_contain_text("Deprecated")
    notice.locator("a.replaced-by").click()
    page.wait_for_url("**/concept/test-weapon")
    expect(page.locator("h1.concept-title")).to_contain_text("test weapon")


def test_bundled_concept_page_shows_the_timeline_and_links_convergence(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/concept/autonomous-weapons-systems")
    dates = page.locator("table.timeline tbody tr td:first-child").all_inner_texts()
    assert "2012-11-21" in dates and "2023-01-25" in dates and "2018-04-11" in dates
    assert dates.index("2012-11-21") < dates.index("2018-04-11") < dates.index("2023-01-25")
    page.locator("#history a", has_text="How far apart").click()
    page.wait_for_url("**/convergence/autonomous-weapons-systems")
    figure = page.locator("figure img")
    expect(figure).to_be_visible(timeout=120_000)
    page.wait_for_function("document.querySelector('figure img').naturalWidth > 0", timeout=120_000)
    points = page.locator("table.convergence tbody tr")
    assert points.count() >= 2
    expect(points.first.locator("td").first).to_have_text("2018-04-11")
    watched.screenshot("history-convergence-aws")
    assert watched.errors == [] and watched.outside() == []


def test_overlap_page_links_to_convergence(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/overlap")
    page.locator("main a", has_text="over time").click()
    page.wait_for_url("**/convergence")
    expect(page.locator("main h1")).to_have_text("Convergence")
