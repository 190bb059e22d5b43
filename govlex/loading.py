"""Reading the Turtle sources into an RDF dataset with one named graph per kind of input.

Each file is parsed on its own so that a syntax error names its file and line, and so that a
validation problem about a subject can be traced back to the file (and line) that describes it.
"""

import logging
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
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


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file, turning any parser complaint into an `InputError` with file and line."""
    graph = Graph()
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
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError(path, f"not valid UTF-8 ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror}") from None
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as err:
        # At end of input the parser's line counter can run past the last line.
        line = min(err.lines + 1, max(text.count("\n"), 1))
        raise InputError(path, f"Turtle syntax error: {err._why}", line=line) from None
    except Exception as err:  # rdflib raises several unrelated types for malformed terms
        raise InputError(path, f"cannot parse as Turtle: {err}", line=_line_of_error(err)) from None
    return graph


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

    def add(self, path: Path, graph: Graph) -> None:
        self._texts[path] = path.read_text(encoding="utf-8").splitlines()
        for subject in set(graph.subjects()):
            if isinstance(subject, URIRef):
                self.files_by_subject.setdefault(subject, []).append(path)
        for subject, _, value in graph:
            if isinstance(value, BNode) and isinstance(subject, URIRef | BNode):
                self.owners.setdefault(value, subject)

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
        lines = self._texts[path]
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

    def _line_of(self, path: Path, subject: URIRef) -> int | None:
        iri = str(subject)
        needles = [f"<{iri}>"]
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and iri != namespace:
                needles.append(f"{prefix}:{iri[len(namespace) :]}")
        for number, line in enumerate(self._texts[path], start=1):
            stripped = line.lstrip()
            if any(stripped.startswith(needle) for needle in needles):
                return number
        return None


@dataclass
class LoadedSources:
    """The parsed inputs: a dataset with `ontology` and `data` named graphs, and where each subject came from."""

    dataset: Dataset
    index: SourceIndex
    files: list[Path]
    _union: Graph | None = field(default=None, repr=False, compare=False)

    @property
    def ontology(self) -> Graph:
        return self.dataset.graph(ONTOLOGY_GRAPH)

    @property
    def data(self) -> Graph:
        return self.dataset.graph(DATA_GRAPH)

    def union(self) -> Graph:
        """Ontology and data in one graph (what SHACL and the reasoner run over), merged once.

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
    """Parse the ontology and the data files into a fresh dataset; raises `InputError` on the first bad file."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    index = SourceIndex()
    ontology_path = ontology or ontology_file()
    data_paths = list(data) if data is not None else data_files()
    ontology_graph = dataset.graph(ONTOLOGY_GRAPH)
    parsed = parse_turtle(ontology_path)
    index.add(ontology_path, parsed)
    for triple in parsed:
        ontology_graph.add(triple)
    data_graph = dataset.graph(DATA_GRAPH)
    for path in progress.track(data_paths, "reading the sources"):
        parsed = parse_turtle(path)
        index.add(path, parsed)
        for triple in parsed:
            data_graph.add(triple)
    return LoadedSources(dataset, index, [ontology_path, *data_paths])
