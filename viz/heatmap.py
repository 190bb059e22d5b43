"""Heat maps of overlap between concepts, or between the interpretations of one concept, for one measure.

Two renderings of the same numbers: an HTML table whose cells show the parts on hover (shared and
differing criteria, systems or terms) with no script, for the web pages and the offline views, made
here; and a figure (PNG/SVG for reports), drawn in `govlex.viz.figures`. The numbers come from `govlex.overlap`, the readings from
`govlex.reasoning.results.ScopeData`.
"""

from collections.abc import Collection
from dataclasses import dataclass
from html import escape

from govlex.viz.style import NO_SCORE, document, heat_colour, ink_for

from govlex.catalog import Interpretation, Side
from govlex.messages import named
from govlex.overlap import Measure, Overlap, OverlapMatrix, TextModel, overlap_matrix
from govlex.overlap_ranking import SCREENFUL, Selection, ranking
from govlex.reasoning.results import ScopeData
from govlex.store import QueryStore


def measure_name(measure: Measure, lang: str = "en") -> str:
    """What `measure` compares, in words (the catalogue's `measure.<measure>`)."""
    return named("measure", measure.value, lang)


@dataclass(frozen=True)
class Matrix:
    """An overlap matrix with the short labels its rows and columns show."""

    scope: str  # "concepts", or the slug of the concept whose readings are compared
    labels: tuple[str, ...]
    overlaps: OverlapMatrix


def short_reading_label(data: ScopeData, reading: Interpretation) -> str:
    """'US · DoD Directive 3000.09, Autonomy in… (2023)': a reading's side and its first source."""
    citation = reading.citations[0] if reading.citations else None
    title = citation.source.label_en if citation else reading.slug
    title = title if len(title) <= 42 else title[:41] + "…"
    year = f" ({reading.latest_issued[:4]})" if reading.latest_issued else ""
    return f"{reading.side.name.upper()} · {title}{year}"


def concept_matrix(data: ScopeData, only: Collection[str] | None = None) -> Matrix:
    """Overlap between every pair of concepts that has a reading (each concept = union of its readings),
    or of those in `only`."""
    chosen = data.concepts() if only is None else [c for c in data.concepts() if c in only]
    concepts = sorted(chosen, key=lambda iri: data.label(iri).lower())
    profiles = [data.concept_profile(iri) for iri in concepts]
    return Matrix("concepts", tuple(data.label(iri) for iri in concepts), overlap_matrix(profiles))


def screenful_matrix(store: QueryStore, data: ScopeData, measure: Measure, k: int = 20) -> Matrix:
    """The concepts' heat map for `measure`: every concept up to a screenful (`SCREENFUL`); beyond, only
    the concepts of the `k` most overlapping pairs (at most 2k), since N² cells say nothing at thousands."""
    if len(data.concepts()) <= SCREENFUL:
        return store.derived("concept_matrix", lambda: concept_matrix(data))
    top = ranking(store, data, Selection(), measure, k)
    return concept_matrix(data, {iri for pair in top.most for iri in (pair.a.iri, pair.b.iri)})


def readings_text_model(store: QueryStore, data: ScopeData) -> TextModel:
    """TF-IDF fitted on every reading's English statement, as `govlex compare` fits it; kept per store,
    so the heat maps of thousands of concepts' readings share one fitted model."""
    return store.derived(
        "readings_text_model",
        lambda: TextModel([reading.statements.get("en", "") for reading in data.readings.values()]),
    )


def reading_matrix(data: ScopeData, concept_iri: str, model: TextModel) -> Matrix:
    """Overlap between every pair of readings of one concept, U.S. ones first; texts compared by `model`
    (`readings_text_model`)."""
    readings = sorted(
        data.readings_of(concept_iri), key=lambda r: (r.side is not Side.us, r.side.name, r.slug)
    )
    labels = tuple(short_reading_label(data, r) for r in readings)
    scope = concept_iri.rsplit("/", 1)[-1]
    return Matrix(scope, labels, overlap_matrix([data.profile(r) for r in readings], model=model))


def clustered(matrix: Matrix, measure: Measure) -> Matrix:
    """The same matrix with rows and columns in a clustered order: hierarchical clustering (average
    linkage) on 1 − score, leaves ordered so that neighbours are as alike as possible (optimal leaf
    ordering), so blocks of concepts that overlap sit together on the diagonal."""
    n = len(matrix.labels)
    if n < 3:
        return matrix
    import numpy as np
    from scipy.cluster.hierarchy import leaves_list, linkage, optimal_leaf_ordering
    from scipy.spatial.distance import squareform

    scores = np.array(
        [[0.0 if s is None else s for s in row] for row in matrix.overlaps.scores(measure)], dtype=float
    )
    distances = 1.0 - scores
    np.fill_diagonal(distances, 0.0)
    condensed = squareform(distances, checks=False)
    tree = optimal_leaf_ordering(linkage(condensed, method="average"), condensed)
    order = [int(i) for i in leaves_list(tree)]
    items = tuple(matrix.overlaps.items[i] for i in order)
    overlaps = OverlapMatrix(items, matrix.overlaps.pairs, matrix.overlaps.language)
    return Matrix(matrix.scope, tuple(matrix.labels[i] for i in order), overlaps)


def parts(pair: Overlap, measure: Measure, data: ScopeData, names: tuple[str, str]) -> str:
    """What a cell's score is made of, in words, for its hover text."""
    if measure is Measure.text:
        terms = ", ".join(f"{term} ({share:.2f})" for term, share in pair.text.shared_terms[:12])
        return f"shared terms: {terms or 'none'}"
    sets = pair.intension if measure is Measure.intension else pair.extension
    what = "criteria" if measure is Measure.intension else "systems"

    def listed(iris: frozenset[str]) -> str:
        return "; ".join(sorted(data.label(i) for i in iris)) or "none"

    return (
        f"shared {what}: {listed(sets.shared)}\n"
        f"only {names[0]}: {listed(sets.only_a)}\n"
        f"only {names[1]}: {listed(sets.only_b)}"
    )


def _pair_index(matrix: OverlapMatrix) -> dict[tuple[int, int], Overlap]:
    index = {item.iri: n for n, item in enumerate(matrix.items)}
    found = {}
    for pair in matrix.pairs:
        i, j = index[pair.a.iri], index[pair.b.iri]
        found[(min(i, j), max(i, j))] = pair  # a clustered order may put b before a
    return found


def heatmap_table(matrix: Matrix, measure: Measure, data: ScopeData) -> str:
    """The matrix as an HTML table: each cell coloured by score, its parts in the hover text (`title`)."""
    scores = matrix.overlaps.scores(measure)
    pairs = _pair_index(matrix.overlaps)
    head = "".join(f'<th scope="col"><span>{escape(label)}</span></th>' for label in matrix.labels)
    rows = []
    for i, label in enumerate(matrix.labels):
        cells = []
        for j, score in enumerate(scores[i]):
            pair = pairs.get((min(i, j), max(i, j)))
            names = (matrix.labels[min(i, j)], matrix.labels[max(i, j)])
            hover = parts(pair, measure, data, names) if pair and i != j else label
            text = "–" if score is None else f"{score:.2f}"
            colour = NO_SCORE if score is None else heat_colour(score)
            ink = ink_for(colour)
            cells.append(
                f'<td style="background:{colour};color:{ink}" title="{escape(f"{label} × {matrix.labels[j]}")}\n'
                f'{escape(hover)}" data-score="{text}">{text}</td>'
            )
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{"".join(cells)}</tr>')
    return (
        f'<table class="heatmap" data-measure="{measure.value}" data-scope="{escape(matrix.scope)}">'
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def heatmap_html(matrix: Matrix, measure: Measure, data: ScopeData) -> str:
    """The heat map as a self-contained page: hover a cell for the shared and differing parts."""
    title = f"Overlap: {measure_name(measure)}" + ("" if matrix.scope == "concepts" else f" — {matrix.scope}")
    note = "<p>Hover a cell for what its score is made of; – means nothing to compare on this measure.</p>"
    return document(title, f"<h1>{escape(title)}</h1>{note}{heatmap_table(matrix, measure, data)}")
