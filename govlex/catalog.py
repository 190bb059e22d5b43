"""The read side of govlex as plain functions over a `QueryStore`: concepts, sources, rounds, parties, search.

Every function takes a store (embedded or remote, see `govlex.store`) and returns frozen dataclasses,
so the REST API, the web pages and the CLI share one reading of the graph. The search index (labels in
English, simplified and traditional Chinese, pinyin with and without tones) is built once per store and
kept with it (`search_index`); nothing is computed per request beyond the lookup itself.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from typing import Any

from opencc import OpenCC
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Store

from govlex.errors import UnknownName
from govlex.evidence import RELIABILITY_CODES, Evidence, citation_code, interpretation_code, passages_read
from govlex.namespace import DCT, FOAF, GLX_NS, ID_BASE, RDF_TYPE, RDFS, SKOS, SPARQL_PROLOGUE, id_iri
from govlex.pinyin import sort_key
from govlex.store import EmbeddedStore, QueryStore, Row, Term

# The prologue of the read side's queries (from `govlex.namespace`, where every prefix is written).
PREFIXES = SPARQL_PROLOGUE

# What the API calls the statuses and relation kinds; the graph's IRIs stay behind these names.
STATUSES = {
    GLX_NS + "statusRecorded": "recorded",
    GLX_NS + "statusProposed": "proposed",
    GLX_NS + "statusDiscussed": "discussed",
    GLX_NS + "statusJointlyInterpreted": "jointly-interpreted",
    GLX_NS + "statusDivergent": "divergent",
}
RELATIONS = {
    SKOS + "broader": "broader",
    SKOS + "narrower": "narrower",
    SKOS + "related": "related",
    GLX_NS + "overlapsWith": "overlaps-with",
    GLX_NS + "contrastsWith": "contrasts-with",
    GLX_NS + "partOf": "part-of",
    GLX_NS + "hasPart": "has-part",
    GLX_NS + "precedes": "precedes",
}
# A relation asserted from the other end, read from this end (the reasoner adds most inverses, but a
# build without the reasoner, or a remote store, may lack them).
INVERSES = {
    SKOS + "broader": "narrower",
    SKOS + "narrower": "broader",
    SKOS + "related": "related",
    GLX_NS + "overlapsWith": "overlaps-with",
    GLX_NS + "contrastsWith": "contrasts-with",
    GLX_NS + "partOf": "has-part",
    GLX_NS + "hasPart": "part-of",
    GLX_NS + "precedes": "follows",
}
MAPPINGS = {SKOS + m: m for m in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}
_LABEL_PROPERTIES = (SKOS + "prefLabel", RDFS + "label", DCT + "title", FOAF + "name")


# ---------------------------------------------------------------- results


class Side(StrEnum):
    """Whom a reading speaks for: the U.S. side, the Chinese side, both jointly, or no recorded party.

    The one notion of a side on the read side: interpretations, the readings the reasoner's results
    compare, a criterion's readings, a concept's history and the graph views all carry a `Side`.
    Its value is the country code (or `joint`, or '' when no party is recorded); `name` is how users
    and URLs name it (`concept@us`).

    >>> Side.of(["US"]), Side.of(["CN", "US"]), Side.of(["CN"], joint=True).name, Side.of([]).value
    (<Side.us: 'US'>, <Side.joint: 'joint'>, 'joint', '')
    """

    us = "US"
    cn = "CN"
    joint = "joint"
    none = ""

    @classmethod
    def of(cls, countries: Iterable[str], joint: bool = False) -> "Side":
        """The side of a reading by its parties' countries; parties of both countries make it joint.
        A party of neither country has no side of the dialogue (`none`)."""
        found = set(countries)
        if joint or len(found) > 1:
            return cls.joint
        return {"US": cls.us, "CN": cls.cn}.get(next(iter(found), ""), cls.none)


@dataclass(frozen=True)
class Label:
    """A literal with its language tag ('' when it has none)."""

    value: str
    lang: str = ""


@dataclass(frozen=True)
class Ref:
    """Something the graph names, with its English and Chinese labels for display."""

    iri: str
    slug: str
    label_en: str
    label_zh: str = ""


@dataclass(frozen=True)
class ConceptSummary:
    """One line of a concept list."""

    slug: str
    iri: str
    label_en: str
    label_zh: str
    glossaries: tuple[str, ...]
    parties: tuple[str, ...]
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    """One page of a list, with the total it was cut from."""

    items: tuple[ConceptSummary, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class PartyInfo:
    """A side of the dialogue."""

    iri: str
    slug: str
    label_en: str
    label_zh: str
    country: str
    organisation: Ref | None


@dataclass(frozen=True)
class Citation:
    """Where in which document a statement comes from."""

    source: Ref
    locator: str
    url: str
    verification: str
    reliability: str = "unverified"
    """Reliability code of the passage: official, reputable-secondary, mirror or unverified."""
    evidence: tuple[Evidence, ...] = ()
    issued: str = ""
    """When the source was issued (`dct:issued`: an ISO date or year), '' when not recorded."""

    def __str__(self) -> str:
        where = f", {self.locator}" if self.locator else ""
        return f"{self.source.label_en}{where}"


@dataclass(frozen=True)
class Interpretation:
    """One reading of a concept, with everything shown beside the others and everything the reasoner's
    verdicts and the overlap measures compare (criteria, covered systems, statements, source dates)."""

    iri: str
    slug: str
    concept: str
    """The IRI of the concept it interprets."""
    joint: bool
    parties: tuple[PartyInfo, ...]
    stated_by: tuple[Ref, ...]
    statement_en: str
    statement_zh: str
    status: str
    criteria: tuple[Ref, ...]
    citations: tuple[Citation, ...]
    verification: str
    covers: tuple[Ref, ...]
    reliability: str = "unverified"
    """Reliability code of the statement: official, reputable-secondary, mirror or unverified."""
    evidence: tuple[Evidence, ...] = ()

    @property
    def side(self) -> Side:
        return Side.of((p.country for p in self.parties), self.joint)

    @cached_property
    def criterion_iris(self) -> frozenset[str]:
        """The criteria it requires, as IRIs (what the verdicts and overlap measures compare)."""
        return frozenset(ref.iri for ref in self.criteria)

    @cached_property
    def system_iris(self) -> frozenset[str]:
        """The reference systems the build found it covers, as IRIs."""
        return frozenset(ref.iri for ref in self.covers)

    @property
    def statements(self) -> dict[str, str]:
        """Its statement by language tag (`en`, `zh-Hans`), the languages it has."""
        found = {"en": self.statement_en, "zh-Hans": self.statement_zh}
        return {lang: text for lang, text in found.items() if text}

    @property
    def latest_issued(self) -> str:
        """The issue date of its newest cited source, '' when none is dated."""
        return max((c.issued for c in self.citations), default="")


@dataclass(frozen=True)
class Relation:
    """A link from a concept to another, by kind (broader, contrasts-with, follows, …)."""

    kind: str
    target: Ref


@dataclass(frozen=True, order=True)
class Mapping:
    """A SKOS mapping to a concept of another vocabulary."""

    kind: str
    target: str
    label: str = ""
    """The target's label: from its vocabulary when loaded, else the curator's (`glx:mappingObjectLabel`)."""


@dataclass(frozen=True)
class Concept:
    """One concept with its labels, every interpretation side by side, relations and mappings."""

    slug: str
    iri: str
    label_en: str
    label_zh: str
    alt_labels: tuple[Label, ...]
    definitions: tuple[Label, ...]
    scope_notes: tuple[Label, ...]
    glossaries: tuple[Ref, ...]
    interpretations: tuple[Interpretation, ...]
    divergence_note_en: str
    divergence_note_zh: str
    divergence_kind: str
    relations: tuple[Relation, ...]
    mappings: tuple[Mapping, ...]
    rounds: tuple[Ref, ...] = field(default_factory=tuple)
    editorial_notes: tuple[Label, ...] = ()
    """Explanations by govlex's editors (agent:govlex-editors), never by a party or issuer."""


@dataclass(frozen=True)
class Source:
    """A source document."""

    iri: str
    slug: str
    title_en: str
    title_zh: str
    issuer: Ref | None
    issued: str
    jurisdiction: str
    document_type: str
    identifier: str
    url: str
    verification: str


@dataclass(frozen=True)
class Round:
    """A round of the dialogue."""

    iri: str
    slug: str
    number: int
    label_en: str
    label_zh: str
    date: str
    place_en: str
    place_zh: str
    concepts: tuple[Ref, ...]


@dataclass(frozen=True)
class SearchHit:
    """A concept found by `search`, with the label that matched."""

    concept: Ref
    matched: str
    score: int


# ---------------------------------------------------------------- helpers


def slug_of(iri: str) -> str:
    """The last path segment of an IRI (for glx: terms, the local name).

    >>> slug_of("https://w3id.org/govlex/id/concept/lethality"), slug_of(GLX_NS + "statusDivergent")
    ('lethality', 'statusDivergent')
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _value(term: Term | None) -> str:
    return "" if term is None else term.value


def _lang(term: Term) -> str:
    return term.language or "" if isinstance(term, Literal) else ""


def _pick(labels: Iterable[Term], lang: str) -> str:
    """The first label in `lang` (prefix match: 'zh' takes zh-Hans), else ''."""
    for term in labels:
        if _lang(term).lower().startswith(lang):
            return term.value
    return ""


class _Labels:
    """Labels of many IRIs, fetched in one query, keyed by IRI."""

    def __init__(self, rows: list[Row]) -> None:
        self.by_iri: dict[str, list[Term]] = defaultdict(list)
        for row in rows:
            self.by_iri[row["x"].value].append(row["label"])
        self._refs: dict[str, Ref] = {}  # one `Ref` per IRI: every interpretation may name the same system

    def ref(self, iri: str) -> Ref:
        found = self._refs.get(iri)
        if found is None:
            labels = self.by_iri.get(iri, [])
            plain = [t.value for t in labels if not _lang(t)]
            english = _pick(labels, "en") or (plain[0] if plain else slug_of(iri))
            found = self._refs[iri] = Ref(iri, slug_of(iri), english, _pick(labels, "zh"))
        return found


def _labels_of(store: QueryStore, pattern: str, bindings: dict[str, Term] | None = None) -> _Labels:
    """Labels of every ?x the graph `pattern` yields."""
    props = ", ".join(f"<{p}>" for p in _LABEL_PROPERTIES)
    projection = " ".join(f"?{name}" for name in bindings or {})
    query = f"{PREFIXES}SELECT DISTINCT ?x ?label {projection} WHERE {{ {{ {pattern} }} ?x ?lp ?label . FILTER(?lp IN ({props})) }}"
    return _Labels(store.select(query, bindings))


def _concept_iri(slug: str) -> NamedNode:
    try:
        return NamedNode(str(id_iri("concept", slug)))
    except ValueError:
        raise UnknownName("concept", slug, []) from None


# ---------------------------------------------------------------- concepts

_SUMMARY_QUERY = (
    PREFIXES
    + """SELECT ?c ?p ?o WHERE {
  ?c a glx:Concept .
  { ?c skos:prefLabel ?o . BIND(skos:prefLabel AS ?p) }
  UNION { ?c skos:inScheme ?o . BIND(skos:inScheme AS ?p) }
  UNION { ?i glx:interprets ?c ; glx:party ?o . BIND(glx:party AS ?p) }
  UNION { ?i glx:interprets ?c ; glx:status ?o . BIND(glx:status AS ?p) }
}"""
)


def concept_summaries(store: QueryStore) -> tuple[ConceptSummary, ...]:
    """Every concept with its labels, glossaries, parties and statuses, sorted by English label."""
    facts: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for row in store.select(_SUMMARY_QUERY):
        facts[row["c"].value][row["p"].value].append(row["o"])
    summaries = []
    for iri, props in facts.items():
        labels = props[SKOS + "prefLabel"]
        summaries.append(
            ConceptSummary(
                slug=slug_of(iri),
                iri=iri,
                label_en=_pick(labels, "en") or slug_of(iri),
                label_zh=_pick(labels, "zh"),
                glossaries=tuple(sorted({slug_of(t.value) for t in props[SKOS + "inScheme"]})),
                parties=tuple(sorted({slug_of(t.value) for t in props[GLX_NS + "party"]})),
                statuses=tuple(
                    sorted({STATUSES.get(t.value, slug_of(t.value)) for t in props[GLX_NS + "status"]})
                ),
            )
        )
    return tuple(sorted(summaries, key=lambda s: s.label_en.lower()))


def list_concepts(
    store: QueryStore,
    glossary: str | None = None,
    party: str | None = None,
    status: str | None = None,
    q: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page:
    """Concepts filtered by glossary slug, party slug (has a reading by it), status name and search text."""
    items: Iterable[ConceptSummary] = search_index(store).summaries
    if glossary:
        items = [s for s in items if glossary in s.glossaries]
    if party:
        items = [s for s in items if party in s.parties]
    if status:
        items = [s for s in items if status in s.statuses]
    if q:
        found = {hit.concept.slug: rank for rank, hit in enumerate(search(store, q))}
        items = sorted((s for s in items if s.slug in found), key=lambda s: found[s.slug])
    selected = list(items)
    return Page(tuple(selected[offset : offset + limit]), len(selected), offset, limit)


# Every triple a concept's page and API entry read, in one query (`concept_description`): the concept's
# own triples and those pointing at it; its readings, rounds and mapping records whole, with their blank
# nodes (citations, evidence); the labels, types and few facts of everything these name (parties and
# their countries and organisations, documents and their addresses); evidence and its kind's code.
_DESCRIPTION_QUERY = (
    PREFIXES
    + """CONSTRUCT { ?s ?p ?o } WHERE {
  { BIND(CONCEPT AS ?s) ?s ?p ?o }
  UNION { BIND(CONCEPT AS ?o) ?s ?p ?o }
  UNION { ?s glx:interprets|glx:discussed|glx:mappingSubject CONCEPT ; ?p ?o }
  UNION { ?i glx:interprets CONCEPT ; ?q ?s . FILTER(isBlank(?s)) ?s ?p ?o }
  UNION {
    { CONCEPT ?q ?s } UNION { ?s ?q CONCEPT } UNION { ?i glx:interprets CONCEPT ; ?q ?s }
    UNION { ?i glx:interprets CONCEPT ; glx:citation/glx:source ?s }
    UNION { ?i glx:interprets CONCEPT ; glx:party/glx:representedBy ?s }
    FILTER(isIRI(?s))
    ?s ?p ?o . FILTER(?p IN (skos:prefLabel, rdfs:label, dct:title, foaf:name, rdf:type, glx:country,
                             glx:representedBy, glx:url, glx:evidence, dct:issued))
  }
  UNION {
    { ?i glx:interprets CONCEPT . BIND(?i AS ?holder) }
    UNION { ?i glx:interprets CONCEPT ; glx:citation ?holder }
    UNION { ?i glx:interprets CONCEPT ; glx:citation/glx:source ?holder }
    ?holder glx:evidence ?e .
    { ?e ?p ?o . BIND(?e AS ?s) } UNION { ?e glx:evidenceKind ?s . ?s ?p ?o . FILTER(?p = skos:notation) }
  }
}"""
)


def concept_description(store: QueryStore, slug: str) -> QueryStore:
    """Everything the read side says about one concept, fetched in one query into a small in-memory
    store that `get_concept` and `govlex.history.timeline.concept_history` read in process, so a concept
    costs one round trip however remote the store. An unknown slug raises `UnknownName` listing the
    slugs that exist."""
    iri = _concept_iri(slug)
    triples = store.construct(_DESCRIPTION_QUERY.replace("CONCEPT", str(iri)))
    concept_type = (NamedNode(RDF_TYPE), NamedNode(GLX_NS + "Concept"))
    if not any(t.subject == iri and (t.predicate, t.object) == concept_type for t in triples):
        raise UnknownName("concept", slug, [s.slug for s in search_index(store).summaries])
    local = Store()
    local.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples)
    return EmbeddedStore(local, key=f"{store.key}#{slug}")


def get_concept(store: QueryStore, slug: str, described: QueryStore | None = None) -> Concept:
    """One concept in full, read from its description (`concept_description`, fetched here unless
    given); an unknown slug raises `UnknownName` listing the slugs that exist."""
    iri = _concept_iri(slug)
    store = described or concept_description(store, slug)
    bind: dict[str, Term] = {"concept": iri}
    own = store.select("SELECT ?concept ?p ?o WHERE { ?concept ?p ?o }", bind)
    incoming = store.select("SELECT ?concept ?s ?p WHERE { ?s ?p ?concept }", bind)
    labels = _labels_of(
        store,
        """{ ?concept ?q ?x } UNION { ?x ?q ?concept }
           UNION { ?i glx:interprets ?concept ; ?q ?x }
           UNION { ?i glx:interprets ?concept ; glx:citation/glx:source ?x }
           UNION { ?i glx:interprets ?concept ; glx:party/glx:representedBy ?x }""",
        bind,
    )
    props: dict[str, list[Term]] = defaultdict(list)
    for row in own:
        props[row["p"].value].append(row["o"])
    relations = {
        (RELATIONS[p], o.value): Relation(RELATIONS[p], labels.ref(o.value))
        for p, objects in props.items()
        if p in RELATIONS
        for o in objects
        if isinstance(o, NamedNode)
    }
    for row in incoming:
        p, s = row["p"].value, row["s"]
        if p in INVERSES and isinstance(s, NamedNode) and s.value.startswith(ID_BASE + "concept/"):
            relations.setdefault((INVERSES[p], s.value), Relation(INVERSES[p], labels.ref(s.value)))
    rounds = tuple(
        labels.ref(r["s"].value)
        for r in incoming
        if r["p"].value == GLX_NS + "discussed" and isinstance(r["s"], NamedNode)
    )
    curated = {
        row["t"].value: row["l"].value
        for row in store.select(
            PREFIXES
            + "SELECT ?concept ?t ?l WHERE { ?m glx:mappingSubject ?concept ; glx:mappingObject ?t ; glx:mappingObjectLabel ?l }",
            bind,
        )
    }
    pref = props[SKOS + "prefLabel"]
    notes = props[GLX_NS + "divergenceNote"]
    kinds = props[GLX_NS + "divergenceKind"]
    return Concept(
        slug=slug,
        iri=iri.value,
        label_en=_pick(pref, "en"),
        label_zh=_pick(pref, "zh"),
        alt_labels=tuple(
            sorted(
                (Label(t.value, _lang(t)) for t in props[SKOS + "altLabel"]), key=lambda x: (x.lang, x.value)
            )
        ),
        definitions=_sorted_labels(props[SKOS + "definition"]),
        scope_notes=_sorted_labels(
            t for t in props[SKOS + "scopeNote"] if t not in props[GLX_NS + "editorialNote"]
        ),
        editorial_notes=_sorted_labels(props[GLX_NS + "editorialNote"]),
        glossaries=tuple(
            sorted((labels.ref(t.value) for t in props[SKOS + "inScheme"]), key=lambda r: r.slug)
        ),
        interpretations=_interpretations(store, bind, labels),
        divergence_note_en=_pick(notes, "en"),
        divergence_note_zh=_pick(notes, "zh"),
        divergence_kind=slug_of(kinds[0].value) if kinds else "",
        relations=tuple(sorted(relations.values(), key=lambda r: (r.kind, r.target.label_en.lower()))),
        mappings=tuple(
            sorted(
                Mapping(MAPPINGS[p], o.value, _mapping_label(o.value, labels, curated))
                for p, objects in props.items()
                if p in MAPPINGS
                for o in objects
            )
        ),
        rounds=tuple(sorted(set(rounds), key=lambda r: r.slug)),
    )


def _sorted_labels(terms: Iterable[Term]) -> tuple[Label, ...]:
    """Literals as labels in a fixed order (by language, then text), whatever order the store lists them."""
    return tuple(sorted((Label(t.value, _lang(t)) for t in terms), key=lambda x: (x.lang, x.value)))


def _mapping_label(target: str, labels: _Labels, curated: dict[str, str]) -> str:
    """The vocabulary's own label of a mapping target when loaded, else the curator's, else ''."""
    found = labels.ref(target)
    return found.label_en if found.label_en != slug_of(target) else curated.get(target, "")


# The properties an `Interpretation` shows, named: the build also states the scope relations among all
# readings (millions of pairs at 10,000 concepts), which no `Interpretation` holds. A FILTER, not VALUES:
# with VALUES pyoxigraph reads every rdf:type triple first (twice as slow at 10,000 concepts).
_INTERPRETATION_QUERY = (
    PREFIXES
    + """SELECT DISTINCT ?concept ?i ?p ?o WHERE {
  ?i glx:interprets ?concept ; ?p ?o
  FILTER(?p IN (rdf:type, glx:interprets, glx:party, glx:statedBy, glx:statement, glx:status,
                glx:requiresCriterion, glx:verification)) }"""
)
# What each reading covers, apart: at 10,000 concepts a reading covers hundreds of systems, and these
# rows, read as plain pairs, are most of what the bulk read holds in memory.
_COVERS_QUERY = (
    PREFIXES + "SELECT DISTINCT ?concept ?i ?x WHERE { ?i glx:interprets ?concept ; glx:covers ?x }"
)
# The citations' own triples, in a query of their own: joined to the one above as an OPTIONAL over every
# object, they cost minutes at 10,000 concepts.
_CITATION_QUERY = (
    PREFIXES + "SELECT ?concept ?i ?c ?p ?o WHERE { ?i glx:interprets ?concept ; glx:citation ?c . ?c ?p ?o }"
)


# Evidence behind a concept's readings: on each reading, on each citation (keyed by source and
# locator, not by blank-node label, which a remote store does not keep stable between queries) and on
# each cited source. `govlex.evidence` turns it into reliability codes.
_EVIDENCE_QUERY = (
    PREFIXES
    + """SELECT ?concept ?e ?kind ?holder ?source ?locator ?address ?code ?checked ?concerns WHERE {
  ?i glx:interprets ?concept .
  { ?i glx:evidence ?e . BIND("interpretation" AS ?kind) BIND(?i AS ?holder) }
  UNION { ?i glx:citation ?c . ?c glx:source ?source ; glx:locator ?locator ; glx:evidence ?e .
          BIND("citation" AS ?kind) BIND(?i AS ?holder) }
  UNION { ?i glx:citation/glx:source ?holder . ?holder glx:evidence ?e . BIND("source" AS ?kind) }
  ?e glx:evidenceKind/skos:notation ?code .
  OPTIONAL { ?e glx:seenAt ?address } OPTIONAL { ?e glx:checkedOn ?checked } OPTIONAL { ?e glx:concerns ?concerns }
}"""
)


def _evidence(store: QueryStore, bind: dict[str, Term]) -> dict[tuple[str, ...], tuple[Evidence, ...]]:
    """Evidence keyed by ("interpretation", iri), ("citation", iri, source, locator) or ("source", iri)."""
    found: dict[tuple[str, ...], dict[str, tuple[str, str, str, set[str]]]] = defaultdict(dict)
    for row in store.select(_EVIDENCE_QUERY, bind):
        kind = row["kind"].value
        key: tuple[str, ...] = (kind, row["holder"].value)
        if kind == "citation":
            key += (row["source"].value, row["locator"].value)
        record = found[key].setdefault(
            _value(row.get("e")),
            (_value(row.get("address")), row["code"].value, _value(row.get("checked")), set()),
        )
        if row.get("concerns") is not None:
            record[3].add(row["concerns"].value)
    return {
        key: tuple(
            sorted(
                (Evidence(a, code, checked, tuple(sorted(c))) for a, code, checked, c in by_node.values()),
                key=lambda e: (RELIABILITY_CODES.index(e.code), e.address),
            )
        )
        for key, by_node in found.items()
    }


_CITED_SOURCES_QUERY = (
    PREFIXES
    + """SELECT ?concept ?x ?url ?issued WHERE {
  ?i glx:interprets ?concept ; glx:citation/glx:source ?x .
  OPTIONAL { ?x glx:url ?url } OPTIONAL { ?x dct:issued ?issued }
}"""
)


def _cited_sources(store: QueryStore, bind: dict[str, Term]) -> dict[str, tuple[str, str]]:
    """The address and issue date ('' when not recorded) of every source the readings cite, by IRI;
    the least of several, so that every store gives the same."""
    facts: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for row in store.select(_CITED_SOURCES_QUERY, bind):
        urls, dates = facts[row["x"].value]
        urls.update(t.value for t in (row.get("url"),) if t is not None)
        dates.update(t.value for t in (row.get("issued"),) if t is not None)
    return {iri: (min(urls, default=""), min(dates, default="")) for iri, (urls, dates) in facts.items()}


def list_interpretations(store: QueryStore) -> tuple[Interpretation, ...]:
    """Every interpretation in the store, each as `get_concept` gives it, read once per store in the same
    few queries whatever their number: what the reasoner's verdicts, the overlap measures and the
    graph views read.

    Each one names its concept (`concept`); they are ordered as a concept page orders its readings."""
    return store.derived("interpretations", lambda: _every_interpretation(store))


def _every_interpretation(store: QueryStore) -> tuple[Interpretation, ...]:
    labels = _labels_of(store, "?i glx:interprets ?concept ; glx:citation/glx:source ?x")
    return _interpretations(store, {}, labels)


def _interpretations(store: QueryStore, bind: dict[str, Term], labels: _Labels) -> tuple[Interpretation, ...]:
    props: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    citations: dict[str, dict[str, dict[str, Term]]] = defaultdict(lambda: defaultdict(dict))
    for row in store.select(_INTERPRETATION_QUERY, bind):
        props[row["i"].value][row["p"].value].append(row["o"])
    for row in store.select(_CITATION_QUERY, bind):
        citations[row["i"].value][row["c"].value][row["p"].value] = row["o"]
    covers: dict[str, list[str]] = defaultdict(list)
    for row in store.select(_COVERS_QUERY, bind):
        covers[row["i"].value].append(row["x"].value)
    # The systems' labels by their type: through glx:covers, every reading would name each system again.
    extra = _labels_of(
        store,
        "{ ?i glx:interprets ?concept ; glx:requiresCriterion|glx:statedBy ?x } UNION { ?x a glx:ReferenceSystem }",
        bind,
    )
    sources = _cited_sources(store, bind)
    parties = {p.iri: p for p in list_parties(store)}
    evidence = _evidence(store, bind)
    result = []
    for i, p in props.items():
        cited = tuple(
            sorted(
                (_citation(c, labels, sources, evidence, i) for c in citations[i].values()),
                key=lambda c: (c.source.label_en.lower(), c.locator),
            )
        )
        backing = [c for c in cited if c.verification != "unverified"]
        own = evidence.get(("interpretation", i), ())
        marked = _value(next(iter(p[GLX_NS + "verification"]), None))
        statements = p[GLX_NS + "statement"]
        status = p[GLX_NS + "status"]
        types = {t.value for t in p[RDF_TYPE]}
        result.append(
            Interpretation(
                iri=i,
                slug=slug_of(i),
                concept=min(t.value for t in p[GLX_NS + "interprets"]),
                joint=GLX_NS + "JointInterpretation" in types,
                parties=tuple(
                    sorted(
                        (parties.get(t.value) or _unknown_party(t.value) for t in p[GLX_NS + "party"]),
                        key=lambda x: x.slug,
                    )
                ),
                stated_by=tuple(extra.ref(t.value) for t in p[GLX_NS + "statedBy"]),
                statement_en=_pick(statements, "en"),
                statement_zh=_pick(statements, "zh"),
                status=STATUSES.get(status[0].value, slug_of(status[0].value)) if status else "",
                criteria=tuple(
                    sorted(
                        (extra.ref(t.value) for t in p[GLX_NS + "requiresCriterion"]), key=lambda r: r.slug
                    )
                ),
                citations=cited,
                verification=marked,
                covers=tuple(sorted((extra.ref(x) for x in covers[i]), key=lambda r: r.slug)),
                reliability=interpretation_code(
                    own, [c.reliability for c in backing], marked == "unverified"
                ),
                evidence=own + tuple(e for c in backing for e in c.evidence),
            )
        )
    return tuple(sorted(result, key=lambda x: (x.joint, [pa.country for pa in x.parties], x.slug)))


def _unknown_party(iri: str) -> PartyInfo:
    return PartyInfo(iri, slug_of(iri), slug_of(iri), "", "", None)


def _citation(
    props: dict[str, Term],
    labels: _Labels,
    sources: dict[str, tuple[str, str]],
    evidence: dict[tuple[str, ...], tuple[Evidence, ...]],
    holder: str,
) -> Citation:
    source = props.get(GLX_NS + "source")
    ref = labels.ref(source.value) if source is not None else Ref("", "", "")
    locator = _value(props.get(GLX_NS + "locator"))
    verification = _value(props.get(GLX_NS + "verification"))
    own = evidence.get(("citation", holder, ref.iri, locator), ())
    on_source = evidence.get(("source", ref.iri), ())
    return Citation(
        source=ref,
        locator=locator,
        url=sources.get(ref.iri, ("", ""))[0],
        verification=verification,
        reliability=citation_code(own, on_source, verification == "unverified"),
        evidence=own + passages_read(on_source),
        issued=sources.get(ref.iri, ("", ""))[1],
    )


# ---------------------------------------------------------------- sources, rounds, parties


def _by_subject(rows: list[Row]) -> dict[str, dict[str, list[Term]]]:
    facts: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if isinstance(row["s"], BlankNode):
            continue
        facts[row["s"].value][row["p"].value].append(row["o"])
    return facts


def _first(props: dict[str, list[Term]], prop: str) -> str:
    """One value of `prop`: the least, so that every store, whatever order it answers in, gives the same."""
    return _value(min(props.get(prop, []), key=lambda term: term.value, default=None))


def list_sources(store: QueryStore) -> tuple[Source, ...]:
    """Every source document, sorted by English title, then IRI (two documents may share a title)."""
    facts = _by_subject(store.select(PREFIXES + "SELECT ?s ?p ?o WHERE { ?s a glx:SourceDocument ; ?p ?o }"))
    issuers = _labels_of(store, "?s a glx:SourceDocument ; glx:issuer ?x")
    sources = []
    for iri, p in facts.items():
        titles = p[DCT + "title"]
        issuer = _first(p, GLX_NS + "issuer")
        sources.append(
            Source(
                iri=iri,
                slug=slug_of(iri),
                title_en=_pick(titles, "en") or slug_of(iri),
                title_zh=_pick(titles, "zh"),
                issuer=issuers.ref(issuer) if issuer else None,
                issued=_first(p, DCT + "issued"),
                jurisdiction=_first(p, GLX_NS + "jurisdiction"),
                document_type=slug_of(_first(p, GLX_NS + "documentType")),
                identifier=_first(p, DCT + "identifier"),
                url=_first(p, GLX_NS + "url"),
                verification=_first(p, GLX_NS + "verification"),
            )
        )
    return tuple(sorted(sources, key=lambda s: (s.title_en.lower(), s.iri)))


def list_rounds(store: QueryStore) -> tuple[Round, ...]:
    """Every dialogue round with the concepts it discussed, in round order."""
    facts = _by_subject(store.select(PREFIXES + "SELECT ?s ?p ?o WHERE { ?s a glx:DialogueRound ; ?p ?o }"))
    concepts = _labels_of(store, "?s a glx:DialogueRound ; glx:discussed ?x")
    rounds = []
    for iri, p in facts.items():
        number = _first(p, GLX_NS + "roundNumber")
        labels, places = p[RDFS + "label"], p[GLX_NS + "place"]
        rounds.append(
            Round(
                iri=iri,
                slug=slug_of(iri),
                number=int(number) if number.isdigit() else 0,
                label_en=_pick(labels, "en") or slug_of(iri),
                label_zh=_pick(labels, "zh"),
                date=_first(p, DCT + "date"),
                place_en=_pick(places, "en"),
                place_zh=_pick(places, "zh"),
                concepts=tuple(
                    sorted((concepts.ref(t.value) for t in p[GLX_NS + "discussed"]), key=lambda r: r.slug)
                ),
            )
        )
    return tuple(sorted(rounds, key=lambda r: (r.number, r.slug)))


def list_parties(store: QueryStore) -> tuple[PartyInfo, ...]:
    """The sides of the dialogue with their organisations."""
    facts = _by_subject(store.select(PREFIXES + "SELECT ?s ?p ?o WHERE { ?s a glx:Party ; ?p ?o }"))
    organisations = _labels_of(store, "?s a glx:Party ; glx:representedBy ?x")
    parties = []
    for iri, p in facts.items():
        labels = p[RDFS + "label"] or p[SKOS + "prefLabel"]
        organisation = _first(p, GLX_NS + "representedBy")
        parties.append(
            PartyInfo(
                iri=iri,
                slug=slug_of(iri),
                label_en=_pick(labels, "en") or slug_of(iri),
                label_zh=_pick(labels, "zh"),
                country=_first(p, GLX_NS + "country"),
                organisation=organisations.ref(organisation) if organisation else None,
            )
        )
    return tuple(sorted(parties, key=lambda p: p.slug))


# ---------------------------------------------------------------- search


@cache
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


def normalise(text: str) -> str:
    """The form both labels and queries are compared in: simplified, lower case, no tone marks, no spaces.

    >>> normalise("自主武器系統"), normalise("Zìzhǔ Wǔqì"), normalise("Killer-Robots")
    ('自主武器系统', 'zizhuwuqi', 'killerrobots')
    """
    simplified = _converter("t2s").convert(text).lower()
    stripped = "".join(c for c in unicodedata.normalize("NFD", simplified) if not unicodedata.combining(c))
    return "".join(c for c in unicodedata.normalize("NFC", stripped) if c.isalnum())


def _has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text)


def label_keys(label: str) -> set[str]:
    """Every normalised form a label is found by: itself, and for Chinese its pinyin.

    >>> sorted(label_keys("自主武器系统"))
    ['zizhuwuqixitong', '自主武器系统']
    """
    keys = {normalise(label)}
    if _has_han(label):
        keys.add(normalise(sort_key(label)))
    return keys - {""}


@dataclass(frozen=True)
class SearchIndex:
    """Concept summaries and, per concept, the normalised keys of all its labels; built once per store.

    Every key is also laid end to end in `text` (each followed by a separator no key contains), with
    numpy arrays of where each key starts, its length, whether it is a preferred label and its
    concept's place in label order: a search finds its matches with one regular-expression pass over
    `text` (in C) and scores and ranks them with array operations, so its cost follows the number of
    matches and never becomes a Python loop over every label.
    """

    summaries: tuple[ConceptSummary, ...]
    entries: tuple[tuple[str, str, str, bool], ...]  # (normalised key, concept slug, label, is prefLabel)
    text: str = ""
    starts: Any = None
    lengths: Any = None
    preferred: Any = None
    concept_rank: Any = None
    """Per entry, its concept's position in `by_rank` (-1: a concept with no summary)."""
    by_rank: tuple[ConceptSummary, ...] = ()


_INDEX_QUERY = (
    PREFIXES
    + """SELECT ?c ?p ?label WHERE {
  ?c a glx:Concept ; ?p ?label . FILTER(?p IN (skos:prefLabel, skos:altLabel, skos:hiddenLabel))
}"""
)


def build_search_index(store: QueryStore) -> SearchIndex:
    """Read every concept label once and index it under all the forms `search` accepts."""
    entries = []
    for row in store.select(_INDEX_QUERY):
        label = row["label"].value
        preferred = row["p"].value == SKOS + "prefLabel"
        for key in label_keys(label):
            entries.append((key, slug_of(row["c"].value), label, preferred))
    return search_index_of(concept_summaries(store), entries)


_KEY_END = "\n"  # `normalise` keeps letters and digits only, so no key contains it


def search_index_of(
    summaries: tuple[ConceptSummary, ...], entries: list[tuple[str, str, str, bool]]
) -> SearchIndex:
    """The index over `entries` (normalised key, slug, label, preferred) of the concepts in `summaries`."""
    import numpy as np

    by_rank = tuple(sorted(summaries, key=lambda s: s.label_en.lower()))
    rank = {s.slug: n for n, s in enumerate(by_rank)}
    lengths = np.fromiter((len(key) for key, *_ in entries), dtype=np.int64, count=len(entries))
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    return SearchIndex(
        summaries,
        tuple(entries),
        "".join(key + _KEY_END for key, *_ in entries),
        starts,
        lengths,
        np.fromiter((p for *_, p in entries), dtype=bool, count=len(entries)),
        np.fromiter((rank.get(slug, -1) for _, slug, _, _ in entries), dtype=np.int64, count=len(entries)),
        by_rank,
    )


def search_index(store: QueryStore) -> SearchIndex:
    """The store's search index, built on first use and kept with the store (one per store/build)."""
    return store.derived("search_index", lambda: build_search_index(store))


def search(store: QueryStore, q: str, limit: int = 50) -> tuple[SearchHit, ...]:
    """Concepts whose labels match `q` in English, simplified or traditional Chinese, or pinyin (tones optional).

    Exact matches rank first, then prefixes, then substrings; a preferred label beats an alternative.
    """
    needle = normalise(q)
    if not needle:
        return ()
    index = search_index(store)
    if not index.entries:
        return ()
    import numpy as np

    positions = np.fromiter((m.start() for m in re.finditer(re.escape(needle), index.text)), dtype=np.int64)
    if not len(positions):
        return ()
    # The entry each match lies in (a match never spans the separator), and its first match's offset.
    hit = np.searchsorted(index.starts, positions, side="right") - 1
    entries, first = np.unique(hit, return_index=True)
    at_start = positions[first] == index.starts[entries]
    lengths = index.lengths[entries]
    score = np.where(at_start & (lengths == len(needle)), 300, np.where(at_start, 200, 100))
    score = score + 10 * index.preferred[entries] - np.minimum(lengths - len(needle), 9)
    concept = index.concept_rank[entries]
    entries, score, concept = entries[concept >= 0], score[concept >= 0], concept[concept >= 0]
    # Each concept's best entry (the first of its best, as entries are in index order), then the best
    # concepts, ties by English label.
    order = np.lexsort((-score, concept))
    _, firsts = np.unique(concept[order], return_index=True)
    best = order[firsts]
    ranked = best[np.lexsort((concept[best], -score[best]))][:limit]
    hits = []
    for n in ranked:
        summary = index.by_rank[concept[n]]
        hits.append(
            SearchHit(
                Ref(summary.iri, summary.slug, summary.label_en, summary.label_zh),
                matched=index.entries[entries[n]][2],
                score=int(score[n]),
            )
        )
    return tuple(hits)


# ---------------------------------------------------------------- counts


def counts(store: QueryStore) -> dict[str, int]:
    """How many individuals of each glx: class the store holds, by class local name: the one count of
    the read side (`/api/stats`, the home page and `govlex stats` format it).

    Asserted and inferred types both count (a joint interpretation is an `Interpretation` too); the
    individuals are govlex's own (IRIs under `ID_BASE`) and its records (blank nodes: citations, claims,
    evidence), never the ontology's own terms.
    """
    rows = store.select(
        PREFIXES
        + f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(glx:)) && (isBlank(?s) || STRSTARTS(STR(?s), "{ID_BASE}")))
}} GROUP BY ?class ORDER BY ?class"""
    )
    return {slug_of(row["class"].value): int(row["n"].value) for row in rows}
