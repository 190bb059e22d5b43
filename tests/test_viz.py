"""The views: self-contained HTML that makes no request, figures that export to PNG and SVG, and the
`govlex viz` / `govlex site` commands. Browser checks of the same files are in `tests/browser/`."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from govlex.viz.figures import heatmap_figure, save, set_figure
from govlex.viz.heatmap import heatmap_table, reading_matrix, readings_text_model
from govlex.viz.interpretation import interpretation_html
from govlex.viz.network import ego_html, network_html
from govlex.viz.offline import copy_libraries, external_references
from govlex.viz.sets import coverage_sets
from govlex.viz.views import write_views
from helpers import VALID_BASE, run_cli

from govlex.catalog import concept_summaries, get_concept
from govlex.errors import UnknownName
from govlex.graph import ConceptGraph, ConceptNode, Relation, concept_graph
from govlex.loading import load_sources
from govlex.namespace import id_iri
from govlex.overlap import Measure
from govlex.reasoning.results import ScopeData
from govlex.store import EmbeddedStore, QueryStore, store_from_dataset, store_from_nquads

AWS = "autonomous-weapons-systems"


@pytest.fixture(scope="module")
def bundled(built: Path) -> QueryStore:
    return EmbeddedStore(store_from_nquads(built / "govlex.nq"))


@pytest.fixture(scope="module")
def small() -> QueryStore:
    """The minimal valid fixture as a store (no reasoner: nothing is covered)."""
    return EmbeddedStore(store_from_dataset(load_sources([VALID_BASE]).dataset))


def node_ids(html: str) -> list[str]:
    """The node ids pyvis wrote into the page's DataSet."""
    match = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", html, re.DOTALL)
    assert match, "no vis DataSet of nodes in the page"
    return [node["id"] for node in json.loads(match.group(1))]


def test_network_is_offline_and_draws_every_concept(
    bundled: QueryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # pyvis's default mode would write lib/ here
    html = network_html(concept_graph(bundled))
    assert external_references(html) == []
    assert "cdn.jsdelivr.net" not in html and "node_modules" not in html
    assert "vis.Network" in html  # vis-network is inlined, not loaded
    assert list(tmp_path.iterdir()) == []
    assert sorted(node_ids(html)) == sorted(s.slug for s in concept_summaries(bundled))


def test_external_references_are_found() -> None:
    page = (
        '<link rel="stylesheet" href="https://cdn.example/x.css"><script src="//cdn.example/x.js"></script>'
    )
    assert external_references(page) == ["https://cdn.example/x.css", "//cdn.example/x.js"]


def test_ego_view_keeps_the_neighbourhood_to_depth() -> None:
    nodes = {s: ConceptNode(f"urn:{s}", s, s.upper(), "") for s in "abcd"}
    graph = ConceptGraph(nodes, [Relation("a", "b", "broader"), Relation("b", "c", "related")])
    assert sorted(node_ids(ego_html(graph, "a", 0))) == ["a"]
    assert sorted(node_ids(ego_html(graph, "a", 1))) == ["a", "b"]
    assert sorted(node_ids(ego_html(graph, "a", 2))) == ["a", "b", "c"]
    with pytest.raises(UnknownName, match="known: a, b, c, d"):
        ego_html(graph, "x")


def test_a_view_with_shared_libraries_refers_to_the_files_copied(tmp_path: Path) -> None:
    graph = ConceptGraph({"a": ConceptNode("urn:a", "a", "A", "甲")}, [])
    inline = ego_html(graph, "a", 1)
    page = tmp_path / "graph" / "ego" / "a.html"
    page.parent.mkdir(parents=True)
    page.write_text(ego_html(graph, "a", 1, libraries="../../static/vis"), encoding="utf-8")
    copied = copy_libraries(tmp_path / "static" / "vis")
    html = page.read_text(encoding="utf-8")
    assert node_ids(html) == node_ids(inline) == ["a"]
    assert external_references(html) == []
    loaded = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
    assert "../../static/vis/vis-9.1.2/vis-network.min.js" in loaded
    assert sorted((page.parent / url).resolve() for url in loaded) == sorted(p.resolve() for p in copied)
    for path in copied:  # the page holds none of what it loads
        assert path.read_text(encoding="utf-8") in inline and path.read_text(encoding="utf-8") not in html
    assert len(html) < len(inline) / 10


def test_interpretation_view_shows_both_sides_and_shared_criteria(bundled: QueryStore) -> None:
    concept = get_concept(bundled, AWS)
    html = interpretation_html(concept)
    ids = node_ids(html)
    assert external_references(html) == []
    assert any("--us-" in i for i in ids) and any("--cn-" in i for i in ids)
    us = {c.iri for r in concept.interpretations if "--us-" in r.slug for c in r.criteria}
    cn = {c.iri for r in concept.interpretations if "--cn-" in r.slug for c in r.criteria}
    assert us & cn, "the two sides' AWS readings share a criterion"
    assert (us | cn) <= set(ids)


def test_heat_map_hover_shows_the_parts(bundled: QueryStore) -> None:
    data = ScopeData.from_store(bundled)
    matrix = reading_matrix(data, str(id_iri("concept", AWS)), readings_text_model(bundled, data))
    table = heatmap_table(matrix, Measure.intension, data)
    cells = re.findall(r'<td[^>]*title="([^"]*)"', table)
    assert len(cells) == len(matrix.labels) ** 2
    between_sides = [c for c in cells if c.startswith("US") and "× CN" in c]
    assert between_sides and all("shared criteria: " in c and "\nonly " in c for c in between_sides)
    assert "selects targets without human intervention" in between_sides[0]


def test_figures_export_as_png_and_svg(bundled: QueryStore, tmp_path: Path) -> None:
    data = ScopeData.from_store(bundled)
    aws = str(id_iri("concept", AWS))
    matrix = reading_matrix(data, aws, readings_text_model(bundled, data))
    written = save(heatmap_figure(matrix, Measure.extension), tmp_path / "heat")
    written += save(set_figure(coverage_sets(data, aws), "UpSet, four readings"), tmp_path / "upset")
    written += save(set_figure(coverage_sets(data, aws, by="side"), "Venn, two sides"), tmp_path / "venn")
    written += save(set_figure({"a": frozenset(), "b": frozenset()}, "nothing covered"), tmp_path / "none")
    assert [p.suffix for p in written] == [".png", ".svg"] * 4
    for path in written:
        if path.suffix == ".png":
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        else:
            root = ElementTree.parse(path).getroot()
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
            assert external_references(path.read_text(encoding="utf-8")) == []
    upset = (tmp_path / "upset.svg").read_text(encoding="utf-8")
    assert "Phalanx" in upset  # the systems are named, not only counted


def test_views_folder(small: QueryStore, tmp_path: Path) -> None:
    written = write_views(small, tmp_path)
    slugs = [s.slug for s in concept_summaries(small)]
    expected = {"graph/network.html", *(f"graph/ego/{s}.html" for s in slugs)}
    expected |= {f"overlap/{s}/sets.{fmt}" for s in slugs for fmt in ("html", "png", "svg")}
    expected |= {f"overlap/concepts-{m.value}.{fmt}" for m in Measure for fmt in ("html", "png", "svg")}
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert expected <= names
    for path in written:
        if path.suffix in {".html", ".svg"}:
            assert external_references(path.read_text(encoding="utf-8")) == [], path


def test_viz_command(built: Path, tmp_path: Path) -> None:
    result = run_cli("viz", str(tmp_path / "views"), "-c", AWS, env={"GOVLEX_BUILD_DIR": str(built)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "views" / "graph" / "interpretations" / f"{AWS}.html").is_file()
    assert (tmp_path / "views" / "overlap" / AWS / "sets.svg").is_file()
    unknown = run_cli(
        "viz", str(tmp_path / "other"), "-c", "no-such-concept", env={"GOVLEX_BUILD_DIR": str(built)}
    )
    assert unknown.returncode == 1
    assert "no concept named 'no-such-concept'" in unknown.stderr and "Traceback" not in unknown.stderr
