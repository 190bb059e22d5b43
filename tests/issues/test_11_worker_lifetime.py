"""Issue 11: query workers die with their server. After a test run a worker was found busy at full CPU
ten minutes after its server had gone. However `govlex serve` ends — SIGTERM, SIGINT, or SIGKILL in the
middle of a long query — no process it started may remain."""

import contextlib
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest
from process_tree import alive, descendants, wait_until_busy
from servers import govlex_process

# Runs for hours: three unrelated patterns over the whole store.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_no_worker_outlives_its_server(built: Path, tmp_path: Path, how: signal.Signals) -> None:
    # The worker is still busy with the query when the server goes. SIGTERM and SIGINT let the requests
    # in flight end first (uvicorn's graceful shutdown), which the time limit bounds.
    limit = "600" if how is signal.SIGKILL else "20"
    with govlex_process(tmp_path, built, "--query-timeout", limit, "--query-workers", "2") as (base, server):

        def ask() -> None:
            with contextlib.suppress(httpx.HTTPError):  # the server is gone: expected
                httpx.post(f"{base}/sparql", data={"query": ENDLESS}, timeout=600)

        threading.Thread(target=ask, daemon=True).start()
        tree = descendants(server.pid)
        assert tree, "the server started no query workers"
        wait_until_busy(tree)  # some worker is evaluating the query: stop the server now
        server.send_signal(how)
        server.wait(timeout=120)  # SIGTERM/SIGINT: uvicorn stops; the query in flight must not hold it
        deadline = time.monotonic() + 30
        while survivors := {pid for pid in tree if alive(pid)}:
            assert time.monotonic() < deadline, f"processes outlived the server: {sorted(survivors)}"
            time.sleep(0.2)
