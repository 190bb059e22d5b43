"""The SPARQL endpoint over HTTP against a real `govlex serve`, with SPARQLWrapper and httpx as clients."""

import asyncio
import csv
import io
import json
from collections.abc import Iterator

import httpx
import pytest
from helpers import run_async
from pyoxigraph import QueryResultsFormat, QuerySolutions, parse_query_results
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from servers import loopback_listener
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

AWS = "https://w3id.org/govlex/id/concept/autonomous-weapons-systems"
LABELS = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE {{ <{AWS}> skos:prefLabel ?label }} ORDER BY ?label"""
CONSTRUCT = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT {{ <{AWS}> ?p ?o }} WHERE {{ <{AWS}> ?p ?o FILTER(!isBlank(?o)) }}"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DATA_GRAPH = "https://w3id.org/govlex/graph/data"
ONTOLOGY_GRAPH = "https://w3id.org/govlex/graph/ontology"


def sparql(server: str, query: str, **params: str) -> httpx.Response:
    return httpx.get(f"{server}/sparql", params={"query": query, **params}, timeout=30)


def bindings(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def count(server: str) -> int:
    return int(bindings(sparql(server, COUNT))[0]["n"])


def problem(response: httpx.Response, status: int) -> str:
    """Assert a problem document with `status` and no internals; return its detail."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert "Traceback" not in response.text and "/work/" not in response.text and ".py" not in response.text
    return str(body["detail"])


# ---------------------------------------------------------------- SPARQLWrapper, every format


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_in_every_format(server: str, fmt: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(LABELS)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == JSON:
        labels = [row["label"]["value"] for row in result["results"]["bindings"]]
    elif fmt == XML:
        labels = [node.firstChild.firstChild.data for node in result.getElementsByTagName("binding")]
    else:
        text = result.decode("utf-8") if isinstance(result, bytes) else result
        labels = [line.strip().strip('"').split('"@')[0] for line in text.strip().splitlines()[1:]]
    assert sorted(labels) == ["autonomous weapons systems", "自主武器系统"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_ask_and_methods(server: str, method: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod(method)
    client.setQuery(f"ASK {{ <{AWS}> ?p ?o }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_sparqlwrapper_construct_parses_back_to_the_same_graph(server: str, fmt: str) -> None:
    reference = Graph().parse(
        data=httpx.get(
            f"{server}/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"}
        ).text,
        format="nt",
    )
    assert len(reference) > 5
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    graph = (
        result
        if isinstance(result, Graph)
        else Graph().parse(data=result, format={TURTLE: "turtle", N3: "turtle", JSONLD: "json-ld"}[fmt])
    )
    assert isomorphic(graph, reference)


def test_sparqlwrapper_reports_a_syntax_error(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery("SELECT * WHERE { ?s ?p ")
    with pytest.raises(QueryBadFormed):
        client.query()


# ---------------------------------------------------------------- protocol forms and formats with httpx

FORMS = {
    "get": lambda s, q: httpx.get(f"{s}/sparql", params={"query": q}),
    "post-form": lambda s, q: httpx.post(f"{s}/sparql", data={"query": q}),
    "post-query": lambda s, q: httpx.post(
        f"{s}/sparql", content=q.encode(), headers={"Content-Type": "application/sparql-query"}
    ),
}


@pytest.mark.parametrize("form", FORMS)
def test_every_protocol_form_gives_the_same_bindings(server: str, form: str) -> None:
    rows = bindings(FORMS[form](server, LABELS))
    assert sorted(r["label"] for r in rows) == ["autonomous weapons systems", "自主武器系统"]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, QueryResultsFormat.JSON),
        ("application/sparql-results+json", QueryResultsFormat.JSON),
        ("application/sparql-results+xml", QueryResultsFormat.XML),
        ("text/tab-separated-values", QueryResultsFormat.TSV),
        ("text/csv", QueryResultsFormat.CSV),
    ],
)
def test_select_results_by_accept_header(server: str, accept: str | None, fmt: QueryResultsFormat) -> None:
    response = httpx.get(
        f"{server}/sparql", params={"query": LABELS}, headers={"Accept": accept} if accept else {}
    )
    assert response.status_code == 200
    if fmt == QueryResultsFormat.CSV:  # lossy, so pyoxigraph does not read it back: read it as CSV
        labels = [row["label"] for row in csv.DictReader(io.StringIO(response.text))]
    else:
        parsed = parse_query_results(response.content, format=fmt)
        assert isinstance(parsed, QuerySolutions)
        labels = [row["label"].value for row in parsed]
    assert sorted(labels) == ["autonomous weapons systems", "自主武器系统"]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_by_accept_header_parses_back(server: str, accept: str, rdflib_format: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert (URIRef(AWS), None, None) in graph
    describe = httpx.get(
        f"{server}/sparql", params={"query": f"DESCRIBE <{AWS}>"}, headers={"Accept": accept}
    )
    assert (URIRef(AWS), None, None) in Graph().parse(data=describe.content, format=rdflib_format)


def test_protocol_dataset_selects_graphs(server: str) -> None:
    concepts = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/govlex/ontology#Concept> }"
    assert int(bindings(sparql(server, concepts, **{"default-graph-uri": DATA_GRAPH}))[0]["n"]) > 0
    assert int(bindings(sparql(server, concepts, **{"default-graph-uri": ONTOLOGY_GRAPH}))[0]["n"]) == 0
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = bindings(sparql(server, named, **{"named-graph-uri": ONTOLOGY_GRAPH}))
    assert [r["g"] for r in rows] == [ONTOLOGY_GRAPH]
    from_query = f"SELECT (COUNT(?c) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?c a <https://w3id.org/govlex/ontology#Concept> }}"
    assert int(bindings(sparql(server, from_query))[0]["n"]) == 0


def test_service_description(server: str) -> None:
    response = httpx.get(f"{server}/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(f"{server}/sparql")) in graph
    assert (None, URIRef(sd + "name"), URIRef(DATA_GRAPH)) in graph


def test_openapi_documents_the_protocol(server: str) -> None:
    operations = httpx.get(f"{server}/openapi.json").json()["paths"]["/sparql"]
    get_parameters = {p["name"] for p in operations["get"]["parameters"]}
    assert get_parameters == {"query", "default-graph-uri", "named-graph-uri"}
    assert set(operations["post"]["requestBody"]["content"]) == {
        "application/x-www-form-urlencoded",
        "application/sparql-query",
    }
    answers = operations["get"]["responses"]
    assert {"application/sparql-results+json", "text/csv", "text/turtle", "application/ld+json"} <= set(
        answers["200"]["content"]
    )
    assert "application/problem+json" in answers["400"]["content"]
    example = operations["get"]["parameters"][0]["example"]
    assert len(bindings(sparql(server, example))) == 5


# ---------------------------------------------------------------- read-only on every path


@pytest.mark.parametrize(
    "send",
    [
        lambda s: httpx.post(f"{s}/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        lambda s: httpx.post(
            f"{s}/sparql",
            content=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={"Content-Type": "application/sparql-update"},
        ),
        lambda s: httpx.get(f"{s}/sparql", params={"update": "CLEAR ALL"}),
        lambda s: httpx.get(f"{s}/sparql", params={"query": "LOAD <http://127.0.0.1:9/x.ttl>"}),
        lambda s: httpx.get(f"{s}/sparql", params={"query": "PREFIX a: <urn:a> DELETE WHERE { ?s ?p ?o }"}),
        lambda s: httpx.post(f"{s}/sparql", data={"query": "DROP ALL"}),
        lambda s: httpx.put(
            f"{s}/sparql",
            content=b"<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": "application/n-triples"},
        ),
        lambda s: httpx.put(
            f"{s}/store",
            params={"graph": DATA_GRAPH},
            content=b"",
            headers={"Content-Type": "application/n-triples"},
        ),
        lambda s: httpx.delete(f"{s}/store", params={"default": ""}),
        lambda s: httpx.post(
            f"{s}/store",
            content=b"<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": "application/n-triples"},
        ),
    ],
)
def test_writes_are_refused_and_change_nothing(server: str, send) -> None:  # type: ignore[no-untyped-def]
    before = count(server)
    response = send(server)
    assert 400 <= response.status_code < 500
    assert "read-only" in response.text
    assert count(server) == before


# ---------------------------------------------------------------- no outbound connection, no file read


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A local TCP port that records whether anyone connected to it."""
    with loopback_listener() as listening:
        yield listening


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <http://localhost:{port}/> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ service <http://[::ffff:127.0.0.1]:{port}/> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE <http://2130706433:{port}/> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        "SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
    ],
)
def test_queries_never_connect_out_or_read_files(
    server: str, listener: tuple[int, list[bytes]], template: str
) -> None:
    port, seen = listener
    response = sparql(server, template.format(port=port))
    assert 400 <= response.status_code < 500
    assert "root:" not in response.text
    assert seen == []


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_protocol_dataset_iris_of_non_graph_schemes_are_refused(server: str, param: str) -> None:
    iri = "file:///etc/passwd"
    detail = problem(sparql(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", **{param: iri}), 400)
    assert iri in detail


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * FROM <http://127.0.0.1:{port}/g> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_unknown_dataset_graphs_are_empty_and_never_fetched(
    server: str, listener: tuple[int, list[bytes]], template: str
) -> None:
    port, seen = listener
    assert bindings(sparql(server, template.format(port=port))) == []
    assert seen == []


# ---------------------------------------------------------------- malformed and conflicting requests


@pytest.mark.parametrize(
    ("send", "status"),
    [
        (lambda s: httpx.get(f"{s}/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400),
        (lambda s: httpx.post(f"{s}/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"}), 400),
        (lambda s: httpx.get(f"{s}/sparql", params={"query": "  "}), 400),
        (lambda s: httpx.get(f"{s}/sparql?query=ASK%7B%FF%7D"), 400),
        (
            lambda s: httpx.post(
                f"{s}/sparql", content=b"ASK {\xff}", headers={"Content-Type": "application/sparql-query"}
            ),
            400,
        ),
        (lambda s: httpx.post(f"{s}/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415),
        (lambda s: httpx.post(f"{s}/sparql", data={"default-graph-uri": DATA_GRAPH}), 400),
        (
            lambda s: httpx.post(
                f"{s}/sparql", content=b"", headers={"Content-Type": "application/x-www-form-urlencoded"}
            ),
            400,
        ),
        (lambda s: httpx.patch(f"{s}/sparql", content=b"x"), 405),
        (lambda s: httpx.get(f"{s}/sparql", params={"default-graph-uri": DATA_GRAPH}), 400),
    ],
)
def test_malformed_requests_get_a_clean_4xx(server: str, send, status: int) -> None:  # type: ignore[no-untyped-def]
    problem(send(server), status)


def test_syntax_error_is_400_with_parser_message_and_position(server: str) -> None:
    detail = problem(sparql(server, "SELECT * WHERE {\n  ?s ?p "), 400)
    assert "2:" in detail and "expected" in detail


def test_limits_before_evaluation(server: str) -> None:
    problem(httpx.post(f"{server}/sparql", data={"query": "ASK {} #" + "x" * 2_000_000}), 413)
    problem(httpx.get(f"{server}/sparql", params={"query": "ASK {} #" + "x" * 40_000}), 414)
    detail = problem(sparql(server, "SELECT * WHERE " + "{" * 1000 + "}" * 1000), 400)
    assert "depth" in detail
    problem(sparql(server, "SELECT * WHERE { FILTER(" + "(" * 1000 + "1" + ")" * 1000 + ") }"), 400)
    assert sparql(server, "ASK {}").json()["boolean"] is True


# ---------------------------------------------------------------- cap and time limit


def test_results_are_capped_and_say_so(server: str) -> None:
    response = sparql(server, "SELECT * WHERE { ?s ?p ?o }")
    assert len(bindings(response)) == 50
    assert response.headers["x-result-truncated"].startswith("true")
    small = sparql(server, LABELS)
    assert "x-result-truncated" not in small.headers
    construct = httpx.get(
        f"{server}/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert len(Graph().parse(data=construct.text, format="nt")) == 50
    assert construct.headers["x-result-truncated"].startswith("true")


EXPLOSIVE = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "(a|aa)*(b|bb)*c$")) }',
    "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?f) ?c",
]


@pytest.mark.parametrize("query", EXPLOSIVE)
def test_time_limit_stops_explosive_queries_while_others_are_served(server: str, query: str) -> None:
    async def scenario() -> tuple[httpx.Response, list[int]]:
        async with httpx.AsyncClient(base_url=server, timeout=60) as client:
            explosive = asyncio.create_task(client.get("/sparql", params={"query": query}))
            await asyncio.sleep(0.2)  # let it reach a worker first
            statuses: list[int] = []
            while not explosive.done():
                statuses.append((await client.get("/sparql", params={"query": LABELS})).status_code)
            return await explosive, statuses

    explosive, statuses_meanwhile = run_async(scenario())
    # A sort over a cross product also grows: on a slow machine the worker's memory bound may stop it first.
    stopped_by = ("the query ran longer than the limit", "the query needed more memory than a query worker")
    assert problem(explosive, 503).startswith(stopped_by if "ORDER BY" in query else stopped_by[:1])
    assert statuses_meanwhile and set(statuses_meanwhile) == {200}
    assert sparql(server, "ASK {}").json()["boolean"] is True


def test_a_burst_of_200_requests_is_answered_and_the_service_survives(server: str) -> None:
    async def burst() -> list[int]:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(base_url=server, timeout=60, limits=limits) as client:
            responses = await asyncio.gather(
                *(client.get("/sparql", params={"query": LABELS}) for _ in range(200))
            )
        return [r.status_code for r in responses]

    statuses = run_async(burst())
    assert set(statuses) <= {200, 429, 503} and 200 in statuses
    assert sparql(server, "ASK {}").json()["boolean"] is True


# ---------------------------------------------------------------- CORS


def test_cors_allows_any_origin_without_credentials(server: str) -> None:
    response = httpx.get(
        f"{server}/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    preflight = httpx.options(
        f"{server}/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers


def test_json_results_are_valid_documents(server: str) -> None:
    response = sparql(server, "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?o }")
    doc = json.loads(response.content)
    assert doc["head"]["vars"] == ["s", "o"]
    assert all(row["o"]["type"] == "literal" and "xml:lang" in row["o"] for row in doc["results"]["bindings"])
    assert io.BytesIO(response.content).read()  # the whole body arrived
