"""The HTML pages of `govlex serve`: home, concept, index, search, graph and overlap views, SPARQL page.

Server-rendered from `api/templates/` (see `govlex.api.rendering`), usable without JavaScript except
the graphs and the query editor; `?lang=zh` switches every page to Chinese. The graph views are the
same self-contained files `govlex viz` and `govlex site` write, made on request. The graph and
figure routes import their view modules on first use: pyvis and matplotlib take about 120 MB, which
a server that only answers queries should not carry.
"""

import asyncio
from typing import Annotated, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse, Response
from govlex.api.deps import ServiceDep, StoreDep
from govlex.api.entity_pages import concept_cite, dataset_cite, scope_verdicts
from govlex.api.links import ServedLinks
from govlex.api.overlap_pairs import DEFAULT_MEASURE, DEFAULT_PAIRS, MOST_PAIRS, selection_from
from govlex.api.rendering import alphabetical, columns, concept_readings, home_counts, overlap_context
from govlex.api.sparql.guard import QueryRefused, check_query
from govlex.api.sparql.render import Job
from govlex.api.templating import STATIC, render
from govlex.viz.heatmap import Matrix, heatmap_html, screenful_matrix
from govlex.viz.neighbourhood import GRAPH_SCREENFUL, MAX_NODES, SIDES, filtered_neighbourhood, hub
from govlex.viz.sets import coverage_sets, sets_html
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, parse, parse_query_results

from govlex.catalog import concept_description, concept_summaries, get_concept, search
from govlex.graph import RELATIONS, ConceptGraph, concept_graph
from govlex.history.timeline import concept_history
from govlex.overlap import Measure
from govlex.pinyin import spelled
from govlex.reasoning.results import scope_data

router = APIRouter(tags=["pages"], include_in_schema=False)

Lang = Annotated[str, Query(pattern="^(en|zh)$")]
Format = Literal["png", "svg", "html"]
PAGE_ROWS = 1000  # rows the SPARQL page shows; the /sparql endpoint serves full results


def _page(
    template: str, lang: str, here: tuple[str, dict[str, str]], status: int = 200, **context: object
) -> HTMLResponse:
    return HTMLResponse(render(template, ServedLinks(lang=lang), here=here, **context), status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(store: StoreDep, lang: Lang = "en") -> HTMLResponse:
    """What govlex is, its counts, a search box and the concepts."""
    return _page(
        "home.html",
        lang,
        ("home", {}),
        counts=home_counts(store),
        concepts=concept_summaries(store),
        cite=dataset_cite(store, lang),
    )


@router.get("/concept/{slug}", response_class=HTMLResponse)
def concept_page(slug: str, store: StoreDep, lang: Lang = "en") -> HTMLResponse:
    """One concept: both sides' interpretations in two columns, notes, relations, mappings and graphs."""
    described = concept_description(
        store, slug
    )  # an unknown slug raises: the error page (govlex.api.problems)
    concept = get_concept(store, slug, described)
    return _page(
        "concept.html",
        lang,
        ("concept", {"slug": slug}),
        c=concept,
        cols=columns(concept),
        pinyin=spelled(concept.label_zh),
        history=concept_history(store, concept.iri, described=described),
        verdicts=scope_verdicts(store, concept),
        cite=concept_cite(store, concept, lang),
    )


@router.get("/concepts", response_class=HTMLResponse)
def index_page(store: StoreDep, lang: Lang = "en") -> HTMLResponse:
    """The alphabetical index, by English label and by pinyin."""
    english, by_pinyin = alphabetical(store)
    return _page(
        "concepts.html",
        lang,
        ("concepts", {}),
        english=english,
        by_pinyin=by_pinyin,
        cite=dataset_cite(store, lang),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(store: StoreDep, q: str = "", lang: Lang = "en") -> HTMLResponse:
    """Concepts whose labels match `q` (English, Chinese, pinyin)."""
    return _page("search.html", lang, ("search", {"q": q}), q=q, hits=search(store, q))


@router.get("/graph", response_class=HTMLResponse)
def graph_page(
    store: StoreDep,
    concept: str = "",
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    kind: Annotated[list[str] | None, Query()] = None,
    side: Annotated[list[str] | None, Query()] = None,
    lang: Lang = "en",
) -> HTMLResponse:
    """The concept network, in the site's frame; past a screenful of concepts, one concept's filtered
    neighbourhood (a concept named by slug or found by search, its neighbours to `depth` steps)."""
    graph = _concept_graph(store)
    if len(graph.nodes) <= GRAPH_SCREENFUL:
        return _page("graph.html", lang, ("graph", {}))
    centre = _centre(store, graph, concept)
    kinds, sides = [k for k in kind or [] if k], [s for s in side or [] if s]
    query = urlencode([("depth", depth), *(("kind", k) for k in kinds), *(("side", s) for s in sides)])
    return _page(
        "graph.html",
        lang,
        ("graph", {}),
        neighbourhood={
            "centre": graph.nodes[centre],
            "asked": concept,
            "found": not concept
            or concept == centre
            or concept in (graph.nodes[centre].label_en, graph.nodes[centre].label_zh),
            "depth": depth,
            "kinds": kinds,
            "sides": sides,
            "all_kinds": list(RELATIONS),
            "all_sides": SIDES,
            "total": len(graph.nodes),
            "limit": MAX_NODES,
            "src": f"/graph/ego/{quote(centre)}.html?{query}",
        },
    )


def _concept_graph(store: StoreDep) -> ConceptGraph:
    return store.derived("concept_graph", lambda: concept_graph(store))


def _centre(store: StoreDep, graph: ConceptGraph, asked: str) -> str:
    """The concept a neighbourhood view starts from: `asked` as a slug, else the best search hit, else the hub."""
    if asked in graph.nodes:
        return asked
    if asked:
        hits = [hit.concept.slug for hit in search(store, asked) if hit.concept.slug in graph.nodes]
        if hits:
            return hits[0]
    return hub(graph)


@router.get("/graph/network.html", response_class=HTMLResponse)
def network_view(store: StoreDep) -> HTMLResponse:
    """The concept network as a self-contained page; past a screenful, the hub concept's neighbourhood."""
    from govlex.viz.network import ego_html, network_html  # on first use (see above)

    graph = _concept_graph(store)
    if len(graph.nodes) > GRAPH_SCREENFUL:
        centre = hub(graph)
        return HTMLResponse(ego_html(filtered_neighbourhood(graph, centre, 1), centre, 1))
    return HTMLResponse(network_html(graph))


@router.get("/graph/ego/{slug}.html", response_class=HTMLResponse)
def ego_view(
    slug: str,
    store: StoreDep,
    depth: Annotated[int, Query(ge=0, le=4)] = 1,
    kind: Annotated[list[str] | None, Query()] = None,
    side: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    """One concept's neighbourhood to `depth` relation steps, only over relation kinds `kind` and concepts
    interpreted by `side` (all when not given), at most `MAX_NODES` concepts."""
    from govlex.viz.network import ego_html  # on first use (see above)

    graph = _concept_graph(store)
    if slug not in graph.nodes:
        get_concept(store, slug)  # an unknown slug raises: the error page
    unknown = [s for s in side or [] if s and s not in SIDES]
    if unknown:
        raise HTTPException(400, f"unknown side {unknown[0]!r}; use one of {', '.join(SIDES)}")
    try:
        near = filtered_neighbourhood(
            graph, slug, depth, [k for k in kind or [] if k], [s for s in side or [] if s]
        )
    except ValueError as wrong:
        raise HTTPException(400, str(wrong)) from None
    return HTMLResponse(ego_html(near, slug, depth))


@router.get("/graph/interpretations/{slug}.html", response_class=HTMLResponse)
def interpretation_view(slug: str, store: StoreDep) -> HTMLResponse:
    """Each side's readings of one concept, their criteria and covered systems."""
    from govlex.viz.interpretation import interpretation_html  # on first use (see above)

    return HTMLResponse(interpretation_html(get_concept(store, slug)))


@router.get("/query", response_class=HTMLResponse)
async def sparql_page(service: ServiceDep, query: str = "", lang: Lang = "en") -> HTMLResponse:
    """The SPARQL page: an editor, the named queries as examples, and the results as a table."""
    examples = [q for q in service.queries if q.kind == "named"]
    text = query or (examples[0].text if examples else "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    table, error, status = None, "", 200
    if query:
        try:
            table = await _run(service, query)
        except QueryRefused as refused:
            error, status = f"{refused.title}: {refused.detail}", refused.status
    return _page(
        "sparql.html",
        lang,
        ("sparql", {}),
        status=status,
        query=text,
        examples=examples,
        table=table,
        error=error,
    )


async def _run(service: ServiceDep, query: str) -> dict[str, object]:
    """Run `query` through the service's guarded engine; the answer as headers and rows of strings."""
    settings = service.settings
    analysis = check_query(query, settings.max_query_depth, settings.max_query_length)
    defaults, named = tuple(analysis.from_graphs), tuple(analysis.from_named)
    dataset = defaults or named
    cap = min(settings.result_cap, PAGE_ROWS)
    job = Job(
        query,
        defaults if dataset else None,
        named if dataset else None,
        "json",
        "ntriples",
        cap,
        max_bytes=settings.max_result_bytes,
        cheap=analysis.cheap,
        inline=analysis.inline,
    )
    answer = await service.engine.run(job)
    if answer.media.startswith("application/n-triples"):
        triples = await asyncio.to_thread(lambda: list(parse(answer.body, format=RdfFormat.N_TRIPLES)))
        rows = [[str(q.subject), str(q.predicate), str(q.object)] for q in triples]
        return {"head": ["subject", "predicate", "object"], "rows": rows, "truncated": answer.truncated}
    result = parse_query_results(answer.body, format=QueryResultsFormat.JSON)
    if isinstance(result, QueryBoolean):
        return {"head": ["ASK"], "rows": [[str(bool(result)).lower()]], "truncated": False}
    assert isinstance(result, QuerySolutions)
    head = [v.value for v in result.variables]
    rows = [[_cell(solution[name]) for name in head] for solution in result]
    return {"head": head, "rows": rows, "truncated": answer.truncated}


def _cell(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", str(term))
    language = getattr(term, "language", None)
    return f"{value} @{language}" if language else str(value)


@router.get("/static/{path:path}")
def static_file(path: str) -> Response:
    """The pages' stylesheet and the query editor's scripts, shipped with the package."""
    try:
        target = (STATIC / path).resolve()
        found = target.is_relative_to(STATIC) and target.is_file()
    except OSError:  # a name too long for the file system, or a loop of links: not a file we ship
        found = False
    if not found:
        raise HTTPException(404, "no such file")
    return FileResponse(target)


@router.get("/overlap", response_class=HTMLResponse)
def overlap_page(
    store: StoreDep,
    scope: str = "concepts",
    measure: Measure = DEFAULT_MEASURE,
    of: Literal["concepts", "interpretations"] = "concepts",
    party: Literal["", "us", "cn", "joint"] = "",
    glossary: Annotated[list[str] | None, Query()] = None,
    k: Annotated[int, Query(ge=1, le=MOST_PAIRS)] = DEFAULT_PAIRS,
    order: Literal["alphabetical", "clustered"] = "alphabetical",
    lang: Lang = "en",
) -> HTMLResponse:
    """Overlap between concepts or between one concept's readings, by measure; a concept's set diagram.
    Past a screenful of concepts: the k most and least overlapping pairs, filtered by kind, side, glossary."""
    data = scope_data(store)
    selection = selection_from(data, of, party, glossary or [])
    context = overlap_context(
        store, ServedLinks(lang=lang), scope, [measure], data=data, selection=selection, k=k, order=order
    )
    return _page("overlap.html", lang, ("overlap", {"scope": scope, "measure": measure.value}), **context)


@router.get("/overlap/concepts-{measure}.{fmt}")
def concepts_overlap_file(store: StoreDep, measure: Measure, fmt: Format) -> Response:
    """The concepts' heat map for one measure as PNG, SVG or a self-contained HTML page; past a screenful
    of concepts, the heat map of the concepts in the most overlapping pairs (`screenful_matrix`)."""
    data = scope_data(store)
    matrix = screenful_matrix(store, data, measure)
    if fmt == "html":
        return HTMLResponse(heatmap_html(matrix, measure, data))
    return _heatmap_file(matrix, measure, fmt)


@router.get("/overlap/{slug}/readings-{measure}.{fmt}")
def readings_overlap_file(slug: str, store: StoreDep, measure: Measure, fmt: Format) -> Response:
    """The heat map of one concept's readings for one measure as PNG, SVG or HTML."""
    data = scope_data(store)
    _, matrix = concept_readings(store, data, slug)  # an unknown slug: a 404 problem
    if fmt == "html":
        return HTMLResponse(heatmap_html(matrix, measure, data))
    return _heatmap_file(matrix, measure, fmt)


@router.get("/overlap/{slug}/sets.{fmt}")
def sets_file(slug: str, store: StoreDep, fmt: Format) -> Response:
    """Which reference systems each reading of one concept covers: Venn or UpSet, as PNG, SVG or HTML."""
    data = scope_data(store)
    concept = get_concept(store, slug)  # an unknown slug: a 404 problem
    sets = coverage_sets(data, concept.iri)
    title = f"{concept.label_en}: reference systems each reading covers"
    from govlex.viz.figures import inline_svg, set_figure, to_bytes  # on first use (see above)

    if fmt == "html":
        return HTMLResponse(sets_html(sets, title, inline_svg(set_figure(sets, title))))
    return _image(to_bytes(set_figure(sets, title), fmt), fmt)


def _heatmap_file(matrix: Matrix, measure: Measure, fmt: str) -> Response:
    from govlex.viz.figures import heatmap_figure, to_bytes  # on first use (see above)

    return _image(to_bytes(heatmap_figure(matrix, measure), fmt), fmt)


def _image(body: bytes, fmt: str) -> Response:
    return Response(body, media_type="image/png" if fmt == "png" else "image/svg+xml")
