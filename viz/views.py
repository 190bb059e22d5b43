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

import os
from collections.abc import Iterable
from html import escape
from pathlib import Path

from govlex.viz.figures import heatmap_figure, save, set_figure
from govlex.viz.heatmap import Matrix, heatmap_html, reading_matrix, readings_text_model, screenful_matrix
from govlex.viz.interpretation import interpretation_html
from govlex.viz.neighbourhood import GRAPH_SCREENFUL, filtered_neighbourhood, hub
from govlex.viz.network import ego_html, network_html
from govlex.viz.offline import copy_libraries
from govlex.viz.sets import coverage_sets, sets_html

from govlex.catalog import Concept, concept_summaries, get_concept
from govlex.errors import UnknownName
from govlex.graph import concept_graph
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
    libraries: Path | None = None,
) -> list[Path]:
    """Write the views into `out`, per-concept ones for `slugs` (default: every concept); the files written.

    `set_figures` says whether each concept's set diagram is drawn as PNG and SVG (matplotlib, the
    slowest part of a view); by default only up to a screenful of concepts, since thousands of figures
    take hours. Past a screenful of concepts the network page is the hub concept's neighbourhood too.
    `libraries`: a folder the graph pages load vis-network from (written once), rather than each page
    holding its own copy (0.7 MB).
    """
    views = GraphViews(store, out, libraries)
    chosen = list(slugs) if slugs is not None else [s.slug for s in concept_summaries(store)]
    unknown = [slug for slug in chosen if slug not in views.graph.nodes]
    if unknown:
        raise UnknownName("concept", unknown[0], list(views.graph.nodes))
    if set_figures is None:
        set_figures = len(chosen) <= SCREENFUL
    written = views.write_whole()
    for slug in progress.track(chosen, "concept views"):
        concept = get_concept(store, slug)
        written += views.write_concept(concept, views.readings(concept), set_figures)
    return written


class GraphViews:
    """The views of one store written into `out`: the whole graph's, then one concept's at a time."""

    def __init__(self, store: QueryStore, out: Path, libraries: Path | None = None) -> None:
        self.store, self.out, self.libraries = store, out, libraries
        self.graph = concept_graph(store)
        self.data = scope_data(store)

    def _libraries(self, page: Path) -> str | None:
        """The URL of the library folder from `page`, or None to hold the libraries inline."""
        if self.libraries is None:
            return None
        return Path(os.path.relpath(self.libraries, page.parent)).as_posix()

    def write_whole(self) -> list[Path]:
        """The network page, the concepts' heat maps and the library files; the files written."""
        written: list[Path] = []
        path = self.out / "graph" / "network.html"
        if len(self.graph.nodes) > GRAPH_SCREENFUL:
            centre = hub(self.graph)
            near = filtered_neighbourhood(self.graph, centre, 1)
            network = ego_html(near, centre, 1, self._libraries(path))
        else:
            network = network_html(self.graph, libraries=self._libraries(path))
        _write(path, network, written)
        for measure in Measure:
            matrix = screenful_matrix(self.store, self.data, measure)
            stem = self.out / "overlap" / f"concepts-{measure.value}"
            _write(stem.with_suffix(".html"), heatmap_html(matrix, measure, self.data), written)
            written += save(heatmap_figure(matrix, measure), stem)
        if self.libraries is not None:
            written += copy_libraries(self.libraries)
        return written

    def readings(self, concept: Concept) -> Matrix:
        """The matrix of the concept's readings, for its heat maps (and the site's overlap page)."""
        return reading_matrix(self.data, concept.iri, readings_text_model(self.store, self.data))

    def write_concept(self, concept: Concept, readings: Matrix, set_figures: bool) -> list[Path]:
        """One concept's views: its neighbourhood, its readings, their heat maps and set diagram."""
        written: list[Path] = []
        slug, data = concept.slug, self.data
        ego = self.out / "graph" / "ego" / f"{slug}.html"
        _write(ego, ego_html(self.graph, slug, 1, self._libraries(ego)), written)
        path = self.out / "graph" / "interpretations" / f"{slug}.html"
        _write(path, interpretation_html(concept, self._libraries(path)), written)
        for measure in Measure:
            path = self.out / "overlap" / slug / f"readings-{measure.value}.html"
            _write(path, heatmap_html(readings, measure, data), written)
        sets = coverage_sets(data, concept.iri)
        title = f"{concept.label_en}: reference systems each reading covers"
        figure = ""
        if set_figures:
            written += save(set_figure(sets, title), self.out / "overlap" / slug / "sets")
            figure = f'<img src="sets.svg" alt="{escape(title)}" style="max-width:100%">'
        _write(self.out / "overlap" / slug / "sets.html", sets_html(sets, title, figure), written)
        return written
