"""What the pages of the whole graph show — documents (index and one), the dialogue, its records (round,
risk, scenario, event, …), criteria and reference systems — for the server (`api.routes.entity_pages`)
and the static site (`govlex.api.site`) alike.

Each function returns a `PageSpec`: the template, the page's name and arguments (for links and the
language switch) and its context, including the "cite this" record (`govlex.cite`).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any

from govlex.api.links import RECORD_KINDS

from govlex.catalog import Concept, Ref, list_sources
from govlex.cite import DATASET_IRI, Citable, build_date
from govlex.criteria import SidedReading, get_criterion, get_system, sided_readings
from govlex.dialogue import DIALOGUE_KINDS, get_dialogue, get_record
from govlex.documents import Citing, filter_sources, get_source, source_facets
from govlex.entities import get_entity, slugs_by_kind
from govlex.errors import UnknownName
from govlex.messages import both
from govlex.reasoning.results import Scope, scope_data
from govlex.store import QueryStore

LISTED_READINGS = 100
"""How many readings a reference system's page lists as covering it, and as not (the API lists all)."""


@dataclass(frozen=True)
class PageSpec:
    """A page to render: template, its name and arguments (see `Links.page`), and its context."""

    template: str
    name: str
    args: dict[str, str] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    titles: tuple[str, str] = ("", "")
    """The English and Chinese titles its "cite this" names, to write the page in either language."""

    def in_language(self, lang: str) -> "PageSpec":
        """The same page with its "cite this" in `lang` (the static site reads a thing once for both)."""
        cite: Citable = self.context["cite"]
        retitled = Citable(cite.iri, _title(*self.titles, lang), cite.date)
        return replace(self, context={**self.context, "cite": retitled})


def _title(en: str, zh: str, lang: str) -> str:
    return (zh or en) if lang == "zh" else (en or zh)


def _cite(store: QueryStore, iri: str, en: str, zh: str, lang: str) -> Citable:
    return Citable(iri, _title(en, zh, lang), build_date(store))


def dataset_cite(store: QueryStore, lang: str) -> Citable:
    """The citation of the dataset as a whole (home and index pages)."""
    return _cite(store, DATASET_IRI, *both("cite_dataset"), lang)


def concept_cite(store: QueryStore, concept: Concept, lang: str) -> Citable:
    """The citation of a concept page."""
    return _cite(store, concept.iri, concept.label_en, concept.label_zh, lang)


def sources_page(
    store: QueryStore, lang: str, filters: dict[str, str] | None = None, sort: str = "date"
) -> PageSpec:
    """The documents index, filtered (`jurisdiction`, `type`, `issuer`, `year`) and sorted."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    everything = list_sources(store)
    chosen = filter_sources(
        everything,
        filters.get("jurisdiction"),
        filters.get("type"),
        filters.get("issuer"),
        filters.get("year"),
        sort,
    )
    return PageSpec(
        "sources.html",
        "sources",
        {},
        {
            "sources": chosen,
            "total": len(everything),
            "facets": source_facets(everything),
            "filters": filters,
            "sort": sort,
            "cite": _cite(store, DATASET_IRI, *both("cite_sources"), lang),
        },
        both("cite_sources"),
    )


def source_page(store: QueryStore, slug: str, lang: str) -> PageSpec:
    """One document and everything citing it, readings grouped by concept."""
    detail = get_source(store, slug)
    readings = [c for c in detail.citing if c.concept is not None]
    by_concept = [(concept, list(group)) for concept, group in groupby(readings, key=_concept_of)]
    others = [c for c in detail.citing if c.concept is None]
    s = detail.source
    return PageSpec(
        "source.html",
        "source",
        {"slug": slug},
        {
            "d": detail,
            "by_concept": by_concept,
            "others": others,
            "cite": _cite(store, s.iri, s.title_en, s.title_zh, lang),
        },
        (s.title_en, s.title_zh),
    )


def _concept_of(citing: Citing) -> Any:
    return citing.concept


def dialogue_page(store: QueryStore, lang: str) -> PageSpec:
    """The dialogue: timeline of rounds, groups, tallies, events, risks, scenarios, mechanisms."""
    dialogue = get_dialogue(store)
    head = dialogue.dialogue
    iri, titles = (head.iri, (head.label_en, head.label_zh)) if head else (DATASET_IRI, both("cite_dialogue"))
    return PageSpec(
        "dialogue.html", "dialogue", {}, {"d": dialogue, "cite": _cite(store, iri, *titles, lang)}, titles
    )


def record_page(store: QueryStore, kind: str, slug: str, lang: str) -> PageSpec:
    """One record: a round, risk, scenario, event, working group, tally, mechanism, person, organisation…"""
    if kind not in RECORD_KINDS:
        raise UnknownName("kind of page", kind, list(RECORD_KINDS))
    entity = get_record(store, kind, slug) if kind in DIALOGUE_KINDS else get_entity(store, kind, slug)
    return PageSpec(
        "record.html",
        "record",
        {"kind": kind, "slug": slug},
        {"e": entity, "cite": _cite(store, entity.iri, entity.label_en, entity.label_zh, lang)},
        (entity.label_en, entity.label_zh),
    )


def criterion_page(store: QueryStore, slug: str, lang: str) -> PageSpec:
    """One criterion: the readings requiring it by side, the systems exhibiting it with the claim."""
    detail = get_criterion(store, slug)
    k = detail.criterion
    sides = {side: [r for r in detail.requiring if r.side == side] for side in ("US", "CN", "joint")}
    return PageSpec(
        "criterion.html",
        "criterion",
        {"slug": slug},
        {"d": detail, "sides": sides, "cite": _cite(store, k.iri, k.label_en, k.label_zh, lang)},
        (k.label_en, k.label_zh),
    )


def system_page(store: QueryStore, slug: str, lang: str) -> PageSpec:
    """One reference system: its sourced claims, who covers it, and what it lacks for the others."""
    detail = get_system(store, slug, LISTED_READINGS)
    s = detail.system
    return PageSpec(
        "system.html",
        "system",
        {"slug": slug},
        {"d": detail, "cite": _cite(store, s.iri, s.label_en, s.label_zh, lang)},
        (s.label_en, s.label_zh),
    )


def every_page(store: QueryStore, lang: str) -> Iterator[PageSpec]:
    """Every page of the whole graph in `lang`, for the static site (the documents index unfiltered);
    `PageSpec.in_language` gives each in another language without reading it again."""
    yield sources_page(store, lang)
    yield dialogue_page(store, lang)
    for source in list_sources(store):
        yield source_page(store, source.slug, lang)
    known = slugs_by_kind(store)
    for kind in RECORD_KINDS:
        for slug in known.get(kind, []):
            yield record_page(store, kind, slug, lang)
    for slug in known.get("criterion", []):
        yield criterion_page(store, slug, lang)
    for slug in sorted(scope_data(store).exhibits):
        yield system_page(store, slug.rsplit("/", 1)[-1], lang)


@dataclass(frozen=True)
class ScopeVerdict:
    """The build's verdict on one reading of a concept against another, with the criteria that explain it."""

    a: SidedReading
    b: SidedReading
    scope: Scope
    only_a: tuple[Ref, ...]
    only_b: tuple[Ref, ...]


def scope_verdicts(store: QueryStore, concept: Concept) -> tuple[ScopeVerdict, ...]:
    """Each pair of the concept's readings that list criteria, with the reasoner's verdict (narrower,
    equivalent, …) and the criteria only one of them requires; for the concept page."""
    data = scope_data(store)
    readings = sorted(
        (r for r in data.readings_of(concept.iri) if r.criteria), key=lambda r: (r.side.name, r.iri)
    )
    data.learn_relations_among(readings)
    sided = sided_readings(store)
    criteria = {ref.iri: ref for reading in concept.interpretations for ref in reading.criteria}

    def refs(iris: frozenset[str]) -> tuple[Ref, ...]:
        return tuple(sorted((criteria[i] for i in iris), key=lambda r: r.label_en.lower()))

    return tuple(
        ScopeVerdict(
            sided[a.iri],
            sided[b.iri],
            data.verdict(a, b).scope,
            refs(a.criterion_iris - b.criterion_iris),
            refs(b.criterion_iris - a.criterion_iris),
        )
        for n, a in enumerate(readings)
        for b in readings[n + 1 :]
    )
