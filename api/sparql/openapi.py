"""The OpenAPI description of `/sparql`, written out by hand.

The endpoint's routes are plain Starlette routes (no dependency solving, no pydantic: the cheapest
path through the app), so FastAPI cannot describe them; `create_app` merges this path item into the
generated schema, so `/docs` documents the protocol and schemathesis exercises it.
"""

from typing import Any

from govlex.api.problems import PROBLEM
from govlex.api.sparql.formats import GRAPH_MEDIA, RESULT_MEDIA

from govlex.namespace import sparql_prologue

_DESCRIPTION = (
    "SPARQL 1.1 Protocol query endpoint. `query` (GET, or POST form / `application/sparql-query` body), "
    "`default-graph-uri`, `named-graph-uri`; results by Accept: SPARQL JSON (default), XML, CSV, TSV; "
    "graphs: Turtle (default), N-Triples, JSON-LD, RDF/XML. Without a query: the service description."
)
_EXAMPLE_QUERY = (
    sparql_prologue("skos") + "SELECT ?concept ?label WHERE { ?concept skos:prefLabel ?label } LIMIT 5"
)
_EXAMPLE_RESULT = {
    "head": {"vars": ["concept", "label"]},
    "results": {
        "bindings": [
            {
                "concept": {"type": "uri", "value": "https://w3id.org/govlex/id/concept/autonomy"},
                "label": {"type": "literal", "value": "autonomy", "xml:lang": "en"},
            }
        ]
    },
}
_DATASET_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"{role}; a graph of this store (see the service description) or, for any other "
        "http, https, urn or tag IRI, an empty graph (never fetched).",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    }
    for name, role in (
        ("default-graph-uri", "A graph whose union forms the default graph"),
        ("named-graph-uri", "A graph available to GRAPH patterns"),
    )
]
_ANSWERS: dict[str, Any] = {
    "200": {
        "description": "The complete result document (`X-Result-Truncated` says when the cap cut it), "
        "or the service description when no query was given.",
        "content": {
            RESULT_MEDIA["json"]: {"example": _EXAMPLE_RESULT},
            **{
                media.split(";")[0]: {"schema": {"type": "string"}}
                for key, media in RESULT_MEDIA.items()
                if key != "json"
            },
            **{media.split(";")[0]: {"schema": {"type": "string"}} for media, _ in GRAPH_MEDIA.values()},
        },
    },
    **{
        str(status): {"description": meaning, "content": {PROBLEM: {"schema": {"type": "object"}}}}
        for status, meaning in (
            (400, "Syntax error (with the parser's message and position), or a malformed request."),
            (403, "SPARQL Update, LOAD or SERVICE: this endpoint is read-only and makes no connections."),
            (413, "The request body is larger than the limit."),
            (414, "The request URL is longer than the limit."),
            (415, "POST with a media type other than a form or `application/sparql-query`."),
            (503, "Over the time limit (the query was stopped), or every worker busy; `Retry-After` is set."),
        )
    },
}
_QUERY_PARAMETER = {
    "name": "query",
    "in": "query",
    "required": False,
    "description": "The SPARQL 1.1 query; without it (and with no other parameter) the service description.",
    "schema": {"type": "string"},
    "example": _EXAMPLE_QUERY,
}


def sparql_path_item() -> dict[str, Any]:
    """The OpenAPI path item of `/sparql`: GET and POST with the protocol's parameters and answers."""
    return {
        "get": {
            "tags": ["sparql"],
            "summary": "SPARQL query (GET) or service description",
            "description": _DESCRIPTION,
            "operationId": "sparql_get",
            "parameters": [_QUERY_PARAMETER, *_DATASET_PARAMETERS],
            "responses": _ANSWERS,
        },
        "post": {
            "tags": ["sparql"],
            "summary": "SPARQL query (POST)",
            "description": _DESCRIPTION,
            "operationId": "sparql_post",
            "parameters": _DATASET_PARAMETERS,
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": {
                            "type": "object",
                            "properties": {"query": {"type": "string"}},
                            "required": ["query"],
                        },
                        "example": {"query": _EXAMPLE_QUERY},
                    },
                    "application/sparql-query": {
                        "schema": {"type": "string"},
                        "example": _EXAMPLE_QUERY,
                    },
                },
            },
            "responses": _ANSWERS,
        },
    }
