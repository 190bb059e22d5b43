"""Issue 11: query workers have a memory bound. A query that needs more than `worker_memory_mb` is
stopped with a clear 503 problem (not a 500, not a hung request), its worker is replaced, and the
server goes on answering."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servers import govlex_server

# Each BIND doubles a string: 5 bytes become 5 * 2**26 (about 320 MB) per row, far past the limit below.
_GROW = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(26))
HUNGRY = f'SELECT ?v26 WHERE {{ VALUES ?n {{ 1 2 3 }} BIND(CONCAT("abcd", STR(?n)) AS ?v0) {_GROW} }}'
# The same, small: well within the limit.
_SMALL = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(10))
MODEST = f'SELECT ?v10 WHERE {{ VALUES ?n {{ 1 2 3 }} BIND(CONCAT("abcd", STR(?n)) AS ?v0) {_SMALL} }}'


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`govlex serve` whose workers may add 64 MB, with a time limit the hungry query never reaches."""
    tmp = tmp_path_factory.mktemp("serve-11-memory")
    env = {"GOVLEX_WORKER_MEMORY_MB": "64"}
    with govlex_server(tmp, built, "--query-timeout", "120", "--query-workers", "1", env=env) as url:
        yield url


def test_a_query_over_the_memory_limit_gets_a_503_problem(server: str) -> None:
    for _ in range(2):  # the replaced worker is bound as well
        response = httpx.post(f"{server}/sparql", data={"query": HUNGRY}, timeout=120)
        assert response.status_code == 503, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["title"] == "Memory limit exceeded"
        assert "worker_memory_mb" in response.json()["detail"]


def test_queries_within_the_limit_are_answered(server: str) -> None:
    response = httpx.post(
        f"{server}/sparql", data={"query": MODEST}, headers={"Accept": "application/json"}, timeout=120
    )
    assert response.status_code == 200, response.text
    values = sorted(row["v10"]["value"] for row in response.json()["results"]["bindings"])
    assert values == [f"abcd{n}" * 1024 for n in (1, 2, 3)]
    ask = httpx.get(f"{server}/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/json"})
    assert ask.json()["boolean"] is True
