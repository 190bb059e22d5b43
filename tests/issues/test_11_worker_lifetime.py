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
from servers import govlex_process

# Runs for hours: three unrelated patterns over the whole store.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, however deep."""
    found: set[int] = set()
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                below = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            stack += sorted(below - found)
            found |= below
    return found


def alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting to be reaped has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


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
        before = {pid: cpu_ticks(pid) for pid in tree}
        # Wait until some worker is evaluating the query (its CPU time grows), then stop the server.
        deadline = time.monotonic() + 60
        while not any(alive(p) and cpu_ticks(p) > before[p] + 20 for p in tree):
            assert time.monotonic() < deadline, "no worker took the query"
            time.sleep(0.2)
        server.send_signal(how)
        server.wait(timeout=120)  # SIGTERM/SIGINT: uvicorn stops; the query in flight must not hold it
        deadline = time.monotonic() + 30
        while survivors := {pid for pid in tree if alive(pid)}:
            assert time.monotonic() < deadline, f"processes outlived the server: {sorted(survivors)}"
            time.sleep(0.2)
