"""SPARQL-based SHACL constraints give the same results on the store as inside pySHACL (issue #17).

The constraints run on Oxigraph for speed; pySHACL, which evaluates them the way the SHACL
specification describes, is the oracle. Every fixture in the repository (valid, invalid, reasoning)
and the bundled data are checked with both engines, and the results must agree constraint by
constraint.
"""

from pathlib import Path

import pytest
from helpers import FIXTURES, VALID_BASE
from rdflib.namespace import SH

from govlex.loading import load_sources
from govlex.namespace import SHAPES
from govlex.problems import Problem
from govlex.shacl import load_shapes, run_shacl
from govlex.shacl_sparql import split_sparql_constraints

CONSTRAINTS = {c.name for c in split_sparql_constraints(load_shapes(), str(SHAPES))[1]}
FIXTURE_FILES = sorted((FIXTURES / "invalid").glob("*.ttl")) + sorted((FIXTURES / "valid").glob("*.ttl"))


def sparql_results(problems: list[Problem]) -> set[tuple[str, str | None, str | None, str]]:
    return {(p.check, p.subject, p.value, p.message) for p in problems if p.check in CONSTRAINTS}


def test_every_sparql_constraint_of_a_target_class_shape_runs_on_the_store() -> None:
    assert {"UniquePrefLabel", "NoBroaderCycle", "NoBroaderAndRelated", "SourceDate"} <= CONSTRAINTS
    remaining, _ = split_sparql_constraints(load_shapes(), str(SHAPES))
    assert not list(remaining.objects(None, SH.sparql)), "pySHACL would run them a second time"


@pytest.mark.parametrize("fixture", [None, *FIXTURE_FILES], ids=lambda p: p.stem if p else "bundled")
def test_store_and_pyshacl_agree(fixture: Path | None) -> None:
    sources = load_sources(data=[VALID_BASE, fixture] if fixture else None)
    on_store = run_shacl(sources.union(), sources.index)
    in_pyshacl = run_shacl(sources.union(), sources.index, sparql_on_store=False)
    assert sparql_results(on_store) == sparql_results(in_pyshacl)
    assert [p for p in on_store if p.check not in CONSTRAINTS] == [
        p for p in in_pyshacl if p.check not in CONSTRAINTS
    ]


def test_the_comparison_sees_failures_of_every_store_constraint() -> None:
    """Guard against agreeing only on empty results: each constraint fails on its invalid fixture."""
    failed = set()
    for fixture in (FIXTURES / "invalid").glob("*.ttl"):
        sources = load_sources(data=[VALID_BASE, fixture])
        failed |= {p.check for p in run_shacl(sources.union(), sources.index)}
    assert failed >= CONSTRAINTS
