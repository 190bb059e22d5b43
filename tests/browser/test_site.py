"""`govlex site` output opened from disk in Chromium: every page loads with no error and no request
beyond its own files, in English and Chinese, graphs drawn."""

import re

import pytest
from browser.watching import Watched
from govlex.api.site import Site, write_site
from govlex.viz.offline import external_references
from helpers import VALID_BASE

from govlex.catalog import concept_summaries
from govlex.loading import load_sources
from govlex.store import EmbeddedStore, store_from_dataset


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Site:
    store = EmbeddedStore(store_from_dataset(load_sources([VALID_BASE]).dataset))
    return write_site(store, tmp_path_factory.mktemp("site") / "site")


def test_every_page_and_view_refers_only_to_its_own_files(written: Site) -> None:
    root = written.root
    assert (root / "index.html").is_file() and (root / "zh" / "index.html").is_file()
    for path in written.files:
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            assert external_references(text, links=False) == [], path
            for target in _local_targets(text):
                assert (path.parent / target).resolve().is_file(), f"{path} links to missing {target}"


def test_graph_pages_share_one_copy_of_vis_network(written: Site) -> None:
    library = next((written.root / "static" / "vis").rglob("vis-network.min.js"))
    source = library.read_text(encoding="utf-8")
    graph_pages = [
        p for p in written.files if p.suffix == ".html" and p.is_relative_to(written.root / "graph")
    ]
    assert len(graph_pages) >= 3  # the network, and per concept its ego and interpretation views
    for page in graph_pages:
        text = page.read_text(encoding="utf-8")
        assert source not in text, page
        assert f"static/vis/{library.parent.name}/vis-network.min.js" in text, page


def _local_targets(html: str) -> list[str]:
    refs = re.findall(r'(?:src|href)="([^"#?]+)[^"]*"', html)
    return [r for r in refs if not re.match(r"^[a-z][a-z0-9+.-]*:", r, re.I)]


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "zh/index.html",
        "concepts.html",
        "graph.html",
        "overlap.html",
        "sources.html",
        "zh/dialogue.html",
        "source/test-directive.html",
        "zh/source/test-directive.html",
        "party/test-us.html",
    ],
)
def test_page_opens_from_disk(written: Site, watched: Watched, page: str) -> None:
    watched.page.goto((written.root / page).as_uri())
    watched.page.wait_for_load_state("load")
    watched.screenshot("site-" + page.replace("/", "-").removesuffix(".html"))
    assert watched.errors == []
    assert watched.outside() == []
    assert all(url.startswith(("file:", "data:", "about:")) for url in watched.requests)


def test_concept_page_from_disk_draws_its_neighbourhood(written: Site, watched: Watched) -> None:
    slug = concept_summaries(EmbeddedStore(store_from_dataset(load_sources([VALID_BASE]).dataset)))[0].slug
    watched.page.goto((written.root / "zh" / "concept" / f"{slug}.html").as_uri())
    frame = watched.page.wait_for_selector("#ego-graph").content_frame()
    assert frame is not None
    frame.wait_for_function("typeof network !== 'undefined' && network.body.nodeIndices.length > 0")
    assert frame.evaluate(f"network.body.data.nodes.get('{slug}') !== null")
    assert watched.page.locator(".col-us h2").inner_text() == "美方"
    assert watched.errors == [] and watched.outside() == []


@pytest.mark.parametrize("view", ["graph/network.html", "graph/interpretations/{slug}.html"])
def test_graph_view_from_disk_draws_with_the_shared_library(
    written: Site, watched: Watched, view: str
) -> None:
    slug = next(p.stem for p in (written.root / "graph" / "interpretations").glob("*.html"))
    watched.page.goto((written.root / view.format(slug=slug)).as_uri())
    watched.page.wait_for_function("typeof network !== 'undefined' && network.body.nodeIndices.length > 0")
    assert any(url.endswith("static/vis/vis-9.1.2/vis-network.min.js") for url in watched.requests)
    assert watched.errors == [] and watched.outside() == []
