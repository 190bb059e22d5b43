"""The structural classifier draws exactly HermiT's conclusions (issue #17): a differential test on random models.

Each model is generated with its own seed: a few criteria (so that subsets, equal sets and exclusions are
common), declared exclusions, and sometimes a system exhibiting an excluded pair. HermiT classifies the
generated OWL classes (the oracle); the structural classifier works over criteria sets; every conclusion
and every problem must agree.
"""

import pytest
from helpers import FIXTURES, VALID_BASE, run_cli

from govlex.generated import definition_sources
from govlex.loading import LoadedSources
from govlex.reasoning.definitions import ScopeMethod, infer_scope
from govlex.reasoning.scope import Definitions, ScopeInferences
from govlex.reasoning.structural import classify, exhibited_criteria

# (seed, definitions, criteria pool, exclusions, a clashing system); small pools make many relations.
MODELS = [
    *((seed, 12, 5, seed % 3, False) for seed in range(5)),
    *((seed, 25, 8, 2, False) for seed in range(5, 8)),
    (8, 30, 6, 0, False),
    (9, 10, 5, 2, True),
    (10, 20, 7, 3, True),
]


def model(seed: int, size: int, pool: int, exclusions: int, clash: bool) -> LoadedSources:
    return definition_sources(
        size, pool, exclusions, seed=seed, requires=(1, 4), exhibits=(1, pool), clash=clash
    )


def structural(sources: LoadedSources) -> ScopeInferences:
    """The structural classifier alone (without the HermiT consistency run that `infer_scope` adds)."""
    store = sources.store
    return classify(Definitions.from_store(store), exhibited_criteria(store), sources.index)


def conclusions(found: ScopeInferences) -> dict[str, object]:
    return {
        "consistent": found.consistent,
        "covers": found.covers,
        "narrower": found.narrower,
        "equivalent": found.equivalent,
        "disjoint": found.disjoint,
        "problems": sorted((p.check, p.subject, p.message) for p in found.problems),
    }


@pytest.mark.parametrize(("seed", "size", "pool", "exclusions", "clash"), MODELS)
def test_structural_conclusions_equal_hermits(
    seed: int, size: int, pool: int, exclusions: int, clash: bool
) -> None:
    sources = model(seed, size, pool, exclusions, clash)
    assert conclusions(structural(sources)) == conclusions(infer_scope(sources, ScopeMethod.hermit))


def test_the_random_models_exercise_every_kind_of_conclusion() -> None:
    """Guard against a differential test that passes because the models are trivial."""
    found = [structural(model(*parameters)) for parameters in MODELS]
    assert any(f.narrower for f in found)
    assert any(f.equivalent for f in found)
    assert any(f.disjoint for f in found)
    assert any(f.covers for f in found)
    assert any(not f.consistent for f in found)
    assert any(p.check == "SatisfiableDefinition" for f in found for p in f.problems)


@pytest.mark.parametrize("reasoner", ["structural", "hermit"])
def test_validate_names_the_unsatisfiable_definition_with_either_reasoner(reasoner: str) -> None:
    reasoning = FIXTURES / "reasoning"
    files = [VALID_BASE, reasoning / "scope.ttl", reasoning / "unsatisfiable.ttl"]
    result = run_cli("validate", "--reasoner", reasoner, *(f"-d{path}" for path in files))
    assert result.returncode == 1
    assert "SatisfiableDefinition" in result.stderr and "id/interpretation/impossible" in result.stderr
