"""Content regressions: facts about the govlex data that a careless edit of `data/` would break.

Runs over the ontology and every data file as loaded by `govlex.loading.load_sources`, so it sees
what the build and the validator see.
"""

from itertools import pairwise
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from govlex.loading import data_files, load_sources

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data"

GLX = Namespace("https://w3id.org/govlex/ontology#")
CONCEPT = Namespace("https://w3id.org/govlex/id/concept/")
INTERP = Namespace("https://w3id.org/govlex/id/interpretation/")
PARTY = Namespace("https://w3id.org/govlex/id/party/")
ROUND = Namespace("https://w3id.org/govlex/id/round/")

# The 26 headings of the U.S. glossary's table of contents (fact sheet 2.1-2.26), as concept slugs.
US_GLOSSARY_HEADINGS = [
    "weapon",
    "weapons-systems",
    "lethal-and-non-lethal-weapons",
    "robot",
    "intelligent-weapon",
    "autonomous-weapons-systems",
    "intelligent-swarm-systems",
    "unmanned-systems",
    "unmanned-combat-platform",
    "unmanned-aerial-platform",
    "unmanned-ground-platform",
    "unmanned-surface-platform",
    "unmanned-underwater-vehicle",
    "artificial-intelligence",
    "machine-learning",
    "deep-learning",
    "neural-network",
    "autonomous-control",
    "ai-lifecycle",
    "chain-of-command",
    "command-and-control-system",
    "decision-point",
    "meaningful-human-control",
    "human-machine-interaction",
    "trustworthy-ai",
    "chain-of-decision",
]

ROUND_9_TERMS = {
    "weapons-systems",
    "unmanned-systems",
    "autonomy-and-automation",
    "autonomous-weapons-systems",
    "lethality",
    "human-machine-interaction",
}

BOTH_SIDES_REQUIRED = ROUND_9_TERMS | {
    "artificial-intelligence",
    "autonomous-weapons-systems",
    "meaningful-human-control",
    "trustworthy-ai",
}

CHAIN_OF_DECISION = [
    "target-identification",
    "target-confirmation",
    "action-authorization",
    "decision-confirmation",
    "task-termination",
    "task-reset",
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    sources = load_sources(data=data_files(DATA), ontology=ROOT / "ontology" / "govlex.ttl")
    return sources.union()


def _pref_labels(graph: Graph, concept: URIRef, lang: str) -> list[Literal]:
    return [
        label
        for label in graph.objects(concept, SKOS.prefLabel)
        if isinstance(label, Literal) and label.language == lang
    ]


def test_us_glossary_has_26_headings() -> None:
    assert len(US_GLOSSARY_HEADINGS) == 26
    assert len(set(US_GLOSSARY_HEADINGS)) == 26


@pytest.mark.parametrize("slug", US_GLOSSARY_HEADINGS)
def test_every_us_glossary_heading_is_a_bilingual_concept_in_the_us_glossary(graph: Graph, slug: str) -> None:
    concept = CONCEPT[slug]
    assert (concept, RDF.type, GLX.Concept) in graph, f"{slug} is not a glx:Concept"
    assert len(_pref_labels(graph, concept, "en")) == 1, f"{slug} needs exactly one @en prefLabel"
    assert len(_pref_labels(graph, concept, "zh-Hans")) == 1, f"{slug} needs exactly one @zh-Hans prefLabel"
    assert (concept, SKOS.inScheme, URIRef("https://w3id.org/govlex/id/glossary/us")) in graph


@pytest.mark.parametrize("slug", sorted(BOTH_SIDES_REQUIRED))
def test_both_sides_interpret_the_key_terms(graph: Graph, slug: str) -> None:
    parties = {
        party
        for interpretation in graph.subjects(GLX.interprets, CONCEPT[slug])
        for party in graph.objects(interpretation, GLX.party)
    }
    assert PARTY.us in parties, f"no U.S.-side interpretation of {slug}"
    assert PARTY.cn in parties, f"no Chinese-side interpretation of {slug}"


def test_round_9_discussed_exactly_the_six_terms(graph: Graph) -> None:
    discussed = {str(c).removeprefix(str(CONCEPT)) for c in graph.objects(ROUND["9"], GLX.discussed)}
    assert discussed == ROUND_9_TERMS
    assert graph.value(ROUND["9"], GLX.roundNumber).toPython() == 9


def _criteria(graph: Graph, interpretation: URIRef) -> set[URIRef]:
    return set(graph.objects(interpretation, GLX.requiresCriterion))


def test_us_2023_aws_reading_is_strictly_broader_than_chinas_2018_one(graph: Graph) -> None:
    us = _criteria(graph, INTERP["autonomous-weapons-systems--us-dodd-3000-09-2023"])
    cn = _criteria(graph, INTERP["autonomous-weapons-systems--cn-ccw-2018"])
    assert us, "the DoDD 3000.09 (2023) AWS reading lists no criteria"
    assert us < cn, "the U.S. 2023 criteria must be a strict subset of China's 2018 criteria"
    lethal = URIRef("https://w3id.org/govlex/id/criterion/lethal-effect")
    assert lethal in cn and lethal not in us, "lethality separates the two readings"


def test_term_tallies_are_64_42_25(graph: Graph) -> None:
    counts = {}
    for tally in graph.subjects(RDF.type, GLX.TermTally):
        status = graph.value(tally, GLX.countedStatus)
        party = graph.value(tally, GLX.countedParty)
        counts[(status, party)] = graph.value(tally, GLX.termCount).toPython()
        assert str(graph.value(tally, URIRef("http://purl.org/dc/terms/date"))) == "2023-02"
    assert counts == {
        (GLX.statusProposed, PARTY.cn): 64,
        (GLX.statusProposed, PARTY.us): 42,
        (GLX.statusJointlyInterpreted, None): 25,
    }


def test_no_joint_interpretation_is_recorded_without_a_documented_joint_reading(graph: Graph) -> None:
    # The sources name no jointly interpreted term; agreement must not be invented.
    assert list(graph.subjects(RDF.type, GLX.JointInterpretation)) == []


def test_chain_of_decision_steps_are_ordered_parts(graph: Graph) -> None:
    chain = CONCEPT["chain-of-decision"]
    for step in CHAIN_OF_DECISION:
        assert (CONCEPT[step], GLX.partOf, chain) in graph, f"{step} is not part of the chain of decision"
    for earlier, later in pairwise(CHAIN_OF_DECISION):
        assert (CONCEPT[earlier], GLX.precedes, CONCEPT[later]) in graph
    assert not list(graph.objects(CONCEPT[CHAIN_OF_DECISION[-1]], GLX.precedes))


def test_autonomy_and_automation_contrast_under_their_heading(graph: Graph) -> None:
    heading = CONCEPT["autonomy-and-automation"]
    assert (CONCEPT.autonomy, SKOS.broader, heading) in graph
    assert (CONCEPT.automation, SKOS.broader, heading) in graph
    assert (CONCEPT.autonomy, GLX.contrastsWith, CONCEPT.automation) in graph or (
        CONCEPT.automation,
        GLX.contrastsWith,
        CONCEPT.autonomy,
    ) in graph


def test_every_interpretation_file_holds_only_its_concepts_readings() -> None:
    for path in sorted((DATA / "interpretations").glob("*.ttl")):
        g = Graph().parse(path)
        concepts = set(g.objects(None, GLX.interprets))
        assert concepts == {CONCEPT[path.stem]}, f"{path.name} interprets {concepts}"


def test_reference_system_claims_back_every_exhibited_criterion(graph: Graph) -> None:
    systems = list(graph.subjects(RDF.type, GLX.ReferenceSystem))
    assert len(systems) >= 8
    for system in systems:
        claimed = {graph.value(claim, GLX.claimedCriterion) for claim in graph.objects(system, GLX.claim)}
        exhibited = set(graph.objects(system, GLX.exhibits))
        assert exhibited == claimed, f"{system}: exhibits and claims differ"
        for claim in graph.objects(system, GLX.claim):
            assert graph.value(claim, GLX.verification) in {Literal("verified"), Literal("unverified")}
            assert graph.value(claim, GLX.citation) is not None
