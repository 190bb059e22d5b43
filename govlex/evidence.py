"""Reliability codes of facts: which evidence backs a statement, and how far it can be trusted.

A fact is one statement a node makes: a source document's title, date or identifier, a citation's
locator (the passage it points to), an interpretation's statement. Its reliability code, shown next
to it as IATE shows its reliability codes, is the best kind of evidence behind it: ``official``,
``reputable-secondary`` or ``mirror``; ``unverified`` when there is none or the node is marked
``glx:verification "unverified"``. Only the first two verify.

Evidence backs a fact when it sits on the fact's node and concerns its property; a citation is also
backed by evidence on its source document that concerns ``glx:locator`` (the passages citations
locate were read there); an interpretation is also backed by its citations not marked unverified. These are the
rules of ``queries/verified-without-evidence-violation.rq``, which fails a node marked verified
without such backing.

>>> best_code(["mirror", "reputable-secondary"])
'reputable-secondary'
>>> best_code([])
'unverified'
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import QuerySolutions, Store

from govlex.namespace import DCT, GLX, SPARQL_PROLOGUE

RELIABILITY_CODES = ("official", "reputable-secondary", "mirror", "unverified")
VERIFYING_CODES = frozenset({"official", "reputable-secondary"})

SOURCE_FACT_PROPERTIES = (DCT + "title", DCT + "issued", DCT + "identifier")


@dataclass(frozen=True)
class Evidence:
    """One check of a fact: where it was seen, the reliability code of that page, when, and which
    properties of its node it concerns."""

    address: str
    code: str
    checked_on: str
    concerns: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    """One statement of a node with its reliability code and the evidence behind it."""

    node: str
    predicate: str
    code: str
    evidence: tuple[Evidence, ...]

    @property
    def verified(self) -> bool:
        return self.code in VERIFYING_CODES


def best_code(codes: Iterable[str]) -> str:
    """The most reliable of some codes, ``unverified`` when there are none."""
    present = set(codes)
    return next((code for code in RELIABILITY_CODES if code in present), "unverified")


def passages_read(on_source: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """The evidence on a source document that concerns the passages citations locate in it."""
    return tuple(e for e in on_source if str(GLX.locator) in e.concerns)


def citation_code(own: Iterable[Evidence], on_source: Iterable[Evidence], marked_unverified: bool) -> str:
    """A citation's code: its own evidence or its source's passage evidence, unless marked unverified.

    >>> official = Evidence("https://issuer.example", "official", "2026-12-02", (str(GLX.locator),))
    >>> citation_code([], [official], False), citation_code([], [official], True)
    ('official', 'unverified')
    """
    if marked_unverified:
        return "unverified"
    return best_code(e.code for e in (*own, *passages_read(on_source)))


def interpretation_code(
    own: Iterable[Evidence], citation_codes: Iterable[str], marked_unverified: bool
) -> str:
    """An interpretation's code: its own evidence or its backing citations' codes, unless marked unverified."""
    if marked_unverified:
        return "unverified"
    return best_code([*(e.code for e in own), *citation_codes])


def select_rows(store: Store, query: str) -> list[dict[str, str]]:
    """Run a SELECT with the govlex prefixes over the union of the graphs; every value as a string."""
    results = store.query(SPARQL_PROLOGUE + query, use_default_graph_as_union=True)
    assert isinstance(results, QuerySolutions)
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in results]


class EvidenceIndex:
    """Evidence, verification marks and citations of one store, read once; answers per fact.

    Nodes are named by their IRI, or by the store's blank-node id for citations."""

    def __init__(self, store: Store) -> None:
        records: dict[str, dict[str, tuple[str, str, str, set[str]]]] = defaultdict(dict)
        for row in select_rows(
            store,
            """SELECT ?node ?e ?address ?code ?checked ?concerns WHERE {
                 ?node glx:evidence ?e . ?e glx:evidenceKind/skos:notation ?code .
                 OPTIONAL { ?e glx:seenAt ?address } OPTIONAL { ?e glx:checkedOn ?checked }
                 OPTIONAL { ?e glx:concerns ?concerns } }""",
        ):
            record = records[row["node"]].setdefault(
                row["e"], (row["address"], row["code"], row["checked"], set())
            )
            if row["concerns"]:
                record[3].add(row["concerns"])
        self._evidence = {
            node: tuple(
                sorted(
                    (Evidence(a, code, checked, tuple(sorted(c))) for a, code, checked, c in by_id.values()),
                    key=lambda e: (RELIABILITY_CODES.index(e.code), e.address),
                )
            )
            for node, by_id in records.items()
        }
        self._marks = {
            row["node"]: row["mark"]
            for row in select_rows(store, "SELECT ?node ?mark WHERE { ?node glx:verification ?mark }")
        }
        self._citations: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._source_of: dict[str, str] = {}
        for row in select_rows(
            store,
            "SELECT ?holder ?citation ?source WHERE { ?holder glx:citation ?citation . ?citation glx:source ?source }",
        ):
            self._citations[row["holder"]].append((row["citation"], row["source"]))
            self._source_of[row["citation"]] = row["source"]

    def evidence(self, node: str) -> tuple[Evidence, ...]:
        """Every evidence record on the node, most reliable first."""
        return self._evidence.get(node, ())

    def marked_unverified(self, node: str) -> bool:
        return self._marks.get(node) == "unverified"

    def source_fact(self, source: str, prop: str) -> Fact:
        """A source document's title, date or identifier: backed by its evidence concerning that property."""
        backing = tuple(e for e in self.evidence(source) if prop in e.concerns)
        return Fact(source, prop, best_code(e.code for e in backing), backing)

    def citation_fact(self, citation: str) -> Fact:
        """The passage a citation locates: its own evidence, or its source's evidence concerning locators."""
        own = self.evidence(citation)
        on_source = self.evidence(self._source_of.get(citation, ""))
        code = citation_code(own, on_source, self.marked_unverified(citation))
        return Fact(citation, str(GLX.locator), code, own + passages_read(on_source))

    def interpretation_fact(self, interpretation: str) -> Fact:
        """An interpretation's statement: its own evidence, or that of its citations not marked unverified."""
        own = self.evidence(interpretation)
        cited = [self.citation_fact(c) for c, _ in self._citations.get(interpretation, [])]
        backing = [
            f
            for c, f in zip(self._citations.get(interpretation, []), cited, strict=True)
            if not self.marked_unverified(c[0])
        ]
        code = interpretation_code(own, [f.code for f in backing], self.marked_unverified(interpretation))
        return Fact(
            interpretation, str(GLX.statement), code, own + tuple(e for f in backing for e in f.evidence)
        )

    def citations(self, holder: str) -> list[tuple[str, str]]:
        """(citation, source) pairs of a node, as the store lists them."""
        return self._citations.get(holder, [])


def facts_of(store: Store, index: EvidenceIndex | None = None) -> dict[str, list[Fact]]:
    """Every fact of the data by kind: ``interpretation`` statements, ``citation`` passages (of
    interpretations, concepts, rounds, events, …) and ``source`` titles, dates and identifiers."""
    index = index or EvidenceIndex(store)
    interpretations = [
        r["i"] for r in select_rows(store, "SELECT ?i WHERE { ?i a glx:Interpretation } ORDER BY ?i")
    ]
    citations = [r["c"] for r in select_rows(store, "SELECT DISTINCT ?c WHERE { ?h glx:citation ?c }")]
    source_values = select_rows(
        store,
        """SELECT DISTINCT ?s ?p WHERE { ?s a glx:SourceDocument ; ?p ?o .
             VALUES ?p { dct:title dct:issued dct:identifier } } ORDER BY ?s ?p""",
    )
    return {
        "interpretation": [index.interpretation_fact(i) for i in interpretations],
        "citation": [index.citation_fact(c) for c in citations],
        "source": [index.source_fact(r["s"], r["p"]) for r in source_values],
    }


def distribution(facts: Iterable[Fact]) -> Counter[str]:
    """How many facts carry each reliability code (every code present, zero included)."""
    counts = Counter({code: 0 for code in RELIABILITY_CODES})
    counts.update(fact.code for fact in facts)
    return counts
