"""Parsing an external vocabulary into its own named graph, with a VoID description of where it came from.

Formats are guessed from the content first (a `.owl` file may be Turtle, RDF/XML or OWL/XML), then
from the media type or the file extension. OWL/XML goes through owlready2; everything else pyoxigraph
parses: DPV's core (15k triples) takes well under a
second. The vocabulary's own namespace is what it declares with `vann:preferredNamespaceUri`, else
the namespace most of its classes and concepts share; terms outside it (placeholder namespaces,
borrowed terms) stay in the graph but are not offered for matching.
"""

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store

from govlex.errors import GovlexError, InputError
from govlex.linking.fetch import Fetched, FetchLimits
from govlex.linking.owlxml import looks_like_owlxml, owlxml_to_ntriples
from govlex.linking.xmlentities import check_entities
from govlex.namespace import DCT, RDF_TYPE, VOID, XSD, graph_iri

ProgressCallback = Callable[[int, int], None]

XSD_DATETIME = NamedNode(XSD + "dateTime")
XSD_INTEGER = NamedNode(XSD + "integer")

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

_EXTENSIONS = {
    ".ttl": RdfFormat.TURTLE,
    ".turtle": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".ntriples": RdfFormat.N_TRIPLES,
    ".rdf": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".jsonld": RdfFormat.JSON_LD,
    ".json": RdfFormat.JSON_LD,
}
_MEDIA_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}

# Term kinds worth matching, in any of the modelling styles the shared vocabularies use.
TERM_QUERY = """
SELECT DISTINCT ?term WHERE {
  VALUES ?kind { <http://www.w3.org/2002/07/owl#Class> <http://www.w3.org/2004/02/skos/core#Concept>
                 <http://www.w3.org/2000/01/rdf-schema#Class> <http://www.w3.org/2002/07/owl#NamedIndividual> }
  ?term a ?kind .
  FILTER isIRI(?term)
  # DPV types its properties as skos:Concept too; properties are not mapping targets.
  FILTER NOT EXISTS {
    VALUES ?propertyKind { <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> <http://www.w3.org/2002/07/owl#ObjectProperty>
                           <http://www.w3.org/2002/07/owl#DatatypeProperty> <http://www.w3.org/2002/07/owl#AnnotationProperty> }
    ?term a ?propertyKind
  }
}"""
LABEL_QUERY = """
SELECT ?term (SAMPLE(?p) AS ?pref) (SAMPLE(?r) AS ?rdfs) WHERE {
  VALUES ?term { %s }
  OPTIONAL { ?term <http://www.w3.org/2004/02/skos/core#prefLabel> ?p }
  OPTIONAL { ?term <http://www.w3.org/2000/01/rdf-schema#label> ?r }
} GROUP BY ?term"""


@dataclass(frozen=True)
class LoadedVocabulary:
    """What `load_vocabulary` parsed: the store holding its named graph, and facts for the registry."""

    name: str
    store: Store
    namespace: str
    rdf_format: str
    triples: int
    terms: int
    label_stats: dict[str, int]


def check_name(name: str) -> str:
    """A vocabulary name must be usable in a graph IRI and a file name: lower-case letters, digits, dashes.

    >>> check_name("dpv-ai")
    'dpv-ai'
    """
    if not NAME_PATTERN.match(name):
        raise GovlexError(
            f"vocabulary name {name!r} must be lower-case letters, digits and dashes (e.g. dpv-ai)"
        )
    return name


def guess_format(fetched: Fetched) -> RdfFormat:
    """The RDF syntax of `fetched`: sniffed from its first bytes, else its media type, else its extension."""
    head = fetched.data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or head.startswith(b"<rdf:RDF") or head.startswith(b"<!DOCTYPE"):
        return RdfFormat.RDF_XML
    if head.startswith((b"{", b"[")):
        return RdfFormat.JSON_LD
    if fetched.media_type in _MEDIA_TYPES:
        return _MEDIA_TYPES[fetched.media_type]
    suffix = Path(fetched.source.split("?")[0]).suffix.lower()
    if suffix in _EXTENSIONS and _EXTENSIONS[suffix] is not RdfFormat.RDF_XML:
        return _EXTENSIONS[suffix]
    # Turtle reads N-Triples too, so it is the safe default for text that is not XML or JSON.
    return RdfFormat.TURTLE


class _CountingReader(io.RawIOBase):
    """A reader over bytes that reports how far the parser has read (drives the progress bar)."""

    def __init__(self, data: bytes, on_progress: ProgressCallback) -> None:
        self._buffer = io.BytesIO(data)
        self._total = len(data)
        self._on_progress = on_progress

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._buffer.readinto(target)
        self._on_progress(self._buffer.tell(), self._total)
        return count


def parse_into_store(
    fetched: Fetched,
    graph: NamedNode,
    on_progress: ProgressCallback | None = None,
    limits: FetchLimits | None = None,
) -> tuple[Store, RdfFormat]:
    """Parse `fetched` into `graph` of a fresh store; a syntax error names the source, line and column.

    XML (RDF/XML, OWL/XML) is checked first: its entities may add at most `limits.max_bytes` in all.
    """
    rdf_format = guess_format(fetched)
    if rdf_format is RdfFormat.RDF_XML:
        check_entities(fetched.data, fetched.source, (limits or FetchLimits()).max_bytes)
    if rdf_format is RdfFormat.RDF_XML and looks_like_owlxml(fetched.data[:4096]):
        fetched = replace(fetched, data=owlxml_to_ntriples(fetched.data, fetched.source))
        rdf_format = RdfFormat.N_TRIPLES
    store = Store()
    reader: IO[bytes] | bytes = (
        io.BufferedReader(_CountingReader(fetched.data, on_progress)) if on_progress else fetched.data
    )
    base = fetched.source if fetched.is_url else Path(fetched.source).as_uri()
    try:
        store.load(reader, format=rdf_format, base_iri=base, to_graph=graph)
    except SyntaxError as err:
        line = getattr(err, "lineno", None)
        raise InputError(Path(fetched.source), f"not valid {rdf_format.name}: {err.msg}", line=line) from None
    return store, rdf_format


def own_namespace(store: Store, graph: NamedNode) -> str:
    """The namespace the vocabulary declares (vann), else the one most of its terms share."""
    declared = store.query(
        "SELECT ?ns WHERE { ?o <http://purl.org/vocab/vann/preferredNamespaceUri> ?ns } LIMIT 1",
        default_graph=graph,
    )
    assert isinstance(declared, QuerySolutions)
    for row in declared:
        return str(row["ns"].value)
    counts = Counter(namespace_of(term) for term in _term_iris(store, graph))
    if not counts:
        raise GovlexError("found no classes or concepts (owl:Class, skos:Concept, rdfs:Class) to link to")
    return counts.most_common(1)[0][0]


def namespace_of(iri: str) -> str:
    """The part of `iri` up to and including its last `#` or `/`.

    >>> namespace_of("https://w3id.org/dpv/ai#AISystem")
    'https://w3id.org/dpv/ai#'
    """
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _term_iris(store: Store, graph: NamedNode) -> list[str]:
    rows = store.query(TERM_QUERY, default_graph=graph)
    assert isinstance(rows, QuerySolutions)
    return [str(row["term"].value) for row in rows]


def label_stats(store: Store, graph: NamedNode, namespace: str) -> tuple[int, dict[str, int]]:
    """How many terms of the namespace there are, and how many are labelled by which property."""
    terms = [t for t in _term_iris(store, graph) if t.startswith(namespace) and t != namespace]
    stats = {"skos:prefLabel": 0, "rdfs:label": 0, "local name only": 0}
    if not terms:
        return 0, stats
    rows = store.query(LABEL_QUERY % " ".join(f"<{t}>" for t in terms), default_graph=graph)
    assert isinstance(rows, QuerySolutions)
    for row in rows:
        has_pref, has_rdfs = row["pref"] is not None, row["rdfs"] is not None
        stats["skos:prefLabel"] += has_pref
        stats["rdfs:label"] += has_rdfs
        stats["local name only"] += not (has_pref or has_rdfs)
    return len(terms), stats


def describe(
    store: Store, graph: NamedNode, name: str, fetched: Fetched, namespace: str, loaded: datetime
) -> None:
    """Add a VoID description of the graph to the graph itself: it is how queries find a vocabulary's namespace."""
    triples = len(store)
    source = NamedNode(fetched.source) if fetched.is_url else NamedNode(Path(fetched.source).as_uri())
    facts: list[tuple[NamedNode, NamedNode | Literal]] = [
        (NamedNode(RDF_TYPE), NamedNode(VOID + "Dataset")),
        (NamedNode(DCT + "title"), Literal(name)),
        (NamedNode(VOID + "uriSpace"), Literal(namespace)),
        (NamedNode(DCT + "source"), source),
        (NamedNode(DCT + "identifier"), Literal(f"sha256:{fetched.sha256}")),
        (NamedNode(DCT + "created"), Literal(loaded.isoformat(), datatype=XSD_DATETIME)),
        (NamedNode(VOID + "triples"), Literal(str(triples), datatype=XSD_INTEGER)),
    ]
    store.extend(Quad(graph, predicate, value, graph) for predicate, value in facts)


def load_vocabulary(
    name: str,
    fetched: Fetched,
    namespace: str | None = None,
    on_progress: ProgressCallback | None = None,
    loaded: datetime | None = None,
    limits: FetchLimits | None = None,
) -> LoadedVocabulary:
    """Parse `fetched` into the named graph `external/<name>` and describe it; nothing is written yet."""
    graph = NamedNode(str(graph_iri(f"external/{check_name(name)}")))
    store, rdf_format = parse_into_store(fetched, graph, on_progress, limits)
    triples = len(store)
    if triples == 0:
        raise GovlexError(f"{fetched.source}: no triples found")
    space = namespace or own_namespace(store, graph)
    terms, stats = label_stats(store, graph, space)
    if terms == 0:
        raise GovlexError(f"{fetched.source}: no classes or concepts in namespace {space}; pass --namespace")
    describe(store, graph, name, fetched, space, loaded or datetime.now(UTC))
    return LoadedVocabulary(name, store, space, rdf_format.name, triples, terms, stats)
