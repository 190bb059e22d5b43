"""The terms to match on each side: a loaded vocabulary's classes and concepts, and govlex's concepts.

A term's labels come from every property ontologies use for names (`LABEL_PROPERTIES`): SKOS
preferred/alternative/hidden labels, their SKOS-XL forms (the label resource's `skosxl:literalForm`),
`rdfs:label`, `schema:name`, `dct:title` and the oboInOwl synonyms, whose scope says which SKOS mapping
predicate a match on them supports (`match_predicate`). English and untagged labels go to
`Term.labels`, Chinese ones (zh, zh-Hans, zh-CN, …) to `Term.labels_zh`. A term without any label gets
its IRI's local name, split at case changes ("HumanInvolvement" → "Human Involvement"). Definitions
come from skos:definition, IAO:0000115, rdfs:comment and dct:description. Parents are
`rdfs:subClassOf` and `skos:broader`, whichever the vocabulary uses.

Deprecated terms (`owl:deprecated true`) are never offered for matching: `vocabulary_terms` leaves
them out and hands their labels to their replacement (IAO:0100001 "term replaced by", else a single
`oboInOwl:consider`) under the property `TERM_REPLACED_BY`, so a match on an obsolete name lands on
the term that replaced it, or nowhere.
"""

import re
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, QuerySolutions, Store

from govlex.namespace import DATA_GRAPH, DCT, GLX, OWL, RDF, RDFS, SKOS

SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
OBO_IN_OWL = "http://www.geneontology.org/formats/oboInOwl#"
OBO = "http://purl.obolibrary.org/obo/"
IAO_DEFINITION = OBO + "IAO_0000115"
TERM_REPLACED_BY = OBO + "IAO_0100001"
CONSIDER = OBO_IN_OWL + "consider"
LOCAL_NAME = "local name"

EXACT_SYNONYM, NARROW_SYNONYM, BROAD_SYNONYM, RELATED_SYNONYM = (
    OBO_IN_OWL + f"has{scope}Synonym" for scope in ("Exact", "Narrow", "Broad", "Related")
)
# Names a term goes by, best first; a term's labels are ordered by this rank.
PRIMARY = (
    SKOS + "prefLabel",
    RDFS + "label",
    SKOSXL + "prefLabel",
    "http://schema.org/name",
    "https://schema.org/name",
    DCT + "title",
)
SYNONYMS = (
    SKOS + "altLabel",
    SKOSXL + "altLabel",
    EXACT_SYNONYM,
    SKOS + "hiddenLabel",
    SKOSXL + "hiddenLabel",
    NARROW_SYNONYM,
    BROAD_SYNONYM,
    RELATED_SYNONYM,
)
LABEL_PROPERTIES = (*PRIMARY, *SYNONYMS)
# SKOS-XL properties point at a label resource; its text is the resource's skosxl:literalForm.
XL_PROPERTIES = tuple(p for p in LABEL_PROPERTIES if p.startswith(SKOSXL))
DEFINITION_PROPERTIES = (SKOS + "definition", IAO_DEFINITION, RDFS + "comment", DCT + "description")

# The SKOS mapping predicate from the term carrying a label to whatever the label names, as SSSOM and
# OBO read synonym scopes: "T hasNarrowSynonym S" makes S narrower than T, i.e. T skos:narrowMatch S.
# A concept of ours that matches a narrow synonym of their term is therefore their term's narrowMatch,
# and the mapping from ours to theirs is the inverse (skos:broadMatch).
_PREDICATES = {
    NARROW_SYNONYM: SKOS + "narrowMatch",
    BROAD_SYNONYM: SKOS + "broadMatch",
    RELATED_SYNONYM: SKOS + "relatedMatch",
    TERM_REPLACED_BY: SKOS + "closeMatch",
}


def match_predicate(label_property: str) -> str:
    """The SKOS mapping predicate that a match on a label of `label_property` supports, read from the
    term that carries the label (invert broad/narrow for a mapping towards that term). Names and exact
    synonyms support skos:exactMatch, a label inherited from a deprecated term skos:closeMatch.

    >>> match_predicate("http://www.geneontology.org/formats/oboInOwl#hasBroadSynonym")
    'http://www.w3.org/2004/02/skos/core#broadMatch'
    >>> match_predicate("http://www.w3.org/2008/05/skos-xl#altLabel")
    'http://www.w3.org/2004/02/skos/core#exactMatch'
    """
    return _PREDICATES.get(label_property, SKOS + "exactMatch")


@dataclass
class Term:
    """One thing to match, as read from its vocabulary.

    `labels` and `labels_zh` are (text, label property IRI) pairs, primary names first, then synonyms
    (`LOCAL_NAME` stands for the property when the name comes from the IRI); `definitions` are English
    or untagged. `deprecated` and `replaced_by` are as the vocabulary states them (`read_terms`).
    """

    iri: str
    labels: list[tuple[str, str]] = field(default_factory=list)
    parents: set[str] = field(default_factory=set)
    labels_zh: list[tuple[str, str]] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    deprecated: bool = False
    replaced_by: str | None = None

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


def _values(properties: tuple[str, ...]) -> str:
    return " ".join(f"<{iri}>" for iri in properties)


# Term kinds worth matching, in any of the modelling styles vocabularies use.
TERM_KINDS = (OWL + "Class", SKOS + "Concept", RDFS + "Class", OWL + "NamedIndividual")
# DPV types its properties as skos:Concept too; properties are not mapping targets.
PROPERTY_KINDS = (
    RDF + "Property",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
)
TERM_QUERY = f"""
SELECT DISTINCT ?term WHERE {{
  VALUES ?kind {{ {" ".join(f"<{iri}>" for iri in TERM_KINDS)} }}
  ?term a ?kind .
  FILTER isIRI(?term)
  FILTER NOT EXISTS {{
    VALUES ?propertyKind {{ {" ".join(f"<{iri}>" for iri in PROPERTY_KINDS)} }}
    ?term a ?propertyKind
  }}
}}"""

_LABELS = f"""
SELECT ?term ?property ?label WHERE {{
  {{ VALUES ?property {{ {_values(tuple(p for p in LABEL_PROPERTIES if p not in XL_PROPERTIES))} }}
     ?term ?property ?label }}
  UNION
  {{ VALUES ?property {{ {_values(XL_PROPERTIES)} }}
     ?term ?property ?xl . ?xl <{SKOSXL}literalForm> ?label }}
  FILTER isLiteral(?label)
}}"""
_DEFINITIONS = f"""
SELECT ?term ?property ?text WHERE {{
  VALUES ?property {{ {_values(DEFINITION_PROPERTIES)} }}
  ?term ?property ?text .
  FILTER (isLiteral(?text) && (lang(?text) = "" || langMatches(lang(?text), "en")))
}}"""
_PARENTS = f"""
SELECT ?term ?parent WHERE {{
  ?term <{RDFS}subClassOf>|<{SKOS}broader> ?parent .
  FILTER isIRI(?parent)
}}"""
# owl:deprecated is an xsd:boolean, but plain "true" strings are common in hand-made files.
_DEPRECATED = f"""
SELECT ?term WHERE {{
  ?term <{OWL}deprecated> ?flag .
  FILTER (str(?flag) IN ("true", "1"))
}}"""
_REPLACEMENTS = f"""
SELECT ?term ?property ?target WHERE {{
  VALUES ?property {{ <{TERM_REPLACED_BY}> <{CONSIDER}> }}
  ?term ?property ?target .
}}"""
_CURIE = re.compile(r"^([A-Za-z][\w.-]*):([\w.-]+)$")


def _rows(store: Store, query: str, graph: NamedNode) -> QuerySolutions:
    rows = store.query(query, default_graph=graph)
    assert isinstance(rows, QuerySolutions)
    return rows


def obo_iri(value: str) -> str:
    """An IRI from an OBO-style reference: replacements are often written as CURIE strings.

    >>> obo_iri("GO:0005623")
    'http://purl.obolibrary.org/obo/GO_0005623'
    >>> obo_iri("https://example.org/x#A")
    'https://example.org/x#A'
    """
    match = _CURIE.match(value)
    if match and match.group(1).lower() not in ("http", "https", "urn"):
        return f"{OBO}{match.group(1)}_{match.group(2)}"
    return value


def _language(tag: str) -> str | None:
    tag = tag.lower()
    if tag in ("", "en") or tag.startswith("en-"):
        return "en"
    if tag == "zh" or tag.startswith("zh-"):
        return "zh"
    return None


def _collect(store: Store, graph: NamedNode, terms: dict[str, Term]) -> list[Term]:
    rank = {prop: order for order, prop in enumerate(LABEL_PROPERTIES)}
    found: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for row in _rows(store, _LABELS, graph):
        iri, literal = str(row["term"].value), row["label"]
        language = _language(getattr(literal, "language", None) or "")
        if iri in terms and language:
            prop = str(row["property"].value)
            found.setdefault((iri, language), []).append((rank[prop], str(literal.value), prop))
    for (iri, language), labels in found.items():
        pairs = list(dict.fromkeys((text, prop) for _, text, prop in sorted(labels)))
        if language == "en":
            terms[iri].labels = pairs
        else:
            terms[iri].labels_zh = pairs
    for term in terms.values():
        if not term.labels:
            term.labels = [(local_label(term.iri), LOCAL_NAME)]
    order = {prop: index for index, prop in enumerate(DEFINITION_PROPERTIES)}
    definitions: dict[str, list[tuple[int, str]]] = {}
    for row in _rows(store, _DEFINITIONS, graph):
        iri = str(row["term"].value)
        if iri in terms:
            definitions.setdefault(iri, []).append(
                (order[str(row["property"].value)], str(row["text"].value))
            )
    for iri, texts in definitions.items():
        terms[iri].definitions = list(dict.fromkeys(text for _, text in sorted(texts)))
    for row in _rows(store, _PARENTS, graph):
        iri = str(row["term"].value)
        if iri in terms:
            terms[iri].parents.add(str(row["parent"].value))
    for row in _rows(store, _DEPRECATED, graph):
        if str(row["term"].value) in terms:
            terms[str(row["term"].value)].deprecated = True
    _read_replacements(store, graph, terms)
    return sorted(terms.values(), key=lambda t: t.iri)


def _read_replacements(store: Store, graph: NamedNode, terms: dict[str, Term]) -> None:
    """`replaced_by`: the IAO replacement, else the only `oboInOwl:consider` (several leave it open)."""
    replaced: dict[str, str] = {}
    considered: dict[str, set[str]] = {}
    for row in _rows(store, _REPLACEMENTS, graph):
        iri = str(row["term"].value)
        if iri not in terms:
            continue
        target = obo_iri(str(row["target"].value))
        if str(row["property"].value) == TERM_REPLACED_BY:
            replaced[iri] = min(target, replaced.get(iri, target))
        else:
            considered.setdefault(iri, set()).add(target)
    for iri, targets in considered.items():
        if iri not in replaced and len(targets) == 1:
            replaced[iri] = next(iter(targets))
    for iri, target in replaced.items():
        terms[iri].replaced_by = target


def read_terms(store: Store, graph: str, namespace: str) -> list[Term]:
    """Every class and concept of a loaded vocabulary's own namespace, deprecated ones included."""
    node = NamedNode(graph)
    iris = {str(row["term"].value) for row in _rows(store, TERM_QUERY, node)}
    terms = {iri: Term(iri) for iri in iris if iri.startswith(namespace) and iri != namespace}
    return _collect(store, node, terms)


_OBSOLETE_PREFIX = re.compile(r"^obsolete[\s:_-]+", re.IGNORECASE)


def matchable(terms: list[Term]) -> list[Term]:
    """`terms` without the deprecated ones, whose labels go to their (live) replacement instead.

    A chain of replacements is followed to its end; a deprecated term with no live replacement is
    dropped with its labels. OBO's "obsolete " prefix is taken off the labels handed on.
    """
    by_iri = {term.iri: term for term in terms}
    live = [term for term in terms if not term.deprecated]
    for term in terms:
        if not term.deprecated:
            continue
        target, seen = term.replaced_by, {term.iri}
        while target in by_iri and by_iri[target].deprecated and target not in seen:
            seen.add(target)
            target = by_iri[target].replaced_by
        if target is None or target not in by_iri or by_iri[target].deprecated:
            continue
        heir = by_iri[target]
        known = {text for text, _ in heir.labels}
        for text, prop in term.labels:
            name = _OBSOLETE_PREFIX.sub("", text)
            if prop != LOCAL_NAME and name not in known:
                heir.labels.append((name, TERM_REPLACED_BY))
                known.add(name)
    return live


def vocabulary_terms(store: Store, graph: str, namespace: str) -> list[Term]:
    """The terms of a loaded vocabulary offered for matching: `read_terms`, then `matchable`."""
    return matchable(read_terms(store, graph, namespace))


def govlex_concepts(store: Store) -> list[Term]:
    """Our concepts (`glx:Concept` in the data graph) with their labels, definitions and broader concepts."""
    node = NamedNode(str(DATA_GRAPH))
    query = f"SELECT ?term WHERE {{ ?term a <{GLX.Concept}> }}"
    terms = {str(row["term"].value): Term(str(row["term"].value)) for row in _rows(store, query, node)}
    return _collect(store, node, terms)
