"""The build: artefacts, the content hash, atomicity, and reuse of a matching cached build."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import FIXTURES, VALID_BASE
from pyoxigraph import NamedNode, QuerySolutions, RdfFormat, parse
from rdflib import Dataset

from govlex.build import MANIFEST, NQUADS, TRIG, BuildFailed, build, current_build, input_hash
from govlex.loading import load_sources
from govlex.namespace import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, id_iri, sparql_prologue
from govlex.store import store_from_nquads


def test_build_writes_named_graphs_and_manifest(built: Path) -> None:
    manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["input_hash"] == input_hash()
    dataset = Dataset()
    dataset.parse(built / TRIG, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {str(ONTOLOGY_GRAPH), str(DATA_GRAPH), str(INFERRED_GRAPH)} <= graphs
    lines = [line for line in (built / NQUADS).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == manifest["triples"]


def test_trig_and_nquads_hold_the_same_quads_each_once_as_the_manifest_counts(built: Path) -> None:
    """The conclusions are written after the store's dump into each file (not added to the store): both
    files must still say the same, with no conclusion twice, in the numbers the manifest gives."""
    in_trig = list(parse(path=str(built / TRIG), format=RdfFormat.TRIG))
    in_nquads = list(parse(path=str(built / NQUADS), format=RdfFormat.N_QUADS))
    assert len(set(in_nquads)) == len(in_nquads)
    assert set(in_trig) == set(in_nquads)
    per_graph = Counter(q.graph_name.value for q in in_nquads if isinstance(q.graph_name, NamedNode))
    manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["graphs"] == dict(per_graph)
    assert per_graph[str(INFERRED_GRAPH)] > 6, "the conclusions, not only the build run"


def test_failed_build_leaves_previous_artefacts_untouched(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(out, sources=load_sources(data=[VALID_BASE]), reason=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = load_sources(data=[VALID_BASE, FIXTURES / "invalid" / "ConceptEnglishPrefLabel--missing.ttl"])
    with pytest.raises(BuildFailed) as failure:
        build(out, sources=broken, reason=False)
    assert "ConceptEnglishPrefLabel" in {p.check for p in failure.value.problems}
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    left = [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")]  # writers' lock stays
    assert left == ["build"], "no staging folder left behind"


def test_current_build_reuses_a_matching_build(built: Path) -> None:
    stamp = (built / MANIFEST).stat().st_mtime_ns
    assert current_build(built).directory == built
    assert (built / MANIFEST).stat().st_mtime_ns == stamp


def test_current_build_rebuilds_when_hash_differs(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(out, sources=load_sources(data=[VALID_BASE]), reason=False)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["input_hash"] = "stale"
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = current_build(out)
    assert result.manifest["input_hash"] == input_hash()


def test_documented_provenance_query_names_the_run_for_each_covered_system(built: Path) -> None:
    """The query in docs/reasoning.md answers from the build: each system the U.S. 2023 reading covers,
    with the run and reasoner that concluded it."""
    docs = (Path(__file__).parents[1] / "docs" / "reasoning.md").read_text(encoding="utf-8")
    query = re.search(r"```sparql\n(.*?)```", docs, re.DOTALL)
    assert query is not None
    store = store_from_nquads(built / NQUADS)
    solutions = store.query(sparql_prologue() + query.group(1))
    assert isinstance(solutions, QuerySolutions)
    rows = list(solutions)
    systems = {row["system"].value.rsplit("/", 1)[1] for row in rows}
    assert {"iai-harpy", "kargu-2"} <= systems
    assert {row["run"].value for row in rows} == {str(id_iri("build", input_hash()[:16]))}
    assert all("HermiT" in row["reasoner"].value for row in rows)
