"""`govlex site DIR`: the whole glossary as a static site that opens from disk and can be published as is.

It writes the views (`govlex.viz.views`: graphs, heat maps, set diagrams), then every page in English
at the root and in Chinese under `zh/`, rendered from the same templates `govlex serve` uses, with
links relative to each file (`govlex.api.links.StaticLinks`). Search and the SPARQL page need a
server and are left out. Every page written is checked to load nothing from another host. The graph
views load one copy of vis-network from `static/vis/` rather than each embedding its own. The pages
of the whole graph (documents, the dialogue and its records, criteria, reference systems) are written
too, and each cited thing's Turtle and JSON-LD description under `data/`, where its download links point.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from govlex.api.entity_pages import concept_cite, dataset_cite, every_page, scope_verdicts
from govlex.api.links import StaticLinks, static_data_path, static_page_path
from govlex.api.rendering import alphabetical, columns, home_counts, overlap_context
from govlex.api.sparql.formats import write_triples
from govlex.api.templating import LANGS, STATIC, render
from govlex.viz.offline import external_references
from govlex.viz.views import GraphViews
from pyoxigraph import NamedNode

from govlex.catalog import concept_summaries, get_concept
from govlex.cite import Citable
from govlex.entities import describe
from govlex.errors import GovlexError
from govlex.namespace import ID_BASE, PREFIXES
from govlex.overlap import Measure
from govlex.overlap_ranking import SCREENFUL
from govlex.pinyin import spelled
from govlex.progress import SILENT, Reporter
from govlex.reasoning.results import scope_data
from govlex.store import QueryStore

STYLESHEET = "site.css"


@dataclass(frozen=True)
class Site:
    """What `write_site` wrote: the folder, its pages (HTML from templates) and every file."""

    root: Path
    pages: tuple[Path, ...]
    files: tuple[Path, ...]


def write_site(store: QueryStore, out: Path, progress: Reporter = SILENT) -> Site:
    """Write the complete static site of `store` into `out` (created; existing files are overwritten)."""
    out.mkdir(parents=True, exist_ok=True)
    set_figures = len(concept_summaries(store)) <= SCREENFUL  # see write_views
    views = GraphViews(store, out, libraries=out / "static" / "vis")
    files = views.write_whole()
    shutil.copyfile(STATIC / STYLESHEET, out / "static" / STYLESHEET)
    files.append(out / "static" / STYLESHEET)
    summaries = concept_summaries(store)
    english, by_pinyin = alphabetical(store)
    numbers = home_counts(store)
    data = scope_data(store)
    with_readings = set(data.concepts())
    pages: list[Path] = []
    cited: set[str] = set()

    def page(
        name: str, lang: str, template: str, args: dict[str, str] | None = None, **context: object
    ) -> None:
        args = args or {}
        path = static_page_path(name, lang, **args)
        html = render(template, StaticLinks(lang=lang, here=path), here=(name, args), **context)
        leaks = external_references(html, links=False)
        if leaks:
            raise GovlexError(f"page {path} would load from another host: {', '.join(leaks)}")
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        pages.append(target)
        cite = context.get("cite")
        if isinstance(cite, Citable) and cite.iri.startswith(ID_BASE):
            cited.add(cite.iri)

    for lang in LANGS:
        cite = dataset_cite(store, lang)
        page("home", lang, "home.html", counts=numbers, concepts=summaries, cite=cite)
        page("concepts", lang, "concepts.html", english=english, by_pinyin=by_pinyin, cite=cite)
        page("graph", lang, "graph.html")
        links = StaticLinks(lang=lang, here=static_page_path("overlap", lang))
        page(
            "overlap",
            lang,
            "overlap.html",
            **overlap_context(store, links, "concepts", list(Measure), data=data),
        )
    # Each page of the whole graph read once for both languages (a system page classifies every reading).
    for spec in every_page(store, LANGS[0]):
        for lang in LANGS:
            page(spec.name, lang, spec.template, spec.args, **spec.in_language(lang).context)
    # One concept at a time, its views and both languages' pages from one reading of it and of its
    # readings' overlap: memory stays bounded by one concept.
    for summary in progress.track(summaries, "concepts"):
        concept = get_concept(store, summary.slug)
        readings = views.readings(concept)
        files += views.write_concept(concept, readings, set_figures)
        verdicts = scope_verdicts(store, concept)
        args = {"slug": summary.slug}
        for lang in LANGS:
            page(
                "concept",
                lang,
                "concept.html",
                args,
                c=concept,
                cols=columns(concept),
                pinyin=spelled(concept.label_zh),
                verdicts=verdicts,
                cite=concept_cite(store, concept, lang),
            )
            if summary.iri in with_readings:
                links = StaticLinks(lang=lang, here=static_page_path("overlap_of", lang, **args))
                context = overlap_context(
                    store,
                    links,
                    summary.slug,
                    list(Measure),
                    False,
                    data,
                    set_figures,
                    readings=(concept, readings),
                )
                page("overlap_of", lang, "overlap.html", args, **context)
    files += _write_descriptions(store, out, cited)
    return Site(out, tuple(pages), tuple(files + pages))


def _write_descriptions(store: QueryStore, out: Path, iris: set[str]) -> list[Path]:
    """The Turtle and JSON-LD description of each cited thing, where its page's download links point."""
    written = []
    for iri in sorted(iris):
        triples = describe(store, NamedNode(iri))
        for fmt, syntax in (("ttl", "turtle"), ("jsonld", "jsonld")):
            target = out / static_data_path(iri, fmt)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(write_triples(triples, syntax, PREFIXES))
            written.append(target)
    return written
