"""The terms to match on each side: a loaded vocabulary's classes and concepts, and govlex's concepts.

Labels come from whichever property a vocabulary uses (skos:prefLabel, rdfs:label, skos:altLabel,
skos:hiddenLabel), English or untagged; a term without any gets its IRI's local name, split at
case changes ("HumanInvolvement" → "Human Involvement"). Parents are `rdfs:subClassOf` and
`skos:broader`, whichever the vocabulary uses.
"""

import re
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, QuerySolutions, Store

from govlex.linking.load import TERM_QUERY
from govlex.namespace import DATA_GRAPH, GLX, RDFS, SKOS

PRIMARY = (SKOS + "prefLabel", RDFS + "label")
SYNONYMS = (SKOS + "altLabel", SKOS + "hiddenLabel")
LOCAL_NAME = "local name"


@dataclass
class Term:
    """One thing to match: its IRI, labels as (text, property) pairs (primary first) and parent IRIs."""

    iri: str
    labels: list[tuple[str, str]] = field(default_factory=list)
    parents: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return self.labels[0][0] if self.labels else local_label(self.iri)


def local_label(iri: str) -> str:
    """A readable label from an IRI's local name.

    >>> local_label("https://w3id.org/vair#HumanOversightMeasure")
    'Human Oversight Measure'
    >>> local_label("https://w3id.org/dpv/ai#AISystem")
    'AI System'
    """
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", local)
    return re.sub(r"[_\s]+", " ", spaced).strip()


_LABELS = f"""
SELECT ?term ?property ?label WHERE {{
  VALUES ?property {{ {" ".join(f"<{iri}>" for iri in (*PRIMARY, *SYNONYMS))} }}
  ?term ?property ?label .
  FILTER (isLiteral(?label) && (lang(?label) = "" || langMatches(lang(?label), "en")))
}}"""
_PARENTS = """
SELECT ?term ?parent WHERE {
  ?term <http://www.w3.org/2000/01/rdf-schema#subClassOf>|<http://www.w3.org/2004/02/skos/core#broader> ?parent .
  FILTER isIRI(?parent)
}"""


def _rows(store: Store, query: str, graph: NamedNode) -> QuerySolutions:
    rows = store.query(query, default_graph=graph)
    assert isinstance(rows, QuerySolutions)
    return rows


def _collect(store: Store, graph: NamedNode, terms: dict[str, Term]) -> list[Term]:
    order = {prop: rank for rank, prop in enumerate((*PRIMARY, *SYNONYMS))}
    found: dict[str, list[tuple[int, str, str]]] = {}
    for row in _rows(store, _LABELS, graph):
        iri = str(row["term"].value)
        if iri in terms:
            prop = str(row["property"].value)
            found.setdefault(iri, []).append((order[prop], str(row["label"].value), prop))
    for iri, labels in found.items():
        terms[iri].labels = [(text, prop) for _, text, prop in sorted(labels)]
    for term in terms.values():
        if not term.labels:
            term.labels = [(local_label(term.iri), LOCAL_NAME)]
    for row in _rows(store, _PARENTS, graph):
        iri = str(row["term"].value)
        if iri in terms:
            terms[iri].parents.add(str(row["parent"].value))
    return sorted(terms.values(), key=lambda t: t.iri)


def vocabulary_terms(store: Store, graph: str, namespace: str) -> list[Term]:
    """The classes and concepts of a loaded vocabulary's own namespace, with labels and parents."""
    node = NamedNode(graph)
    iris = {str(row["term"].value) for row in _rows(store, TERM_QUERY, node)}
    terms = {iri: Term(iri) for iri in iris if iri.startswith(namespace) and iri != namespace}
    return _collect(store, node, terms)


def govlex_concepts(store: Store) -> list[Term]:
    """Our concepts (`glx:Concept` in the data graph) with their English labels and broader concepts."""
    node = NamedNode(str(DATA_GRAPH))
    query = f"SELECT ?term WHERE {{ ?term a <{GLX.Concept}> }}"
    terms = {str(row["term"].value): Term(str(row["term"].value)) for row in _rows(store, query, node)}
    return _collect(store, node, terms)
