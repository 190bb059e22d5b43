"""Each concept's history: its readings per side by document date, the rounds that discussed it, what the
releases' change logs say changed about it and its readings, and the notes curators wrote
(`skos:changeNote`, `skos:historyNote`); whether it is deprecated and what replaced it.

Read from a `QueryStore` (so the server and the CLI agree) and from the releases folder. A reading's
date is the latest issue date of the documents it cites; a reading citing only undated documents
comes last, marked undated rather than placed at a guessed time.
"""

from dataclasses import dataclass, fields
from pathlib import Path

from pyoxigraph import NamedNode

from govlex.catalog import GLX_NS, PREFIXES, Concept, list_rounds, slug_of
from govlex.history.diff import EntityChange, compare
from govlex.history.release import LoggedRelease, change_logs, release_snapshot, releases
from govlex.history.snapshot import name_of, snapshot_of
from govlex.namespace import DCT, OWL, SKOS
from govlex.paths import releases_dir
from govlex.reasoning.results import scope_data
from govlex.store import QueryStore

UNRELEASED = "unreleased"

# The concept is written into the query (a `NamedNode` serialises only a valid IRI): a bound variable
# would not reach inside the UNION's groups, which are evaluated before the bindings are joined. BIND,
# not VALUES, in the first group: Virtuoso 7.2 answers a UNION with a VALUES-only group with nothing.
_FACTS = (
    PREFIXES
    + """SELECT ?x ?p ?o WHERE {
  VALUES ?p { skos:changeNote skos:historyNote owl:deprecated dct:isReplacedBy glx:status }
  { BIND(CONCEPT AS ?x) } UNION { ?x glx:interprets CONCEPT }
  ?x ?p ?o }"""
)


@dataclass(frozen=True)
class DatedReading:
    iri: str
    slug: str
    side: str
    """The reading's `Side` by name (`us`, `cn`, `joint`), as `/api/concepts/{slug}` has always given it."""
    date: str
    """Latest issue date of the documents it cites ('' when none is dated)."""
    sources: tuple[str, ...]
    status: str
    deprecated: bool
    replaced_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatedRound:
    iri: str
    slug: str
    label_en: str
    label_zh: str
    date: str


@dataclass(frozen=True)
class ReleasedChange:
    """One change to the concept or one of its readings, as a release's change log says it."""

    release: str
    """The release it first appeared in, or `unreleased` (in the served data, not yet released)."""
    issued: str
    change: str
    entity: str
    words: str


@dataclass(frozen=True)
class CuratorNote:
    kind: str
    """`change` or `history` (`skos:changeNote`, `skos:historyNote`)."""
    about: str
    """The concept's or a reading's short name."""
    text: str
    lang: str


@dataclass(frozen=True)
class ConceptHistory:
    deprecated: bool
    replaced_by: tuple[str, ...]
    """IRIs of what replaced it (`dct:isReplacedBy`)."""
    readings: tuple[DatedReading, ...]
    """Every reading, oldest first, undated last."""
    rounds: tuple[DatedRound, ...]
    changes: tuple[ReleasedChange, ...]
    notes: tuple[CuratorNote, ...]

    def side(self, name: str) -> tuple[DatedReading, ...]:
        """The readings of the side named `name` (`us`, `cn`, `joint`)."""
        return tuple(r for r in self.readings if r.side == name)


def concept_history(
    store: QueryStore, iri: str, folder: Path | None = None, described: QueryStore | None = None
) -> ConceptHistory:
    """The history of concept `iri` in `store`, with changes from the releases in `folder`; its notes,
    statuses and rounds read from `described` (`catalog.concept_description`) when given."""
    facts: dict[str, dict[str, list[str]]] = {}
    notes = []
    about = described or store
    for row in about.select(_FACTS.replace("CONCEPT", str(NamedNode(iri)))):
        subject, prop, value = row["x"].value, row["p"].value, row["o"]
        facts.setdefault(subject, {}).setdefault(prop, []).append(value.value)
        if prop in (SKOS + "changeNote", SKOS + "historyNote"):
            kind = "change" if prop.endswith("changeNote") else "history"
            notes.append(
                CuratorNote(kind, name_of(subject), value.value, getattr(value, "language", "") or "")
            )
    data = scope_data(store)
    readings = []
    for reading in data.readings_of(iri):
        own = facts.get(reading.iri, {})
        readings.append(
            DatedReading(
                reading.iri,
                reading.slug,
                reading.side.name,
                reading.latest_issued,
                tuple(sorted({c.source.label_en for c in reading.citations})),
                slug_of(own.get(GLX_NS + "status", [""])[0]).removeprefix("status").lower(),
                "true" in own.get(OWL + "deprecated", []),
                tuple(own.get(DCT + "isReplacedBy", [])),
            )
        )
    readings.sort(key=lambda r: (not r.date, r.date, r.slug))
    rounds = tuple(
        DatedRound(r.iri, r.slug, r.label_en, r.label_zh, r.date)
        for r in list_rounds(about)
        if any(ref.iri == iri for ref in r.concepts)
    )
    own = facts.get(iri, {})
    reading_iris = {r.iri for r in readings}
    return ConceptHistory(
        "true" in own.get(OWL + "deprecated", []),
        tuple(own.get(DCT + "isReplacedBy", [])),
        tuple(readings),
        tuple(sorted(rounds, key=lambda r: (not r.date, r.date, r.slug))),
        tuple(_changes_about(store, iri, reading_iris, folder)),
        tuple(sorted(notes, key=lambda n: (n.about != name_of(iri), n.about, n.kind, n.lang))),
    )


def _changes_about(
    store: QueryStore, iri: str, readings: set[str], folder: Path | None
) -> list[ReleasedChange]:
    """Changes to the concept or its readings: from each release's log, then those not yet released."""
    concept = name_of(iri)

    def concerns(change: EntityChange) -> bool:
        return change.iri == iri or change.iri in readings or f"concept read: {concept}" in change.summary

    found = [
        ReleasedChange(log.version, log.issued, change.action.value, change.name, change.words)
        for log in _logs(store, folder)
        for change in log.changes
        if concerns(change)
    ]
    found += [
        ReleasedChange(UNRELEASED, "", change.action.value, change.name, change.words)
        for change in unreleased_changes(store, folder)
        if concerns(change)
    ]
    return found


def _logs(store: QueryStore, folder: Path | None) -> tuple[LoggedRelease, ...]:
    root = folder or releases_dir()
    versions = tuple(releases(root))
    return store.derived(f"change-logs:{root}:{versions}", lambda: change_logs(root))


def unreleased_changes(store: QueryStore, folder: Path | None = None) -> tuple[EntityChange, ...]:
    """What the data in `store` changes against the latest release (nothing when there is no release)."""
    root = folder or releases_dir()
    versions = releases(root)
    if not versions:
        return ()

    def compute() -> tuple[EntityChange, ...]:
        return compare(release_snapshot(versions[-1], root), snapshot_of(store, "served data")).entities

    return store.derived(f"unreleased:{root}:{versions[-1]}", compute)


@dataclass(frozen=True)
class ConceptWithHistory(Concept):
    """A concept as `/api/concepts/{slug}` gives it: everything `catalog.get_concept` reads, plus its history."""

    history: ConceptHistory | None = None


def with_history(
    concept: Concept, store: QueryStore, folder: Path | None = None, described: QueryStore | None = None
) -> ConceptWithHistory:
    """`concept` with its history attached (read from `described`, its description, when given)."""
    own = {f.name: getattr(concept, f.name) for f in fields(concept)}
    return ConceptWithHistory(**own, history=concept_history(store, concept.iri, folder, described))
