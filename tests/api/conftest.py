"""Session fixtures of the service tests: one `govlex serve` on the embedded store, and for each remote
store (a real Oxigraph server, a real Virtuoso) the server loaded by `govlex push` and one
`govlex serve --store` over it (processes started by `servers`)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse
from servers import Remote, govlex_server, push, pushed_oxigraph, virtuoso_server

from govlex.build import NQUADS

# Short limits keep the tests quick and make the cap and the time limit reachable.
TIME_LIMIT = "3"
CAP = "50"


@pytest.fixture(scope="session")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `govlex serve` over the bundled build."""
    tmp = tmp_path_factory.mktemp("serve")
    with govlex_server(tmp, built, "--query-timeout", TIME_LIMIT, "--result-cap", CAP) as url:
        yield url


@pytest.fixture(scope="session")
def oxigraph(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Query endpoint of a real Oxigraph server holding the bundled build, loaded with `govlex push`."""
    tmp = tmp_path_factory.mktemp("oxigraph")
    with pushed_oxigraph(tmp, built) as url:
        yield f"{url}/query"


@pytest.fixture(scope="session")
def virtuoso(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Query endpoint of a real Virtuoso holding the bundled build, loaded with `govlex push` through its
    Graph Store endpoint with digest authentication, its graphs (and only those) readable anonymously."""
    tmp = tmp_path_factory.mktemp("virtuoso")
    with virtuoso_server(tmp) as server:
        push(
            built,
            f"{server.base}/sparql-graph-crud-auth",
            "--user",
            "dba",
            env={"GOVLEX_STORE_PASSWORD": "dba"},
        )
        quads = parse(path=str(built / NQUADS), format=RdfFormat.N_QUADS)
        server.publish(sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)}))
        yield f"{server.base}/sparql"


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def remote(
    request: pytest.FixtureRequest, built: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Remote]:
    """Each remote store in turn, loaded by `govlex push`, with `govlex serve --store` over it."""
    endpoint: str = request.getfixturevalue(request.param)
    tmp = tmp_path_factory.mktemp(f"serve-{request.param}")
    with govlex_server(
        tmp, built, "--store", endpoint, "--query-timeout", TIME_LIMIT, "--result-cap", CAP
    ) as url:
        yield Remote(request.param, endpoint, url)
