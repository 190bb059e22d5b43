"""Issue 16, part 1: reading what ontologies use — each label, synonym and definition source, Chinese
labels, deprecation and replacements — from small vocabularies written for these tests."""

from pathlib import Path

import pytest
from helpers import FIXTURES

from govlex.linking.fetch import fetch
from govlex.linking.load import load_vocabulary
from govlex.linking.vocabulary import (
    CONSIDER,
    TERM_REPLACED_BY,
    Term,
    match_predicate,
    read_terms,
    vocabulary_terms,
)
from govlex.namespace import DCT, RDFS, SKOS, graph_iri

SOURCES = FIXTURES / "linking" / "sources"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
OIO = "http://www.geneontology.org/formats/oboInOwl#"
OBO = "http://purl.obolibrary.org/obo/"


def terms_of(path: Path, *, everything: bool = False) -> dict[str, Term]:
    """The terms of a fixture vocabulary by local name (after the namespace)."""
    vocabulary = load_vocabulary("src", fetch(str(path)))
    read = read_terms if everything else vocabulary_terms
    found = read(vocabulary.store, str(graph_iri("external/src")), vocabulary.namespace)
    return {term.iri.removeprefix(vocabulary.namespace): term for term in found}


@pytest.mark.parametrize(
    ("fixture", "term", "labels", "labels_zh", "definitions"),
    [
        (
            "skos.ttl",
            "Oversight",
            [
                ("human oversight", SKOS + "prefLabel"),
                ("supervision by people", SKOS + "altLabel"),
                ("human oversite", SKOS + "hiddenLabel"),  # en-GB is English too
            ],
            [("人类监督", SKOS + "prefLabel"), ("人工监督", SKOS + "altLabel")],
            ["People watching over what a system does and able to step in."],
        ),
        (
            "skosxl.ttl",
            "Drone",
            [
                ("drone", SKOSXL + "prefLabel"),
                ("unmanned aircraft", SKOSXL + "altLabel"),
                ("dron", SKOSXL + "hiddenLabel"),
            ],
            [("无人驾驶航空器", SKOSXL + "hiddenLabel")],
            [],
        ),
        (
            "rdfs.ttl",
            "Robot",
            [("robot", RDFS + "label")],
            [("机器人", RDFS + "label")],
            ["A machine that senses, decides and acts in the physical world."],
        ),
        ("schema-name.ttl", "Swarm", [("drone swarm", "http://schema.org/name")], [], []),
        ("schema-name.ttl", "Agent", [("software agent", "https://schema.org/name")], [], []),
        (
            "dct.ttl",
            "Escalation",
            [("conflict escalation", DCT + "title")],
            [],
            ["A dispute growing in intensity or scope, step by step."],
        ),
        (
            "oboinowl.ttl",
            "0000001",
            [
                ("learning from examples", RDFS + "label"),
                ("machine learning", OIO + "hasExactSynonym"),
                ("supervised learning", OIO + "hasNarrowSynonym"),
                ("data-driven method", OIO + "hasBroadSynonym"),
                ("pattern recognition", OIO + "hasRelatedSynonym"),
            ],
            [],
            ["Methods by which a program improves at a task with experience."],
        ),
    ],
)
def test_each_label_source_is_read(
    fixture: str,
    term: str,
    labels: list[tuple[str, str]],
    labels_zh: list[tuple[str, str]],
    definitions: list[str],
) -> None:
    read = terms_of(SOURCES / fixture)[term]
    assert read.labels == labels, "names first, then synonyms, each with the property it came from"
    assert read.labels_zh == labels_zh
    assert read.definitions == definitions
    assert not read.deprecated and read.replaced_by is None


def test_a_french_label_is_neither_english_nor_chinese() -> None:
    read = terms_of(SOURCES / "skos.ttl")["Oversight"]
    assert "surveillance humaine" not in {text for text, _ in read.labels + read.labels_zh}


def test_counts_per_kind_of_label() -> None:
    stats = load_vocabulary("src", fetch(str(SOURCES / "oboinowl.ttl"))).label_stats
    assert stats == {
        "labels": 1,
        "exact synonyms": 1,
        "narrow synonyms": 1,
        "broad synonyms": 1,
        "related synonyms": 1,
        "definitions": 1,
        "Chinese labels": 0,
        "deprecated": 0,
        "local name only": 0,
    }
    skos = load_vocabulary("src", fetch(str(SOURCES / "skosxl.ttl"))).label_stats
    assert (skos["labels"], skos["exact synonyms"], skos["Chinese labels"]) == (1, 1, 1)


@pytest.mark.parametrize(
    ("prop", "predicate"),
    [
        (SKOS + "prefLabel", "exactMatch"),
        (SKOS + "altLabel", "exactMatch"),
        (SKOS + "hiddenLabel", "exactMatch"),
        (RDFS + "label", "exactMatch"),
        ("https://schema.org/name", "exactMatch"),
        (DCT + "title", "exactMatch"),
        (SKOSXL + "altLabel", "exactMatch"),
        (OIO + "hasExactSynonym", "exactMatch"),
        (OIO + "hasNarrowSynonym", "narrowMatch"),
        (OIO + "hasBroadSynonym", "broadMatch"),
        (OIO + "hasRelatedSynonym", "relatedMatch"),
        (TERM_REPLACED_BY, "closeMatch"),
    ],
)
def test_each_label_property_supports_its_predicate(prop: str, predicate: str) -> None:
    assert match_predicate(prop) == SKOS + predicate


# ---------------------------------------------------------------- deprecation and replacement


def test_deprecation_as_stated_is_read() -> None:
    terms = terms_of(SOURCES / "deprecation.ttl", everything=True)
    assert {local for local, term in terms.items() if term.deprecated} == {
        "0000002",
        "0000003",
        "0000005",
        "0000006",
        "0000007",
        "0000008",
    }, 'owl:deprecated true, "true" and "true"^^xsd:boolean all count; false does not'
    replaced = {local: term.replaced_by for local, term in terms.items() if term.replaced_by}
    assert replaced == {
        "0000002": OBO + "XDEP_0000001",
        "0000003": OBO + "XDEP_0000004",  # written as the CURIE string "XDEP:0000004"
        "0000005": OBO + "XDEP_0000001",  # the only oboInOwl:consider
        "0000007": OBO + "XDEP_0000002",
    }


def test_deprecated_terms_are_never_offered_and_their_names_go_to_the_replacement() -> None:
    terms = terms_of(SOURCES / "deprecation.ttl")
    assert set(terms) == {"0000001", "0000004", "0000009"}
    inherited = [text for text, prop in terms["0000001"].labels if prop == TERM_REPLACED_BY]
    # by IRI, by the one term to consider, and through a chain (its synonym too); "obsolete " taken off
    assert sorted(inherited) == ["auto mode", "automaticity", "automatism", "self-governing function"]
    assert terms["0000004"].labels == [
        ("weapon autonomy level", RDFS + "label"),
        ("weapon autonomy", TERM_REPLACED_BY),
    ]
    everything = " ".join(text for term in terms.values() for text, _ in term.labels)
    assert "control mode" not in everything, "two terms to consider: no single replacement"
    assert "lethal autonomy" not in everything, "no replacement: dropped"
    assert CONSIDER not in {prop for term in terms.values() for _, prop in term.labels}


def test_deprecated_count_is_listed() -> None:
    assert load_vocabulary("src", fetch(str(SOURCES / "deprecation.ttl"))).label_stats["deprecated"] == 6
