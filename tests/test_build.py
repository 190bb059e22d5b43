"""The build: artefacts, the content hash, atomicity, and reuse of a matching cached build."""

import json
from pathlib import Path

import pytest
from helpers import FIXTURES, VALID_BASE
from rdflib import Dataset

from govlex.build import MANIFEST, NQUADS, TRIG, BuildFailed, build, current_build, input_hash
from govlex.loading import load_sources
from govlex.namespace import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH


def test_build_writes_named_graphs_and_manifest(built: Path) -> None:
    manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["input_hash"] == input_hash()
    dataset = Dataset()
    dataset.parse(built / TRIG, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {str(ONTOLOGY_GRAPH), str(DATA_GRAPH), str(INFERRED_GRAPH)} <= graphs
    lines = [line for line in (built / NQUADS).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == manifest["triples"]


def test_failed_build_leaves_previous_artefacts_untouched(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(out, sources=load_sources(data=[VALID_BASE]), reason=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = load_sources(data=[VALID_BASE, FIXTURES / "invalid" / "ConceptEnglishPrefLabel--missing.ttl"])
    with pytest.raises(BuildFailed) as failure:
        build(out, sources=broken, reason=False)
    assert "ConceptEnglishPrefLabel" in {p.check for p in failure.value.problems}
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["build"], "no staging folder left behind"


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
