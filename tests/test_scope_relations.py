"""The inferred scope relations as serving reads them: learning all relations among a concept's readings
in one query gives exactly the answers of asking the store pair by pair."""

from itertools import product
from pathlib import Path

from govlex.build import NQUADS
from govlex.reasoning.results import _SCOPE_RELATIONS, InferredRelations, ScopeData
from govlex.store import EmbeddedStore, store_from_nquads


def test_relations_learnt_at_once_equal_those_asked_pair_by_pair(built: Path) -> None:
    store = EmbeddedStore(store_from_nquads(built / NQUADS))
    data = ScopeData.from_store(store)
    concept = "https://w3id.org/govlex/id/concept/autonomous-weapons-systems"
    iris = [r.iri for r in data.readings_of(concept) if r.criteria]
    assert len(iris) >= 3
    asked, learnt = InferredRelations(store), InferredRelations(store)
    learnt.among(iris)
    triples = list(product(iris, _SCOPE_RELATIONS, iris))
    expected = {t for t in triples if t in asked}
    assert expected, "the bundled build relates some readings of autonomous weapons systems"
    assert {t for t in triples if t in learnt} == expected
    assert len(learnt._known) == len(triples)  # every pair was answered by the one query
