"""Every view of govlex written into one folder, for offline use (`govlex viz`) and for the static site.

Layout (paths from the folder):

    graph/network.html                        the concept network
    graph/ego/<slug>.html                     one concept's neighbourhood (depth 1)
    graph/interpretations/<slug>.html         one concept's readings, criteria and covered systems
    overlap/concepts-<measure>.{html,png,svg} overlap between concepts, per measure
    overlap/<slug>/readings-<measure>.html    overlap between one concept's readings, per measure
    overlap/<slug>/sets.{html,png,svg}        which reference systems each reading covers

The concepts' heat maps come as PNG and SVG too; one concept's reading heat maps only as HTML
(`govlex serve` draws their PNG/SVG on request), which keeps a whole site quick to write.
"""

from collections.abc import Iterable
from html import escape
from pathlib import Path

from govlex.viz.figures import heatmap_figure, save, set_figure
from govlex.viz.heatmap import heatmap_html, reading_matrix, screenful_matrix
from govlex.viz.interpretation import interpretation_html
from govlex.viz.neighbourhood import GRAPH_SCREENFUL, filtered_neighbourhood, hub
from govlex.viz.network import ego_html, network_html
from govlex.viz.sets import coverage_sets, sets_html

from govlex.catalog import concept_summaries, get_concept
from govlex.errors import UnknownName
from govlex.graph import concept_graph
from govlex.namespace import id_iri
from govlex.overlap import Measure
from govlex.overlap_ranking import SCREENFUL
from govlex.progress import SILENT, Reporter
from govlex.reasoning.results import scope_data
from govlex.store import QueryStore


def _write(path: Path, text: str, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written.append(path)


def write_views(
    store: QueryStore,
    out: Path,
    slugs: Iterable[str] | None = None,
    progress: Reporter = SILENT,
    set_figures: bool | None = None,
) -> list[Path]:
    """Write the views into `out`, per-concept ones for `slugs` (default: every concept); the files written.

    `set_figures` says whether each concept's set diagram is drawn as PNG and SVG (matplotlib, the
    slowest part of a view); by default only up to a screenful of concepts, since thousands of figures
    take hours. Past a screenful of concepts the network page is the hub concept's neighbourhood too.
    """
    written: list[Path] = []
    graph = concept_graph(store)
    chosen = list(slugs) if slugs is not None else [s.slug for s in concept_summaries(store)]
    unknown = [slug for slug in chosen if slug not in graph.nodes]
    if unknown:
        raise UnknownName("concept", unknown[0], list(graph.nodes))
    if set_figures is None:
        set_figures = len(chosen) <= SCREENFUL
    if len(graph.nodes) > GRAPH_SCREENFUL:
        centre = hub(graph)
        network = ego_html(filtered_neighbourhood(graph, centre, 1), centre, 1)
    else:
        network = network_html(graph)
    _write(out / "graph" / "network.html", network, written)
    data = scope_data(store)
    for measure in Measure:
        matrix = screenful_matrix(store, data, measure)
        stem = out / "overlap" / f"concepts-{measure.value}"
        _write(stem.with_suffix(".html"), heatmap_html(matrix, measure, data), written)
        written += save(heatmap_figure(matrix, measure), stem)
    for slug in progress.track(chosen, "concept views"):
        concept = get_concept(store, slug)
        _write(out / "graph" / "ego" / f"{slug}.html", ego_html(graph, slug, 1), written)
        _write(out / "graph" / "interpretations" / f"{slug}.html", interpretation_html(concept), written)
        iri = str(id_iri("concept", slug))
        readings = reading_matrix(data, iri)
        for measure in Measure:
            path = out / "overlap" / slug / f"readings-{measure.value}.html"
            _write(path, heatmap_html(readings, measure, data), written)
        sets = coverage_sets(data, iri)
        title = f"{concept.label_en}: reference systems each reading covers"
        figure = ""
        if set_figures:
            written += save(set_figure(sets, title), out / "overlap" / slug / "sets")
            figure = f'<img src="sets.svg" alt="{escape(title)}" style="max-width:100%">'
        _write(out / "overlap" / slug / "sets.html", sets_html(sets, title, figure), written)
    return written
