"""What the pages show, for the server (`api.routes.pages`) and the static site (`govlex.api.site`)
alike: the home page's counts, a concept's readings in columns, the alphabetical index, the overlap
page. URLs are `govlex.api.links`; rendering is `govlex.api.templating`.
"""

from dataclasses import dataclass, field
from typing import Any

from govlex.api.links import Links
from govlex.api.overlap_pairs import DEFAULT_PAIRS, glossary_choices, ranked_sections
from govlex.viz.heatmap import (
    Matrix,
    clustered,
    concept_matrix,
    heatmap_table,
    reading_matrix,
    readings_text_model,
)
from govlex.viz.sets import coverage_sets, membership_table
from govlex.viz.style import TABLE_CSS

from govlex.catalog import (
    Concept,
    ConceptSummary,
    Interpretation,
    Side,
    concept_summaries,
    get_concept,
    slug_of,
)
from govlex.catalog import counts as catalog_counts
from govlex.overlap import Measure, overlap_matrix
from govlex.overlap_ranking import SCREENFUL, Selection, ranking, selected
from govlex.pinyin import sort_key, spelled
from govlex.reasoning.results import ScopeData, scope_data
from govlex.store import QueryStore

# ---------------------------------------------------------------- page contents


# The home page's numbers: interface string name (`govlex.messages`) → class counted by
# `govlex.catalog.counts`.
HOME_COUNTS = {
    "concepts": "Concept",
    "interpretations": "Interpretation",
    "sources": "SourceDocument",
    "rounds": "DialogueRound",
    "criteria": "Criterion",
    "systems": "ReferenceSystem",
}


def home_counts(store: QueryStore) -> dict[str, int]:
    """The numbers the home page shows, by interface string name."""
    found = catalog_counts(store)
    return {key: found.get(kind, 0) for key, kind in HOME_COUNTS.items()}


@dataclass
class Columns:
    """A concept's readings grouped for the two-column page: U.S. | China, joint below, others after."""

    us: list[Interpretation] = field(default_factory=list)
    cn: list[Interpretation] = field(default_factory=list)
    joint: list[Interpretation] = field(default_factory=list)
    other: list[Interpretation] = field(default_factory=list)


def columns(concept: Concept) -> Columns:
    """Sort `concept`'s interpretations into the page's columns."""
    result = Columns()
    for reading in concept.interpretations:
        {Side.us: result.us, Side.cn: result.cn, Side.joint: result.joint}.get(
            reading.side, result.other
        ).append(reading)
    return result


@dataclass(frozen=True)
class IndexEntry:
    """One line of the alphabetical index."""

    letter: str
    primary: str
    secondary: str
    concept: ConceptSummary


def alphabetical(store: QueryStore) -> tuple[list[IndexEntry], list[IndexEntry]]:
    """The index twice: by English label, and by the pinyin of the Chinese label."""
    summaries = concept_summaries(store)
    english = sorted(
        (IndexEntry(s.label_en[:1].upper(), s.label_en, s.label_zh, s) for s in summaries),
        key=lambda e: e.primary.lower(),
    )
    with_zh = [s for s in summaries if s.label_zh]
    by_pinyin = sorted(
        (
            IndexEntry(
                sort_key(s.label_zh)[:1].upper(),
                s.label_zh,
                spelled(s.label_zh),
                s,
            )
            for s in with_zh
        ),
        key=lambda e: sort_key(e.primary),
    )
    return english, by_pinyin


# ---------------------------------------------------------------- overlap page


def concept_readings(store: QueryStore, data: ScopeData, slug: str) -> tuple[Concept, Matrix]:
    """A concept and the heat-map matrix of its readings, as a concept's overlap page shows them."""
    concept = get_concept(store, slug)
    return concept, reading_matrix(data, concept.iri, readings_text_model(store, data))


def overlap_context(
    store: QueryStore,
    links: Links,
    scope: str,
    measures: list[Measure],
    figures: bool = True,
    data: ScopeData | None = None,
    set_figures: bool = True,
    selection: Selection | None = None,
    k: int = DEFAULT_PAIRS,
    order: str = "alphabetical",
    readings: tuple[Concept, Matrix] | None = None,
) -> dict[str, Any]:
    """What `overlap.html` shows: heat maps of `scope` ('concepts' or a concept slug) for `measures`,
    and for a concept its set diagram; download links point at the files `govlex.viz.views` writes.
    Past a screenful of concepts (`SCREENFUL`) the concepts scope lists the `k` most and least
    overlapping pairs instead (`govlex.api.overlap_pairs`); `selection` filters what is compared and
    `order` is 'alphabetical' or 'clustered' for a heat map.

    `figures` says whether PNG/SVG files exist for a concept's readings (the server makes them on
    request; a static site has them only when written with figures), `set_figures` whether a concept's
    set diagram exists as PNG/SVG (a large static site has only its HTML). `data`, and for a concept
    `readings` (the concept and its readings' matrix), save reading them again.
    """
    data = data or scope_data(store)
    selection = selection or Selection()
    concept = None
    tables: list[tuple[Measure, str]] = []
    ranked: list[dict[str, Any]] = []
    if scope == "concepts":
        items = selected(store, data, selection)
        if len(items) > SCREENFUL:
            ranked = ranked_sections([ranking(store, data, selection, m, k) for m in measures], data)
        elif selection == Selection():
            matrix = store.derived("concept_matrix", lambda: concept_matrix(data))
        else:
            by_label = sorted(items, key=lambda p: p.label.lower())
            matrix = Matrix("concepts", tuple(p.label for p in by_label), overlap_matrix(by_label))
        stem = "overlap/concepts-{}"
    else:
        concept, matrix = readings or concept_readings(store, data, scope)
        stem = f"overlap/{scope}/readings-{{}}"
    if not ranked:
        shown = {m: clustered(matrix, m) if order == "clustered" else matrix for m in measures}
        tables = [(m, heatmap_table(shown[m], m, data)) for m in measures]
    formats = ("png", "svg") if figures or scope == "concepts" else ()
    with_readings = store.derived("concepts_with_readings", lambda: set(data.concepts()))
    # A choice of every concept's readings is a list a person can read only up to a screenful.
    few = len(with_readings) <= SCREENFUL
    summaries = [s for s in concept_summaries(store) if s.iri in with_readings] if few else []
    context: dict[str, Any] = {
        "scope": scope,
        "concept": concept,
        "concepts": summaries,
        "measures": measures,
        "all_measures": list(Measure),
        "table_css": TABLE_CSS.replace("<style>", "").replace("</style>", ""),
        "tables": tables,
        "ranked": ranked,
        "selection": selection,
        "glossaries": glossary_choices(data),
        "chosen_glossaries": {slug_of(g) for g in selection.glossaries},
        "k": k,
        "order": order,
        "downloads": {
            m: {fmt: links.asset(f"{stem.format(m.value)}.{fmt}") for fmt in (*formats, "html")}
            for m in measures
        },
    }
    if concept is not None:
        sets = coverage_sets(data, concept.iri)
        context["sets_title"] = f"{concept.label_en}: reference systems each reading covers"
        context["membership"] = membership_table(sets)
        context["sets_downloads"] = {
            fmt: links.asset(f"overlap/{scope}/sets.{fmt}")
            for fmt in (("png", "svg", "html") if set_figures else ("html",))
        }
    return context
