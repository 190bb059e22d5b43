"""`govlex build`: load → validate → reason → write, all or nothing.

Artefacts (in `paths.build_dir()`): `govlex.trig` and `govlex.nq` (the whole dataset with its named
graphs) and `manifest.json` (input hash, counts, reasoner, time). They are written into a fresh
sibling folder and swapped in only after everything passed, so a failed build leaves the previous
artefacts as they were.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, QuerySolutions, RdfFormat, Store, serialize
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from govlex import __version__
from govlex.errors import GovlexError
from govlex.linking.registry import Registry
from govlex.loading import LoadedSources, data_files, load_sources
from govlex.namespace import INFERRED_GRAPH, PREFIXES
from govlex.paths import build_dir, external_dir, resource_dir
from govlex.problems import Problem
from govlex.progress import SILENT, Reporter
from govlex.reasoner import java_executable
from govlex.reasoning.definitions import ScopeMethod
from govlex.reasoning.record import conclusion_count, inferred_quads, record_build_run
from govlex.staging import replaced_folder
from govlex.store import store_from_nquads
from govlex.validation import validate_sources

TRIG = "govlex.trig"
NQUADS = "govlex.nq"
MANIFEST = "manifest.json"


class BuildFailed(GovlexError):
    """Validation found problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"build failed: {len(problems)} problem(s); previous build left untouched")


def input_files(data_dir: Path | None = None) -> list[Path]:
    """Every file whose content decides the build: ontology, shapes, data (or that under `data_dir`) and queries."""
    ontology = sorted(resource_dir("ontology").glob("*.ttl"))
    queries = sorted(resource_dir("queries").glob("*.rq"))
    return [*ontology, *data_files(data_dir), *queries]


def input_hash(files: list[Path] | None = None) -> str:
    """SHA-256 over the govlex version and each input file's folder-relative name and bytes."""
    digest = hashlib.sha256(f"govlex {__version__}\n".encode())
    for path in files if files is not None else input_files():
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class BuildResult:
    directory: Path
    manifest: dict[str, object]


def read_manifest(directory: Path | None = None) -> dict[str, object] | None:
    """The manifest of the build in `directory`, or None when there is no complete build there."""
    path = (directory or build_dir()) / MANIFEST
    if not path.is_file():
        return None
    manifest: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def build(
    out: Path | None = None,
    sources: LoadedSources | None = None,
    reason: bool = True,
    method: ScopeMethod = ScopeMethod.structural,
    files: list[Path] | None = None,
    progress: Reporter = SILENT,
) -> BuildResult:
    """Validate and write a complete build into `out` (default `paths.build_dir()`), or raise `BuildFailed`.

    `files` are the inputs that `sources` were read from, for the input hash (default: the bundled ones).
    """
    started = datetime.now(UTC)
    target = out or build_dir()
    digest = input_hash(files)
    if reason:
        java_executable()  # say at once, not after validation, that the reasoner cannot run here
    sources = sources or load_sources(progress=progress)
    outcome = validate_sources(sources, reason=reason, method=method, progress=progress)
    if not outcome.ok:
        raise BuildFailed(outcome.problems)
    scope = outcome.scope
    reasoner = scope.reasoner if scope is not None else None
    with progress.stage("writing the build"):
        record_build_run(sources.store, digest, started, reasoner)
        counts = graph_sizes(sources.store)
        if scope is not None:
            counts[str(INFERRED_GRAPH)] += conclusion_count(scope)
        manifest: dict[str, object] = {
            "input_hash": digest,
            "govlex_version": __version__,
            "built_at": started.isoformat(),
            "reasoner": reasoner,
            "graphs": counts,
            "triples": sum(counts.values()),
        }
        _write_atomically(
            target, sources.store, lambda: inferred_quads(scope) if scope is not None else (), manifest
        )
    return BuildResult(target, manifest)


def graph_sizes(store: Store) -> dict[str, int]:
    """The number of triples in each non-empty graph of `store`, by graph IRI."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(rows, QuerySolutions)
    sizes = {row["g"].value: int(row["n"].value) for row in rows}
    default = len(list(store.quads_for_pattern(None, None, None, DefaultGraph())))
    if default:
        sizes[str(DATASET_DEFAULT_GRAPH_ID)] = default
    return dict(sorted(sizes.items()))


def write_dataset(path: Path, rdf_format: RdfFormat, store: Store, added: Iterable[Quad]) -> None:
    """Write `store`'s quads and then `added` (quads the store does not hold) into one file.

    The reasoner's conclusions are written as they are made instead of first being added to the store:
    at 10,000 concepts they are 2.7 million quads, which an in-memory store indexes six ways.
    """
    prefixes = PREFIXES if rdf_format is RdfFormat.TRIG else None
    with path.open("wb") as out:
        store.dump(out, rdf_format, prefixes=prefixes)
        serialize(added, out, rdf_format, prefixes=prefixes)


def _write_atomically(
    target: Path, store: Store, inferred: Callable[[], Iterable[Quad]], manifest: dict[str, object]
) -> None:
    """Both files and the manifest, into place together; `inferred` gives the conclusions anew for each file."""
    with replaced_folder(target) as staging:
        write_dataset(staging / TRIG, RdfFormat.TRIG, store, inferred())
        write_dataset(staging / NQUADS, RdfFormat.N_QUADS, store, inferred())
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")


def _current_manifest(target: Path) -> dict[str, object] | None:
    manifest = read_manifest(target)
    return manifest if manifest is not None and manifest.get("input_hash") == input_hash() else None


def is_current(out: Path | None = None) -> bool:
    """Whether `out` holds a complete build of the sources as they are now."""
    return _current_manifest(out or build_dir()) is not None


def current_build(out: Path | None = None) -> BuildResult:
    """The build in `out` if its input hash matches the sources now, else a fresh one."""
    target = out or build_dir()
    manifest = _current_manifest(target)
    if manifest is not None:
        return BuildResult(target, manifest)
    return build(target)


def current_store(out: Path | None = None) -> Store:
    """An embedded store holding the current build (rebuilt first when the sources changed).

    Every external vocabulary loaded with `govlex link add` joins it in its own named graph.
    """
    result = current_build(out)
    store = store_from_nquads(result.directory / NQUADS)
    Registry(external_dir(out)).add_to_store(store)
    return store
