"""`govlex release X.Y.Z`: a versioned, citable, immutable release of the dataset.

A release is a folder `releases/X.Y.Z/` written once and never changed (see docs/history.md for why
files rather than tags): the build's TriG and N-Quads byte for byte, JSON-LD, the curated mappings
as SSSOM, a change log against the previous release (`CHANGES.txt`, `changes.json`) and `release.ttl`,
its DCAT description: version, date, `prov:wasRevisionOf` the previous release, the build run with its
input hash, and each file's size and SHA-256. It is served at `/release/X.Y.Z/…`.

More formats join by adding a `Distribution` to `DISTRIBUTIONS`: its writer gets the release's
dataset and store and a path, and returns False when it has nothing to publish (the file is then
left out and not described).
"""

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from pyoxigraph import Store
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV

from govlex.build import MANIFEST, NQUADS, TRIG, build, current_build, input_files
from govlex.errors import GovlexError
from govlex.history.diff import Changes, EntityChange, compare
from govlex.history.snapshot import Snapshot, snapshot_of, store_of_nquads, working_snapshot
from govlex.loading import data_files, load_sources
from govlex.namespace import GLX, PREFIXES, id_iri
from govlex.paths import releases_dir
from govlex.staging import replaced_folder
from govlex.store import EmbeddedStore, store_from_nquads

RELEASE_BASE = "https://w3id.org/govlex/release/"
DATASET = URIRef("https://w3id.org/govlex/dataset")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
DESCRIPTION = "release.ttl"
CHANGES_TEXT = "CHANGES.txt"
CHANGES_JSON = "changes.json"
_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


class ReleaseError(GovlexError):
    """A release that cannot be made or does not check out; the message says which and why."""


@dataclass(frozen=True)
class ReleaseInput:
    """What a distribution is written from: the build's dataset (all named graphs) and the same in a store."""

    dataset: Dataset
    store: Store
    build_folder: Path


@dataclass(frozen=True)
class Distribution:
    file: str
    media_type: str
    title: str
    write: Callable[[ReleaseInput, Path], bool]


def _copy(name: str) -> Callable[[ReleaseInput, Path], bool]:
    def write(source: ReleaseInput, path: Path) -> bool:
        shutil.copyfile(source.build_folder / name, path)
        return True

    return write


def _json_ld(source: ReleaseInput, path: Path) -> bool:
    source.dataset.serialize(destination=path, format="json-ld", encoding="utf-8", context=PREFIXES)
    return True


def _sssom(source: ReleaseInput, path: Path) -> bool:
    from govlex.linking.mappings import curated_mappings
    from govlex.linking.sssom_io import to_sssom

    mappings = curated_mappings(source.store)
    if not mappings:
        return False
    path.write_text(to_sssom(mappings, "curated"), encoding="utf-8")
    return True


def _input_hash(source: ReleaseInput) -> str:
    manifest = json.loads((source.build_folder / MANIFEST).read_text(encoding="utf-8"))
    return str(manifest.get("input_hash", ""))


def _tbx(source: ReleaseInput, path: Path) -> bool:
    from govlex.curation.tbx_export import tbx_document

    path.write_bytes(tbx_document(EmbeddedStore(source.store), _input_hash(source)))
    return True


def _glossary_pdf(source: ReleaseInput, path: Path) -> bool:
    """The printed bilingual glossary of every concept; left out where the `publish` extra is missing."""
    try:
        from govlex.curation.publish import publication
    except ImportError:
        return False
    try:
        path.write_bytes(
            publication("pdf", "all", store=EmbeddedStore(source.store), build=_input_hash(source))
        )
    except ImportError:  # WeasyPrint (or the Pango it loads) is not installed
        return False
    return True


DISTRIBUTIONS: tuple[Distribution, ...] = (
    Distribution(TRIG, "application/trig", "The dataset with its named graphs, TriG", _copy(TRIG)),
    Distribution(NQUADS, "application/n-quads", "The dataset with its named graphs, N-Quads", _copy(NQUADS)),
    Distribution(
        "govlex.jsonld", "application/ld+json", "The dataset with its named graphs, JSON-LD", _json_ld
    ),
    Distribution("mappings.sssom.tsv", "text/tab-separated-values", "Curated mappings, SSSOM TSV", _sssom),
    Distribution("glossary.tbx", "application/x-tbx", "Every concept as a TBX-Basic termbase", _tbx),
    Distribution("glossary.pdf", "application/pdf", "The printed bilingual glossary, PDF", _glossary_pdf),
)


def parse_version(version: str) -> tuple[int, int, int]:
    """(major, minor, patch) of an `X.Y.Z` version, or a ReleaseError saying what a version looks like.

    >>> parse_version("0.10.2")
    (0, 10, 2)
    """
    found = _VERSION.match(version)
    if not found:
        raise ReleaseError(f"{version!r} is not a release version; write MAJOR.MINOR.PATCH, e.g. 0.1.0")
    major, minor, patch = (int(part) for part in found.groups())
    return major, minor, patch


def release_iri(version: str, file: str = "") -> URIRef:
    return URIRef(f"{RELEASE_BASE}{version}" + (f"/{file}" if file else ""))


def releases(folder: Path | None = None) -> list[str]:
    """The versions of the complete releases in `folder` (default `paths.releases_dir()`), oldest first."""
    root = folder or releases_dir()
    if not root.is_dir():
        return []
    found = [p.name for p in root.iterdir() if _VERSION.match(p.name) and (p / DESCRIPTION).is_file()]
    return sorted(found, key=parse_version)


def release_folder(version: str, folder: Path | None = None) -> Path:
    """The folder of an existing release, or a ReleaseError listing the releases there are."""
    root = folder or releases_dir()
    if version not in releases(root):
        raise ReleaseError(
            f"no release {version!r} in {root}; releases: {', '.join(releases(root)) or '(none)'}"
        )
    return root / version


def release_snapshot(version: str, folder: Path | None = None) -> Snapshot:
    """The asserted data of a release, entity by entity."""
    return snapshot_of(store_of_nquads(release_folder(version, folder) / NQUADS), version)


@dataclass(frozen=True)
class Release:
    version: str
    folder: Path
    previous: str | None
    changes: Changes


def make_release(
    version: str,
    folder: Path | None = None,
    data: Path | None = None,
    reason: bool = True,
    issued: date | None = None,
) -> Release:
    """Write release `version` of the bundled data (or of the data under `data`) into `folder`/`version`.

    Refuses a version that exists or is not later than the latest release: releases are immutable.
    """
    root = folder or releases_dir()
    parse_version(version)
    existing = releases(root)
    if (root / version).exists():
        raise ReleaseError(f"{root / version} exists; a release is never rewritten, make a new version")
    if existing and parse_version(version) <= parse_version(existing[-1]):
        raise ReleaseError(f"{version} is not later than the latest release {existing[-1]} in {root}")
    previous = existing[-1] if existing else None
    with tempfile.TemporaryDirectory(prefix="govlex-release-") as scratch:
        built = _build(Path(scratch) / "build", data, reason)
        dataset = Dataset()
        dataset.parse(built / NQUADS, format="nquads")
        store = store_from_nquads(built / NQUADS)
        after = snapshot_of(EmbeddedStore(store, key=version), version)
        before = release_snapshot(previous, root) if previous else Snapshot("nothing (first release)", {})
        changes = compare(before, after)
        manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
        source = ReleaseInput(dataset, store, built)
        with replaced_folder(root / version) as staging:
            written = [d for d in DISTRIBUTIONS if d.write(source, staging / d.file)]
            (staging / CHANGES_TEXT).write_text(changes.as_text(), encoding="utf-8")
            day = issued or datetime.now(UTC).date()
            logged = {**changes.as_dict(), "issued": day.isoformat()}
            (staging / CHANGES_JSON).write_text(
                json.dumps(logged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            files = [*((d.file, d.media_type, d.title) for d in written), *_CHANGE_LOG]
            description = describe(version, previous, manifest, staging, files, day)
            description.serialize(destination=staging / DESCRIPTION, format="turtle", encoding="utf-8")
            for path in staging.iterdir():
                path.chmod(0o444)  # a release is never edited; read-only says so to anyone who tries
            staging.chmod(0o755)
    return Release(version, root / version, previous, changes)


_CHANGE_LOG = (
    (CHANGES_TEXT, "text/plain", "Change log against the previous release, in words"),
    (CHANGES_JSON, "application/json", "Change log against the previous release, JSON"),
)


def _build(out: Path, data: Path | None, reason: bool) -> Path:
    """A complete build of the bundled data (the cached one when current) or of the data under `data`."""
    if data is None:
        return current_build().directory if reason else build(out, reason=False).directory
    files = data_files(data)
    if not files:
        raise ReleaseError(f"{data}: no Turtle files to release")
    return build(out, load_sources(files), reason=reason, files=input_files(data)).directory


def describe(
    version: str,
    previous: str | None,
    manifest: dict[str, object],
    folder: Path,
    files: list[tuple[str, str, str]],
    issued: date,
) -> Graph:
    """The DCAT description of a release whose files are in `folder`: version, lineage, sizes, checksums."""
    graph = Graph()
    for prefix, namespace in {
        **PREFIXES,
        "dcat": str(DCAT),
        "spdx": str(SPDX),
        "release": RELEASE_BASE,
    }.items():
        graph.bind(prefix, namespace)
    this = release_iri(version)
    graph.add((this, RDF.type, DCAT.Dataset))
    graph.add((this, RDF.type, PROV.Entity))
    graph.add((this, DCTERMS.title, Literal(f"govlex {version}", lang="en")))
    graph.add((this, DCAT_VERSION, Literal(version)))
    graph.add((this, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    graph.add((this, DCTERMS.license, LICENSE))
    graph.add((this, DCTERMS.isVersionOf, DATASET))
    graph.add((DATASET, DCTERMS.hasVersion, this))
    if previous:
        graph.add((this, PROV.wasRevisionOf, release_iri(previous)))
    digest = str(manifest.get("input_hash", ""))
    run = id_iri("build", digest[:16])
    graph.add((this, PROV.wasGeneratedBy, run))
    graph.add((run, RDF.type, GLX.BuildRun))
    graph.add((run, GLX.inputHash, Literal(digest)))
    if manifest.get("reasoner"):
        graph.add((run, GLX.reasoner, Literal(str(manifest["reasoner"]))))
    for name, media_type, title in files:
        path = folder / name
        distribution = release_iri(version, name)
        checksum = BNode()
        graph.add((this, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(title, lang="en")))
        graph.add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
        graph.add((distribution, DCAT.downloadURL, distribution))
        graph.add(
            (distribution, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger))
        )
        graph.add((distribution, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(sha256(path), datatype=XSD.hexBinary)))
    return graph


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def release_files(version: str, folder: Path | None = None) -> dict[str, tuple[str, str]]:
    """{file: (media type, SHA-256)} of a release, as its description states them."""
    path = release_folder(version, folder) / DESCRIPTION
    graph = Graph().parse(path, format="turtle")
    found = {}
    for distribution in graph.objects(release_iri(version), DCAT.distribution):
        name = str(distribution).rsplit("/", 1)[-1]
        media = str(graph.value(distribution, DCAT.mediaType) or "").removeprefix(IANA)
        checksum = graph.value(distribution, SPDX.checksum)
        value = graph.value(checksum, SPDX.checksumValue) if checksum is not None else None
        found[name] = (media, str(value or ""))
    return found


def verify(folder: Path | None = None) -> list[str]:
    """Each file of each release whose bytes no longer match its stated checksum, in words ([] = all intact)."""
    problems = []
    root = folder or releases_dir()
    for version in releases(root):
        for name, (_, expected) in release_files(version, root).items():
            path = root / version / name
            if not path.is_file():
                problems.append(f"{path}: missing (release {version} lists it)")
            elif sha256(path) != expected:
                problems.append(
                    f"{path}: SHA-256 differs from the one release {version} states; releases are immutable"
                )
    return problems


WORKING = "working"


def state(name: str, folder: Path | None = None, data: Path | None = None) -> Snapshot:
    """A release by version, or `working` for the data as it is now (in `data`, default `data/`)."""
    if name == WORKING:
        return working_snapshot(data)
    if not _VERSION.match(name):
        known = ", ".join([*releases(folder), WORKING])
        raise ReleaseError(f"{name!r} is neither a release version nor {WORKING!r}; known: {known}")
    return release_snapshot(name, folder)


@dataclass(frozen=True)
class LoggedRelease:
    """A release's change log as it was written with it."""

    version: str
    issued: str
    before: str
    changes: tuple[EntityChange, ...]


def change_logs(folder: Path | None = None) -> tuple[LoggedRelease, ...]:
    """Every release's change log, oldest first (read from its `changes.json`, never recomputed)."""
    root = folder or releases_dir()
    logs = []
    for version in releases(root):
        data = json.loads((root / version / CHANGES_JSON).read_text(encoding="utf-8"))
        changes = tuple(EntityChange.from_dict(change) for change in data["changes"])
        logs.append(LoggedRelease(version, data.get("issued", ""), data["from"], changes))
    return tuple(logs)
