"""What serving reads about definitions: the readings (`catalog.Interpretation`, from
`catalog.list_interpretations`) with the systems the build found each covers, the scope verdicts, and
how a user names a reading (`concept@us`, `interp:slug`, a full IRI).

Everything here is SPARQL over a `QueryStore` (embedded or remote): the reasoner ran at build time
and its conclusions sit in the inferred graph, so nothing on this path needs Java or owlready2.
"""

import difflib
from collections import defaultdict
from collections.abc import Callable, Collection, Container
from dataclasses import dataclass
from enum import StrEnum

from pyoxigraph import NamedNode

from govlex.catalog import PREFIXES, Citation, Interpretation, Ref, Side, list_interpretations, slug_of
from govlex.errors import GovlexError, UnknownName
from govlex.namespace import GLX_NS, INFERRED_GRAPH
from govlex.namespace import PREFIXES as CURIE_PREFIXES
from govlex.overlap import Profile, merge_profiles
from govlex.store import QueryStore

# How users name a side (`concept@us`): `Side` member names.
PARTY_NAMES = tuple(side.name for side in Side if side is not Side.none)


class Scope(StrEnum):
    """How the scopes of two readings relate, as the reasoner found it."""

    same = "the same reading"
    equivalent = "equivalent in scope"
    narrower = "narrower in scope"
    broader = "broader in scope"
    disjoint = "disjoint in scope"
    incomparable = "incomparable: neither scope contains the other"
    unknown = "no verdict"


@dataclass(frozen=True)
class Verdict:
    """The reasoner's verdict on A against B, and the criteria that explain it."""

    scope: Scope
    explanation: str


@dataclass(frozen=True)
class Choice:
    """What a user's name resolved to: readings (one, or a concept's several) and any note on the choice."""

    iri: str
    is_concept: bool
    readings: tuple[Interpretation, ...]
    note: str = ""


@dataclass
class ScopeData:
    """Readings, labels, coverings and verdicts of one build, read in a handful of queries."""

    readings: dict[str, Interpretation]
    labels: dict[str, str]
    concept_glossaries: dict[str, frozenset[str]]
    relations: Container[tuple[str, str, str]]
    """(a, relation name, b) the build inferred; asked per pair (`InferredRelations`)."""
    exhibits: dict[str, frozenset[str]]
    claims: dict[tuple[str, str], tuple[Citation, ...]]
    exclusions: frozenset[frozenset[str]]
    reasoner: str
    """The reasoner named by the build run, or '' when the build ran without one."""

    @classmethod
    def from_store(cls, store: QueryStore) -> "ScopeData":
        pairs = _pairs(store)
        systems = pairs("?a a glx:ReferenceSystem . OPTIONAL { ?a glx:exhibits ?b }")
        runs = store.select(
            PREFIXES
            + f"SELECT ?r WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?run a glx:BuildRun ; glx:reasoner ?r }} }}"
        )
        return cls(
            {reading.iri: reading for reading in list_interpretations(store)},
            _labels(store),
            {c: frozenset(g) for c, g in pairs("?a a glx:Concept ; skos:inScheme ?b").items()},
            InferredRelations(store),
            {s: frozenset(k) for s, k in systems.items()},
            _claims(store),
            frozenset(
                frozenset((a, b)) for a, bs in pairs("?a glx:mutuallyExclusiveWith ?b").items() for b in bs
            ),
            runs[0]["r"].value if runs else "",
        )

    # ------------------------------------------------------------ names

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or slug_of(iri)

    def reading_label(self, reading: Interpretation) -> str:
        """'autonomous weapons systems · US · DoD Directive 3000.09 … (2023)'."""
        sources = "; ".join(sorted({c.source.label_en for c in reading.citations})) or "no source"
        return f"{self.label(reading.concept)} · {reading.side.name.upper()} · {sources}"

    def resolve(self, name: str) -> Choice:
        """A full IRI, a CURIE (`interp:…`, `concept:…`), a bare slug, or `concept@us|cn|joint`."""
        if "@" in name and "://" not in name:
            concept_name, _, party = name.rpartition("@")
            return self._pick_by_party(self._concept_iri(concept_name), party.lower(), name)
        iri = expand_name(name)
        if iri in self.readings:
            return Choice(iri, False, (self.readings[iri],))
        concept = self._concept_iri(name)
        return Choice(concept, True, self.readings_of(concept))

    def readings_of(self, concept: str, party: str | None = None) -> tuple[Interpretation, ...]:
        """The concept's readings (by one party, if given), those with criteria first, newest source first."""
        chosen = [
            r
            for r in self.readings.values()
            if r.concept == concept and (party is None or r.side.name == party)
        ]
        return tuple(sorted(chosen, key=lambda r: (not r.criteria, _newest_first(r.latest_issued), r.iri)))

    def _concept_iri(self, name: str) -> str:
        iri = expand_name(name, "concept")
        concepts = {r.concept for r in self.readings.values()} | set(self.concept_glossaries)
        if iri in concepts:
            return iri
        known = sorted({slug_of(c) for c in concepts} | {r.slug for r in self.readings.values()})
        close = difflib.get_close_matches(slug_of(iri), known, n=8)
        raise UnknownName("concept or interpretation", name, close or known)

    def _pick_by_party(self, concept: str, party: str, name: str) -> Choice:
        if party not in PARTY_NAMES:
            raise GovlexError(f"{name!r}: unknown party {party!r}; use one of {', '.join(PARTY_NAMES)}")
        found = self.readings_of(concept, party)
        if not found:
            raise GovlexError(f"{slug_of(concept)!r} has no interpretation by party {party!r}")
        note = ""
        if len(found) > 1:
            others = ", ".join(r.slug for r in found[1:])
            note = (
                f"{name} has {len(found)} readings; using {found[0].slug} (with criteria, newest source "
                f"first). Name another in full to compare it instead: {others}"
            )
        return Choice(found[0].iri, False, (found[0],), note)

    # ------------------------------------------------------------ verdicts and profiles

    def learn_relations_among(self, readings: Collection[Interpretation]) -> None:
        """Ask the store once for every inferred relation among `readings` (when it is asked per pair)."""
        if isinstance(self.relations, InferredRelations):
            self.relations.among([r.iri for r in readings])

    def verdict(self, a: Interpretation, b: Interpretation) -> Verdict:
        """What the build's reasoner concluded about A's scope against B's, explained by their criteria."""
        extra_a = ", ".join(self.label(c) for c in sorted(a.criterion_iris - b.criterion_iris))
        extra_b = ", ".join(self.label(c) for c in sorted(b.criterion_iris - a.criterion_iris))
        if a.iri == b.iri:
            return Verdict(Scope.same, "both sides name the same interpretation")
        if not self.reasoner:
            return Verdict(Scope.unknown, "this build ran without the reasoner (--no-reasoner)")
        if not a.criteria or not b.criteria:
            missing = " and ".join(r.slug for r in (a, b) if not r.criteria)
            return Verdict(Scope.unknown, f"{missing} lists no criteria, so it is not a formal definition")
        if (a.iri, "disjointInScopeWith", b.iri) in self.relations:
            clashes = "; ".join(
                f"{self.label(x)} excludes {self.label(y)}"
                for x in sorted(a.criterion_iris)
                for y in sorted(b.criterion_iris)
                if frozenset((x, y)) in self.exclusions
            )
            return Verdict(Scope.disjoint, f"they require criteria declared mutually exclusive: {clashes}")
        if (a.iri, "equivalentInScopeTo", b.iri) in self.relations:
            return Verdict(Scope.equivalent, "they require the same criteria")
        if (a.iri, "narrowerInScopeThan", b.iri) in self.relations:
            return Verdict(Scope.narrower, f"A also requires: {extra_a}")
        if (b.iri, "narrowerInScopeThan", a.iri) in self.relations:
            return Verdict(Scope.broader, f"B also requires: {extra_b}")
        return Verdict(
            Scope.incomparable, f"only A requires: {extra_a or '-'}; only B requires: {extra_b or '-'}"
        )

    def profile(self, reading: Interpretation) -> Profile:
        return Profile(
            reading.iri,
            self.reading_label(reading),
            reading.criterion_iris,
            reading.system_iris,
            reading.statements,
        )

    def concept_profile(self, concept: str, party: str | None = None) -> Profile:
        """A concept as the union of its readings (by one party, if given); see `merge_profiles`."""
        return merge_profiles(
            concept, self.label(concept), [self.profile(r) for r in self.readings_of(concept, party)]
        )

    def concepts(self) -> list[str]:
        return sorted({r.concept for r in self.readings.values()})


class InferredRelations:
    """The scope relations the build inferred (narrower, equivalent, disjoint), asked one pair at a time.

    A graph of thousands of definitions holds millions of such pairs; a verdict needs a handful, so
    reading them all into Python (minutes and gigabytes at 10,000 concepts) before any page could answer
    is replaced by one indexed lookup per pair asked, remembered.
    """

    def __init__(self, store: QueryStore) -> None:
        self._store = store
        self._known: dict[tuple[str, str, str], bool] = {}

    def __contains__(self, triple: object) -> bool:
        if not (isinstance(triple, tuple) and len(triple) == 3 and triple[1] in _SCOPE_RELATIONS):
            return False
        key = (str(triple[0]), str(triple[1]), str(triple[2]))
        if key not in self._known:
            a, relation, b = key
            rows = self._store.select(
                PREFIXES
                + f"SELECT ?a ?b WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?a glx:{relation} ?b }} }} LIMIT 1",
                {"a": NamedNode(a), "b": NamedNode(b)},
            )
            self._known[key] = bool(rows)
        return self._known[key]

    def among(self, iris: Collection[str]) -> None:
        """Learn every relation between any two of `iris` in one query (a concept page's readings), so the
        page's verdicts cost one round trip to the store instead of one per pair and relation."""
        iris = sorted({iri for iri in iris if "<" not in iri and ">" not in iri})  # writable as <iri>
        if len(iris) < 2:
            return
        values = " ".join(f"<{iri}>" for iri in iris)
        relations = ", ".join(f"glx:{name}" for name in _SCOPE_RELATIONS)
        # ?b and ?r as filters, not VALUES: Oxigraph then looks up each ?a's relations (milliseconds)
        # instead of joining every scope relation of the build (10 s among 7 readings at 10,000 concepts).
        rows = self._store.select(
            PREFIXES
            + f"SELECT ?a ?r ?b WHERE {{ VALUES ?a {{ {values} }} GRAPH <{INFERRED_GRAPH}> {{ ?a ?r ?b }} "
            + f"FILTER(?r IN ({relations})) FILTER(?b IN ({values.replace(' ', ', ')})) }}"
        )
        found = {(row["a"].value, row["r"].value.removeprefix(GLX_NS), row["b"].value) for row in rows}
        for a in iris:
            for b in iris:
                for relation in _SCOPE_RELATIONS:
                    self._known[(a, relation, b)] = (a, relation, b) in found


_SCOPE_RELATIONS = ("narrowerInScopeThan", "equivalentInScopeTo", "disjointInScopeWith")


def scope_data(store: QueryStore) -> ScopeData:
    """The store's `ScopeData`, read once per store (serving asks for it on many requests)."""
    return store.derived("scope_data", lambda: ScopeData.from_store(store))


def _newest_first(date: str) -> tuple[bool, tuple[int, ...]]:
    """Sort key that puts later ISO dates (or years) first and undated last.

    >>> sorted(["2018-04-11", "", "2024", "2023-01-25"], key=_newest_first)
    ['2024', '2023-01-25', '2018-04-11', '']
    """
    return (not date, tuple(-ord(ch) for ch in date))


def expand_name(name: str, default_kind: str = "interpretation") -> str:
    """A full IRI from a full IRI, a CURIE with a govlex prefix, or a bare slug of `default_kind`.

    >>> expand_name("interp:x"), expand_name("lethality", "concept")
    ('https://w3id.org/govlex/id/interpretation/x', 'https://w3id.org/govlex/id/concept/lethality')
    """
    if "://" in name:
        return name
    prefix, sep, local = name.partition(":")
    if sep and prefix in CURIE_PREFIXES:
        return CURIE_PREFIXES[prefix] + local
    return CURIE_PREFIXES["interp" if default_kind == "interpretation" else default_kind] + name


def _pairs(store: QueryStore) -> Callable[[str], dict[str, set[str]]]:
    """A function from a graph pattern binding ?a and ?b to {a: {b, …}} (an unbound ?b adds just the key)."""

    def run(pattern: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for row in store.select(PREFIXES + f"SELECT DISTINCT ?a ?b WHERE {{ {pattern} }}"):
            values = found[row["a"].value]
            if "b" in row:
                values.add(row["b"].value)
        return found

    return run


def _claims(store: QueryStore) -> dict[tuple[str, str], tuple[Citation, ...]]:
    """The sources of each claim that a reference system exhibits a criterion, by (system, criterion)."""
    rows = store.select(
        PREFIXES
        + """SELECT DISTINCT ?s ?k ?src ?title ?issued ?locator ?url ?verification WHERE {
        ?s glx:claim ?claim . ?claim glx:claimedCriterion ?k ; glx:citation ?cit . ?cit glx:source ?src .
        OPTIONAL { ?src dct:title ?title FILTER(langMatches(lang(?title), "en")) }
        OPTIONAL { ?src dct:issued ?issued } OPTIONAL { ?src glx:url ?url }
        OPTIONAL { ?cit glx:locator ?locator } OPTIONAL { ?cit glx:verification ?verification } }"""
    )
    grouped: dict[tuple[str, str], set[Citation]] = defaultdict(set)
    for row in rows:
        found = {name: term.value for name, term in row.items()}
        source = found["src"]
        grouped[found["s"], found["k"]].add(
            Citation(
                Ref(source, slug_of(source), found.get("title", "untitled source")),
                found.get("locator", ""),
                found.get("url", ""),
                found.get("verification", ""),
                issued=found.get("issued", ""),
            )
        )
    return {key: tuple(sorted(values, key=str)) for key, values in grouped.items()}


def _labels(store: QueryStore) -> dict[str, str]:
    """English (else untagged) labels of concepts, criteria, reference systems and glossaries."""
    rows = store.select(
        PREFIXES
        + """SELECT ?x ?label WHERE {
        VALUES ?kind { glx:Concept glx:Criterion glx:ReferenceSystem glx:Glossary }
        ?x a ?kind .
        VALUES ?p { skos:prefLabel rdfs:label }
        ?x ?p ?label . FILTER(lang(?label) = "" || langMatches(lang(?label), "en")) }
        ORDER BY DESC(lang(?label)) ?label"""
    )
    labels: dict[str, str] = {}
    for row in rows:
        labels.setdefault(row["x"].value, row["label"].value)
    return labels
