"""The REST API, linked data and OpenAPI description of a real `govlex serve`, read as data."""

from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from govlex.api.main import create_app
from govlex.api.settings import Settings
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

AWS = "autonomous-weapons-systems"
AWS_IRI = f"https://w3id.org/govlex/id/concept/{AWS}"
VOID = Namespace("http://rdfs.org/ns/void#")


def get(server: str, path: str, **params: str) -> httpx.Response:
    return httpx.get(f"{server}{path}", params=params, timeout=30)


def problem(response: httpx.Response, status: int) -> dict:  # type: ignore[type-arg]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict = response.json()  # type: ignore[type-arg]
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("q", ["自主武器", "自主武器系統", "zizhu wuqi", "zìzhǔ wǔqì", "autonomous weapons"])
def test_search_in_every_script(server: str, q: str) -> None:
    assert AWS in [hit["concept"]["slug"] for hit in get(server, "/api/search", q=q).json()]
    assert AWS in [c["slug"] for c in get(server, "/api/concepts", q=q).json()["items"]]


def test_concept_list_filters_and_pages(server: str) -> None:
    everything = get(server, "/api/concepts", limit="500").json()
    assert everything["total"] == len(everything["items"]) > 1
    page = get(server, "/api/concepts", offset="1", limit="2").json()
    assert page["items"] == everything["items"][1:3]
    for name, value in [("party", "cn"), ("glossary", "us"), ("status", "recorded")]:
        items = get(server, "/api/concepts", limit="500", **{name: value}).json()["items"]
        assert items and all(
            value in c[{"party": "parties", "glossary": "glossaries", "status": "statuses"}[name]]
            for c in items
        )
    problem(get(server, "/api/concepts", limit="0"), 422)


def test_one_concept_side_by_side(server: str) -> None:
    concept = get(server, f"/api/concepts/{AWS}").json()
    assert concept["label_zh"] == "自主武器系统"
    countries = {p["country"] for i in concept["interpretations"] for p in i["parties"]}
    assert {"CN", "US"} <= countries
    assert all(i["citations"] and i["statement_en"] for i in concept["interpretations"])
    assert any(r["kind"] == "broader" for r in concept["relations"])


def test_unknown_names_are_404_listing_what_exists(server: str) -> None:
    assert AWS in problem(get(server, "/api/concepts/no-such-thing"), 404)["known"]
    assert "concept-interpretations" in problem(get(server, "/api/queries/no-such-query"), 404)["known"]
    problem(get(server, "/id/concept/no-such-thing"), 404)


def test_sources_rounds_parties_stats(server: str) -> None:
    assert {p["country"] for p in get(server, "/api/parties").json()} == {"CN", "US"}
    assert all(s["title_en"] for s in get(server, "/api/sources").json())
    numbers = [r["number"] for r in get(server, "/api/rounds").json()]
    assert numbers == sorted(numbers) and numbers
    stats = get(server, "/api/stats").json()
    assert stats["counts"]["Concept"] > 0 and "https://w3id.org/govlex/graph/data" in stats["graphs"]


def test_named_queries_listed_and_run_with_bound_parameters(server: str) -> None:
    listed = {q["name"]: q for q in get(server, "/api/queries").json()}
    assert listed["concept-interpretations"]["parameters"][0]["name"] == "concept"
    rows = get(server, "/api/queries/concept-interpretations", concept=AWS_IRI).json()["results"]["bindings"]
    assert {r["country"]["value"] for r in rows} >= {"CN", "US"}
    # A value is bound as one term: quotes and braces cannot change the query.
    hostile = get(server, "/api/queries/concept-interpretations", concept=AWS_IRI + "> } ; DROP ALL #")
    assert hostile.status_code == 400
    problem(get(server, "/api/queries/concept-interpretations", nonsense="x"), 400)


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ],
)
def test_linked_data_by_content_negotiation(server: str, accept: str, rdflib_format: str) -> None:
    response = httpx.get(f"{server}/id/concept/{AWS}", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert (URIRef(AWS_IRI), RDF.type, URIRef("https://w3id.org/govlex/ontology#Concept")) in graph


def test_linked_data_sends_browsers_to_the_page(server: str) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = httpx.get(f"{server}/id/concept/{AWS}", headers={"Accept": accept})
    assert response.status_code == 303 and response.headers["location"] == f"/concept/{AWS}"
    page = httpx.get(f"{server}/id/concept/{AWS}", headers={"Accept": accept}, follow_redirects=True)
    assert page.headers["content-type"].startswith("text/html")
    assert "自主武器系统" in page.text and 'href="/concept/weapons-systems"' in page.text


def test_void_and_context(server: str) -> None:
    graph = Graph().parse(data=get(server, "/.well-known/void").text, format="turtle")
    dataset = URIRef("https://w3id.org/govlex/dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef(f"{server}/sparql")) in graph
    context = get(server, "/ns/context.jsonld").json()["@context"]
    assert context["glx"] == "https://w3id.org/govlex/ontology#"


def test_every_route_is_documented_with_an_example(server: str) -> None:
    assert get(server, "/docs").status_code == 200
    spec = get(server, "/openapi.json").json()
    api_routes = [path for path in spec["paths"] if path.startswith("/api") or path.startswith("/id")]
    assert {
        "/api/concepts",
        "/api/concepts/{slug}",
        "/api/search",
        "/api/queries/{name}",
        "/id/{path}",
    } <= set(api_routes)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            if path.startswith("/api"):
                contents = operation["responses"]["200"]["content"].values()
                assert any("example" in c or "examples" in c for c in contents), (method, path)


def test_factory_builds_a_fresh_app(built: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(built, tmp_path / "build")
    app = create_app(Settings(build_dir=tmp_path / "build", query_workers=1))
    with TestClient(app) as client:
        assert client.get("/api/parties").status_code == 200
        assert client.get("/sparql", params={"query": "ASK {}"}).json() == {"head": {}, "boolean": True}
