"""Linking over the real external vocabularies staged in ../shared/external/ (AIRO, VAIR, DPV and extensions).

Those files are other people's work under their own licences and are never copied into the
repository; CI has them beside the checkout. Where they are absent these tests are skipped, saying so.
"""

import pytest
from helpers import ROOT
from pyoxigraph import Store

from govlex.linking.evaluate import pooled
from govlex.linking.fetch import fetch
from govlex.linking.load import load_vocabulary
from govlex.linking.mappings import curated_mappings
from govlex.linking.registry import Registry
from govlex.linking.service import evaluate_all
from govlex.loading import LoadedSources, load_sources
from govlex.queries import QueryRegistry
from govlex.store import store_from_dataset
from govlex.violations import run_violation_query

SHARED = ROOT / ".." / "shared" / "external"
pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the shared external vocabularies are not at {SHARED.resolve()}"
)

# name, file, own namespace, at least this many terms (from each PROVENANCE.md, less properties)
VOCABULARIES = [
    ("airo", "airo/airo.ttl", "https://w3id.org/airo#", 40),
    ("vair", "vair/vair.ttl", "https://w3id.org/vair#", 400),
    ("dpv", "dpv/dpv.ttl", "https://w3id.org/dpv#", 900),
    ("dpv-ai", "dpv/ai.ttl", "https://w3id.org/dpv/ai#", 200),
    ("dpv-risk", "dpv/risk.ttl", "https://w3id.org/dpv/risk#", 400),
    ("dpv-tech", "dpv/tech.ttl", "https://w3id.org/dpv/tech#", 100),
    ("eu-aiact", "dpv/eu-aiact.ttl", "https://w3id.org/dpv/legal/eu/aiact#", 150),
]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    registry = Registry(tmp_path_factory.mktemp("external"))
    for name, file, _, _ in VOCABULARIES:
        fetched = fetch(str(SHARED / file))
        registry.save(load_vocabulary(name, fetched), fetched, "2026-11-26T00:00:00+00:00")
    return registry


@pytest.mark.parametrize(
    ("name", "file", "namespace", "terms"), VOCABULARIES, ids=[v[0] for v in VOCABULARIES]
)
def test_each_shared_vocabulary_loads(
    registry: Registry, name: str, file: str, namespace: str, terms: int
) -> None:
    entry = registry.get(name)
    assert entry.namespace == namespace
    assert entry.terms >= terms
    assert entry.sha256 == fetch(str(SHARED / file)).sha256
    assert sum(entry.label_stats.values()) >= entry.terms


def test_vair_strays_in_the_placeholder_namespace_are_not_terms(registry: Registry) -> None:
    from govlex.linking.vocabulary import vocabulary_terms

    store = store_from_dataset(load_sources(data=[]).dataset)
    registry.add_to_store(store)
    entry = registry.get("vair")
    iris = {t.iri for t in vocabulary_terms(store, entry.graph, entry.namespace)}
    assert "https://w3id.org/vair#MachineLearning" in iris
    assert not any("semanticweb.org/owl/owlapi" in iri for iri in iris)


@pytest.fixture(scope="module")
def bundled_with_vocabularies(registry: Registry) -> tuple[LoadedSources, Store]:
    sources = load_sources()
    store = store_from_dataset(sources.dataset)
    registry.add_to_store(store)
    return sources, store


def test_curated_targets_exist_in_the_loaded_vocabularies(
    bundled_with_vocabularies: tuple[LoadedSources, Store], registry: Registry
) -> None:
    sources, store = bundled_with_vocabularies
    gate = QueryRegistry().get("mapping-target-missing-violation")
    assert run_violation_query(store, gate, sources.index) == []
    namespaces = {e.namespace for e in registry.entries()}
    checked = [m for m in curated_mappings(store) if any(m.object_id.startswith(ns) for ns in namespaces)]
    assert checked, "the bundled data maps to the shared vocabularies"


def test_suggestions_meet_the_target_on_airo_vair_and_dpv(
    bundled_with_vocabularies: tuple[LoadedSources, Store], registry: Registry
) -> None:
    """The issue's target: precision ≥ 0.8 at recall ≥ 0.6 without the embedding extra (see README)."""
    _, store = bundled_with_vocabularies
    overall = pooled("all", evaluate_all(store=store, registry=registry))
    assert overall.suggested > 0
    assert overall.precision >= 0.8, overall
    assert overall.recall >= 0.6, overall


def test_held_out_vocabularies_meet_the_goals_and_match_lexmatch(
    bundled_with_vocabularies: tuple[LoadedSources, Store], registry: Registry
) -> None:
    """Issue 16's goals, on weights never tuned on the vocabulary measured: F1 at least lexmatch's on
    every held-out vocabulary, precision ≥ 0.8 at recall ≥ 0.7 overall (docs/linking.md has the table)."""
    from govlex.linking.holdout import f1
    from govlex.linking.service import holdout_evaluation

    _, store = bundled_with_vocabularies
    folds, baseline = holdout_evaluation(store=store, registry=registry, baseline=True)
    assert baseline is not None
    assert {f.held_out for f in folds} == {"w3id.org/airo", "w3id.org/vair", "w3id.org/dpv"}
    scores = [s for fold in folds for s in fold.scores]
    for result in scores:
        assert f1(result) >= f1(baseline[result.vocabulary]), (result, baseline[result.vocabulary])
    overall = pooled("all", scores)
    assert overall.precision >= 0.8, overall
    assert overall.recall >= 0.7, overall
