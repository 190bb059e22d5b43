"""Benchmark of govlex over a remote store: `govlex serve --store` on Virtuoso beside the embedded store.

    .venv/bin/python bench/remote_bench.py                       # ~1M triples, 10 s per measurement
    .venv/bin/python bench/remote_bench.py --size 100k --duration 5

In one run, on the same generated data (`sparql_bench.generate`: the bundled build plus concepts in the
govlex model): `govlex serve --data` (the embedded store), Virtuoso loaded by its bulk loader and asked
directly (what the server costs alone), and `govlex serve --store` over that Virtuoso (what a deployment
that keeps its data on a Virtuoso pays). For each: the query mix of `sparql_bench` at concurrency 8
(throughput, p50, p99, and CPU time per request, which other load on the machine skews less than rates;
for govlex over Virtuoso, both processes' CPU), each query alone at concurrency 1 (p50: the cost of one
request), and the peak memory of the process tree. The three run side by side and are measured in interleaved rounds, the best
round of each kept. Prints Markdown tables with the ratios to the embedded store.

The mix is `sparql_bench.MIX` with its closure written from constant starts (a UNION of two paths):
Virtuoso 7.2 refuses a transitive path whose start is bound only by VALUES. Virtuoso is started with the
test suite's own launcher (tests/servers.py: its own database folder and ini, loopback ports, stopped
at the end).
"""

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sparql_bench import (
    AWS,
    MIX,
    PREFIXES,
    SIZES,
    Result,
    Server,
    bundled_triples,
    generate,
    latency,
    measure,
    tree_cpu_seconds,
)
from sparql_bench import start as start_server

from govlex.namespace import graph_iri, id_iri

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from servers import free_port, running, virtuoso_server

DEEP = str(id_iri("concept", "gen-3000"))
PORTABLE_MIX = {
    **MIX,
    "closure": f"""SELECT ?c ?b WHERE {{ {{ <{AWS}> skos:broader+ ?b BIND(<{AWS}> AS ?c) }}
  UNION {{ <{DEEP}> skos:broader+ ?b BIND(<{DEEP}> AS ?c) }} }}""",
}
GRAPH = str(graph_iri("bench"))
"""The named graph the generated data is loaded into on Virtuoso (its default graph is the union)."""
BUFFERS = 100_000
"""Virtuoso's page cache, 8 kB pages (about 800 MB at most): enough to hold a million triples."""


@contextmanager
def virtuoso_with(data: Path, work: Path) -> Iterator[Server]:
    """Virtuoso holding `data` in one named graph, loaded by its bulk loader, readable anonymously."""
    tmp = Path(tempfile.mkdtemp(prefix="virtuoso-", dir=work))
    with virtuoso_server(tmp, buffers=BUFFERS) as virtuoso:
        folder = tmp / "virtuoso"  # the database folder, the one folder the loader may read
        os.link(data, folder / data.name)
        virtuoso.sql(
            f"ld_dir('{folder}', '{data.name}', '{GRAPH}'); rdf_loader_run(); checkpoint;"
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0);"
            f"DB.DBA.RDF_GRAPH_USER_PERMS_SET ('{GRAPH}', 'nobody', 1);"
        )
        yield Server("virtuoso", f"{virtuoso.base}/sparql", virtuoso.process)
    shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def govlex_over(store: str, work: Path) -> Iterator[Server]:
    """`govlex serve --store` over the query endpoint `store`, with the bench's limits."""
    port = free_port()
    command = [sys.executable, "-m", "govlex.cli.main", "serve", "--store", store, "--port", str(port)]
    command += ["--result-cap", "100000", "--query-timeout", "60"]
    url = f"http://127.0.0.1:{port}/sparql"
    with running(command, f"{url}?query=ASK%7B%7D", work / "govlex-on-virtuoso.log") as process:
        yield Server("govlex on virtuoso", url, process)


def run(
    server: Server, concurrency: int, duration: float, store: Server | None = None
) -> tuple[Result, dict[str, Result]]:
    """The mix at `concurrency` (after a warm-up), then each query alone at concurrency 1. The mix's CPU
    time counts the server's process tree and, for govlex over a remote store, the `store`'s too."""
    queries = list(PORTABLE_MIX.values())
    measure(server, queries, concurrency, min(duration, 3))  # warm-up
    before = tree_cpu_seconds(store.process.pid) if store else 0.0
    mix = measure(server, queries, concurrency, duration)
    mix.cpu_seconds += tree_cpu_seconds(store.process.pid) - before if store else 0.0
    alone = {name: latency(server.url, PREFIXES + q, duration / 2) for name, q in PORTABLE_MIX.items()}
    return mix, alone


def check_answers_agree(servers: list[Server]) -> None:
    """Every mix query answers the same rows on every server: the run compares like with like."""
    for name, query in PORTABLE_MIX.items():
        if name == "ask":
            continue  # a boolean (Virtuoso asked directly sends a table instead; govlex reads either)
        answers: dict[str, list[str]] = {}
        for server in servers:
            response = httpx.post(
                server.url,
                data={"query": PREFIXES + query},
                headers={"Accept": "application/sparql-results+json"},
                timeout=120,
            )
            response.raise_for_status()
            rows = response.json()["results"]["bindings"]
            if name == "substring":  # LIMIT without ORDER BY: any 100 of the matches, so only how many
                rows = [{"rows": {"value": str(len(rows))}}]
            answers[server.name] = sorted(
                str(sorted((k, v["value"]) for k, v in row.items())) for row in rows
            )
        if any(rows != answers[servers[0].name] for rows in answers.values()):
            raise SystemExit(
                f"the servers disagree on {name}: {', '.join(f'{k} {len(v)} rows' for k, v in answers.items())}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m", choices=sorted(SIZES))
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the best is kept")
    parser.add_argument("--work", type=Path, default=None, help="folder for data (default: temporary)")
    args = parser.parse_args()
    if shutil.which("virtuoso-t") is None:
        raise SystemExit("virtuoso-t is missing: scripts/system-deps --test installs it")
    work = args.work or Path(tempfile.mkdtemp(prefix="govlex-remote-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bundled = work / "bundled.nt"
    triples = bundled_triples(bundled)
    data = bundled if args.size == "bundled" else work / f"gen-{args.size}.nt"
    if data != bundled:  # a --work folder keeps it (and the embedded store made from it) between runs
        exists = data.exists()
        triples = sum(1 for _ in data.open("rb")) if exists else generate(data, bundled, SIZES[args.size])
    print(
        f"# govlex over Virtuoso, {triples:,} triples, concurrency {args.concurrency}, {os.cpu_count()} CPUs\n"
    )
    results: dict[str, tuple[Result, dict[str, Result], float]] = {}
    with (
        start_server("govlex", data, work) as embedded,
        virtuoso_with(data, work) as virtuoso,
        govlex_over(virtuoso.url, work) as served,
    ):
        embedded.name = "govlex (embedded)"
        check_answers_agree([embedded, virtuoso, served])
        # Interleaved rounds, the best of each server kept: the machine's load drifts during a run.
        for _ in range(args.rounds):
            for server in (embedded, virtuoso, served):
                mix, alone = run(
                    server, args.concurrency, args.duration, virtuoso if server is served else None
                )
                print(f"{server.name}: mix {mix.rate:.1f} req/s, errors {mix.errors}", flush=True)
                if server.name not in results or mix.rate > results[server.name][0].rate:
                    results[server.name] = (mix, alone, server.peak_mb)
    report(results)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


def report(results: dict[str, tuple[Result, dict[str, Result], float]]) -> None:
    base_mix, base_alone, _ = results["govlex (embedded)"]
    print(
        "\n| server | mix req/s | mix p50 ms | mix p99 ms | errors | mix / embedded "
        "| CPU ms per request (with the store's) | peak MB |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (mix, _, peak) in results.items():
        print(
            f"| {name} | {mix.rate:.1f} | {mix.percentile(0.5):.2f} | {mix.percentile(0.99):.2f} | "
            f"{mix.errors} | {mix.rate / base_mix.rate:.2f} | {mix.cpu_ms:.1f} | {peak:.0f} |"
        )
    names = list(results)
    print("\nOne request at a time, p50 ms (ratio to the embedded store):\n")
    print("| query | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    for query in PORTABLE_MIX:
        base = base_alone[query].percentile(0.5)
        cells = []
        for name in names:
            p50 = results[name][1][query].percentile(0.5)
            cells.append(f"{p50:.2f}" + ("" if name == names[0] else f" ({p50 / base:.2g}×)"))
        print(f"| {query} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
