"""Issue 12: every fact's reliability code follows the evidence recorded for its statement."""

import pytest
from helpers import FIXTURES, VALID_BASE
from pyoxigraph import Store

from govlex.evidence import EvidenceIndex, distribution, facts_of
from govlex.loading import load_sources
from govlex.namespace import GLX, id_iri
from govlex.stats import OVERALL, coverage, interpretations_verified
from govlex.store import store_from_dataset
from govlex.validation import validate

CHECKED = FIXTURES / "evidence" / "checked.ttl"
DCT = "http://purl.org/dc/terms/"
DIRECTIVE = str(id_iri("source", "test-directive"))


@pytest.fixture(scope="module")
def store() -> Store:
    return store_from_dataset(load_sources(data=[VALID_BASE, CHECKED]).dataset)


def test_the_fixture_passes_every_gate() -> None:
    assert validate(data=[VALID_BASE, CHECKED], reason=False).problems == []


def test_each_statement_of_a_source_has_its_own_code(store: Store) -> None:
    index = EvidenceIndex(store)
    assert index.source_fact(DIRECTIVE, DCT + "title").code == "official"
    issued = index.source_fact(DIRECTIVE, DCT + "issued")
    assert (issued.code, issued.verified) == ("mirror", False)
    assert [e.address for e in issued.evidence] == ["https://copies.example/directive"]
    assert issued.evidence[0].checked_on == "2026-12-01"


def test_interpretations_take_the_code_of_their_verified_citations(store: Store) -> None:
    index = EvidenceIndex(store)
    backed = index.interpretation_fact(str(id_iri("interpretation", "test-weapon--cn")))
    assert backed.code == "official" and backed.predicate == str(GLX.statement)
    assert backed.evidence[0].address == "https://issuer.example/directive"
    marked = index.interpretation_fact(str(id_iri("interpretation", "test-autonomous-weapon--us")))
    assert marked.code == "unverified"


def test_distribution_and_coverage_count_every_fact(store: Store) -> None:
    facts = facts_of(store)
    # Three readings: the two whose citations of the directive are not marked unverified take the
    # directive's official passage evidence; the one marked unverified stays unverified.
    assert distribution(facts["interpretation"]) == {
        "official": 2,
        "reputable-secondary": 0,
        "mirror": 0,
        "unverified": 1,
    }
    assert distribution(facts["source"])["mirror"] == 1
    assert interpretations_verified(store) == (2, 3)
    rows = {row.glossary: row for row in coverage(store)}
    assert set(rows) == {"Test glossary", OVERALL}
    assert rows[OVERALL].reliability == distribution(f for kind in facts.values() for f in kind)
