"""The catalog (govlex.catalog) over the embedded store of the bundled build: properties that must hold."""

from pathlib import Path

import pytest

from govlex import catalog
from govlex.build import NQUADS
from govlex.errors import UnknownName
from govlex.store import EmbeddedStore, store_from_nquads

AWS = "autonomous-weapons-systems"


@pytest.fixture(scope="module")
def store(built: Path) -> EmbeddedStore:
    return EmbeddedStore(store_from_nquads(built / NQUADS), key="test")


@pytest.mark.parametrize(
    "q", ["自主武器", "自主武器系統", "zizhu wuqi", "zìzhǔ wǔqì", "Autonomous Weapons", "killer"]
)
def test_search_finds_autonomous_weapons_in_every_script(store: EmbeddedStore, q: str) -> None:
    assert AWS in [hit.concept.slug for hit in catalog.search(store, q)]


def test_search_ranks_exact_label_first(store: EmbeddedStore) -> None:
    assert catalog.search(store, "autonomy")[0].concept.slug == "autonomy"


def test_search_of_nothing_finds_nothing(store: EmbeddedStore) -> None:
    assert catalog.search(store, "  ") == ()
    assert catalog.search(store, "qqqxxyzzy") == ()


def test_concept_has_both_sides_with_sources_and_criteria(store: EmbeddedStore) -> None:
    concept = catalog.get_concept(store, AWS)
    assert (concept.label_en, concept.label_zh) == ("autonomous weapons systems", "自主武器系统")
    countries = {p.country for i in concept.interpretations for p in i.parties}
    assert {"CN", "US"} <= countries
    for interpretation in concept.interpretations:
        assert interpretation.statement_en and interpretation.status
        assert interpretation.citations and all(
            c.source.label_en and c.locator for c in interpretation.citations
        )
    assert any(i.criteria for i in concept.interpretations)
    assert any(r.kind == "broader" and r.target.slug == "weapons-systems" for r in concept.relations)


def test_narrower_is_read_from_the_other_end(store: EmbeddedStore) -> None:
    weapons = catalog.get_concept(store, "weapons-systems")
    assert any(r.kind == "narrower" and r.target.slug == AWS for r in weapons.relations)


def test_unknown_concept_lists_the_known_ones(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownName) as err:
        catalog.get_concept(store, "no-such-concept")
    assert AWS in err.value.known


def test_filters_and_pagination(store: EmbeddedStore) -> None:
    everything = catalog.list_concepts(store, limit=1000)
    assert everything.total == len(everything.items) > 1
    page = catalog.list_concepts(store, offset=1, limit=1)
    assert page.items == everything.items[1:2] and page.total == everything.total
    by_cn = catalog.list_concepts(store, party="cn", limit=1000)
    assert by_cn.items and all("cn" in c.parties for c in by_cn.items)
    assert catalog.list_concepts(store, glossary="no-such-glossary").total == 0
    assert catalog.list_concepts(store, q="致命").items[0].slug == "lethality"


def test_sources_rounds_parties(store: EmbeddedStore) -> None:
    assert {p.country for p in catalog.list_parties(store)} == {"CN", "US"}
    sources = catalog.list_sources(store)
    assert sources and all(s.title_en for s in sources)
    rounds = catalog.list_rounds(store)
    assert [r.number for r in rounds] == sorted(r.number for r in rounds)
    assert any(AWS in [c.slug for c in r.concepts] for r in rounds)


def test_every_interpretation_is_the_one_its_concept_page_shows(store: EmbeddedStore) -> None:
    """Issue 13: the bulk read (what the verdicts, the overlap measures and the graph read) and a concept's
    own description give the same `Interpretation`, field for field, dates of the sources included."""
    every = catalog.list_interpretations(store)
    by_concept: dict[str, set[catalog.Interpretation]] = {}
    for reading in every:
        by_concept.setdefault(reading.concept, set()).add(reading)
    assert len(by_concept) > 10
    for concept, readings in by_concept.items():
        page = catalog.get_concept(store, catalog.slug_of(concept))
        assert set(page.interpretations) == readings, concept
    dated = [r for r in every if r.latest_issued]
    assert dated and all(r.latest_issued == max(c.issued for c in r.citations) for r in dated)
    us = next(r for r in every if r.slug == "autonomous-weapons-systems--us-dodd-3000-09-2023")
    assert us.concept == "https://w3id.org/govlex/id/concept/autonomous-weapons-systems"
    assert us.latest_issued.startswith("2023")
    assert us.statements["en"] == us.statement_en and us.criterion_iris == {c.iri for c in us.criteria}
