"""`/api/queries`: the named queries of `queries/*.rq`, listed with their metadata and run with bound parameters."""

from typing import Any

from fastapi import APIRouter, Request, Response
from govlex.api.deps import ServiceDep
from govlex.api.problems import PROBLEM_RESPONSES
from govlex.api.sparql.formats import GRAPH_TYPES, RESULT_TYPES, negotiate
from govlex.api.sparql.guard import QueryRefused
from govlex.api.sparql.render import Job, truncation_header

from govlex.store import values_clause

router = APIRouter(prefix="/api", tags=["queries"])

_EXAMPLE = {
    "name": "concept-interpretations",
    "kind": "named",
    "summary": "One concept's interpretations side by side.",
    "description": "",
    "tags": ["concepts", "interpretations"],
    "parameters": [{"name": "concept", "iri": True, "description": "IRI of the concept"}],
}


@router.get("/queries", responses={200: {"content": {"application/json": {"example": [_EXAMPLE]}}}})
def list_queries(service: ServiceDep) -> list[dict[str, Any]]:
    """Every query in `queries/` with its `#+` metadata (summary, description, tags, parameters)."""
    return [
        {
            "name": q.name,
            "kind": q.kind,
            "summary": q.summary,
            "description": q.description,
            "tags": list(q.tags),
            "parameters": [
                {"name": p.name, "iri": p.is_iri, "description": p.description} for p in q.parameters
            ],
        }
        for q in service.queries
    ]


@router.get(
    "/queries/{name}",
    responses={
        **PROBLEM_RESPONSES,
        200: {
            "description": "SPARQL results (JSON by default; XML, CSV, TSV by Accept).",
            "content": {
                "application/sparql-results+json": {
                    "example": {"head": {"vars": ["x"]}, "results": {"bindings": []}}
                }
            },
        },
    },
)
async def run_query(name: str, request: Request, service: ServiceDep) -> Response:
    """Run a named query; each query parameter binds the query's parameter of that name as a term."""
    named = service.queries.get(name)
    try:
        bound = named.bindings(dict(request.query_params))
    except ValueError as err:
        raise QueryRefused(400, "Bad parameters", str(err)) from None
    accept = request.headers.get("accept")
    job = Job(
        query=named.text + values_clause({variable.value: term for variable, term in bound.items()}),
        default_graphs=None,
        named_graphs=None,
        result_format=negotiate(accept, RESULT_TYPES, "json"),
        graph_format=negotiate(accept, GRAPH_TYPES, "turtle"),
        cap=service.settings.result_cap,
        max_bytes=service.settings.max_result_bytes,
    )
    answer = await service.engine.run(job)
    headers = {"Vary": "Accept", **truncation_header(answer)}  # the format follows the Accept header
    return Response(answer.body, media_type=answer.media, headers=headers)
