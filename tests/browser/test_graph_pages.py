"""The pages of the whole graph in Chromium (issue 14): one of each kind in both languages loads with no
console error, no request off the server and no serious accessibility violation (axe-core); a phone
keeps both sides readable, stacked and labelled; the keyboard reaches and follows links."""

import pytest
from browser.accessibility import serious_violations
from browser.watching import Watched
from playwright.sync_api import Browser, expect

AWS = "autonomous-weapons-systems"
PAGES = {
    "home": "/",
    "concept": f"/concept/{AWS}",
    "sources": "/sources",
    "source": "/source/dodd-3000-09-2023",
    "dialogue": "/dialogue",
    "round": "/round/9",
    "risk": "/risk/ai-unpredictability",
    "scenario": "/scenario/heterogeneous-uav-swarms",
    "event": "/event/wang-sullivan-bangkok-2024",
    "criterion": "/criterion/selects-targets-without-human-intervention",
    "system": "/system/iai-harpy",
    "person": "/person/fu-ying",
    "pathway": "/finding/interim-2024-cautious-approach",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", PAGES)
def test_page_is_clean_and_accessible(site: str, watched: Watched, name: str, lang: str) -> None:
    path = PAGES[name] + ("?lang=zh" if lang == "zh" else "")
    response = watched.page.goto(site + path, wait_until="load")
    assert response is not None and response.status == 200
    watched.page.wait_for_load_state("networkidle")
    watched.screenshot(f"graph-{name}-{lang}")
    assert watched.errors == [], f"console errors on {path}: {watched.errors}"
    assert watched.outside() == [], f"{path} requested outside the machine: {watched.outside()}"
    assert watched.page.locator("main h1").count() == 1
    assert watched.page.locator("section.cite").count() == 1
    violations = serious_violations(watched.page)
    assert violations == [], f"{path}: {violations}"


@pytest.fixture
def phone(browser: Browser) -> Watched:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    return Watched(context.new_page())


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", [f"/concept/{AWS}", "/criterion/selects-targets-without-human-intervention"])
def test_phone_stacks_both_sides_with_their_labels(site: str, phone: Watched, path: str, lang: str) -> None:
    page = phone.page
    page.goto(site + path + ("?lang=zh" if lang == "zh" else ""))
    us, cn = page.locator(".col-us").first, page.locator(".col-cn").first
    us_box, cn_box = us.bounding_box(), cn.bounding_box()
    assert us_box is not None and cn_box is not None
    assert cn_box["y"] >= us_box["y"] + us_box["height"] - 1, (
        "the two sides should be stacked, not side by side"
    )
    for box in (us_box, cn_box):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1, "a side runs off the screen"
    expect(us.locator("h2, h3").first).to_have_text("美方" if lang == "zh" else "United States")
    expect(cn.locator("h2, h3").first).to_have_text("中方" if lang == "zh" else "China")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1, "the page scrolls sideways"
    phone.screenshot(f"phone-{path.strip('/').replace('/', '-')}-{lang}")
    page.context.close()


def test_keyboard_skips_to_content_and_follows_a_link(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/round/9")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # From the top of the content, Tab reaches the first link inside it, and Enter follows it.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "document.activeElement.closest('main') !== null && document.activeElement.tagName"
    )
    assert focused == "A"
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)


def test_documents_index_filters_by_keyboard(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/sources")
    page.focus("select[name=jurisdiction]")
    page.keyboard.press("ArrowDown")  # the first jurisdiction after 'any'
    chosen = page.eval_on_selector("select[name=jurisdiction]", "s => s.value")
    page.focus("form.filters button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/sources?jurisdiction={chosen}*")
    cells = page.locator("table.documents tbody tr td:nth-child(4)").all_inner_texts()
    assert cells and set(cells) == {chosen}


def test_the_accessibility_check_can_fail(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/round/9")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')")
    assert "image-alt" in {v["id"] for v in serious_violations(page)}


# The site's other pages meet the same bar; the SPARQL page is left to its editor's replacement (#13),
# whose CodeMirror 5 line numbers are below the contrast threshold.
OTHER_PAGES = [
    "/concepts",
    "/graph",
    "/overlap",
    f"/overlap?scope={AWS}&measure=extension",
    "/search?q=zizhu",
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", OTHER_PAGES)
def test_other_pages_are_accessible(site: str, watched: Watched, path: str, lang: str) -> None:
    watched.page.goto(site + path + ("&" if "?" in path else "?") + f"lang={lang}", wait_until="load")
    watched.page.wait_for_load_state("networkidle")
    violations = serious_violations(watched.page)
    assert violations == [], f"{path}: {violations}"
