"""Fixtures of the issue tests: two releases of the history test world (issue 18)."""

from datetime import date
from pathlib import Path

import pytest
from helpers import FIXTURES

HISTORY_WORLD = FIXTURES / "history"


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Releases of tests/fixtures/history: 0.1.0 from state a (without the reasoner), 0.2.0 from b (with it)."""
    from govlex.history.release import make_release

    root = tmp_path_factory.mktemp("releases")
    make_release("0.1.0", root, HISTORY_WORLD / "a", reason=False, issued=date(2026, 1, 10))
    make_release("0.2.0", root, HISTORY_WORLD / "b", reason=True, issued=date(2026, 3, 1))
    return root
