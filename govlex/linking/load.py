"""Parsing an external vocabulary into its own named graph, with a VoID description of where it came from.

The syntax is guessed from the content first (a `.owl` file may be Turtle, RDF/XML or OWL/XML), then
from the media type or the file extension. Memory does not grow with the file: the bytes are read
from disk, and pyoxigraph's streaming parser hands each triple to its N-Quads serialiser, which writes
the vocabulary's file as it goes; a survey of the same stream (`_Survey`) finds the namespace and
counts the kinds of label. OWL/XML goes through owlready2 with an on-disk quadstore (`owlxml`), OBO
through a line-by-line reader (`obo`), both written out as N-Triples first; a JSON-LD `@context` given
by reference is not fetched (`jsonld`). What a conversion leaves out is reported in
`LoadedVocabulary.skipped`.

The vocabulary's own namespace is what it declares with `vann:preferredNamespaceUri`, else the
namespace most of its classes and concepts share (for OBO PURLs, `…/obo/PREFIX_`); terms outside it
(placeholder namespaces, borrowed terms) stay in the graph but are not offered for matching.
"""

import io
import re
import shutil
import tempfile
import typing
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import IO

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, parse, serialize

from govlex.errors import GovlexError, InputError
from govlex.linking.fetch import Fetched, FetchLimits
from govlex.linking.jsonld import context_references, without_context_references
from govlex.linking.obo import obo_to_ntriples
from govlex.linking.owlxml import looks_like_owlxml, owlxml_to_ntriples
from govlex.linking.vocabulary import (
    DEFINITION_PROPERTIES,
    OBO,
    PRIMARY,
    PROPERTY_KINDS,
    SKOSXL,
    SYNONYMS,
    TERM_KINDS,
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
    """What `load_vocabulary` parsed: the N-Quads file of its named graph (VoID description included),
    and facts for the registry."""

    name: str
    quads: Path
    namespace: str
    rdf_format: str
    triples: int
    terms: int
    label_stats: dict[str, int]
    skipped: list[str] = field(default_factory=list)

    @cached_property
    def store(self) -> Store:
        """The graph in an in-memory store, read from `quads` on first use (for tests and small
        vocabularies: `link add` itself never holds a vocabulary in memory)."""
        store = Store()
        store.bulk_load(path=str(self.quads), format=RdfFormat.N_QUADS)
        return store


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


class _Survey:
    """What the loader needs to know about a vocabulary, gathered from its triples as they stream past:
    which subjects are terms, which kinds of label and fact each has, and a declared namespace.
    Memory grows with the number of labelled subjects, not with the file."""

    def __init__(self) -> None:
        self.triples = 0
        self.declared: str | None = None
        # subject → bits of _BIT and _TERM/_PROPERTY: one entry per subject, its IRI stored once
        self.flags: dict[str, int] = {}
        self.xl_uses: dict[str, list[tuple[str, str]]] = {}  # SKOS-XL label node → (term, property)
        self.xl_languages: dict[str, set[str]] = {}  # SKOS-XL label node → languages of its literal form

    def see(self, quad: Quad) -> None:
        self.triples += 1
        action = _ACTIONS.get(quad.predicate.value)
        if action is None:
            return
        subject, value = _key(quad.subject), quad.object
        kind, argument = action
        if kind == "type":
            mark = _KINDS.get(value.value) if isinstance(value, NamedNode) else None
            if mark and isinstance(quad.subject, NamedNode):
                self.flags[subject] = self.flags.get(subject, 0) | mark
        elif kind == "label":
            self._label(subject, argument, _language(value))
        elif kind == "xl":
            self.xl_uses.setdefault(_key(value), []).append((subject, argument))
        elif kind == "form":
            language = _language(value)
            if language:
                self.xl_languages.setdefault(subject, set()).add(language)
        elif kind == "definition" and isinstance(value, Literal):
            self.flags[subject] = self.flags.get(subject, 0) | _BIT["definitions"]
        elif kind == "deprecated" and isinstance(value, Literal) and value.value in ("true", "1"):
            self.flags[subject] = self.flags.get(subject, 0) | _BIT["deprecated"]
        elif kind == "namespace" and self.declared is None and isinstance(value, NamedNode | Literal):
            self.declared = value.value

    def _label(self, subject: str, kind: str, language: str | None) -> None:
        if language == "en":
            self.flags[subject] = self.flags.get(subject, 0) | _BIT[kind] | _BIT["named"]
        elif language == "zh":
            self.flags[subject] = self.flags.get(subject, 0) | _BIT["Chinese labels"]

    def terms(self) -> list[str]:
        """The subjects that are classes or concepts and not properties (what `TERM_QUERY` selects)."""
        return [iri for iri, flags in self.flags.items() if flags & _TERM and not flags & _PROPERTY]

    def own_namespace(self) -> str | None:
        """The namespace the vocabulary declares (vann), else the one most of its terms share (None: no terms)."""
        if self.declared:
            return self.declared
        counts = Counter(namespace_of(term) for term in self.terms())
        return counts.most_common(1)[0][0] if counts else None

    def label_stats(self, namespace: str) -> tuple[int, dict[str, int]]:
        """How many terms of the namespace there are, and how many have each kind of label or fact: names,
        synonyms by scope, definitions, Chinese labels, deprecation, and "local name only" (no English
        name or synonym at all)."""
        for node, uses in self.xl_uses.items():
            for language in self.xl_languages.get(node, ()):
                for subject, prop in uses:
                    self._label(subject, _LABEL_KIND[prop], language)
        flags = [
            self.flags.get(iri, 0) for iri in self.terms() if iri.startswith(namespace) and iri != namespace
        ]
        stats = {kind: sum(1 for f in flags if f & bit) for kind, bit in _BIT.items() if kind != "named"}
        stats["local name only"] = sum(1 for f in flags if not f & _BIT["named"])
        return len(flags), stats


def _key(term: object) -> str:
    """A subject or label node as a dictionary key: its IRI, or `_:id` for a blank node."""
    if isinstance(term, NamedNode):
        return term.value
    return f"_:{term.value}" if isinstance(term, BlankNode) else ""


def _language(term: object) -> str | None:
    """ "en" for an English or untagged literal, "zh" for a Chinese one, else None."""
    if not isinstance(term, Literal):
        return None
    tag = (term.language or "").lower()
    if tag in ("", "en") or tag.startswith("en-"):
        return "en"
    return "zh" if tag == "zh" or tag.startswith("zh-") else None


def _label_kinds() -> dict[str, str]:
    """Each English label property's kind in `govlex link list`: a name, or a synonym of the scope it supports."""
    kinds = dict.fromkeys(PRIMARY, "labels")
    for prop in SYNONYMS:
        kinds[prop] = f"{match_predicate(prop).rsplit('#', 1)[1].removesuffix('Match')} synonyms"
    return kinds


_LABEL_KIND = _label_kinds()
_STAT_KINDS = [*dict.fromkeys(_LABEL_KIND.values()), "definitions", "Chinese labels", "deprecated", "named"]
_BIT = {kind: 1 << index for index, kind in enumerate(_STAT_KINDS)}
_TERM, _PROPERTY = 1 << len(_BIT), 1 << (len(_BIT) + 1)
_KINDS = {**dict.fromkeys(TERM_KINDS, _TERM), **dict.fromkeys(PROPERTY_KINDS, _PROPERTY)}
# What the survey does with a triple, by predicate: (action, its argument).
_ACTIONS: dict[str, tuple[str, str]] = {
    RDF_TYPE: ("type", ""),
    SKOSXL + "literalForm": ("form", ""),
    OWL + "deprecated": ("deprecated", ""),
    "http://purl.org/vocab/vann/preferredNamespaceUri": ("namespace", ""),
    **{prop: ("definition", "") for prop in DEFINITION_PROPERTIES},
    **{prop: ("label", kind) for prop, kind in _LABEL_KIND.items() if prop not in XL_PROPERTIES},
    **{prop: ("xl", prop) for prop in XL_PROPERTIES},
}


def parse_to_nquads(
    fetched: Fetched,
    graph: NamedNode,
    target: Path,
    on_progress: ProgressCallback | None = None,
    limits: FetchLimits | None = None,
) -> tuple[_Survey, str, list[str]]:
    """Parse `fetched` into `graph`, written as N-Quads to `target` a triple at a time. Returns what the
    triples showed, the syntax's name and what was skipped; a syntax error names the source and line.

    XML (RDF/XML, OWL/XML) is checked first: its entities may add at most `limits.max_bytes` in all.
    """
    syntax = guess_format(fetched)
    source = Path(fetched.source)
    skipped: list[str] = []
    survey = _Survey()
    with tempfile.TemporaryDirectory(prefix=".govlex-parse-", dir=target.parent) as tmp:
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
        base = fetched.source if fetched.is_url else source.as_uri()

        def in_graph(quads: Iterator[Quad]) -> Iterator[Quad]:
            for quad in quads:
                survey.see(quad)
                yield Quad(quad.subject, quad.predicate, quad.object, graph)

        try:
            with path.open("rb") as stream, target.open("wb") as out:
                reader: IO[bytes] = (
                    io.BufferedReader(_CountingReader(stream, path.stat().st_size, on_progress))
                    if on_progress
                    else stream
                )
                # Blank nodes renamed: two vocabularies' "_:b0" must not meet in the combined store.
                quads = parse(reader, format=rdf_format, base_iri=base, rename_blank_nodes=True)
                serialize(in_graph(quads), out, format=RdfFormat.N_QUADS)
        except SyntaxError as err:
            line = getattr(err, "lineno", None) if path == fetched.path else None
            message = err.msg
            if _NO_LOADER in message:
                message = (
                    "it imports a remote JSON-LD context, which govlex never fetches (no network at run time)"
                )
            raise InputError(source, f"not valid {_syntax_name(syntax)}: {message}", line=line) from None
    return survey, _syntax_name(syntax), skipped


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


def describe(
    graph: NamedNode, name: str, fetched: Fetched, namespace: str, triples: int, loaded: datetime
) -> list[Quad]:
    """A VoID description of the graph, in the graph itself: it is how queries find a vocabulary's namespace."""
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
    return [Quad(graph, predicate, value, graph) for predicate, value in facts]


def load_vocabulary(
    name: str,
    fetched: Fetched,
    namespace: str | None = None,
    on_progress: ProgressCallback | None = None,
    loaded: datetime | None = None,
    limits: FetchLimits | None = None,
    work_dir: Path | None = None,
) -> LoadedVocabulary:
    """Parse `fetched` into the named graph `external/<name>` and describe it; nothing is registered yet.

    The N-Quads go into `work_dir` (an existing folder the caller removes), else into a temporary
    folder removed with the returned object.
    """
    graph = NamedNode(str(graph_iri(f"external/{check_name(name)}")))
    if work_dir is not None:
        return _load_into(name, fetched, graph, work_dir, namespace, on_progress, loaded, limits)
    folder = Path(tempfile.mkdtemp(prefix="govlex-vocabulary-"))
    try:
        vocabulary = _load_into(name, fetched, graph, folder, namespace, on_progress, loaded, limits)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    weakref.finalize(vocabulary, shutil.rmtree, folder, True)
    return vocabulary


def _load_into(
    name: str,
    fetched: Fetched,
    graph: NamedNode,
    folder: Path,
    namespace: str | None,
    on_progress: ProgressCallback | None,
    loaded: datetime | None,
    limits: FetchLimits | None,
) -> LoadedVocabulary:
    target = folder / f"{name}.nq"
    survey, syntax, skipped = parse_to_nquads(fetched, graph, target, on_progress, limits)
    # A failure after skipping something says so: the skipped part may be why.
    because = f" ({'; '.join(skipped)})" if skipped else ""
    if survey.triples == 0:
        raise GovlexError(f"{fetched.source}: no triples found{because}")
    space = namespace or survey.own_namespace()
    if space is None:
        raise GovlexError(
            f"{fetched.source}: found no classes or concepts (owl:Class, skos:Concept, rdfs:Class) "
            f"to link to{because}"
        )
    terms, stats = survey.label_stats(space)
    if terms == 0:
        raise GovlexError(
            f"{fetched.source}: no classes or concepts in namespace {space}; pass --namespace{because}"
        )
    void = describe(graph, name, fetched, space, survey.triples, loaded or datetime.now(UTC))
    with target.open("ab") as out:
        serialize(void, out, format=RdfFormat.N_QUADS)
    return LoadedVocabulary(name, target, space, syntax, survey.triples, terms, stats, skipped)
