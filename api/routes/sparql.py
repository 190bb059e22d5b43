"""The SPARQL 1.1 Protocol endpoint at `/sparql`: read-only, bounded in time, size and result count.

Requests are checked before any parser sees them (size, URL length, encoding, parameters, query
length, nesting, update, SERVICE, dataset IRI schemes), then run by the service's engine: worker processes over the embedded
store, or a remote SPARQL server. The path stays lean: no pydantic models, the body is the engine's
finished document, and the routes are plain Starlette routes (FastAPI's dependency solving cost about
0.4 ms per request, a third of an `ASK {}`); `api/sparql/openapi.py` documents them instead.
"""

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from govlex.api.deps import service_of
from govlex.api.routes.linked_data import wants_html
from govlex.api.service import Service
from govlex.api.sparql.formats import GRAPH_MEDIA, GRAPH_TYPES, negotiate, write_triples
from govlex.api.sparql.guard import QueryRefused
from govlex.api.sparql.protocol import READ_ONLY, protocol_job, query_pairs
from govlex.api.sparql.render import Job, truncation_header
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from govlex.namespace import DCT, RDF_TYPE, SD

router = APIRouter()

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


def _check_url(request: Request, service: Service) -> list[tuple[str, str]]:
    raw = request.scope.get("query_string", b"")
    if len(raw) + len(request.url.path) > service.settings.max_url_length:
        raise QueryRefused(
            414, "URI too long", f"the request URL exceeds {service.settings.max_url_length} bytes"
        )
    return query_pairs(raw)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise QueryRefused(413, "Request too large", f"the request body exceeds {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise QueryRefused(413, "Request too large", f"the request body exceeds {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _answer(job: Job, service: Service) -> Response:
    answer = await service.engine.run(job)
    headers = {"Vary": "Accept", **truncation_header(answer)}
    return Response(answer.body, media_type=answer.media, headers=headers)


async def sparql_get(request: Request) -> Response:
    """Run the `query` parameter, or describe the service when there is none."""
    service = service_of(request)
    pairs = _check_url(request, service)
    job = protocol_job(pairs, None, request.headers.get("accept"), service.settings)
    if job is None:
        if pairs:
            raise QueryRefused(400, "Missing query", "parameters were given but no `query`")
        if wants_html(request.headers.get("accept")):  # a browser: the query page, as Fuseki and Oxigraph do
            return RedirectResponse("/query", status_code=303, headers={"Vary": "Accept"})
        return _service_description(request, service)
    return await _answer(job, service)


async def sparql_post(request: Request) -> Response:
    """Run a query sent as a form or as an `application/sparql-query` body."""
    service = service_of(request)
    pairs = _check_url(request, service)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == _UPDATE:
        raise QueryRefused(403, "Read-only endpoint", READ_ONLY)
    if media not in {_FORM, _QUERY}:
        raise QueryRefused(415, "Unsupported media type", f"POST a query as {_FORM} or {_QUERY}")
    body = await _read_body(request, service.settings.max_body_bytes)
    if media == _FORM:
        job = protocol_job(pairs + query_pairs(body), None, request.headers.get("accept"), service.settings)
    else:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise QueryRefused(400, "Invalid encoding", "the query must be UTF-8") from None
        job = protocol_job(pairs, text, request.headers.get("accept"), service.settings)
    if job is None:
        raise QueryRefused(400, "Missing query", "a POST must carry a query")
    return await _answer(job, service)


async def sparql_write(request: Request) -> Response:
    """Refuse every write method: the endpoint is read-only."""
    raise QueryRefused(405, "Read-only endpoint", READ_ONLY)


async def graph_store(request: Request) -> Response:
    """Refuse the Graph Store Protocol: this service only answers queries."""
    if request.method in {"GET", "HEAD"}:
        raise QueryRefused(404, "Not found", "no Graph Store Protocol here; query the graphs at /sparql")
    raise QueryRefused(405, "Read-only endpoint", READ_ONLY)


router.add_route("/sparql", sparql_get, methods=["GET"], include_in_schema=False)
router.add_route("/sparql", sparql_post, methods=["POST"], include_in_schema=False)
router.add_route("/sparql", sparql_write, methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
router.add_route(
    "/store", graph_store, methods=["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"], include_in_schema=False
)

TYPE = NamedNode(RDF_TYPE)


def _service_description(request: Request, service: Service) -> Response:
    base = service.settings.base_url.rstrip("/") or str(request.base_url).rstrip("/")
    endpoint = NamedNode(base + "/sparql")
    node, dataset, default = BlankNode(), BlankNode(), BlankNode()
    sd = {name: NamedNode(SD + name) for name in ("Service", "Dataset", "Graph", "NamedGraph")}
    triples = [
        Triple(node, TYPE, sd["Service"]),
        Triple(node, NamedNode(SD + "endpoint"), endpoint),
        Triple(node, NamedNode(SD + "supportedLanguage"), NamedNode(SD + "SPARQL11Query")),
        Triple(node, NamedNode(SD + "feature"), NamedNode(SD + "UnionDefaultGraph")),
        Triple(node, NamedNode(SD + "defaultDataset"), dataset),
        Triple(dataset, TYPE, sd["Dataset"]),
        Triple(dataset, NamedNode(SD + "defaultGraph"), default),
        Triple(default, TYPE, sd["Graph"]),
    ]
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV"):
        triples.append(
            Triple(node, NamedNode(SD + "resultFormat"), NamedNode(f"http://www.w3.org/ns/formats/{fmt}"))
        )
    for fmt in ("Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(
            Triple(node, NamedNode(SD + "resultFormat"), NamedNode(f"http://www.w3.org/ns/formats/{fmt}"))
        )
    for graph in sorted(service.graphs):
        named = BlankNode()
        triples += [
            Triple(dataset, NamedNode(SD + "namedGraph"), named),
            Triple(named, TYPE, sd["NamedGraph"]),
            Triple(named, NamedNode(SD + "name"), NamedNode(graph)),
        ]
    triples.append(
        Triple(
            node,
            NamedNode(DCT + "description"),
            Literal(READ_ONLY + "; SERVICE refused.", language="en"),
        )
    )
    fmt = negotiate(request.headers.get("accept"), GRAPH_TYPES, "turtle")

    body = write_triples(triples, fmt, {"sd": SD})
    return Response(body, media_type=GRAPH_MEDIA[fmt][0], headers={"Vary": "Accept"})
