"""The stores govlex reads: the embedded pyoxigraph dataset (built from the sources or from a build's
N-Quads, in memory or on disk) and any SPARQL 1.1 server, behind one read interface `QueryStore`."""

import json
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TypeVar, cast

import httpx
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    Variable,
    parse,
    parse_query_results,
)
from rdflib import Dataset

from govlex.errors import GovlexError
from govlex.staging import replaced_folder


def store_from_dataset(dataset: Dataset) -> Store:
    """Copy an rdflib dataset, named graphs and all, into a fresh in-memory pyoxigraph store."""
    store = Store()
    data = dataset.serialize(format="nquads", encoding="utf-8")
    # `parse` keeps the blank nodes' labels (a load would rename them), so a blank node a check finds in
    # the store is the rdflib one the source index knows.
    store.extend(parse(data, format=RdfFormat.N_QUADS))
    return store


def store_from_nquads(path: Path) -> Store:
    """A fresh in-memory store holding the N-Quads file at `path` (a build artefact)."""
    store = Store()
    store.bulk_load(path=str(path), format=RdfFormat.N_QUADS)
    return store


def disk_store(
    nquads: Path, folder: Path, key: str, extra: Iterable[Path] = (), opened: BinaryIO | None = None
) -> Path:
    """An on-disk (RocksDB) copy of `nquads`, plus the N-Quads files in `extra` (loaded external
    vocabularies), in `folder`, made once per `key` (which must therefore cover every input).
    `opened` is `nquads` already open: its content is read, whatever the path holds by then.

    Query workers open it read-only, so they share one copy of the data. It is written into a fresh
    sibling folder and renamed into place, so a concurrent reader never sees half a store, and a
    folder another process made for the same key meanwhile is kept rather than replaced.
    """
    if _holds(folder, key):
        return folder
    try:
        with replaced_folder(folder) as staging:
            if _holds(folder, key):  # made by another process while this one waited for the lock
                raise _AlreadyMade
            store = Store(str(staging))
            rdf_format = RdfFormat.N_TRIPLES if nquads.suffix == ".nt" else RdfFormat.N_QUADS
            if opened is not None:
                store.bulk_load(opened, format=rdf_format)
            else:
                store.bulk_load(path=str(nquads), format=rdf_format)
            for path in extra:
                store.bulk_load(path=str(path), format=RdfFormat.N_QUADS)
            store.flush()
            del store  # closed before the folder moves
            (staging / STORE_KEY).write_text(key, encoding="utf-8")
    except _AlreadyMade:
        pass
    return folder


STORE_KEY = "govlex-key"
"""The file in an on-disk store that holds the key it was made for; written last."""


class _AlreadyMade(Exception):
    """The store folder was complete by the time this process could write it."""


def _holds(folder: Path, key: str) -> bool:
    marker = folder / STORE_KEY
    return marker.is_file() and marker.read_text(encoding="utf-8") == key


# ---------------------------------------------------------------- the read interface of every store
#
# The catalog, the REST API and linked data read through `QueryStore`, so the same code runs on the
# embedded pyoxigraph store and on any SPARQL 1.1 server. Parameters are bound as terms: by SEP-0007
# substitution in pyoxigraph, by a trailing VALUES block of serialised terms on a remote server
# (pyoxigraph writes the terms, so a value can never change the query's shape). pyoxigraph substitutes
# only variables the query projects, so queries given bindings must project them.

T = TypeVar("T")
Term = NamedNode | BlankNode | Literal
Bindings = Mapping[str, Term]
Row = dict[str, Term]


class QueryStore(Protocol):
    """What the read side needs from a store: SELECT rows, CONSTRUCT triples, the named graphs, and a
    place to keep what is derived from its content."""

    key: str

    def derived(self, name: str, compute: Callable[[], T]) -> T: ...

    def retire_derived(self) -> None: ...

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]: ...

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]: ...

    def graphs(self) -> list[str]: ...


class DerivedValues:
    """Values computed from a store's content (a search index, the scope data), kept with the store so
    each is computed once per store rather than once per request.

    >>> class Counted(DerivedValues): pass
    >>> store, calls = Counted(), []
    >>> store.derived("x", lambda: calls.append(1) or 42), store.derived("x", lambda: calls.append(1) or 0)
    (42, 42)
    >>> len(calls)
    1
    """

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        if self.__dict__.get("_derived_retired"):
            return compute()
        values: dict[str, Any] = self.__dict__.setdefault("_derived_values", {})
        if name in values:
            return cast(T, values[name])
        # Pages are served from a thread pool, beside the start-up's warming thread: one computation
        # per name (seconds and hundreds of MB for the scope data of 10,000 concepts), not one per caller.
        with _DERIVING:
            lock = self.__dict__.setdefault("_derived_locks", {}).setdefault(name, threading.Lock())
        with lock:
            if name not in values:
                values[name] = compute()
        return cast(T, values[name])

    def retire_derived(self) -> None:
        """Drop the kept values and keep none from now on (a store no longer served).

        Many kept values refer back to their store (the scope data looks relations up in it), a cycle
        that only a full garbage collection would break, so a replaced store's files stayed open and
        its folder on disk until one ran.

        >>> class Counted(DerivedValues): pass
        >>> store = Counted()
        >>> store.derived("x", lambda: 1)
        1
        >>> store.retire_derived()
        >>> store.derived("x", lambda: 2), store.derived("x", lambda: 3)
        (2, 3)
        """
        self.__dict__["_derived_retired"] = True
        self.__dict__.pop("_derived_values", None)


_DERIVING = threading.Lock()


def _rows(solutions: QuerySolutions) -> list[Row]:
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row: Row = {}
        for name in names:
            term = solution[name]
            if term is not None and not isinstance(term, Triple):
                row[name] = term
        rows.append(row)
    return rows


class EmbeddedStore(DerivedValues):
    """A pyoxigraph store queried in process, the default graph being the union of the named graphs."""

    def __init__(self, store: Store, key: str = "embedded") -> None:
        self.store, self.key = store, key

    def _query(self, query: str, bindings: Bindings | None) -> object:
        substitutions: dict[Variable, Term | Triple] = {Variable(k): v for k, v in (bindings or {}).items()}
        return self.store.query(query, use_default_graph_as_union=True, substitutions=substitutions or None)

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        result = self._query(query, bindings)
        assert isinstance(result, QuerySolutions), "select() needs a SELECT query"
        return _rows(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        result = self._query(query, bindings)
        assert isinstance(result, QueryTriples), "construct() needs a CONSTRUCT or DESCRIBE query"
        return list(result)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, NamedNode))


def values_clause(bindings: Bindings) -> str:
    """A trailing VALUES block binding each variable to its term, written by pyoxigraph's serialiser.

    >>> values_clause({"c": NamedNode("https://w3id.org/govlex/id/concept/x"), "q": Literal('a"b')})
    '\\nVALUES (?c ?q) { (<https://w3id.org/govlex/id/concept/x> "a\\\\"b") }'
    """
    if not bindings:
        return ""
    names = " ".join(f"?{Variable(name).value}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}"


VIRTUOSO_ASK = "__ASK_RETVAL"
"""The one variable of the table Virtuoso 7.2 sends for an ASK query instead of a boolean: one row when true."""
_VIRTUOSO_BLANK = "nodeID://"


def read_query_results(content: bytes) -> QuerySolutions | QueryBoolean:
    """A SPARQL 1.1 JSON results document as pyoxigraph reads it, with Virtuoso 7.2's two departures from
    the format undone: blank nodes labelled `nodeID://b1` (not a valid label) and an ASK answered as a
    table of one variable, `__ASK_RETVAL`, with a row when true. A SELECT projecting only a variable of
    that name is read as a boolean too: the price of reading Virtuoso's ASK.

    >>> read_query_results(b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": []}}')
    <QueryBoolean false>
    >>> row = next(iter(read_query_results(
    ...     b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "bnode", "value": "nodeID://b7"}}]}}')))
    >>> row["x"]
    <BlankNode value=b7>
    """
    if VIRTUOSO_ASK.encode() in content or _VIRTUOSO_BLANK.encode() in content:
        document = json.loads(content)
        if document.get("head", {}).get("vars") == [VIRTUOSO_ASK]:
            rows = document["results"]["bindings"]
            truth = bool(rows) and rows[0].get(VIRTUOSO_ASK, {}).get("value") != "0"
            document = {"head": {}, "boolean": truth}
        for row in document.get("results", {}).get("bindings", []):
            for term in row.values():
                if term.get("type") == "bnode" and term["value"].startswith(_VIRTUOSO_BLANK):
                    term["value"] = term["value"][len(_VIRTUOSO_BLANK) :]
        content = json.dumps(document).encode("utf-8")
    result = parse_query_results(content, format=QueryResultsFormat.JSON)
    assert isinstance(result, QuerySolutions | QueryBoolean), "a results document, not triples"
    return result


class RemoteStore(DerivedValues):
    """Any SPARQL 1.1 server, through the SPARQL 1.1 Protocol at its query endpoint `url`.

    The server should answer over the union of its named graphs by default (Oxigraph:
    `--union-default-graph`; Fuseki: `tdb2:unionDefaultGraph true`; Virtuoso does, over every graph
    the anonymous user may read), as the embedded store does. Queries go as a form-encoded POST, the
    protocol's one POST form every server answers (Virtuoso 7.2 never answers a direct
    `application/sparql-query` body).
    """

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url, self.key = url, f"remote:{url}"
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)

    def post(self, query: str, accept: str) -> httpx.Response:
        """Send `query` to the server; a server-side failure becomes a `StoreError`."""
        try:
            response = self.client.post(self.url, data={"query": query}, headers={"Accept": accept})
        except httpx.HTTPError as err:
            raise StoreError(f"SPARQL server {self.url} unreachable: {err}") from None
        if response.status_code >= 400:
            raise StoreError(
                f"SPARQL server {self.url} answered {response.status_code}: {response.text[:300]}"
            )
        return response

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        response = self.post(query + values_clause(bindings or {}), "application/sparql-results+json")
        result = read_query_results(response.content)
        assert isinstance(result, QuerySolutions), "select() needs a SELECT query"
        return _rows(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        response = self.post(query + values_clause(bindings or {}), "application/n-triples")
        return [q.triple for q in parse(response.content, format=RdfFormat.N_TRIPLES)]

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        if not rows:  # Virtuoso answers `GRAPH ?g { }` with nothing: group its quads by graph instead
            rows = self.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sorted(row["g"].value for row in rows if isinstance(row.get("g"), NamedNode))


class StoreError(GovlexError):
    """A store could not answer (a remote server down or refusing)."""
