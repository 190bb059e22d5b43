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


# Fixtures that start server processes; tests that use them (or the server helpers directly) are `server`.
SERVER_FIXTURES = {"server", "remote", "oxigraph", "virtuoso", "site", "history_server"}
SERVER_HELPERS = ("govlex_server", "oxigraph_server", "pushed_oxigraph", "virtuoso_server", "running")
# Tests that run `govlex` as a subprocess (each start imports the whole CLI) are `slow`, and so are these
# modules, for the reason given.
SLOW_HELPERS = ("run_cli",)
SLOW_MODULES = {
    "test_definitions.py": "runs HermiT (Java) on each fixture",
    "test_linking_shared.py": "loads every shared external vocabulary",
    "test_2.py": "builds a wheel",
    "test_build.py": "builds the bundled data",
    "test_11_inputs.py": "feeds hostile inputs to the real loaders until their time and size limits stop them",
    "test_lazy_imports.py": "starts Python processes that import the whole command line and app",
}
SLOW_TESTS = {
    "test_bundled_data_passes_every_check": "validates the bundled data with the reasoner",
    "test_store_and_pyshacl_agree": "validates every fixture and the bundled data twice",
    "test_the_comparison_sees_failures_of_every_store_constraint": "validates once per store constraint",
    "test_nesting_is_never_undercounted": "parses many generated queries",
    "test_build_on_a_full_disk_says_so_in_one_line": "builds the bundled data",
    "test_data_file_over_the_size_limit_is_refused_before_parsing": "writes and refuses a large file",
    "test_invalid_fixture_fails_its_named_check": "validates each invalid fixture in full (SHACL and gates)",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by what they start, so `make check` can leave them out: `browser` (tests/browser/),
    `server` (a real server process), `slow` (a full build, a CLI subprocess, Java, or marked by hand)."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        module = getattr(item, "module", None)
        names = vars(module) if module is not None else {}
        if "browser" in Path(str(item.path)).parts:
            item.add_marker(pytest.mark.browser)
        if used & SERVER_FIXTURES or any(name in names for name in SERVER_HELPERS):
            item.add_marker(pytest.mark.server)
        if (
            used & {"built", "releases"}
            or any(name in names for name in SLOW_HELPERS)
            or item.path.name in SLOW_MODULES
            or getattr(item, "originalname", item.name) in SLOW_TESTS
        ):
            item.add_marker(pytest.mark.slow)
