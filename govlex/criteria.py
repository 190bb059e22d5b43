"""Criteria and reference systems for readers: why a reading covers a system, or does not.

`get_criterion` gives the readings that require a criterion (with their side) and the systems claimed to
exhibit it (with the sourced claim); `get_system` gives a system's sourced claims and the `classify`
answer (`govlex.reasoning.verdicts`): the readings the build found covering it and, for every other
reading with criteria, the criteria the system was not shown to meet.
"""

from collections import defaultdict
from dataclasses import dataclass
from heapq import nsmallest

from pyoxigraph import BlankNode

from govlex.catalog import GLX_NS, PREFIXES, Citation, Ref, Side, _Labels, _labels_of, _pick
from govlex.entities import Entity, citations_of, entity_iri, get_entity, known_slugs
from govlex.errors import UnknownName
from govlex.reasoning.results import scope_data
from govlex.reasoning.verdicts import classify
from govlex.store import QueryStore, Term


@dataclass(frozen=True)
class SidedReading:
    """An interpretation, the concept it interprets, and its side."""

    reading: Ref
    concept: Ref
    side: Side


@dataclass(frozen=True)
class Claim:
    """A sourced claim that a reference system exhibits a criterion."""

    system: Ref
    criterion: Ref
    citations: tuple[Citation, ...]
    verification: str


@dataclass(frozen=True)
class CriterionDetail:
    """A criterion: its definition, the readings that require it, the systems claimed to exhibit it."""

    criterion: Ref
    definition_en: str
    definition_zh: str
    requiring: tuple[SidedReading, ...]
    exhibited_by: tuple[Claim, ...]
    excludes: tuple[Ref, ...]
    """Criteria declared mutually exclusive with this one."""


@dataclass(frozen=True)
class Uncovered:
    """A reading with criteria that does not cover the system, and the criteria it was not shown to meet."""

    reading: SidedReading
    missing: tuple[Ref, ...]


@dataclass(frozen=True)
class SystemDetail:
    """A reference system: its notes, its sourced claims and the `classify` answer."""

    system: Ref
    comment_en: str
    comment_zh: str
    claims: tuple[Claim, ...]
    covered_by: tuple[SidedReading, ...]
    not_covered_by: tuple[Uncovered, ...]
    reasoner: str
    """The reasoner the build ran ('' when it ran without one: then no coverings are known)."""
    covered_total: int
    not_covered_total: int
    """How many readings cover it and how many do not (the lists may hold only some, see `get_system`)."""


_READINGS = (
    PREFIXES
    + """SELECT ?i ?concept ?country ?joint WHERE {
  ?i glx:interprets ?concept . OPTIONAL { ?i glx:party/glx:country ?country }
  BIND(EXISTS { ?i a glx:JointInterpretation } AS ?joint) }"""
)


def _sided_readings(store: QueryStore) -> dict[str, SidedReading]:
    """Every interpretation with its concept and side, by IRI."""
    countries: dict[str, set[str]] = defaultdict(set)
    concepts: dict[str, str] = {}
    joint: set[str] = set()
    for row in store.select(_READINGS):
        i = row["i"].value
        concepts[i] = row["concept"].value
        if "country" in row:
            countries[i].add(row["country"].value)
        if row["joint"].value == "true":
            joint.add(i)
    labels = _labels_of(store, "{ ?i glx:interprets ?x } UNION { ?x glx:interprets ?c }")
    return {
        i: SidedReading(
            labels.ref(i),
            labels.ref(concept),
            Side.of(countries[i], i in joint),
        )
        for i, concept in concepts.items()
    }


def sided_readings(store: QueryStore) -> dict[str, SidedReading]:
    """`_sided_readings`, read once per store."""
    return store.derived("sided_readings", lambda: _sided_readings(store))


_CLAIMS = (
    PREFIXES
    + """SELECT ?system ?criterion ?claim ?verification WHERE {
  ?system glx:claim ?claim . ?claim glx:claimedCriterion ?criterion .
  OPTIONAL { ?claim glx:verification ?verification } }"""
)


def _claims(store: QueryStore, bind: dict[str, Term]) -> tuple[Claim, ...]:
    labels = _labels_of(
        store,
        "{ ?x glx:claim/glx:claimedCriterion ?criterion } UNION { ?system glx:claim/glx:claimedCriterion ?x }",
        bind,
    )
    claims = []
    for row in store.select(_CLAIMS, bind):
        node = row["claim"]
        assert isinstance(node, BlankNode)
        claims.append(
            Claim(
                labels.ref(row["system"].value),
                labels.ref(row["criterion"].value),
                citations_of(store, node),
                row["verification"].value if "verification" in row else "",
            )
        )
    return tuple(sorted(claims, key=lambda c: (c.system.label_en.lower(), c.criterion.label_en.lower())))


def get_criterion(store: QueryStore, slug: str) -> CriterionDetail:
    """One criterion; `UnknownName` listing the criteria when `slug` is not one."""
    iri = entity_iri("criterion", slug)
    entity = _existing(store, "criterion", slug, GLX_NS + "Criterion")
    definitions = [
        row["d"]
        for row in store.select(PREFIXES + "SELECT ?c ?d WHERE { ?c skos:definition ?d }", {"c": iri})
    ]
    readings = sided_readings(store)
    requiring = [
        readings[row["i"].value]
        for row in store.select(PREFIXES + "SELECT ?c ?i WHERE { ?i glx:requiresCriterion ?c }", {"c": iri})
        if row["i"].value in readings
    ]
    return CriterionDetail(
        criterion=Ref(entity.iri, slug, entity.label_en, entity.label_zh),
        definition_en=_pick(definitions, "en"),
        definition_zh=_pick(definitions, "zh"),
        requiring=tuple(sorted(requiring, key=_reading_order)),
        exhibited_by=_claims(store, {"criterion": iri}),
        excludes=entity.linked("mutuallyExclusiveWith")
        + entity.linked("mutuallyExclusiveWith", inverse=True),
    )


def get_system(store: QueryStore, slug: str, listed: int | None = None) -> SystemDetail:
    """One reference system with its claims and who covers it; `UnknownName` when `slug` is not one.

    With `listed`, each list holds at most that many readings: those covering it first by concept, those
    not covering it that miss the fewest criteria (thousands of each at 10,000 concepts)."""
    entity = _existing(store, "system", slug, GLX_NS + "ReferenceSystem", incoming=False)
    data = scope_data(store)
    answer = classify(data, entity.iri)
    readings = sided_readings(store)
    labels = _labels_of(store, "?x a glx:Criterion")
    covering = sorted((readings[r.reading.iri] for r in answer.readings if r.covers), key=_reading_order)
    missing = [r for r in answer.readings if not r.covers]
    nearest = missing if listed is None else nsmallest(listed, missing, key=lambda r: len(r.missing))
    return SystemDetail(
        system=Ref(entity.iri, slug, entity.label_en, entity.label_zh),
        comment_en=entity.comment_en,
        comment_zh=entity.comment_zh,
        claims=_claims(store, {"system": entity_iri("system", slug)}),
        covered_by=tuple(covering[:listed]),
        not_covered_by=tuple(
            sorted(
                (Uncovered(readings[r.reading.iri], _refs(labels, r.missing)) for r in nearest),
                key=lambda u: _reading_order(u.reading),
            )
        ),
        reasoner=data.reasoner,
        covered_total=len(covering),
        not_covered_total=len(missing),
    )


def _refs(labels: _Labels, iris: frozenset[str]) -> tuple[Ref, ...]:
    return tuple(sorted((labels.ref(i) for i in iris), key=lambda r: r.label_en.lower()))


def _reading_order(reading: SidedReading) -> tuple[str, str, str]:
    return (reading.concept.label_en.lower(), reading.side, reading.reading.slug)


def _existing(store: QueryStore, kind: str, slug: str, klass: str, incoming: bool = True) -> Entity:
    """The entity `kind`/`slug` if it is of class `klass`; `UnknownName` listing that kind's slugs otherwise."""
    iri = entity_iri(kind, slug)
    if not store.select(f"SELECT ?s WHERE {{ ?s a <{klass}> }}", {"s": iri}):
        raise UnknownName(kind, slug, known_slugs(store, kind))
    return get_entity(store, kind, slug, incoming)
