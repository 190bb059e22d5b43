"""SHACL shapes, violation queries and the reasoner, on the bundled data and on one-defect fixtures."""

from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, VALID_BASE

from govlex.loading import load_sources
from govlex.problems import failed_checks
from govlex.queries import QueryRegistry
from govlex.shacl import load_shapes, shape_names
from govlex.validation import CONSISTENCY_CHECK, WELL_TYPED_CHECK, validate, validate_sources

INVALID = sorted((FIXTURES / "invalid").glob("*--*.ttl"))
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))

# Node shapes only group the named property shapes and constraints; they never fail on their own.
GROUPING_SHAPES = {name for name in shape_names(load_shapes()) if name.endswith("Shape")}


def expected_check(fixture: Path) -> str:
    return fixture.stem.split("--", 1)[0]


def test_bundled_data_passes_every_check() -> None:
    outcome = validate()
    assert outcome.problems == []


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_valid_fixture_passes(fixture: Path) -> None:
    assert validate(data=[fixture]).problems == []


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_its_named_check(fixture: Path) -> None:
    outcome = validate(data=[VALID_BASE, fixture], reason=expected_check(fixture) == CONSISTENCY_CHECK)
    assert expected_check(fixture) in failed_checks(outcome.problems), outcome.problems


def test_every_check_has_an_invalid_fixture() -> None:
    checks = (shape_names(load_shapes()) - GROUPING_SHAPES) | {
        q.name for q in QueryRegistry().of_kind("violation")
    }
    checks |= {CONSISTENCY_CHECK, WELL_TYPED_CHECK}
    covered = {expected_check(f) for f in INVALID}
    assert checks - covered == set(), "checks without an invalid fixture"
    assert covered - checks == set(), "fixtures naming a check that does not exist"


def test_problem_names_file_line_and_subject() -> None:
    fixture = FIXTURES / "invalid" / "ConceptInGlossary--none.ttl"
    problems = [
        p
        for p in validate(data=[VALID_BASE, fixture], reason=False).problems
        if p.check == "ConceptInGlossary"
    ]
    assert len(problems) == 1
    assert problems[0].subject == "https://w3id.org/govlex/id/concept/orphan"
    assert problems[0].file == fixture
    text = fixture.read_text(encoding="utf-8").splitlines()
    assert problems[0].line is not None and text[problems[0].line - 1].startswith("concept:orphan")


def test_violation_queries_report_rows_with_their_subject() -> None:
    sources = load_sources(data=[VALID_BASE, FIXTURES / "invalid" / "NoBroaderCycle--two-step.ttl"])
    problems = validate_sources(sources, reason=False).problems
    cycle = {p.subject for p in problems if p.check == "NoBroaderCycle"}
    assert cycle == {
        "https://w3id.org/govlex/id/concept/test-weapon",
        "https://w3id.org/govlex/id/concept/test-autonomous-weapon",
    }


def test_every_turtle_file_in_the_repository_parses() -> None:
    from govlex.loading import parse_turtle

    files = [
        p for p in ROOT.rglob("*.ttl") if not {".venv", "build", ".git"} & set(p.relative_to(ROOT).parts)
    ]
    assert len(files) > 30
    for path in files:
        parse_turtle(path)
