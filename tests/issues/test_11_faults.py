"""Issue 11, item 7: fault and load tests of the real commands. `govlex build` and `govlex site` killed
(kill -9) at random moments and at each step of their final swap (`GOVLEX_KILL_AT`, `govlex.faults`)
leave the previous build or site whole, and the next run cleans up after them; a server keeps answering
while a real build replaces its build folder, and its memory stays bounded over thousands of requests.
Kept small for CI; the figures in docs/operations.md come from these tests run with larger counts."""

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from servers import govlex_process, steady_load

from govlex.build import MANIFEST, NQUADS
from govlex.faults import VARIABLE
from govlex.staging import MANIFEST as GENERATION

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of `folder` and the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    """Staging or old folders beside `folder` (its writers' lock file aside)."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}-"))


def govlex(*args: str, env: dict[str, str], kill_after: float | None = None) -> int:
    """Run `govlex ARGS` to its end, or kill -9 it after `kill_after` seconds; its exit code."""
    process = subprocess.Popen(
        [sys.executable, "-m", "govlex.cli.main", *args],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.wait(timeout=kill_after if kill_after is not None else 900)
    except subprocess.TimeoutExpired:
        if kill_after is None:
            raise
        process.send_signal(signal.SIGKILL)
        process.wait()
    return process.returncode


def assert_complete_build(build: Path) -> None:
    manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    lines = [line for line in (build / NQUADS).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == manifest["triples"]


@pytest.mark.parametrize("moment", ["staging.written", "staging.swapped", "random"])
def test_a_killed_build_leaves_a_whole_build(built: Path, tmp_path: Path, moment: str) -> None:
    build = tmp_path / "build"
    shutil.copytree(built, build)
    before = snapshot(build)
    env = {"GOVLEX_BUILD_DIR": str(build)}
    if moment == "random":  # mostly while loading and validating, sometimes later, rarely never
        code = govlex("build", "--no-reasoner", env=env, kill_after=random.uniform(1, 25))
        assert code in (0, -signal.SIGKILL)
    else:
        code = govlex("build", "--no-reasoner", env={**env, VARIABLE: moment})
        assert code == -signal.SIGKILL
    assert_complete_build(build)
    if moment == "staging.written":  # killed before its swap: the previous build, byte for byte
        assert snapshot(build) == before
    if moment == "staging.swapped":  # killed after: the new build, and the old one left beside it
        assert snapshot(build) != before
        assert leftovers(build)
        assert govlex("build", "--no-reasoner", env=env) == 0  # the next build cleans up and succeeds
        assert_complete_build(build)
        assert leftovers(build) == []


def test_a_site_killed_during_its_final_move_leaves_the_previous_site_whole(
    built: Path, tmp_path: Path
) -> None:
    build = tmp_path / "build"
    shutil.copytree(built, build)
    site = tmp_path / "site"
    (site / "concept").mkdir(parents=True)  # a previous generation, and a file of the user's
    (site / "index.html").write_text("previous generation", encoding="utf-8")
    (site / "concept" / "autonomy.html").write_text("previous generation", encoding="utf-8")
    (site / "CNAME").write_text("glossary.example.org", encoding="utf-8")
    before = snapshot(site)
    env = {"GOVLEX_BUILD_DIR": str(build)}
    assert govlex("site", str(site), env={**env, VARIABLE: "staging.carried"}) == -signal.SIGKILL
    assert snapshot(site) == before  # not a mix: the previous site as it was
    assert leftovers(site)  # the killed run's staging folder, complete but never swapped in
    assert govlex("site", str(site), env=env) == 0  # the next run cleans up and publishes
    assert leftovers(site) == []
    generation = json.loads((site / GENERATION).read_text(encoding="utf-8"))
    assert "index.html" in generation["files"] and "CNAME" not in generation["files"]
    written = {name for name in snapshot(site) if name not in {GENERATION, "CNAME"}}
    assert written == set(generation["files"])
    assert (site / "index.html").read_text(encoding="utf-8") != "previous generation"
    assert (site / "CNAME").read_text(encoding="utf-8") == "glossary.example.org"  # the user's, kept


def test_a_server_keeps_answering_while_a_build_replaces_its_build_folder(
    built: Path, tmp_path: Path
) -> None:
    flags = ("--query-timeout", "1", "--query-workers", "2")
    with govlex_process(tmp_path, built, *flags) as (base, _):
        with steady_load(base) as statuses:
            env = {"GOVLEX_BUILD_DIR": str(tmp_path / "build")}
            assert govlex("build", "--no-reasoner", env=env) == 0
            for _ in range(3):  # workers killed after the swap are replaced from the server's own store
                assert httpx.get(f"{base}/sparql", params={"query": SLOW}, timeout=30).status_code == 503
        assert httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
    assert len(statuses) > 20
    assert set(statuses) == {200}


def rss_kib(pid: int) -> int:
    """Resident memory of `pid` and its children (the query workers), in KiB."""
    total = 0
    for process in [pid, *(int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]:
        for line in Path(f"/proc/{process}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


REQUESTS = 2000  # per phase; docs/operations.md reports a run with 20,000


def test_memory_stays_bounded_over_thousands_of_requests(built: Path, tmp_path: Path) -> None:
    paths = [
        "/sparql?query=ASK%7B%7D",
        "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%2020",
        "/api/stats",
        "/api/concepts",
        "/concept/no-such-concept",
        "/search?q=%FF",
        "/static/site.css",
    ]
    with govlex_process(tmp_path, built) as (base, server), httpx.Client(base_url=base, timeout=30) as client:

        def phase() -> None:
            for i in range(REQUESTS):
                assert client.get(paths[i % len(paths)]).status_code < 500

        phase()  # warm: caches filled, every worker has answered
        warm = rss_kib(server.pid)
        phase()
        phase()
        grown = rss_kib(server.pid) - warm
    print(
        f"memory after warm-up {warm / 1024:.0f} MiB; grown over {2 * REQUESTS} requests {grown / 1024:.1f} MiB"
    )
    assert grown < 0.05 * warm, f"grew {grown} KiB over {2 * REQUESTS} requests after warm-up ({warm} KiB)"
