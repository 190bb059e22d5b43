"""Issue 12: the content defects stay fixed (membership, statuses, attributions, mirrors, Part IV)."""

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SKOS
from test_content import ROUND_9_TERMS

from govlex.loading import load_sources

GLX = Namespace("https://w3id.org/govlex/ontology#")
CONCEPT = Namespace("https://w3id.org/govlex/id/concept/")
US_GLOSSARY = URIRef("https://w3id.org/govlex/id/glossary/us")
ROUND_9_LIST = URIRef("https://w3id.org/govlex/id/term-list/interim-report-round-9")
INTERIM_REPORT = URIRef("https://w3id.org/govlex/id/source/ciss-brookings-interim-2024")
US_GLOSSARY_DOCUMENT = URIRef("https://w3id.org/govlex/id/source/brookings-ai-glossary-us")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_sources().union()


def _members(graph: Graph, scheme: URIRef) -> set[str]:
    return {str(c).removeprefix(str(CONCEPT)) for c in graph.subjects(SKOS.inScheme, scheme)}


@pytest.mark.parametrize(
    "slug",
    [
        "autonomy",
        "automation",
        "autonomy-and-automation",
        "lethality",
        "operator-supervised-autonomous-weapon-system",
    ],
)
def test_terms_no_us_heading_names_are_not_in_the_us_glossary(graph: Graph, slug: str) -> None:
    assert slug not in _members(graph, US_GLOSSARY)


def test_the_round_9_terms_form_their_own_list_cited_to_the_interim_report(graph: Graph) -> None:
    assert _members(graph, ROUND_9_LIST) == ROUND_9_TERMS
    for slug in _members(graph, ROUND_9_LIST):
        sources = {graph.value(c, GLX.source) for c in graph.objects(CONCEPT[slug], GLX.citation)}
        assert INTERIM_REPORT in sources, slug


def test_every_us_glossary_member_cites_the_table_of_contents(graph: Graph) -> None:
    members = _members(graph, US_GLOSSARY)
    assert len(members) == 42  # 26 headings and the 16 sub-terms modelled as concepts
    for slug in members:
        locators = {
            str(graph.value(c, GLX.locator))
            for c in graph.objects(CONCEPT[slug], GLX.citation)
            if graph.value(c, GLX.source) == US_GLOSSARY_DOCUMENT
        }
        assert any(locator.startswith("Table of contents, heading") for locator in locators), slug


def test_autonomy_belongs_to_no_scheme(graph: Graph) -> None:
    assert list(graph.objects(CONCEPT.autonomy, SKOS.inScheme)) == []


def test_no_reading_is_marked_discussed_and_round_9_holds_the_terms(graph: Graph) -> None:
    assert list(graph.subjects(GLX.status, GLX.statusDiscussed)) == []
    round_9 = URIRef("https://w3id.org/govlex/id/round/9")
    assert CONCEPT.lethality in set(graph.objects(round_9, GLX.discussed))
    assert graph.value(graph.value(round_9, GLX.citation), GLX.source) == INTERIM_REPORT


def test_no_reading_rests_on_a_heading_and_editorial_notes_belong_to_the_editors(graph: Graph) -> None:
    brookings = URIRef("https://w3id.org/govlex/id/agent/brookings")
    for reading in graph.subjects(GLX.statedBy, brookings):
        locators = [str(graph.value(c, GLX.locator)) for c in graph.objects(reading, GLX.citation)]
        assert not all(locator.startswith("Table of contents") for locator in locators), reading
    notes = {str(c).removeprefix(str(CONCEPT)) for c, _ in graph.subject_objects(GLX.editorialNote)}
    assert {"deep-learning", "unmanned-underwater-vehicle", "intelligent-swarm-systems"} <= notes
    editors = URIRef("https://w3id.org/govlex/id/agent/govlex-editors")
    assert graph.value(editors, URIRef("http://xmlns.com/foaf/0.1/name")) is not None


def test_rechecked_locators_and_attributions_say_only_what_was_found(graph: Graph) -> None:
    interp = Namespace("https://w3id.org/govlex/id/interpretation/")
    statements = " ".join(str(o) for o in graph.objects(None, GLX.statement))
    assert "cumulative" not in statements and "累积" not in statements
    caict = graph.value(interp["trustworthy-ai--cn-caict-trustworthy-ai-2021"], GLX.citation)
    assert str(graph.value(caict, GLX.locator)).startswith("Chapter 3")
    for reading in ("weapon--us-law-of-war-manual", "human-machine-interaction--us-dodd-3000-09-2023"):
        assert str(graph.value(interp[reading], GLX.verification)) == "unverified", reading


def test_part_ii_rationale_and_part_iv_pathways_are_modelled_from_the_report(graph: Graph) -> None:
    pathways = set(graph.subjects(URIRef(str(GLX) + "findingOf"), None)) & set(
        graph.subjects(None, GLX.GovernancePathway)
    )
    assert len(pathways) == 3
    for finding in pathways:
        assert graph.value(graph.value(finding, GLX.citation), GLX.source) == INTERIM_REPORT
    rationale = URIRef("https://w3id.org/govlex/id/finding/interim-2024-no-unified-terminology")
    assert graph.value(rationale, GLX.motivates) == URIRef(
        "https://w3id.org/govlex/id/working-group/terminology"
    )


def test_the_dialogue_after_april_2024_is_linked_to_its_concepts(graph: Graph) -> None:
    round_11, round_14 = (URIRef(f"https://w3id.org/govlex/id/round/{n}") for n in (11, 14))
    assert CONCEPT["catastrophic-risk"] in set(graph.objects(round_11, GLX.discussed))
    assert CONCEPT["loss-of-control"] in set(graph.objects(round_14, GLX.discussed))
    lima = URIRef("https://w3id.org/govlex/id/event/lima-nuclear-human-control-2024")
    assert graph.value(lima, GLX.aboutConcept) == CONCEPT["human-control-over-nuclear-use-decisions"]
    readings = set(graph.subjects(GLX.interprets, CONCEPT["human-control-over-nuclear-use-decisions"]))
    assert {str(graph.value(r, GLX.party)).rsplit("/", 1)[1] for r in readings} == {"us"}
