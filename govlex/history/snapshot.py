"""One state of the asserted data, entity by entity: what `govlex diff` compares.

Every IRI subject of the data graph is an entity with its kind (its `rdf:type`) and its statements,
each property's values rendered as words. A blank node (a citation, a claim) is rendered by what it
says, `[source: source/x; locator: "p. 3"]`, never by its identifier, so two states that hold the same
data compare equal however their blank nodes were numbered. Reading goes through the `QueryStore`
interface in one query, so a release file, the working data and the served store read alike.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store

from govlex.errors import GovlexError
from govlex.loading import data_files, load_sources
from govlex.namespace import DATA_GRAPH, ID_BASE, PREFIXES
from govlex.store import EmbeddedStore, QueryStore, Term

# One query for every statement: blank-node labels are only stable within one answer.
_STATEMENTS = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o }} }}"


def name_of(iri: str) -> str:
    """A short name: `concept/lethality` for govlex IRIs, a CURIE for known namespaces, else the IRI.

    >>> name_of("https://w3id.org/govlex/id/concept/lethality"), name_of(PREFIXES["skos"] + "prefLabel")
    ('concept/lethality', 'skos:prefLabel')
    """
    if iri.startswith(ID_BASE):
        return iri[len(ID_BASE) :]
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and namespace != ID_BASE and "/id/" not in namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def render(term: Term) -> str:
    """A value in words: a name for an IRI, quoted text with its language for a literal."""
    if isinstance(term, NamedNode):
        return name_of(term.value)
    if isinstance(term, Literal):
        return f'"{term.value}"@{term.language}' if term.language else f'"{term.value}"'
    return "[]"


@dataclass(frozen=True)
class Entity:
    """One IRI subject: its kinds and, per property, the set of its values in words."""

    iri: str
    kinds: frozenset[str]
    values: dict[str, frozenset[str]]

    @property
    def name(self) -> str:
        return name_of(self.iri)

    @property
    def kind(self) -> str:
        """The kind that names it: its govlex class, or its first other type, or 'resource'."""
        own = sorted(k for k in self.kinds if k.startswith("glx:"))
        return (own or sorted(self.kinds) or ["resource"])[0].removeprefix("glx:")


@dataclass(frozen=True)
class Snapshot:
    """Every entity of one state of the data, by IRI, and what the state is called (`0.2.0`, `working data`)."""

    label: str
    entities: dict[str, Entity]


def snapshot_of(store: QueryStore, label: str) -> Snapshot:
    """Read the data graph of `store` entity by entity (see the module's first lines)."""
    named: dict[str, list[tuple[str, Term]]] = defaultdict(list)
    blank: dict[str, list[tuple[str, Term]]] = defaultdict(list)
    for row in store.select(_STATEMENTS):
        subject = row["s"]
        about = blank if isinstance(subject, BlankNode) else named
        about[subject.value].append((name_of(row["p"].value), row["o"]))

    def words(term: Term, seen: frozenset[str]) -> str:
        if not isinstance(term, BlankNode):
            return render(term)
        if term.value in seen:  # a cycle of blank nodes: say so rather than recurse for ever
            return "[…]"
        inner = seen | {term.value}
        # The type of a citation or claim node says nothing its properties do not.
        said = sorted(f"{p} {words(o, inner)}" for p, o in blank.get(term.value, []) if p != "rdf:type")
        return "[" + "; ".join(said) + "]"

    entities = {}
    for iri, statements in named.items():
        values: dict[str, set[str]] = defaultdict(set)
        for predicate, value in statements:
            values[predicate].add(words(value, frozenset()))
        kinds = frozenset(values.pop("rdf:type", set()))
        entities[iri] = Entity(iri, kinds, {p: frozenset(v) for p, v in values.items()})
    return Snapshot(label, entities)


def store_of_nquads(path: Path) -> EmbeddedStore:
    """An in-memory store of an N-Quads file (a release's or a build's)."""
    if not path.is_file():
        raise GovlexError(f"{path}: no such file")
    store = Store()
    store.bulk_load(path=str(path), format=RdfFormat.N_QUADS)
    return EmbeddedStore(store, key=str(path))


def working_snapshot(data_dir: Path | None = None) -> Snapshot:
    """The data as it is now in `data/` (or `data_dir`): parsed, not validated, not reasoned."""
    sources = load_sources(data_files(data_dir))
    return snapshot_of(EmbeddedStore(sources.store, key="working"), "working data")
