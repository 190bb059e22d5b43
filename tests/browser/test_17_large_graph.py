"""Issue 17: the pages that change with size, in Chromium, on about 2,000 generated concepts.

The data is the bundled data cloned (`govlex.generated.cloned_data`, as `bench/scale.py` makes it) and
served by a real `govlex serve`; 2,000 concepts is past every screenful threshold (60 concepts for the
overlap heat map, 300 for the whole network), so these are the code paths 10,000 concepts take:
the ranked overlap pairs with their filters, the graph's filtered neighbourhood, search in English,
Chinese and pinyin, and a concept page. Generated and served once for the module.
"""

from collections.abc import Iterator

import pytest
from browser.watching import Watched
from servers import govlex_data_server

from govlex.generated import cloned_data, unvalidated_build

pytestmark = pytest.mark.slow
CONCEPTS = 2000


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `govlex serve` over about 2,000 generated concepts."""
    work = tmp_path_factory.mktemp("large")
    counts = cloned_data(work / "data", CONCEPTS)
    assert counts["concepts"] >= CONCEPTS
    unvalidated_build(work / "data", work / "large.nq")
    (work / "serve").mkdir()
    with govlex_data_server(work / "serve", work / "large.nq") as url:
        yield url


def _clean(watched: Watched, name: str) -> None:
    watched.screenshot(f"large-{name}")
    assert watched.errors == [], watched.errors
    assert watched.outside() == [], watched.outside()


def _scores(watched: Watched, table: str) -> list[float]:
    cells = watched.page.locator(f"table.pairs.{table} td.score").all_inner_texts()
    return [float(text) for text in cells]


def test_overlap_lists_the_ends_not_the_matrix(large: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{large}/overlap")
    assert page.locator("table.heatmap").count() == 0, "an N×N table at 2,000 concepts"
    most, least = _scores(watched, "most"), _scores(watched, "least")
    assert len(most) == 20 and len(least) == 20
    assert most == sorted(most, reverse=True) and least == sorted(least)
    assert all(0 < score <= 1 for score in least) and least[-1] <= most[-1]
    counts = page.locator("p.ranked-counts").inner_text()
    assert "pairs compared" in counts
    _clean(watched, "overlap")
    # A pair's concept links lead to the concept's page.
    first = page.locator("table.pairs.most tbody tr").first.locator("td a").first
    label = first.inner_text()
    first.click()
    page.wait_for_load_state("load")
    assert label in page.locator("main h1").inner_text()


def test_overlap_filters_by_side_kind_glossary_and_k(large: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{large}/overlap?measure=text")
    page.select_option("select[name=of]", "interpretations")
    page.select_option("select[name=party]", "cn")
    glossary = page.locator("select[name=glossary] option").nth(1).get_attribute("value")
    assert glossary
    page.select_option("select[name=glossary]", glossary)
    page.fill("input[name=k]", "7")
    page.locator("form.overlap-form button[type=submit]").click()
    page.wait_for_load_state("load")
    url = page.url
    for part in ("of=interpretations", "party=cn", f"glossary={glossary}", "k=7", "measure=text"):
        assert part in url
    assert len(_scores(watched, "most")) == 7
    # Interpretations by the Chinese side only: every listed pair is two readings of the Chinese side.
    assert page.locator("select[name=party] option:checked").get_attribute("value") == "cn"
    _clean(watched, "overlap-filtered")


def test_overlap_heat_map_download_is_bounded(large: str, watched: Watched) -> None:
    response = watched.page.goto(f"{large}/overlap/concepts-intension.html")
    assert response is not None and response.status == 200
    rows = watched.page.locator("table.heatmap tbody tr").count()
    assert 2 <= rows <= 40, f"{rows} rows: the download should hold the top pairs' concepts only"


def test_graph_shows_a_neighbourhood_with_filters(large: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{large}/graph")
    frame_src = page.locator("iframe#network-graph").get_attribute("src")
    assert frame_src and frame_src.startswith("/graph/ego/")
    page.fill("input[name=concept]", "lethality 3")
    page.select_option("select[name=depth]", "2")
    page.check("input[name=kind][value=broader]")
    page.locator("form.graph-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "lethality 3" in page.locator("main h1").inner_text()
    src = page.locator("iframe#network-graph").get_attribute("src") or ""
    assert "depth=2" in src and "kind=broader" in src
    frame = page.frame_locator("iframe#network-graph")
    frame.locator("canvas").first.wait_for()
    drawn = page.frames[1].evaluate("nodes.length")
    assert 1 <= drawn <= 250
    _clean(watched, "graph-neighbourhood")


@pytest.mark.parametrize("query", ["lethality 3", "致命性", "zhiming"])
def test_search_finds_generated_concepts(large: str, watched: Watched, query: str) -> None:
    page = watched.page
    page.goto(f"{large}/search?q={query}")
    hits = page.locator("ol.hits li a").all_inner_texts()
    assert hits, f"no hit for {query!r}"
    assert any("lethality" in hit or "致命" in hit for hit in hits)
    _clean(watched, f"search-{query}")


def test_concept_page_of_a_generated_concept(large: str, watched: Watched) -> None:
    page = watched.page
    response = page.goto(f"{large}/concept/lethality-c3")
    assert response is not None and response.status == 200
    assert "lethality 3" in page.locator("main h1").inner_text()
    _clean(watched, "concept")
