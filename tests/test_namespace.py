"""The closed `GLX` namespace and the ontology's declared terms are the same set, and every term is labelled."""

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from govlex.namespace import GLX, GLX_NS
from govlex.paths import ontology_file

NS = GLX_NS


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file())


def declared_terms(ontology: Graph) -> set[str]:
    return {str(s)[len(NS) :] for s in ontology.subjects(RDF.type, None) if str(s).startswith(NS)}


def test_namespace_matches_ontology(ontology: Graph) -> None:
    assert set(GLX.__annotations__) == declared_terms(ontology)


def test_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = GLX.Concpet


def test_every_term_has_bilingual_label_and_comment(ontology: Graph) -> None:
    for name in declared_terms(ontology):
        term = URIRef(NS + name)
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop)}
            assert {"en", "zh-Hans"} <= {lang for lang in langs if lang}, f"{name} lacks {prop} in en/zh-Hans"


def test_ontology_metadata(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/govlex/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionIRI) is not None
    assert str(ontology.value(header, URIRef("http://purl.org/dc/terms/license"))).startswith(
        "https://creativecommons.org/licenses/by/4.0"
    )
