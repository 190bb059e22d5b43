"""Issue 11, defect 2: a new build must not break a running server. `govlex serve` reads its own store
folder, never the build folder a build replaces; it switches to a new build whole; a worker killed at
the time limit is always replaced (or the server says why and stops); no zombie processes."""

import json
import shutil
import time
from pathlib import Path

import httpx
import pytest
from servers import govlex_process, steady_load

from govlex.build import MANIFEST, NQUADS
from govlex.staging import replaced_folder

# Far slower than the time limit below: three unrelated patterns over the whole store.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MARKER = (
    "<https://example.org/marker> <https://example.org/p> <https://example.org/o> <https://example.org/g> ."
)
ASK_MARKER = "ASK { GRAPH ?g { <https://example.org/marker> ?p ?o } }"
FLAGS = ("--query-timeout", "1", "--query-workers", "2")
FOLLOW = {"GOVLEX_BUILD_CHECK_INTERVAL": "0.3"}


def sparql(base: str, query: str, timeout: float = 30) -> httpx.Response:
    return httpx.get(
        f"{base}/sparql", params={"query": query}, headers={"Accept": "application/json"}, timeout=timeout
    )


def asks(base: str, query: str) -> bool:
    response = sparql(base, query)
    assert response.status_code == 200, response.text
    answer: bool = response.json()["boolean"]
    return answer


def next_build(build: Path, tag: str) -> None:
    """Replace `build` the way `govlex build` does (`replaced_folder`), with one triple more and a new
    input hash, so the server can tell the builds apart."""
    manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    data = (build / NQUADS).read_text(encoding="utf-8")
    with replaced_folder(build) as staging:
        (staging / NQUADS).write_text(data + MARKER + "\n", encoding="utf-8")
        (staging / MANIFEST).write_text(json.dumps({**manifest, "input_hash": tag}), encoding="utf-8")


def children(pid: int) -> list[tuple[int, str]]:
    """The child processes of `pid` and their states (Z: a zombie nobody reaped)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            stat = Path(f"/proc/{child}/stat").read_text()
            found.append((int(child), stat.rsplit(")", 1)[1].split()[0]))
    return found


def wait_for(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not hold in time"
        time.sleep(0.2)


def test_timeouts_after_a_new_build_still_get_fresh_workers(built: Path, tmp_path: Path) -> None:
    with govlex_process(tmp_path, built, *FLAGS, env=FOLLOW) as (base, server):
        next_build(tmp_path / "build", "second")  # what `govlex build` does to the folder
        for _ in range(4):  # twice the pool: every worker is killed and replaced at least once
            response = sparql(base, SLOW)
            assert response.status_code == 503
            # "Busy" when the replacements are still starting (a slow machine), never anything else
            assert response.json()["title"] in {"Time limit exceeded", "Busy"}
        # The pool comes back whole, rather than answering "503 Busy" until restarted as it did,
        # and it now serves the new build.
        wait_for(lambda: sparql(base, ASK_MARKER).status_code == 200 and asks(base, ASK_MARKER), 120)
        assert sparql(base, SLOW).json()["title"] == "Time limit exceeded"
        assert asks(base, ASK_MARKER)
        # A killed worker is a zombie for the moment until it is reaped, never longer.
        wait_for(lambda: "Z" not in [state for _, state in children(server.pid)], 10)
        assert server.poll() is None
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Task exception was never retrieved" not in log
    assert "FileNotFoundError" not in log


def test_the_server_switches_under_load_and_removes_the_old_store(built: Path, tmp_path: Path) -> None:
    stores = tmp_path / "stores"
    with govlex_process(tmp_path, built, *FLAGS, env=FOLLOW) as (base, _):
        assert not (tmp_path / "build" / "oxigraph").exists()  # nothing of the server's in the build
        (first,) = [p for p in stores.iterdir() if not p.name.startswith(".")]
        # Pages keep values with their store, some referring back to it (the scope data): a cycle that
        # kept the old store's files and folder until a full garbage collection happened to run.
        for page in ("/concept/autonomous-weapons-systems", "/overlap", "/graph"):
            assert httpx.get(f"{base}{page}", timeout=60).status_code == 200
        with steady_load(base) as statuses:
            next_build(tmp_path / "build", "second")
            wait_for(lambda: asks(base, ASK_MARKER))
        assert len(statuses) > 10 and set(statuses) == {200}  # no request failed across the switch
        stats = httpx.get(f"{base}/api/stats", timeout=30).json()
        assert stats["build"]["input_hash"] == "second"  # the REST side switched with the endpoint
        wait_for(lambda: not first.exists())  # the old store, no longer held, is removed
        assert len([p for p in stores.iterdir() if not p.name.startswith(".")]) == 1


def test_a_pool_that_cannot_start_workers_says_why_and_stops(built: Path, tmp_path: Path) -> None:
    with govlex_process(tmp_path, built, *FLAGS) as (base, server):
        for store in (tmp_path / "stores").iterdir():  # an operator error: the store deleted under it
            if store.is_dir():
                shutil.rmtree(store)
        assert sparql(base, SLOW).status_code == 503  # the worker is killed and cannot be replaced
        try:
            server.wait(timeout=60)
        except Exception:
            pytest.fail("the server kept running without query workers")
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "stopping: no query worker could be started over" in log
    assert "Task exception was never retrieved" not in log


def test_a_build_check_interval_of_zero_keeps_the_first_build(built: Path, tmp_path: Path) -> None:
    env = {"GOVLEX_BUILD_CHECK_INTERVAL": "0"}
    with govlex_process(tmp_path, built, *FLAGS, env=env) as (base, _):
        next_build(tmp_path / "build", "second")
        time.sleep(1.5)  # several check intervals of the other tests: nothing to wait for here
        assert not asks(base, ASK_MARKER)
        assert sparql(base, "ASK {}").status_code == 200


def test_a_server_leaves_complete_stores_and_no_staging_folders(built: Path, tmp_path: Path) -> None:
    """A store folder is complete when it appears: its key file is written last, inside staging."""
    with govlex_process(tmp_path, built, *FLAGS) as _:
        pass
    for store in (tmp_path / "stores").iterdir():
        if not store.name.startswith("."):
            assert (store / "govlex-key").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [
        p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")
    ]
