"""The same service over a real Oxigraph server (loaded by `govlex push`) answers as over the embedded store."""

import httpx
import pytest

AWS = "https://w3id.org/govlex/id/concept/autonomous-weapons-systems"
PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX glx: <https://w3id.org/govlex/ontology#>
"""
SUITE = {
    "labels": f"SELECT ?l WHERE {{ <{AWS}> skos:prefLabel|skos:altLabel ?l }}",
    "interpretations": f"SELECT ?i ?country ?status WHERE {{ ?i glx:interprets <{AWS}> ; glx:party/glx:country ?country ; glx:status ?status }}",
    "closure": "SELECT ?c ?b WHERE { ?c skos:broader+ ?b }",
    "substring": 'SELECT ?c WHERE { ?c skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), "weapon")) }',
    "per-party": "SELECT ?party (COUNT(?i) AS ?n) WHERE { ?i glx:party ?party } GROUP BY ?party",
    "graphs": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ask": "ASK {}",
    "dataset": "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/govlex/graph/ontology> WHERE { ?s ?p ?o }",
}


def answer(base: str, query: str) -> object:
    response = httpx.get(f"{base}/sparql", params={"query": PREFIXES + query}, timeout=30)
    assert response.status_code == 200, response.text
    doc = response.json()
    if "boolean" in doc:
        return doc["boolean"]
    return sorted(
        tuple(sorted((k, v["value"]) for k, v in row.items())) for row in doc["results"]["bindings"]
    )


@pytest.mark.parametrize("name", SUITE)
def test_same_answers_on_embedded_and_oxigraph(server: str, remote_server: str, name: str) -> None:
    embedded = answer(server, SUITE[name])
    assert embedded not in ([], None)
    assert answer(remote_server, SUITE[name]) == embedded


@pytest.mark.parametrize(
    "path",
    [
        "/api/concepts/autonomous-weapons-systems",
        "/api/concepts?party=cn",
        "/api/search?q=zizhu%20wuqi",
        "/api/sources",
        "/api/rounds",
        "/api/parties",
    ],
)
def test_same_rest_answers(server: str, remote_server: str, path: str) -> None:
    embedded = httpx.get(server + path, timeout=30)
    remote = httpx.get(remote_server + path, timeout=30)
    assert embedded.status_code == remote.status_code == 200
    assert remote.json() == embedded.json()


def test_push_preserved_the_named_graphs(server: str, oxigraph: str) -> None:
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    direct = httpx.get(
        f"{oxigraph}/query", params={"query": graphs}, headers={"Accept": "application/sparql-results+json"}
    )
    assert {r["g"]["value"] for r in direct.json()["results"]["bindings"]} == {
        g for ((_, g),) in answer(server, graphs)
    }  # type: ignore[misc, union-attr]


def test_remote_endpoint_keeps_the_guards(remote_server: str, oxigraph: str) -> None:
    before = httpx.get(
        f"{oxigraph}/query",
        params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
        headers={"Accept": "text/csv"},
    ).text
    assert httpx.post(f"{remote_server}/sparql", data={"update": "CLEAR ALL"}).status_code == 403
    assert httpx.get(f"{remote_server}/sparql", params={"query": "DROP ALL"}).status_code == 403
    assert (
        httpx.get(
            f"{remote_server}/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> {} }"}
        ).status_code
        == 403
    )
    syntax = httpx.get(f"{remote_server}/sparql", params={"query": "SELECT * WHERE {"})
    assert syntax.status_code == 400
    after = httpx.get(
        f"{oxigraph}/query",
        params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
        headers={"Accept": "text/csv"},
    ).text
    assert before == after
    capped = httpx.get(f"{remote_server}/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert len(capped.json()["results"]["bindings"]) == 50 and "x-result-truncated" in capped.headers
