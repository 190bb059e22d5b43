"""Load on `/sparql` (issue 11): cheap queries under a storm of expensive ones, memory over many requests
and for huge answers, against a real `govlex serve` on the bundled build with its default settings.

    .venv/bin/python bench/sparql_load.py                    # 200 clients for 60 s, then the memory runs
    .venv/bin/python bench/sparql_load.py --clients 50 --duration 10

1. Baseline: `--clients` clients send only cheap queries (`ASK {}`, one subject's values) for a tenth of
   the duration: cheap p50/p99.
2. Storm: the same clients for `--duration` seconds, one request in ten expensive (a three-way cross
   product and a regex over a join, both stopped by the time limit): cheap p50/p99 again, its ratio to
   the baseline, the statuses seen, and the peak memory (PSS over the server's process tree).
3. Many requests: `--requests` cheap and medium queries; the main process's RSS before and after.
4. Huge answers: queries whose rows are 80 MB strings (built by CONCAT in the worker); the main
   process's peak RSS while they run, against its RSS before (the byte cap keeps answers to 16 MB).
Prints a Markdown report.
"""

import argparse
import asyncio
import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from lean_client import Connection
from sparql_bench import bundled_triples, start, tree_pss_mb

CHEAP = [
    "ASK {}",
    "SELECT ?o WHERE { <https://w3id.org/govlex/id/concept/autonomous-weapons-systems> ?p ?o }",
]
EXPENSIVE = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "(a|aa)*(b|bb)*c$")) }',
]
MEDIUM = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } LIMIT 200"
_GROW = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(24))
HUGE = f'SELECT ?v24 WHERE {{ VALUES ?n {{ 1 2 3 }} BIND(CONCAT("abcd", STR(?n)) AS ?v0) {_GROW} }}'


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler:
    """Peak of `measure()` sampled every 0.2 s in a thread."""

    def __init__(self, measure: Callable[[], float]) -> None:
        self.measure, self.peak, self.stop = measure, 0.0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(OSError):  # the process may be gone at the very end
                self.peak = max(self.peak, self.measure())
            time.sleep(0.2)

    def __enter__(self) -> "Sampler":
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


async def drive(
    url: str, clients: int, duration: float, expensive_every: int
) -> tuple[list[float], dict[str, int]]:
    """`clients` loops for `duration` s; every `expensive_every`-th request is expensive (0: none).
    Returns the cheap requests' latencies (ms) and a count per kind and status."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    end = time.monotonic() + duration
    counter = 0

    async def loop() -> None:
        nonlocal counter
        connection = Connection(url + "/sparql")
        cheap = [connection.request_bytes(q) for q in CHEAP]
        expensive = [connection.request_bytes(q) for q in EXPENSIVE]
        while time.monotonic() < end:
            counter += 1
            heavy = expensive_every and counter % expensive_every == 0
            request = expensive[counter % 2] if heavy else cheap[counter % 2]
            began = time.perf_counter()
            kind = "expensive" if heavy else "cheap"
            try:
                status, _ = await connection.send(request)
            except (OSError, asyncio.IncompleteReadError, ValueError) as err:
                # counted, not raised: a dropped connection is a finding
                key = f"{kind} {type(err).__name__}"
                statuses[key] = statuses.get(key, 0) + 1
                continue
            key = f"{kind} {status}"
            statuses[key] = statuses.get(key, 0) + 1
            if not heavy:
                latencies.append((time.perf_counter() - began) * 1000)
        connection.close()

    await asyncio.gather(*(loop() for _ in range(clients)))
    return latencies, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--huge", type=int, default=6)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bundled.nt"
        bundled_triples(data)
        with start("govlex", data, Path(tmp), govlex_flags=()) as server:
            process = server.process
            url = server.url.removesuffix("/sparql")
            base_lat, base_status = asyncio.run(drive(url, args.clients, max(args.duration / 10, 3), 0))
            with Sampler(lambda: tree_pss_mb(process.pid)) as memory:
                storm_lat, storm_status = asyncio.run(drive(url, args.clients, args.duration, 10))

            before = rss_mb(process.pid)
            with httpx.Client(base_url=url, timeout=60) as client:
                for i in range(args.requests):
                    client.post("/sparql", data={"query": MEDIUM if i % 2 else CHEAP[i % 2]})
            after = rss_mb(process.pid)

            huge_before = rss_mb(process.pid)
            sizes = []
            with (
                Sampler(lambda: rss_mb(process.pid)) as main_peak,
                httpx.Client(base_url=url, timeout=120) as client,
            ):
                for _ in range(args.huge):
                    response = client.post("/sparql", data={"query": HUGE})
                    sizes.append(
                        (
                            response.status_code,
                            len(response.content),
                            response.headers.get("x-result-truncated"),
                        )
                    )
            huge_after = rss_mb(process.pid)
        log = (Path(tmp) / "govlex-bundled.log").read_text(errors="replace")

    cpus = os.cpu_count()
    load = os.getloadavg()[0]
    print(
        f"## `bench/sparql_load.py` — {time.strftime('%Y-%m-%d')}, {cpus} CPUs, load average {load:.1f} at the end\n"
    )
    print(
        f"{args.clients} clients. Baseline: cheap only, {max(args.duration / 10, 3):g} s. Storm: {args.duration:g} s, one request in ten expensive.\n"
    )
    print("| phase | cheap requests | cheap p50 ms | cheap p99 ms | statuses |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, lat, status in (("baseline", base_lat, base_status), ("storm", storm_lat, storm_status)):
        shown = ", ".join(f"{k}: {v}" for k, v in sorted(status.items()))
        print(f"| {name} | {len(lat)} | {percentile(lat, 0.5):.1f} | {percentile(lat, 0.99):.1f} | {shown} |")
    ratio = percentile(storm_lat, 0.99) / percentile(base_lat, 0.99)
    print(
        f"\nCheap p99 under the storm / baseline: {ratio:.2f}. Peak PSS of the server's process tree during the storm: {memory.peak:.0f} MB.\n"
    )
    print(f"Main process RSS over {args.requests} more requests: {before:.0f} → {after:.0f} MB.\n")
    print(
        f"Huge answers ({args.huge} queries, rows of 80 MB strings): main process RSS {huge_before:.0f} MB before, "
        f"peak {main_peak.peak:.0f} MB, {huge_after:.0f} MB after; answers (status, bytes, truncation): {sizes[:2]}…"
    )

    if log.strip():
        print("\nServer log (last lines):\n\n```\n" + "\n".join(log.splitlines()[-15:]) + "\n```")


if __name__ == "__main__":
    main()
