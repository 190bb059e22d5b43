"""Benchmark of `/sparql`: govlex serve vs `oxigraph serve-read-only` vs rdflib-endpoint on the same data.

    .venv/bin/python bench/sparql_bench.py                      # bundled graph, ~100k and ~1M triples
    .venv/bin/python bench/sparql_bench.py --sizes bundled,100k --duration 5

For each data set and server: throughput and p50/p99 latency of a fixed query mix at concurrency 8, and
of the label lookup, a one-pattern lookup and `ASK {}` alone; the server's CPU time per answered
request (its whole process tree: far less skewed by other load on the machine than rates); `ASK {}`
latency alone (concurrency 1, GET from a blocking client); and the server's peak memory (PSS summed over
its process tree, so pages the query workers share are counted once). The load comes from
`lean_client.py`, which costs little CPU next to the servers. Prints a Markdown table with the ratios
govlex/Oxigraph, govlex/govlex-app (govlex with every request through the ASGI app, no answers at the
connection), govlex/govlex-workers (nor the inline path: every query sent to a worker) and
govlex/rdflib-endpoint. Data sets are the bundled build plus generated concepts
in the govlex model, as N-Triples in the default graph (all three servers answer over it the same way).
"""

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from lean_client import Connection
from pyoxigraph import RdfFormat, parse, serialize

from govlex.build import NQUADS, current_build
from govlex.namespace import id_iri, sparql_prologue

AWS = str(id_iri("concept", "autonomous-weapons-systems"))
PREFIXES = sparql_prologue("skos", "glx", "dct")
MIX = {
    # exact label lookup in any language the data uses (index lookups, not a scan of all labels)
    "label": 'SELECT ?c WHERE { VALUES ?l { "自主武器系统"@zh-Hans "自主武器系统"@en "自主武器系统" } ?c skos:prefLabel|skos:altLabel ?l }',
    "concept": f"""SELECT ?i ?country ?statement ?title ?locator WHERE {{
  ?i glx:interprets <{AWS}> ; glx:party/glx:country ?country ; glx:statement ?statement ;
     glx:citation ?cit . ?cit glx:source ?s ; glx:locator ?locator . OPTIONAL {{ ?s dct:title ?title }} }}""",
    # from the bundled concept and from a generated one about 120 broader steps deep (absent from the bundled data)
    "closure": f"SELECT ?c ?b WHERE {{ VALUES ?c {{ <{AWS}> <https://w3id.org/govlex/id/concept/gen-3000> }} ?c skos:broader+ ?b }}",
    "substring": 'SELECT ?c ?l WHERE { ?c skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), "weapon")) } LIMIT 100',
    "per-party": "SELECT ?party (COUNT(?i) AS ?n) WHERE { ?i glx:party ?party } GROUP BY ?party",
    # readings by the Chinese side sharing a criterion with a reading of AWS: grows with the data
    "join": f"""SELECT (COUNT(*) AS ?n) WHERE {{
  ?j glx:interprets <{AWS}> ; glx:requiresCriterion ?k . ?i glx:requiresCriterion ?k ; glx:party <https://w3id.org/govlex/id/party/cn> }}""",
    "ask": "ASK {}",
}
# A single triple pattern: what the server answers itself (its inline path), outside the mix.
LOOKUP = 'SELECT ?c WHERE { ?c skos:prefLabel "autonomous weapons systems"@en }'
SIZES = {"bundled": 0, "100k": 100_000, "1m": 1_000_000}
ZH = "自主武器系统人工智能控制决策目标致命机器学习数据安全风险"


# ---------------------------------------------------------------- data


def bundled_triples(out: Path) -> int:
    """The current build as N-Triples (graph names dropped: every server reads the default graph)."""
    build = current_build()
    triples = {q.triple for q in parse(path=str(build.directory / NQUADS), format=RdfFormat.N_QUADS)}
    out.write_bytes(serialize(triples, format=RdfFormat.N_TRIPLES) or b"")
    return len(triples)


def generate(out: Path, base: Path, target: int) -> int:
    """`base` plus generated concepts, interpretations and citations until about `target` triples."""
    rng = random.Random(7)
    criteria = sorted(
        {
            line.split()[0].rsplit("/", 1)[-1][:-1]
            for line in base.open()
            if "/id/criterion/" in line.split()[0]
        }
    )
    shutil.copyfile(base, out)
    count = sum(1 for _ in base.open("rb"))
    g, s, c = (
        "https://w3id.org/govlex/ontology#",
        "http://www.w3.org/2004/02/skos/core#",
        "https://w3id.org/govlex/id/",
    )
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    with out.open("a", encoding="utf-8") as f:
        n = 0
        while count < target:
            concept = f"<{c}concept/gen-{n}>"
            zh = "".join(rng.choice(ZH) for _ in range(4))
            lines = [
                f"{concept} {rdf_type} <{g}Concept> .",
                f'{concept} <{s}prefLabel> "generated {rng.choice(["weapon", "system", "control", "risk"])} concept {n}"@en .',
                f'{concept} <{s}prefLabel> "{zh}{n}"@zh-Hans .',
                f'{concept} <{s}altLabel> "gen {n}"@en .',
                f"{concept} <{s}inScheme> <{c}glossary/us> .",
            ]
            if n:
                lines.append(f"{concept} <{s}broader> <{c}concept/gen-{rng.randrange(max(n - 50, 0), n)}> .")
            for side in ("cn", "us"):
                interp = f"<{c}interpretation/gen-{n}--{side}>"
                lines += [
                    f"{interp} {rdf_type} <{g}Interpretation> .",
                    f"{interp} <{g}interprets> {concept} .",
                    f"{interp} <{g}party> <{c}party/{side}> .",
                    f"{interp} <{g}status> <{g}statusDiscussed> .",
                    f'{interp} <{g}statement> "Reading {n} of the {side} side."@en .',
                    f"{interp} <{g}requiresCriterion> <{c}criterion/{rng.choice(criteria)}> .",
                    f"{interp} <{g}requiresCriterion> <{c}criterion/gen-{rng.randrange(50)}> .",
                    f"{interp} <{g}citation> _:cit{n}{side} .",
                    f"_:cit{n}{side} <{g}source> <{c}source/gen-{rng.randrange(500)}> .",
                    f'_:cit{n}{side} <{g}locator> "section {rng.randrange(40)}" .',
                ]
            f.write("\n".join(lines) + "\n")
            count += len(lines)
            n += 1
    return count


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of `pid` and its descendants, in MB (shared pages counted once)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(x) for x in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of `pid`, of its live descendants, and of its children reaped so far."""
    ticks, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            # utime, stime; for `pid` itself also cutime, cstime (its reaped children: killed workers)
            ticks += sum(int(f) for f in (fields[11:15] if current == pid else fields[11:13]))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(x) for x in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # it ended meanwhile
    return ticks / os.sysconf("SC_CLK_TCK")


def in_memory_copy_mb(data: Path) -> float:
    """What one copy of `data` held in memory costs: the PSS of a fresh Python process after loading it
    into an in-memory pyoxigraph store (the issue's memory yardstick), measured in this run."""
    code = (
        "import sys; from pathlib import Path; from pyoxigraph import RdfFormat, Store\n"
        "store = Store(); store.bulk_load(path=sys.argv[1], format=RdfFormat.N_TRIPLES)\n"
        "assert len(store) > 0\n"
        "print(next(int(line.split()[1]) for line in Path('/proc/self/smaps_rollup').read_text().splitlines()"
        " if line.startswith('Pss:')))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1]) / 1024


@dataclass
class Server:
    """One server under test: its endpoint URLs and processes (several for `govlex-x2`)."""

    name: str
    urls: list[str]
    processes: list[subprocess.Popen[bytes]]
    peak_mb: float = 0.0

    def sample(self) -> None:
        self.peak_mb = max(self.peak_mb, sum(tree_pss_mb(p.pid) for p in self.processes))

    def cpu_seconds(self) -> float:
        return sum(tree_cpu_seconds(p.pid) for p in self.processes)


@contextmanager
def serve(name: str, data: Path, work: Path) -> Iterator[Server]:
    """`start(name, …)`; for `govlex-x2`, two govlex servers on the same data with the load split between
    them: what two server processes sharing a port (SO_REUSEPORT) would give, measured before building it."""
    if name != "govlex-x2":
        with start(name, data, work) as server:
            yield server
        return
    with start("govlex", data, work) as one, start("govlex", data, work, label="govlex-2") as two:
        yield Server(name, one.urls + two.urls, one.processes + two.processes)


@contextmanager
def start(
    name: str,
    data: Path,
    work: Path,
    govlex_flags: tuple[str, ...] = ("--result-cap", "100000", "--query-timeout", "60"),
    label: str = "",
) -> Iterator[Server]:
    """Start server `name` over `data`, wait until it answers, stop it afterwards (`govlex_flags`: those of
    `govlex serve`; `label` names its log, `name` by default)."""
    port = free_port()
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ)
    if name == "govlex-workers":  # the same server with every query sent to a worker (no inline path)
        env["GOVLEX_INLINE_ROWS"] = "0"
    if name == "govlex-app":  # the same server with every request through the ASGI app
        env["GOVLEX_CONNECTION_ANSWERS"] = "0"
    if name in {"govlex", "govlex-workers", "govlex-app"}:
        # Load the on-disk store first, in its own process (as `oxigraph load` is for Oxigraph), so the
        # memory measured is the server's, not the bulk loader's.
        prepare = "import sys; from pathlib import Path; from govlex.api.service import prepare_data; prepare_data(Path(sys.argv[1]))"
        subprocess.run([sys.executable, "-c", prepare, str(data)], check=True)
        command = [sys.executable, "-m", "govlex.cli.main", "serve", "--data", str(data), "--port", str(port)]
        command += govlex_flags
        url = f"http://127.0.0.1:{port}/sparql"
    elif name == "oxigraph":
        stat = data.stat()
        location = work / f"oxigraph-{data.stem}-{stat.st_size}-{stat.st_mtime_ns}"
        if not location.exists():
            subprocess.run(
                [str(bin_dir / "oxigraph"), "load", "--location", str(location), "--file", str(data)],
                check=True,
                capture_output=True,
            )
        command = [
            str(bin_dir / "oxigraph"),
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ]
        url = f"http://127.0.0.1:{port}/query"
    else:
        command = [
            str(bin_dir / "rdflib-endpoint"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            str(data),
        ]
        url = f"http://127.0.0.1:{port}/"  # rdflib-endpoint serves its endpoint at the root
    log = (work / f"{label or name}-{data.stem}.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(name, [url], [process])
    try:
        deadline = time.monotonic() + 1800
        while time.monotonic() < deadline:
            server.sample()
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited; see {log.name}")
            try:
                status = httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code
                if status == 200:
                    break
                if status == 404:
                    raise RuntimeError(f"{name} has no SPARQL endpoint at {url}")
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# ---------------------------------------------------------------- load


@dataclass
class Result:
    """Latencies of the answered requests, the failed ones, and how long the measurement took."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    """CPU time the server's process tree used meanwhile: unlike rates, not skewed by other load."""

    def record(self, sent: float, ok: bool) -> None:
        """Count one request sent at `sent` (a `perf_counter` time) that has just ended."""
        if ok:
            self.latencies.append(time.perf_counter() - sent)
        else:
            self.errors += 1

    @property
    def cpu_ms(self) -> float:
        """Server CPU milliseconds per answered request."""
        return self.cpu_seconds * 1000 / len(self.latencies) if self.latencies else float("nan")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(int(p * len(ordered)), len(ordered) - 1)] * 1000


async def _load(urls: list[str], queries: list[str], concurrency: int, duration: float) -> Result:
    result = Result()
    stop = time.perf_counter() + duration

    async def client(offset: int) -> None:
        connection = Connection(urls[offset % len(urls)])
        requests = [connection.request_bytes(PREFIXES + q) for q in queries]
        i = offset
        while time.perf_counter() < stop:
            request = requests[i % len(requests)]
            i += 1
            sent = time.perf_counter()
            try:
                status, _ = await connection.send(request)
                result.record(sent, status == 200)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                result.record(sent, False)
        connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(concurrency)))
    result.seconds = time.perf_counter() - began
    return result


def measure(server: Server, queries: list[str], concurrency: int, duration: float) -> Result:
    """Run `queries` round-robin for `duration` seconds, sampling the server's memory meanwhile."""
    done = threading.Event()

    def sampler() -> None:
        while not done.is_set():
            server.sample()
            time.sleep(0.2)

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    before = server.cpu_seconds()
    try:
        result = asyncio.run(_load(server.urls, queries, concurrency, duration))
    finally:
        done.set()
        thread.join()
    result.cpu_seconds = server.cpu_seconds() - before
    return result


def latency(url: str, query: str, duration: float) -> Result:
    """`query` one request at a time for `duration` seconds, from a blocking client.

    At concurrency 1 an event loop only adds its own cost to every request (about 0.5 ms with httpx's
    AsyncClient here), which would be measured as the server's; the memory sampler is off for the
    same reason.
    """
    result = Result()
    began = time.perf_counter()
    stop = began + duration
    with httpx.Client(timeout=120) as http:
        while time.perf_counter() < stop:
            sent = time.perf_counter()
            try:
                result.record(sent, http.get(url, params={"query": query}).status_code == 200)
            except httpx.HTTPError:
                result.record(sent, False)
    result.seconds = time.perf_counter() - began
    return result


# ---------------------------------------------------------------- report


def _ratio(
    by: dict[str, tuple[Result, dict[str, Result]]], other: str, key: str | None, mine: str = "govlex"
) -> str:
    """`mine`'s rate over `other`'s, for the mix (key None) or one query."""
    if other not in by or mine not in by:
        return "–"
    (g_mix, g_per), (o_mix, o_per) = by[mine], by[other]
    mine, theirs = (g_mix.rate, o_mix.rate) if key is None else (g_per[key].rate, o_per[key].rate)
    return f"{mine / theirs:.2f}" if theirs else "∞ (the peer answered nothing)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="bundled,100k,1m")
    parser.add_argument(
        "--servers",
        default="govlex,oxigraph,rdflib-endpoint",
        help="any of govlex, govlex-x2 (two govlex servers sharing the load), govlex-app (govlex without its "
        "answers at the connection), govlex-workers (nor its inline path), oxigraph, rdflib-endpoint",
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--work", type=Path, default=None, help="folder for data and stores (default: temporary)"
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="govlex-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bundled = work / "bundled.nt"
    sizes = {"bundled": bundled_triples(bundled)}
    copies: dict[str, float] = {}
    rows = []
    print(
        f"# SPARQL benchmark, concurrency {args.concurrency}, {args.duration:g} s per measurement, {os.cpu_count()} CPUs\n"
    )
    for size in args.sizes.split(","):
        data = bundled if size == "bundled" else work / f"gen-{size}.nt"
        if size != "bundled" and not data.exists():
            sizes[size] = generate(data, bundled, SIZES[size])
        elif size != "bundled":
            sizes[size] = sum(1 for _ in data.open("rb"))
        copies[size] = in_memory_copy_mb(data)
        for name in args.servers.split(","):
            with serve(name, data, work) as server:
                measure(server, list(MIX.values()), args.concurrency, min(args.duration, 3))  # warm-up
                mix = measure(server, list(MIX.values()), args.concurrency, args.duration)
                per_query = {
                    q: measure(server, [{**MIX, "lookup": LOOKUP}[q]], args.concurrency, args.duration / 2)
                    for q in ("label", "lookup", "ask")
                }
                ask = latency(server.urls[0], MIX["ask"], args.duration / 2)
                rows.append((size, name, mix, per_query, ask, server.peak_mb))
                print(
                    f"{size:>8} {name:<16} mix {mix.rate:8.1f} req/s p50 {mix.percentile(0.5):8.2f} ms "
                    f"p99 {mix.percentile(0.99):9.2f} ms errors {mix.errors}; label {per_query['label'].rate:8.1f} req/s; "
                    f"lookup {per_query['lookup'].rate:8.1f} req/s; ASK {per_query['ask'].rate:8.1f} req/s, alone p50 {ask.percentile(0.5):6.2f} ms; "
                    f"peak {server.peak_mb:7.1f} MB",
                    flush=True,
                )
    print(
        "\n| data | triples | server | mix req/s | mix p50 ms | mix p99 ms | label req/s | lookup req/s | ASK req/s "
        "| CPU ms per mix / label / lookup / ASK | ASK p50 ms (c=1) | peak MB |"
    )
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, name, mix, per_query, ask, peak in rows:
        print(
            f"| {size} | {sizes[size]:,} | {name} | {mix.rate:.1f} | {mix.percentile(0.5):.2f} | {mix.percentile(0.99):.2f} | "
            f"{per_query['label'].rate:.1f} | {per_query['lookup'].rate:.1f} | {per_query['ask'].rate:.1f} | "
            f"{mix.cpu_ms:.2f} / {per_query['label'].cpu_ms:.2f} / {per_query['lookup'].cpu_ms:.2f} / {per_query['ask'].cpu_ms:.2f} | {ask.percentile(0.5):.2f} | {peak:.0f} |"
        )
    print(
        "\n| data | govlex / oxigraph (mix) | govlex / oxigraph (label) | govlex / oxigraph (lookup) | govlex / oxigraph (ASK) "
        "| govlex / govlex-app (ASK) | govlex / govlex-workers (ASK) | govlex / rdflib-endpoint (mix) | one in-memory copy MB | govlex peak / copy |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes.split(","):
        by = {name: (mix, per_query) for s, name, mix, per_query, _, _ in rows if s == size}
        if "govlex" in by:
            peak = next(peak for s, name, *_, peak in rows if s == size and name == "govlex")
            cells = [
                _ratio(by, "oxigraph", None),
                _ratio(by, "oxigraph", "label"),
                _ratio(by, "oxigraph", "lookup"),
                _ratio(by, "oxigraph", "ask"),
                _ratio(by, "govlex-app", "ask"),
                _ratio(by, "govlex-workers", "ask"),
                _ratio(by, "rdflib-endpoint", None),
                f"{copies[size]:.0f}",
                f"{peak / copies[size]:.2f}",
            ]
            print(f"| {size} | {' | '.join(cells)} |")
        if "govlex-x2" in by:
            x2 = [_ratio(by, "oxigraph", key, mine="govlex-x2") for key in (None, "label", "lookup", "ask")]
            print(f"\n{size}: govlex-x2 / oxigraph: mix {x2[0]}, label {x2[1]}, lookup {x2[2]}, ASK {x2[3]}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
