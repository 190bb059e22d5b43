"""Reading the Turtle sources into an Oxigraph store with one named graph per kind of input.

Each file is parsed on its own so that a syntax error names its file and line, and so that a
validation problem about a subject can be traced back to the file (and line) that describes it.
Oxigraph parses them (natively, about ten times as fast as rdflib); rdflib still reads the shapes and
gives the sources as a dataset to whatever needs one (`LoadedSources.dataset`).
"""

import logging
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store, Triple, parse
from rdflib import RDF, XSD, BNode, Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from govlex.errors import GovlexError, InputError
from govlex.namespace import DATA_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from govlex.paths import ontology_file, resource_dir
from govlex.progress import SILENT, Reporter


class _IllTypedLiteralWarning(logging.Filter):
    """Drop rdflib's warning (with a traceback) about a literal its datatype cannot read: the
    `WellTypedLiteral` check (`govlex.literals`) reports it with file and line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_IllTypedLiteralWarning())


def data_files(data_dir: Path | None = None) -> list[Path]:
    """Every Turtle file under `data/`, sorted so builds are reproducible."""
    return sorted((data_dir or resource_dir("data")).rglob("*.ttl"))


MAX_FILE_BYTES_VARIABLE = "GOVLEX_MAX_DATA_FILE_BYTES"
DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024
"""Validation holds about 100 MB of memory per MB of Turtle (docs/security.md); the bundled files are
under 50 KB each."""


def max_file_bytes() -> int:
    """The largest Turtle file govlex reads: `$GOVLEX_MAX_DATA_FILE_BYTES`, else 8 MiB."""
    configured = os.environ.get(MAX_FILE_BYTES_VARIABLE, "").strip()
    if not configured:
        return DEFAULT_MAX_FILE_BYTES
    if not configured.isdigit():
        raise GovlexError(f"{MAX_FILE_BYTES_VARIABLE} must be a number of bytes, not {configured!r}")
    return int(configured)


def read_turtle(path: Path) -> str:
    """The text of one Turtle file, or an `InputError` saying why it cannot be read (too large, not a
    regular file, not UTF-8)."""
    limit = max_file_bytes()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, "not a regular file")  # a FIFO or /dev/zero would never end
        size = info.st_size
        if size > limit:
            raise InputError(
                path,
                f"{size:,} bytes, over the limit of {limit:,} for one Turtle file "
                f"(split it, or raise {MAX_FILE_BYTES_VARIABLE})",
            )
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError(path, f"not valid UTF-8 ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror}") from None


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file with rdflib, turning any parser complaint into an `InputError` with file and line."""
    return _rdflib_graph(path, read_turtle(path))


_STRINGS = {NamedNode(str(XSD.string)), NamedNode(str(RDF.langString))}


def _is_typed_literal(term: object) -> bool:
    return isinstance(term, Literal) and term.datatype not in _STRINGS


def _rdflib_graph(path: Path, text: str) -> Graph:
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as err:
        # At end of input the parser's line counter can run past the last line.
        line = min(err.lines + 1, max(text.count("\n"), 1))
        raise InputError(path, f"Turtle syntax error: {err._why}", line=line) from None
    except Exception as err:  # rdflib raises several unrelated types for malformed terms
        raise InputError(path, f"cannot parse as Turtle: {err}", line=_line_of_error(err)) from None
    return graph


def _load_turtle(path: Path, graph: NamedNode, store: Store, index: "SourceIndex") -> list[Triple]:
    """Parse one Turtle file with Oxigraph into `graph` of `store`, noting in `index` what it describes;
    return its triples whose object is a literal of a datatype other than a string, as written.

    Those are returned because the store keeps a valid literal as its value (`"01"^^xsd:positiveInteger`
    comes back as `"1"^^xsd:integer`), so the check for ill-typed literals reads them as parsed.
    Blank nodes get fresh labels per file, as in any RDF merge; the store keeps them, so the index's
    blank nodes are the store's. A file Oxigraph rejects is parsed once more by rdflib, for the error
    message govlex has always given; if rdflib accepts it, Oxigraph's message is reported.
    """
    text = read_turtle(path)
    quads: list[Quad] = []
    typed: list[Triple] = []
    subjects: set[object] = set()
    owners: dict[BlankNode, NamedNode | BlankNode] = {}
    try:
        for parsed in parse(
            text, RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), rename_blank_nodes=True
        ):
            subject, value = parsed.subject, parsed.object
            subjects.add(subject)
            if isinstance(value, BlankNode) and isinstance(subject, NamedNode | BlankNode):
                owners.setdefault(value, subject)
            elif _is_typed_literal(value):
                typed.append(parsed.triple)
            quads.append(Quad(subject, parsed.predicate, value, graph))
    except SyntaxError as err:
        _rdflib_graph(path, text)
        raise InputError(path, f"Turtle syntax error: {err.msg}", line=err.lineno) from None
    store.extend(quads)
    named = (URIRef(s.value) for s in subjects if isinstance(s, NamedNode))
    index.add(path, named, ((BNode(v.value), _rdflib_node(o)) for v, o in owners.items()))
    return typed


def _rdflib_node(node: NamedNode | BlankNode) -> URIRef | BNode:
    return URIRef(node.value) if isinstance(node, NamedNode) else BNode(node.value)


def _line_of_error(err: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(err))
    return int(match.group(1)) if match else None


@dataclass
class SourceIndex:
    """Which file (and line) describes each subject, for pointing curators at the right place."""

    files_by_subject: dict[URIRef, list[Path]] = field(default_factory=dict)
    owners: dict[BNode, URIRef | BNode] = field(default_factory=dict)
    """For each blank node, a subject that points to it (`[ … ]` written inside that subject's description)."""
    _texts: dict[Path, list[str]] = field(default_factory=dict)
    """Each file's lines, read when a problem is first located in it (most builds locate none)."""

    def add(
        self, path: Path, subjects: Iterable[URIRef], owners: Iterable[tuple[BNode, URIRef | BNode]]
    ) -> None:
        """Note that `path` describes `subjects`, and which subject holds each blank node."""
        for subject in subjects:
            self.files_by_subject.setdefault(subject, []).append(path)
        for value, owner in owners:
            self.owners.setdefault(value, owner)

    def named_subject(self, node: object) -> URIRef | None:
        """`node` if it is an IRI; for a blank node, the IRI whose description holds it (a citation's interpretation)."""
        seen: set[BNode] = set()
        while isinstance(node, BNode) and node not in seen:
            seen.add(node)
            node = self.owners.get(node)
        return node if isinstance(node, URIRef) else None

    def locate(self, subject: URIRef | BNode | None) -> tuple[Path | None, int | None]:
        """The first file that describes `subject` (or the IRI holding a blank node), and the line where it is
        first named there."""
        named = self.named_subject(subject)
        if named is None or named not in self.files_by_subject:
            return None, None
        path = self.files_by_subject[named][0]
        return path, self._line_of(path, named)

    def locate_literal(self, subject: URIRef | BNode, lexical: str) -> tuple[Path | None, int | None]:
        """The line, at or after where `subject` is described, that writes the literal text `lexical`."""
        path, start = self.locate(subject)
        if path is None:
            return None, None
        lines = self._lines(path)
        for number in range(start or 1, len(lines) + 1):
            if lexical in lines[number - 1]:
                return path, number
        return path, start

    @staticmethod
    def shorten(iri: URIRef) -> str:
        """`iri` as a CURIE with govlex's prefixes, where one fits.

        >>> SourceIndex.shorten(URIRef("http://www.w3.org/2001/XMLSchema#date"))
        'xsd:date'
        """
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and iri != namespace:
                return f"{prefix}:{iri[len(namespace) :]}"
        return f"<{iri}>"

    def _lines(self, path: Path) -> list[str]:
        if path not in self._texts:
            self._texts[path] = path.read_text(encoding="utf-8").splitlines()
        return self._texts[path]

    def _line_of(self, path: Path, subject: URIRef) -> int | None:
        iri = str(subject)
        needles = [f"<{iri}>"]
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and iri != namespace:
                needles.append(f"{prefix}:{iri[len(namespace) :]}")
        for number, line in enumerate(self._lines(path), start=1):
            stripped = line.lstrip()
            if any(stripped.startswith(needle) for needle in needles):
                return number
        return None


@dataclass
class LoadedSources:
    """The parsed inputs: an Oxigraph store with `ontology` and `data` named graphs, where each subject
    came from, and the typed literals as written (see `_load_turtle`).

    Validation, reasoning and the build read the store. The same sources as an rdflib dataset (what
    pySHACL, owlready2 and a few tests read) are parsed by rdflib on first use: at 10,000 concepts that
    costs more time and memory than everything else validation does.
    """

    store: Store
    index: SourceIndex
    files: list[Path]
    typed_literals: list[Triple] = field(default_factory=list, repr=False)
    _dataset: Dataset | None = field(default=None, repr=False, compare=False)
    _union: Graph | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> "LoadedSources":
        """Sources made in memory as an rdflib dataset (generated data), with no files behind them."""
        quads = list(parse(dataset.serialize(format="nquads", encoding="utf-8"), RdfFormat.N_QUADS))
        store = Store()
        store.extend(quads)  # `parse` keeps the blank nodes' labels: they stay the dataset's
        typed = [quad.triple for quad in quads if _is_typed_literal(quad.object)]
        return cls(store, SourceIndex(), [], typed, _dataset=dataset)

    @property
    def dataset(self) -> Dataset:
        """The sources as an rdflib dataset, parsed by rdflib (whose blank nodes the index then knows too)."""
        if self._dataset is None:
            dataset = Dataset()
            for prefix, namespace in PREFIXES.items():
                dataset.bind(prefix, namespace)
            for number, path in enumerate(self.files):
                parsed = parse_turtle(path)
                held = (
                    (o, s) for s, _, o in parsed if isinstance(o, BNode) and isinstance(s, URIRef | BNode)
                )
                self.index.add(path, (), held)
                graph = dataset.graph(ONTOLOGY_GRAPH if number == 0 else DATA_GRAPH)
                for triple in parsed:
                    graph.add(triple)
            self._dataset = dataset
        return self._dataset

    @property
    def ontology(self) -> Graph:
        return self.dataset.graph(ONTOLOGY_GRAPH)

    @property
    def data(self) -> Graph:
        return self.dataset.graph(DATA_GRAPH)

    def triples_in(self, graph: URIRef) -> int:
        """How many triples the named graph `graph` (`ONTOLOGY_GRAPH`, `DATA_GRAPH`) holds."""
        rows = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert isinstance(rows, QuerySolutions)
        count = next(iter(rows))["n"]
        assert isinstance(count, Literal)
        return int(count.value)

    def union(self) -> Graph:
        """Ontology and data in one rdflib graph (what pySHACL and owlready2 read), merged once.

        Neither the ontology nor the data graph changes after loading (the build writes only the
        inferred graph), so the merge is kept for the next caller.
        """
        if self._union is not None:
            return self._union
        merged = Graph()
        for prefix, namespace in PREFIXES.items():
            merged.bind(prefix, namespace)
        for triple in self.ontology:
            merged.add(triple)
        for triple in self.data:
            merged.add(triple)
        self._union = merged
        return merged


def load_sources(
    data: Iterable[Path] | None = None, ontology: Path | None = None, progress: Reporter = SILENT
) -> LoadedSources:
    """Parse the ontology and the data files into a fresh store; raises `InputError` on the first bad file."""
    store = Store()
    index = SourceIndex()
    ontology_path = ontology or ontology_file()
    data_paths = list(data) if data is not None else data_files()
    typed = _load_turtle(ontology_path, NamedNode(str(ONTOLOGY_GRAPH)), store, index)
    for path in progress.track(data_paths, "reading the sources"):
        typed += _load_turtle(path, NamedNode(str(DATA_GRAPH)), store, index)
    return LoadedSources(store, index, [ontology_path, *data_paths], typed)
