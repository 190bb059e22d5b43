"""Session fixtures of the service tests: one `govlex serve` on the embedded store, one Oxigraph server
loaded by `govlex push`, and one `govlex serve --store` over it (processes started by `servers`)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import govlex_server, pushed_oxigraph

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
    """Base URL of a real Oxigraph server holding the bundled build, loaded with `govlex push`."""
    tmp = tmp_path_factory.mktemp("oxigraph")
    with pushed_oxigraph(tmp, built) as url:
        yield url


@pytest.fixture(scope="session")
def remote_server(built: Path, oxigraph: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `govlex serve --store` over the Oxigraph server."""
    tmp = tmp_path_factory.mktemp("serve-remote")
    with govlex_server(
        tmp, built, "--store", f"{oxigraph}/query", "--query-timeout", TIME_LIMIT, "--result-cap", CAP
    ) as url:
        yield url
