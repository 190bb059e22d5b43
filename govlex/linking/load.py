"""Parsing an external vocabulary into its own named graph, with a VoID description of where it came from.

The syntax is guessed from the content first (a `.owl` file may be Turtle, RDF/XML or OWL/XML), then
from the media type or the file extension. Memory stays flat whatever the file's size: the bytes are
read from disk and bulk-loaded into an on-disk pyoxigraph store (`store_dir`); OWL/XML goes through
owlready2 with an on-disk quadstore (`owlxml`), OBO through a line-by-line reader (`obo`), both
written out as N-Triples first; a JSON-LD `@context` given by reference is not fetched (`jsonld`).
What a conversion leaves out is reported in `LoadedVocabulary.skipped`.

The vocabulary's own namespace is what it declares with `vann:preferredNamespaceUri`, else the
namespace most of its classes and concepts share (for OBO PURLs, `…/obo/PREFIX_`); terms outside it
(placeholder namespaces, borrowed terms) stay in the graph but are not offered for matching.
"""

import io
import re
import tempfile
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store

from govlex.errors import GovlexError, InputError
from govlex.linking.fetch import Fetched, FetchLimits
from govlex.linking.jsonld import context_references, without_context_references
from govlex.linking.obo import obo_to_ntriples
from govlex.linking.owlxml import looks_like_owlxml, owlxml_to_ntriples
from govlex.linking.vocabulary import (
    DEFINITION_PROPERTIES,
    LABEL_PROPERTIES,
    OBO,
    PRIMARY,
    PROPERTY_KINDS,
    SKOSXL,
    SYNONYMS,
    TERM_KINDS,
    TERM_QUERY,
    XL_PROPERTIES,
    match_predicate,
)
from govlex.linking.xmlentities import check_entities
from govlex.namespace import DCT, OWL, RDF_TYPE, VOID, XSD, graph_iri

ProgressCallback = Callable[[int, int], None]
# Syntaxes pyoxigraph does not read itself: converted to N-Triples first.
Converted = typing.Literal["OWL/XML", "OBO"]

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
# The first line of an OBO file is a header tag (or, with no header, a stanza).
_OBO_HEAD = re.compile(
    rb"^(format-version|data-version|ontology|date|saved-by|auto-generated-by|default-namespace|subsetdef"
    rb"|synonymtypedef|idspace|import|remark)[ \t]*:|^\[(Term|Typedef|Instance)\]"
)
_OBO_LOCAL = re.compile(r"^([A-Za-z][A-Za-z0-9]*)_[^/#]+$")
_NO_LOADER = "No LoadDocumentCallback"


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
    skipped: list[str] = field(default_factory=list)


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


def guess_format(fetched: Fetched) -> RdfFormat | Converted:
    """The syntax of `fetched`: sniffed from its first bytes, else its media type, else its extension."""
    head = fetched.head().lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<rdf:RDF", b"<!DOCTYPE", b"<Ontology")):
        return "OWL/XML" if looks_like_owlxml(head) else RdfFormat.RDF_XML
    if head.startswith((b"{", b"[")) and not _OBO_HEAD.match(head):
        return RdfFormat.JSON_LD
    first_line = next((line for line in head.splitlines() if line.strip() and not line.startswith(b"!")), b"")
    if _OBO_HEAD.match(first_line.strip()):
        return "OBO"
    if fetched.media_type in _MEDIA_TYPES:
        return _MEDIA_TYPES[fetched.media_type]
    suffix = Path(fetched.source.split("?")[0]).suffix.lower()
    if suffix == ".obo":
        return "OBO"
    if suffix in _EXTENSIONS and _EXTENSIONS[suffix] is not RdfFormat.RDF_XML:
        return _EXTENSIONS[suffix]
    # Turtle reads N-Triples too, so it is the safe default for text that is not XML or JSON.
    return RdfFormat.TURTLE


class _CountingReader(io.RawIOBase):
    """A reader over a file that reports how far the parser has read (drives the progress bar)."""

    def __init__(self, stream: IO[bytes], total: int, on_progress: ProgressCallback) -> None:
        self._stream = stream
        self._total = total
        self._on_progress = on_progress

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._stream.readinto(target)  # type: ignore[attr-defined]
        self._on_progress(self._stream.tell(), self._total)
        return int(count or 0)


def _syntax_name(syntax: RdfFormat | Converted) -> str:
    return syntax if isinstance(syntax, str) else syntax.name


def parse_into_store(
    fetched: Fetched,
    graph: NamedNode,
    on_progress: ProgressCallback | None = None,
    limits: FetchLimits | None = None,
    store_dir: Path | None = None,
) -> tuple[Store, str, list[str]]:
    """Parse `fetched` into `graph` of a fresh store: on disk in `store_dir` (which must not exist yet),
    else in memory. Returns the store, the syntax's name and what was skipped; a syntax error names the
    source, line and column.

    XML (RDF/XML, OWL/XML) is checked first: its entities may add at most `limits.max_bytes` in all.
    """
    syntax = guess_format(fetched)
    source = Path(fetched.source)
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(
        prefix=".govlex-parse-", dir=store_dir.parent if store_dir else None
    ) as tmp:
        work = Path(tmp)
        path, rdf_format = fetched.path, RdfFormat.N_TRIPLES
        if syntax in (RdfFormat.RDF_XML, "OWL/XML"):
            check_entities(fetched.path, fetched.source, (limits or FetchLimits()).max_bytes)
        if syntax == "OWL/XML":
            path = owlxml_to_ntriples(fetched.path, fetched.source, work)
        elif syntax == "OBO":
            report = obo_to_ntriples(fetched.path, fetched.source, work / "obo.nt")
            path, skipped = report.ntriples, report.skipped_lines()
        else:
            assert isinstance(syntax, RdfFormat)
            rdf_format = syntax
        if syntax is RdfFormat.JSON_LD and context_references(path):
            references = without_context_references(path, work / "local-context.jsonld")
            path = work / "local-context.jsonld"
            skipped += [
                f"@context {reference} not fetched (no network at run time): terms it would define are not read"
                for reference in dict.fromkeys(references)
            ]
        store = Store(str(store_dir)) if store_dir else Store()
        base = fetched.source if fetched.is_url else source.as_uri()
        try:
            with path.open("rb") as stream:
                reader: IO[bytes] = (
                    io.BufferedReader(_CountingReader(stream, path.stat().st_size, on_progress))
                    if on_progress
                    else stream
                )
                store.bulk_load(input=reader, format=rdf_format, base_iri=base, to_graph=graph)
        except SyntaxError as err:
            line = getattr(err, "lineno", None) if path == fetched.path else None
            message = err.msg
            if _NO_LOADER in message:
                message = (
                    "it imports a remote JSON-LD context, which govlex never fetches (no network at run time)"
                )
            raise InputError(source, f"not valid {_syntax_name(syntax)}: {message}", line=line) from None
    return store, _syntax_name(syntax), skipped


def own_namespace(store: Store, graph: NamedNode) -> str | None:
    """The namespace the vocabulary declares (vann), else the one most of its terms share (None: no terms)."""
    declared = store.query(
        "SELECT ?ns WHERE { ?o <http://purl.org/vocab/vann/preferredNamespaceUri> ?ns } LIMIT 1",
        default_graph=graph,
    )
    assert isinstance(declared, QuerySolutions)
    for row in declared:
        return str(row["ns"].value)
    counts = Counter(namespace_of(term) for term in _term_iris(store, graph))
    return counts.most_common(1)[0][0] if counts else None


def namespace_of(iri: str) -> str:
    """The part of `iri` up to and including its last `#` or `/`; for an OBO PURL, up to its `PREFIX_`
    (every OBO ontology shares the PURL folder, and each imports terms of others).

    >>> namespace_of("https://w3id.org/dpv/ai#AISystem")
    'https://w3id.org/dpv/ai#'
    >>> namespace_of("http://purl.obolibrary.org/obo/GO_0005623")
    'http://purl.obolibrary.org/obo/GO_'
    """
    cut = max(iri.rfind("#"), iri.rfind("/"))
    namespace, local = iri[: cut + 1], iri[cut + 1 :]
    obo = _OBO_LOCAL.match(local) if namespace == OBO else None
    return f"{OBO}{obo.group(1)}_" if obo else namespace


def _term_iris(store: Store, graph: NamedNode) -> Iterator[str]:
    rows = store.query(TERM_QUERY, default_graph=graph)
    assert isinstance(rows, QuerySolutions)
    return (str(row["term"].value) for row in rows)


def _kinds() -> dict[str, list[str]]:
    """The English label kinds `govlex link list` counts: names, then synonyms by the scope they support."""
    kinds: dict[str, list[str]] = {"labels": list(PRIMARY)}
    for prop in SYNONYMS:
        scope = match_predicate(prop).rsplit("#", 1)[1].removesuffix("Match")
        kinds.setdefault(f"{scope} synonyms", []).append(prop)
    return kinds


def _language(term: object) -> str | None:
    """ "en" for an English or untagged literal, "zh" for a Chinese one, else None."""
    if not isinstance(term, Literal):
        return None
    tag = (term.language or "").lower()
    if tag in ("", "en") or tag.startswith("en-"):
        return "en"
    return "zh" if tag == "zh" or tag.startswith("zh-") else None


def label_stats(store: Store, graph: NamedNode, namespace: str) -> tuple[int, dict[str, int]]:
    """How many terms of the namespace there are, and how many have each kind of label or fact: names,
    synonyms by scope, definitions, Chinese labels, deprecation, and "local name only" (no English
    name or synonym at all).

    Read with index scans, one property at a time (SPARQL joins over every term took minutes on large
    vocabularies); memory grows with the number of terms, not with the file.
    """

    def pairs(predicate: str, value: NamedNode | None = None) -> Iterator[tuple[str, object]]:
        """(subject IRI, object) of the graph's triples with `predicate`; blank subjects give ""."""
        for quad in store.quads_for_pattern(None, NamedNode(predicate), value, graph):
            yield (quad.subject.value if isinstance(quad.subject, NamedNode) else ""), quad.object

    terms: dict[str, int] = {}
    for kind in TERM_KINDS:
        for iri, _ in pairs(RDF_TYPE, NamedNode(kind)):
            if iri.startswith(namespace) and iri != namespace:
                terms[iri] = 0
    for kind in PROPERTY_KINDS:
        for iri, _ in pairs(RDF_TYPE, NamedNode(kind)):
            terms.pop(iri, None)
    order = [*_kinds(), "definitions", "Chinese labels", "deprecated", "named"]
    bit = {kind: 1 << index for index, kind in enumerate(order)}
    kind_of = {prop: kind for kind, props in _kinds().items() for prop in props}
    literal_form = NamedNode(SKOSXL + "literalForm")
    for prop in LABEL_PROPERTIES:
        for iri, label in pairs(prop):
            if iri not in terms:
                continue
            labels = [label]
            if prop in XL_PROPERTIES and isinstance(label, NamedNode | BlankNode):
                labels = [q.object for q in store.quads_for_pattern(label, literal_form, None, graph)]
            for language in {_language(text) for text in labels}:
                if language == "en":
                    terms[iri] |= bit[kind_of[prop]] | bit["named"]
                elif language == "zh":
                    terms[iri] |= bit["Chinese labels"]
    for prop in DEFINITION_PROPERTIES:
        for iri, text in pairs(prop):
            if iri in terms and isinstance(text, Literal):
                terms[iri] |= bit["definitions"]
    for iri, flag in pairs(OWL + "deprecated"):
        if iri in terms and isinstance(flag, Literal) and flag.value in ("true", "1"):
            terms[iri] |= bit["deprecated"]
    stats = {kind: sum(1 for flags in terms.values() if flags & bit[kind]) for kind in order[:-1]}
    stats["local name only"] = sum(1 for flags in terms.values() if not flags & bit["named"])
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
    store_dir: Path | None = None,
) -> LoadedVocabulary:
    """Parse `fetched` into the named graph `external/<name>` and describe it; nothing is registered yet.

    `store_dir` (a folder that does not exist yet) holds the store on disk; without it, it is in memory.
    """
    graph = NamedNode(str(graph_iri(f"external/{check_name(name)}")))
    store, syntax, skipped = parse_into_store(fetched, graph, on_progress, limits, store_dir)
    # A failure after skipping something says so: the skipped part may be why.
    because = f" ({'; '.join(skipped)})" if skipped else ""
    triples = len(store)
    if triples == 0:
        raise GovlexError(f"{fetched.source}: no triples found{because}")
    space = namespace or own_namespace(store, graph)
    if space is None:
        raise GovlexError(
            f"{fetched.source}: found no classes or concepts (owl:Class, skos:Concept, rdfs:Class) "
            f"to link to{because}"
        )
    terms, stats = label_stats(store, graph, space)
    if terms == 0:
        raise GovlexError(
            f"{fetched.source}: no classes or concepts in namespace {space}; pass --namespace{because}"
        )
    describe(store, graph, name, fetched, space, loaded or datetime.now(UTC))
    return LoadedVocabulary(name, store, space, syntax, triples, terms, stats, skipped)
