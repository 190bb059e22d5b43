"""The loaded external vocabularies, persisted beside the build: one `NAME.nq` and one `NAME.json` each.

The N-Quads file holds the vocabulary in its named graph `external/NAME` (with its VoID description),
ready to bulk-load; the JSON entry records name, source, SHA-256, date, triple count, namespace and
label statistics (terms having each kind of label, synonym scope, definitions, Chinese labels,
deprecation) and what loading skipped. `add_to_store` is what `govlex.build.current_store` calls so every command and the
server see every loaded vocabulary.
"""

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import RdfFormat, Store

from govlex.errors import UnknownName
from govlex.linking.fetch import Fetched
from govlex.linking.load import LoadedVocabulary
from govlex.namespace import graph_iri
from govlex.paths import external_dir


@dataclass(frozen=True)
class VocabularyEntry:
    """One loaded vocabulary as the registry records it."""

    name: str
    source: str
    sha256: str
    loaded_at: str
    rdf_format: str
    triples: int
    terms: int
    namespace: str
    label_stats: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def graph(self) -> str:
        return str(graph_iri(f"external/{self.name}"))


class Registry:
    """The vocabularies in one folder (default `paths.external_dir()`), looked up by name."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or external_dir()

    def entries(self) -> list[VocabularyEntry]:
        if not self.directory.is_dir():
            return []
        found = []
        for path in sorted(self.directory.glob("*.json")):
            if (path.with_suffix(".nq")).is_file():
                found.append(VocabularyEntry(**json.loads(path.read_text(encoding="utf-8"))))
        return sorted(found, key=lambda entry: entry.name)

    def get(self, name: str) -> VocabularyEntry:
        for entry in self.entries():
            if entry.name == name:
                return entry
        raise UnknownName("loaded vocabulary", name, [e.name for e in self.entries()])

    def quads_file(self, name: str) -> Path:
        return self.directory / f"{name}.nq"

    def save(self, vocabulary: LoadedVocabulary, fetched: Fetched, loaded_at: str) -> VocabularyEntry:
        """Write the vocabulary's quads and then its entry, each atomically (entry last: it marks completeness)."""
        entry = VocabularyEntry(
            name=vocabulary.name,
            source=fetched.source,
            sha256=fetched.sha256,
            loaded_at=loaded_at,
            rdf_format=vocabulary.rdf_format,
            triples=vocabulary.triples,
            terms=vocabulary.terms,
            namespace=vocabulary.namespace,
            label_stats=vocabulary.label_stats,
            skipped=vocabulary.skipped,
        )
        self.directory.mkdir(parents=True, exist_ok=True)
        # Copied a chunk at a time: the parsed vocabulary never sits in memory.
        with vocabulary.quads.open("rb") as source:
            _write_atomically(
                self.quads_file(vocabulary.name), lambda stream: shutil.copyfileobj(source, stream, 1 << 20)
            )
        text = json.dumps(asdict(entry), indent=2, ensure_ascii=False)
        _write_atomically(
            self.directory / f"{vocabulary.name}.json", lambda stream: stream.write(text.encode())
        )
        return entry

    def remove(self, name: str) -> VocabularyEntry:
        entry = self.get(name)
        (self.directory / f"{name}.json").unlink()
        self.quads_file(name).unlink(missing_ok=True)
        return entry

    def quads_files(self) -> list[Path]:
        """The N-Quads file of every registered vocabulary (for stores built elsewhere, e.g. on disk)."""
        return [self.quads_file(entry.name) for entry in self.entries()]

    def fingerprint(self) -> str:
        """Names and SHA-256s of what is loaded: part of the key of any cached store that includes them."""
        return ",".join(f"{entry.name}={entry.sha256}" for entry in self.entries())

    def add_to_store(self, store: Store) -> None:
        """Load every registered vocabulary, in its named graph, into `store`."""
        for entry in self.entries():
            store.bulk_load(path=str(self.quads_file(entry.name)), format=RdfFormat.N_QUADS)


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(staging, path)
    finally:
        if os.path.exists(staging):
            os.unlink(staging)
