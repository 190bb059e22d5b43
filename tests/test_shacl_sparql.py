"""SHACL on the store gives the same results as inside pySHACL (issue #17).

The SPARQL-based constraints and the core shapes compiled to SPARQL (`govlex/shacl_core.py`) run on
Oxigraph for speed; pySHACL, which evaluates them the way the SHACL specification describes, is the
oracle. Every fixture in the repository (valid, invalid, reasoning)
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
from govlex.shacl import load_shapes, run_shacl, shape_names
from govlex.shacl_core import split_core_shapes
from govlex.shacl_sparql import split_sparql_constraints

CONSTRAINTS = {c.name for c in split_sparql_constraints(load_shapes(), str(SHAPES))[1]}
COMPILED = {c.name for c in split_core_shapes(load_shapes(), str(SHAPES))[1]}
FIXTURE_FILES = sorted((FIXTURES / "invalid").glob("*.ttl")) + sorted((FIXTURES / "valid").glob("*.ttl"))


def sparql_results(problems: list[Problem]) -> set[tuple[str, str | None, str | None, str]]:
    return {(p.check, p.subject, p.value, p.message) for p in problems if p.check in CONSTRAINTS}


def core_results(problems: list[Problem]) -> set[Problem]:
    """The core shapes' results; pySHACL lists a value twice where two components of a shape reject it
    (an ill-typed decimal fails sh:datatype and a bound), the store once."""
    return {p for p in problems if p.check not in CONSTRAINTS}


def test_every_sparql_constraint_of_a_target_class_shape_runs_on_the_store() -> None:
    assert {"UniquePrefLabel", "NoBroaderCycle", "NoBroaderAndRelated", "SourceDate"} <= CONSTRAINTS
    remaining, _ = split_sparql_constraints(load_shapes(), str(SHAPES))
    assert not list(remaining.objects(None, SH.sparql)), "pySHACL would run them a second time"


def test_every_property_shape_is_compiled_to_sparql() -> None:
    """The bundled shapes need no pySHACL at all (a shape the compiler cannot read would fall back to it)."""
    shapes = load_shapes()
    property_shapes = {s for s in shape_names(shapes) if (SHAPES[s], None, SH.PropertyShape) in shapes}
    assert property_shapes and property_shapes == COMPILED


@pytest.mark.parametrize("fixture", [None, *FIXTURE_FILES], ids=lambda p: p.stem if p else "bundled")
def test_store_and_pyshacl_agree(fixture: Path | None) -> None:
    sources = load_sources(data=[VALID_BASE, fixture] if fixture else None)
    on_store = run_shacl(sources.union(), sources.index)
    in_pyshacl = run_shacl(sources.union(), sources.index, sparql_on_store=False)
    assert sparql_results(on_store) == sparql_results(in_pyshacl)
    assert core_results(on_store) == core_results(in_pyshacl)


def test_the_comparison_sees_failures_of_every_shape_on_the_store() -> None:
    """Guard against agreeing only on empty results: each shape fails on its own invalid fixture."""
    for fixture in (FIXTURES / "invalid").glob("*.ttl"):
        shape = fixture.stem.split("--")[0]
        if shape in CONSTRAINTS | COMPILED:
            sources = load_sources(data=[VALID_BASE, fixture])
            assert shape in {p.check for p in run_shacl(sources.union(), sources.index)}, fixture.name
    fixtures = {f.stem.split("--")[0] for f in (FIXTURES / "invalid").glob("*.ttl")}
    assert fixtures >= CONSTRAINTS | COMPILED
