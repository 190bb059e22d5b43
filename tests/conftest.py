"""Session fixtures shared by the test modules."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the bundled data for the whole session, in a private folder."""
    from govlex.build import build

    out = tmp_path_factory.mktemp("build") / "build"
    build(out)
    return out
