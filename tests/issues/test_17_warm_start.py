"""Issue 17: the first pages a visitor opens (a concept page, the overlap page's default view, the graph
page) are computed when `govlex serve` starts, in the background, not by their first visitor: real
servers over generated concepts, past the screenful of 60 (the ranked pairs, seconds at 10,000
concepts) and within it (the heat map)."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from servers import govlex_data_server

from govlex.generated import cloned_data, unvalidated_build

# Starts servers and generates data (a minute); the helper is not one conftest recognises by name.
pytestmark = [pytest.mark.server, pytest.mark.slow]
READY = "the overlap page's default view is ready"


@contextmanager
def warmed(tmp: Path, concepts: int) -> Iterator[tuple[str, Path]]:
    """A server over about `concepts` generated concepts, once its log says the default view is ready;
    its base URL and log."""
    cloned_data(tmp / "data", concepts)
    unvalidated_build(tmp / "data", tmp / "graph.nq")
    (tmp / "serve").mkdir()
    log = tmp / "serve" / "serve.log"
    with govlex_data_server(tmp / "serve", tmp / "graph.nq") as base:
        # Ready (it answers) whether or not the view is done yet: start-up does not wait for it.
        assert httpx.get(f"{base}/api/stats", timeout=60).status_code == 200
        deadline = time.monotonic() + 300
        while READY not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert READY in log.read_text(encoding="utf-8"), log.read_text(encoding="utf-8")
        yield base, log


def test_the_ranked_pairs_are_ready_after_start(tmp_path: Path) -> None:
    with warmed(tmp_path, 100) as (base, log):
        page = httpx.get(f"{base}/overlap", timeout=60)
        assert page.status_code == 200
        assert 'class="pairs most"' in page.text and 'class="heatmap"' not in page.text
        again = httpx.get(f"{base}/overlap?measure=intension&of=concepts&k=20", timeout=60)
        assert again.text == page.text  # the default view, named in full
    assert log.read_text(encoding="utf-8").count(READY) == 1


def test_every_first_page_of_a_small_graph_is_ready_after_start(tmp_path: Path) -> None:
    with warmed(tmp_path, 50) as (base, log):
        deadline = time.monotonic() + 300
        while log.read_text(encoding="utf-8").count(" is ready (") < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        text = log.read_text(encoding="utf-8")
        for name in ("a concept page's per-store data", "the graph page's concept graph"):
            assert f"{name} is ready" in text, text
        assert "could not be computed ahead" not in text
        page = httpx.get(f"{base}/overlap", timeout=60)
        assert page.status_code == 200 and 'class="heatmap"' in page.text
        assert httpx.get(f"{base}/graph", timeout=60).status_code == 200
