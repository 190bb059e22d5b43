"""Session fixtures shared by the test modules."""

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the bundled data for the whole session, in a private folder."""
    from govlex.build import build

    out = tmp_path_factory.mktemp("build") / "build"
    build(out)
    return out


HISTORY_WORLD = Path(__file__).resolve().parent / "fixtures" / "history"


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Releases of tests/fixtures/history (issue 18): 0.1.0 from state a (no reasoner), 0.2.0 from b (reasoned)."""
    from datetime import date

    from govlex.history.release import make_release

    root = tmp_path_factory.mktemp("releases")
    make_release("0.1.0", root, HISTORY_WORLD / "a", reason=False, issued=date(2026, 1, 10))
    make_release("0.2.0", root, HISTORY_WORLD / "b", reason=True, issued=date(2026, 3, 1))
    return root


@pytest.fixture(scope="session")
def history_server(releases: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`govlex serve` over state b (= release 0.2.0's data) with both releases in its releases folder."""
    from servers import govlex_data_server

    tmp = tmp_path_factory.mktemp("history-serve")
    with govlex_data_server(
        tmp, releases / "0.2.0" / "govlex.nq", {"GOVLEX_RELEASES_DIR": str(releases)}
    ) as url:
        yield url
