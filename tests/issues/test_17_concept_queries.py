"""Issues 13 and 17: a concept page and `/api/concepts/{slug}` cost at most two SPARQL queries.

Counted where it matters, on the wire: a real `govlex serve --store` reads a real Oxigraph server
(loaded with `govlex push`) through a proxy that records every request it forwards. Values kept per
store (the search index, the reasoner's results, the build date) are read on the store's first
requests, so each count is taken after one page and one API entry of another concept have been served.
"""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servers import counting_proxy, govlex_server, pushed_oxigraph

MOST = 2  # the budget of issue 17: one page or API entry, at most two round trips to the store


@pytest.fixture(scope="module")
def counted(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """`govlex serve` over Oxigraph through a counting proxy: its base URL and the proxy's record."""
    tmp = tmp_path_factory.mktemp("concept-queries")
    with (
        pushed_oxigraph(tmp, built) as oxigraph,
        counting_proxy(oxigraph) as (proxy, seen),
        govlex_server(tmp, built, "--store", f"{proxy}/query") as base,
    ):
        for warm in ("/concept/lethality", "/api/concepts/lethality"):
            assert httpx.get(base + warm, timeout=120).status_code == 200
        yield base, seen


def queries_made(counted: tuple[str, list[str]], path: str) -> tuple[httpx.Response, list[str]]:
    base, seen = counted
    before = len(seen)
    response = httpx.get(base + path, timeout=120)
    return response, [request for request in seen[before:] if " /query" in request]


def test_the_proxy_sees_the_servers_queries(counted: tuple[str, list[str]]) -> None:
    response, made = queries_made(counted, "/api/concepts?q=lethal")
    assert response.status_code == 200
    response, made = queries_made(counted, "/api/parties")
    assert response.status_code == 200 and made, "a store read the proxy did not see"


def test_concept_page_costs_at_most_two_queries(counted: tuple[str, list[str]]) -> None:
    response, made = queries_made(counted, "/concept/autonomous-weapons-systems")
    assert response.status_code == 200
    assert "自主武器系统" in response.text and "DoD Directive 3000.09" in response.text
    assert 1 <= len(made) <= MOST, made


def test_api_concept_costs_at_most_two_queries(counted: tuple[str, list[str]]) -> None:
    response, made = queries_made(counted, "/api/concepts/human-machine-interaction")
    assert response.status_code == 200
    body = response.json()
    assert body["interpretations"] and body["history"]["readings"]
    assert 1 <= len(made) <= MOST, made


def test_an_unknown_concept_costs_one_query_and_answers_404(counted: tuple[str, list[str]]) -> None:
    response, made = queries_made(counted, "/api/concepts/no-such-concept")
    assert response.status_code == 404
    assert len(made) == 1, made
