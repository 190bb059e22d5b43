"""Issue 17: past `WARM_PAST` concepts, the first pages a visitor opens (a concept page, the overlap
page's default view, the graph page) are computed when `govlex serve` starts, in the background, not by
their first visitor: a real server over 300 generated concepts (the ranked pairs, minutes at 10,000)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from servers import govlex_data_server, wait_until_warm

from govlex.generated import cloned_data, unvalidated_build

# Starts servers and generates data (a minute); the helper is not one conftest recognises by name.
pytestmark = [pytest.mark.server, pytest.mark.slow]
READY = "the overlap page's default view"


@contextmanager
def warmed(tmp: Path, concepts: int) -> Iterator[tuple[str, Path]]:
    """A server over about `concepts` generated concepts, once its log says its start-up warming is done;
    its base URL and log."""
    cloned_data(tmp / "data", concepts)
    unvalidated_build(tmp / "data", tmp / "graph.nq")
    (tmp / "serve").mkdir()
    log = tmp / "serve" / "serve.log"
    with govlex_data_server(tmp / "serve", tmp / "graph.nq") as base:
        # Ready (it answers) whether or not the view is done yet: start-up does not wait for it.
        assert httpx.get(f"{base}/api/stats", timeout=60).status_code == 200
        text = wait_until_warm(log)
        assert "could not be computed ahead" not in text, text
        yield base, log


def test_the_first_pages_are_ready_after_start(tmp_path: Path) -> None:
    with warmed(tmp_path, 300) as (base, log):
        page = httpx.get(f"{base}/overlap", timeout=60)
        assert page.status_code == 200
        assert 'class="pairs most"' in page.text and 'class="heatmap"' not in page.text
        again = httpx.get(f"{base}/overlap?measure=intension&of=concepts&k=20", timeout=60)
        assert again.text == page.text  # the default view, named in full
        text = log.read_text(encoding="utf-8")
        for name in ("a concept page's per-store data", READY, "the graph page's concept graph"):
            assert f"{name} is ready" in text, text
        assert httpx.get(f"{base}/graph", timeout=60).status_code == 200
    assert log.read_text(encoding="utf-8").count(f"{READY} is ready") == 1
