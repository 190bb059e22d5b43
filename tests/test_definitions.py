"""Definitions as classes: coverings and scope verdicts known by construction, provenance, and the bundled data."""

from pathlib import Path

import pytest
from helpers import FIXTURES, VALID_BASE
from rdflib import RDF, Dataset, URIRef
from rdflib.namespace import PROV

from govlex.build import NQUADS, TRIG, BuildFailed, build
from govlex.catalog import Interpretation
from govlex.loading import load_sources
from govlex.namespace import GLX, INFERRED_GRAPH, id_iri
from govlex.reasoning.definitions import infer_scope
from govlex.reasoning.results import Scope, ScopeData
from govlex.reasoning.scope import Definitions, ScopeInferences
from govlex.store import EmbeddedStore, store_from_nquads
from govlex.validation import validate_sources

REASONING = FIXTURES / "reasoning"
SCOPE = [VALID_BASE, REASONING / "scope.ttl"]


def interp(slug: str) -> URIRef:
    return id_iri("interpretation", slug)


def system(slug: str) -> URIRef:
    return id_iri("system", slug)


@pytest.fixture(scope="module")
def inferred() -> ScopeInferences:
    return infer_scope(load_sources(data=SCOPE))


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reasoning") / "build"
    build(out, sources=load_sources(data=SCOPE))
    return out


def test_fixtures_are_valid_govlex() -> None:
    for extra in ([], [REASONING / "exclusive-system.ttl"], [REASONING / "unsatisfiable.ttl"]):
        outcome = validate_sources(load_sources(data=[*SCOPE, *extra]), reason=False)
        assert outcome.ok, [p.message for p in outcome.problems]


def test_a_system_is_covered_exactly_when_it_exhibits_every_criterion(inferred: ScopeInferences) -> None:
    expected = {
        ("broad", "hypothetical"), ("broad", "loitering"), ("broad", "ciws"),
        ("same", "hypothetical"), ("same", "loitering"), ("same", "ciws"),
        ("narrow", "hypothetical"),
        ("lethal-only", "hypothetical"), ("lethal-only", "loitering"), ("lethal-only", "rpa"),
        ("remote", "rpa"),
    }  # fmt: skip
    assert inferred.covers == {(interp(i), system(s)) for i, s in expected}


def test_a_system_lacking_one_criterion_is_not_covered(inferred: ScopeInferences) -> None:
    assert (interp("narrow"), system("loitering")) not in inferred.covers
    assert not {i for i, s in inferred.covers if s == system("partial")}


def test_superset_of_criteria_is_narrower(inferred: ScopeInferences) -> None:
    assert inferred.narrower == {
        (interp("narrow"), interp("broad")),
        (interp("narrow"), interp("same")),
        (interp("narrow"), interp("lethal-only")),
    }


def test_equal_criteria_are_equivalent_both_ways(inferred: ScopeInferences) -> None:
    assert inferred.equivalent == {(interp("broad"), interp("same")), (interp("same"), interp("broad"))}


def test_declared_exclusive_criteria_make_definitions_disjoint(inferred: ScopeInferences) -> None:
    pairs = {(interp("remote"), interp(other)) for other in ("broad", "same", "narrow")}
    assert inferred.disjoint == pairs | {(b, a) for a, b in pairs}
    assert (interp("remote"), interp("lethal-only")) not in inferred.disjoint


def test_without_exclusions_no_disjointness_is_asked() -> None:
    definitions = Definitions({interp("a"): frozenset({URIRef("urn:c1")})}, frozenset())
    assert definitions.disjointness_candidates() == []


def test_system_exhibiting_exclusive_criteria_is_inconsistent_and_named() -> None:
    result = infer_scope(load_sources(data=[*SCOPE, REASONING / "exclusive-system.ttl"]))
    assert not result.consistent
    [problem] = result.problems
    assert problem.check == "OwlConsistency"
    assert problem.subject == str(system("contradictory"))
    assert problem.file is not None and problem.file.name == "exclusive-system.ttl"


def test_definition_with_exclusive_criteria_fails_the_build(tmp_path: Path) -> None:
    sources = load_sources(data=[*SCOPE, REASONING / "unsatisfiable.ttl"])
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path / "build", sources=sources)
    [problem] = failure.value.problems
    assert (problem.check, problem.subject) == ("SatisfiableDefinition", str(interp("impossible")))
    assert not (tmp_path / "build").exists()


def test_inferred_graph_holds_the_conclusions_and_the_run_that_drew_them(
    fixture_build: Path, inferred: ScopeInferences
) -> None:
    dataset = Dataset()
    dataset.parse(fixture_build / TRIG, format="trig")
    graph = dataset.graph(INFERRED_GRAPH)
    [run] = graph.subjects(RDF.type, GLX.BuildRun)
    reasoner = str(graph.value(run, GLX.reasoner))
    assert "structural classifier" in reasoner and "HermiT" in reasoner, reasoner
    assert graph.value(run, GLX.consistent).toPython() is True
    assert graph.value(INFERRED_GRAPH, PROV.wasGeneratedBy) == run
    expected = {
        *((s, GLX.covers, o) for s, o in inferred.covers),
        *((s, GLX.narrowerInScopeThan, o) for s, o in inferred.narrower),
        *((s, GLX.equivalentInScopeTo, o) for s, o in inferred.equivalent),
        *((s, GLX.disjointInScopeWith, o) for s, o in inferred.disjoint),
    }
    assert expected, "the fixture draws conclusions"
    concluded = {
        t
        for t in graph
        if t[1] in {GLX.covers, GLX.narrowerInScopeThan, GLX.equivalentInScopeTo, GLX.disjointInScopeWith}
    }
    assert concluded == expected
    assert not list(graph.subjects(RDF.type, RDF.Statement)), "no per-statement reification"


def test_build_without_reasoner_claims_no_verdict(tmp_path: Path) -> None:
    build(tmp_path / "build", sources=load_sources(data=SCOPE), reason=False)
    dataset = Dataset()
    dataset.parse(tmp_path / "build" / TRIG, format="trig")
    graph = dataset.graph(INFERRED_GRAPH)
    assert not list(graph.triples((None, GLX.covers, None)))
    assert not list(graph.triples((None, GLX.consistent, None)))
    data = ScopeData.from_store(EmbeddedStore(store_from_nquads(tmp_path / "build" / NQUADS)))
    narrow, broad = data.readings[str(interp("narrow"))], data.readings[str(interp("broad"))]
    assert data.verdict(narrow, broad).scope is Scope.unknown


def test_serving_reads_the_verdicts(fixture_build: Path) -> None:
    data = ScopeData.from_store(EmbeddedStore(store_from_nquads(fixture_build / NQUADS)))

    def reading(slug: str) -> Interpretation:
        return data.readings[str(interp(slug))]

    narrow, broad, remote = reading("narrow"), reading("broad"), reading("remote")
    assert data.verdict(narrow, broad).scope is Scope.narrower
    assert data.verdict(broad, narrow).scope is Scope.broader
    assert data.verdict(broad, reading("same")).scope is Scope.equivalent
    assert data.verdict(remote, broad).scope is Scope.disjoint
    assert "targets selected by an operator" in data.verdict(remote, broad).explanation
    assert data.verdict(remote, reading("lethal-only")).scope is Scope.incomparable
    assert data.verdict(narrow, reading("test-weapon--us")).scope is Scope.unknown


# ---------------------------------------------------------------- the bundled data


@pytest.fixture(scope="module")
def bundled(built: Path) -> ScopeData:
    return ScopeData.from_store(EmbeddedStore(store_from_nquads(built / NQUADS)))


def test_bundled_coverings_are_exactly_the_systems_exhibiting_all_criteria(bundled: ScopeData) -> None:
    assert "structural classifier" in bundled.reasoner and "HermiT" in bundled.reasoner
    for reading in bundled.readings.values():
        if not reading.criterion_iris:
            assert not reading.system_iris
            continue
        exhibiting = {s for s, criteria in bundled.exhibits.items() if reading.criterion_iris <= criteria}
        assert reading.system_iris == exhibiting, reading.iri


def test_bundled_us_2023_against_cn_2018_gets_the_verdict_its_criteria_imply(bundled: ScopeData) -> None:
    us = bundled.readings[str(interp("autonomous-weapons-systems--us-dodd-3000-09-2023"))]
    cn = bundled.readings[str(interp("autonomous-weapons-systems--cn-ccw-2018"))]
    assert us.criterion_iris and cn.criterion_iris
    if cn.criterion_iris > us.criterion_iris:
        expected = Scope.narrower
    elif cn.criterion_iris < us.criterion_iris:
        expected = Scope.broader
    elif cn.criterion_iris == us.criterion_iris:
        expected = Scope.equivalent
    else:
        expected = Scope.incomparable
    assert bundled.verdict(cn, us).scope is expected
    if expected is Scope.narrower:
        assert cn.system_iris <= us.system_iris, (
            "a narrower definition covers no system the broader one misses"
        )
