"""How govlex's user paths grow with the data: one command, sizes measured in one run.

    .venv/bin/python bench/scale.py                          # 1,000 and 10,000 concepts
    .venv/bin/python bench/scale.py --sizes 500,2000 --skip site,hermit
    .venv/bin/python bench/scale.py --pages --work-dir scale-work   # pages only, data kept for the next run

Data: the bundled data cloned until it holds about N concepts (`govlex.generated.cloned_data`: every
concept, reading, reference system and criterion claim copied under new IRIs and numbered labels, each
copied reading requiring a random 2-5 of the bundled criteria), so it passes the same shapes and gates as
the bundled data does and keeps its proportions (about 1.8 readings per concept).

Each step runs in a child process of its own (its peak memory is that child's maximum resident set):
validation as `govlex validate --no-reasoner` runs it (parsing, literals, SHACL, gates); parsing alone,
and, as its baseline, the way sources were read before issue 17 (rdflib parsing every file, then the
dataset copied into Oxigraph); SHACL and the violation gates on the parsed store; the structural
classifier alone, HermiT's consistency check alone, and the reasoning step (both; HermiT's own
classification as the baseline, where `--hermit-up-to` allows); the whole build; `govlex serve`
start-up; then, against the running server, the median of 20 requests for a concept page,
`/api/concepts/{slug}`, search in English, Chinese and pinyin, `/overlap` and a graph page; and
`govlex site`. The table gives time, CPU time, peak memory, and the growth exponent k in time ∝ N^k
between consecutive sizes.

`--pages` measures only what serving does: the data with the structural classifier's conclusions is
written without validation (`govlex.generated.unvalidated_build`, the "unvalidated build" row), then
served and requested as above, and `govlex site` is written from it. `--work-dir` keeps each size's
data and build in DIR/<size> and reuses them on the next run. `--remote` serves the same requests
through `govlex serve --store` over a real `oxigraph serve-read-only` of the same on-disk store (rows
named "remote …"), beside the embedded store.
"""

import argparse
import json
import math
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from govlex.loading import LoadedSources

NQUADS = "govlex.nq"

STEPS = (
    "validate",
    "parse",
    "rdflib-parse",
    "shacl",
    "gates",
    "classifier",
    "consistency",
    "reasoning",
    "hermit",
    "build",
    "serve",
    "site",
)
PAGE_STEPS = ("unvalidated", "serve", "site")
REQUESTS = 20
REQUEST_TIMEOUT = 120.0
FIRST_TIMEOUT = 900.0


@dataclass
class Row:
    step: str
    size: int
    seconds: float
    peak_mb: float
    note: str = ""
    cpu: float = 0.0
    """CPU seconds of the timed part (the step's process and the processes it ran, such as HermiT's JVM):
    on a machine shared with other jobs, a steadier measure than the wall-clock time."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of concepts")
    parser.add_argument("--skip", default="", help=f"comma-separated steps to leave out: {', '.join(STEPS)}")
    parser.add_argument(
        "--hermit-up-to", type=int, default=1000, help="largest N for HermiT's classification"
    )
    parser.add_argument("--site-up-to", type=int, default=10000, help="largest N for govlex site")
    parser.add_argument(
        "--pages", action="store_true", help="only serving: unvalidated build, requests, site"
    )
    parser.add_argument("--work-dir", type=Path, help="keep each size's data and build here and reuse them")
    parser.add_argument(
        "--remote", action="store_true", help="also serve through govlex serve --store over oxigraph"
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        return run_step(args.step, args.work)
    skip = set(filter(None, args.skip.split(",")))
    rows: list[Row] = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"govlex-scale-{size}-") as tmp:
            work = args.work_dir / str(size) if args.work_dir else Path(tmp)
            if not (work / "data").is_dir():
                concepts = child("generate", work, {"GOVLEX_SCALE_SIZE": str(size)})
                print(f"N={size}: {concepts.note}", file=sys.stderr, flush=True)
            for step in PAGE_STEPS if args.pages else STEPS:
                if step in skip or (step == "hermit" and size > args.hermit_up_to):
                    continue
                if step == "site" and size > args.site_up_to:
                    continue
                if step == "unvalidated" and (work / "build" / NQUADS).is_file():
                    continue
                if step == "serve":
                    rows += serve_steps(work, size)
                    if args.remote:
                        rows += serve_steps(work, size, remote=True)
                    continue
                row = child(step, work)
                row.size = size
                rows.append(row)
                print(
                    f"  {step}: {row.seconds:.2f} s, {row.cpu:.2f} s CPU, {row.peak_mb:.0f} MB {row.note}",
                    file=sys.stderr,
                    flush=True,
                )
    print(table(rows))
    return 0


def child(step: str, work: Path, env: dict[str, str] | None = None) -> Row:
    """Run one step in a fresh process; its time as it measured it, its peak memory as the kernel saw it."""
    command = [sys.executable, __file__, "--step", step, "--work", str(work)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"step {step} failed ({process.returncode}): {output}")
    reported = json.loads(output.strip().splitlines()[-1])
    return Row(
        step, 0, reported["seconds"], usage.ru_maxrss / 1024, reported.get("note", ""), reported["cpu"]
    )


def run_step(step: str, work: Path) -> int:
    """Inside the child: do one step and print {"seconds", "note"} as the last line."""
    from govlex.build import build
    from govlex.generated import cloned_data
    from govlex.loading import data_files, load_sources
    from govlex.store import EmbeddedStore, store_from_dataset, store_from_nquads
    from govlex.validation import validate_sources

    data, out = work / "data", work / "build"
    started, cpu_started = time.perf_counter(), cpu_seconds()
    note = ""
    if step == "generate":
        counts = cloned_data(data, int(os.environ["GOVLEX_SCALE_SIZE"]))
        note = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    elif step == "build":
        result = build(out, sources=load_sources(data=data_files(data)))
        own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # without HermiT's JVM
        note = f"{result.manifest['triples']:,} triples; the Python process's own peak {own_peak:,.0f} MB"
    elif step == "unvalidated":
        from govlex.generated import unvalidated_build

        (work / "build").mkdir(exist_ok=True)
        note = f"{unvalidated_build(data, out / NQUADS):,} quads, no validation"
    elif step == "site":
        from govlex.api.site import write_site

        store = EmbeddedStore(store_from_nquads(out / NQUADS))
        started, cpu_started = time.perf_counter(), cpu_seconds()
        site = write_site(store, work / "site")
        note = f"{len(site.pages):,} pages"
    elif step == "validate":
        outcome = validate_sources(load_sources(data=data_files(data)), reason=False)
        note = f"{len(outcome.problems)} problems"
    else:
        sources = load_sources(data=data_files(data))
        note = f"{len(sources.store):,} quads"
        if step == "parse":
            pass  # timed from the start: parsing is the step
        elif step == "rdflib-parse":
            started, cpu_started = time.perf_counter(), cpu_seconds()
            copied = store_from_dataset(sources.dataset)  # rdflib parses every file on first use
            note = f"{len(copied):,} quads"
        else:
            started, cpu_started = time.perf_counter(), cpu_seconds()
            note = _on_sources(step, sources)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    print(json.dumps({"seconds": seconds, "cpu": cpu, "note": note}))
    return 0


def cpu_seconds() -> float:
    """User and system time of this process and of the children it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _on_sources(step: str, sources: "LoadedSources") -> str:
    """Do `step` on parsed sources; a note on what it found."""
    from govlex.reasoning.definitions import ScopeMethod, consistency, infer_scope
    from govlex.reasoning.scope import Definitions
    from govlex.reasoning.structural import classify, exhibited_criteria
    from govlex.shacl import run_shacl
    from govlex.violations import run_violation_queries

    if step == "shacl":
        return f"{len(run_shacl(sources.union, sources.index, store=sources.store))} problems"
    if step == "gates":
        return f"{len(run_violation_queries(sources.store, sources.index))} problems"
    if step == "consistency":
        return f"consistent: {consistency(sources.store).consistent}"
    if step == "classifier":
        store = sources.store
        found = classify(Definitions.from_store(store), exhibited_criteria(store), sources.index)
    else:
        found = infer_scope(sources, ScopeMethod.hermit if step == "hermit" else ScopeMethod.structural)
    return (
        f"{len(found.covers):,} covers, {len(found.narrower):,} narrower, {len(found.equivalent):,} equivalent, "
        f"{len(found.disjoint):,} disjoint, {len(found.problems)} problems"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _oxigraph(work: Path) -> Iterator[str]:
    """`oxigraph serve-read-only` over the build's on-disk store (made as `govlex serve --data` makes it),
    union default graph; its base URL once it answers."""
    from govlex.api.service import prepare_data

    location, _ = prepare_data(work / "build" / NQUADS)
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    port = _free_port()
    command = [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{base}/query", params={"query": "ASK {}"}).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait()


def serve_steps(work: Path, size: int, remote: bool = False) -> list[Row]:
    """Start `govlex serve` on the build (or, `remote`, on an Oxigraph server of it), time start-up, then
    the median of each kind of request."""
    with ExitStack() as stack:
        command = [sys.executable, "-m", "govlex.cli.main", "serve", "--port", str(port := _free_port())]
        if remote:
            command += ["--store", f"{stack.enter_context(_oxigraph(work))}/query"]
        else:
            command += ["--data", str(work / "build" / NQUADS)]
        rows = _requests(command, port, size)
    if remote:
        for row in rows:
            row.step = f"remote {row.step}"
    return rows


def _requests(command: list[str], port: int, size: int) -> list[Row]:
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    rows: list[Row] = []
    try:
        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
            while True:
                try:
                    if client.get("/api/stats").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            rows.append(Row("serve start", size, time.perf_counter() - started, 0))
            slugs = [
                c["slug"] for c in client.get("/api/concepts", params={"limit": REQUESTS}).json()["items"]
            ]
            paths = {
                "concept page": [f"/concept/{slug}" for slug in slugs],
                "API concept": [f"/api/concepts/{slug}" for slug in slugs],
                "search en": ["/api/search?q=weapon"] * REQUESTS,
                "search zh": ["/api/search?q=自主武器"] * REQUESTS,
                "search pinyin": ["/api/search?q=zizhu wuqi"] * REQUESTS,
                "overlap page": ["/overlap"] * 3,
                "overlap filtered": ["/overlap?of=interpretations&party=cn&measure=text"] * 3,
                "graph page": ["/graph"] * 3,
                "graph neighbourhood": [f"/graph/ego/{slug}.html?depth=2" for slug in slugs[:5]],
            }
            for name, urls in paths.items():
                rows.append(_median_request(client, name, size, urls))
                print(f"  {name}: {rows[-1].seconds:.3f} s {rows[-1].note}", file=sys.stderr, flush=True)
    finally:
        server.terminate()
        _, _, usage = os.wait4(server.pid, 0)
    rows[0].peak_mb = usage.ru_maxrss / 1024
    return rows


def _median_request(client: httpx.Client, name: str, size: int, urls: list[str]) -> Row:
    """The median time of `urls` after one first request (which may wait for a per-store value the
    server computes once, such as the scope data: allowed `FIRST_TIMEOUT`, and reported in the note)."""
    try:
        started = time.perf_counter()
        client.get(urls[0], timeout=FIRST_TIMEOUT).raise_for_status()
        first = time.perf_counter() - started
        times = []
        for url in urls:
            started = time.perf_counter()
            client.get(url).raise_for_status()
            times.append(time.perf_counter() - started)
    except httpx.TimeoutException:
        return Row(name, size, REQUEST_TIMEOUT, 0, "a request timed out")
    return Row(name, size, statistics.median(times), 0, f"median of {len(times)}; first {first:.2f} s")


def table(rows: list[Row]) -> str:
    """Markdown: one line per step and size, with the growth exponent from the previous size."""
    lines = [
        "| step | N | time (s) | CPU (s) | peak MB | growth k (t ∝ N^k) | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    previous: dict[str, Row] = {}
    for row in sorted(rows, key=lambda r: (STEPS_ORDER.get(r.step, 99), r.step, r.size)):
        before = previous.get(row.step)
        growth = ""
        if before and before.seconds > 0 and row.seconds > 0:
            growth = f"{math.log(row.seconds / before.seconds) / math.log(row.size / before.size):.2f}"
        peak = f"{row.peak_mb:.0f}" if row.peak_mb else ""
        cpu = f"{row.cpu:.2f}" if row.cpu else ""
        lines.append(
            f"| {row.step} | {row.size:,} | {row.seconds:.3f} | {cpu} | {peak} | {growth} | {row.note} |"
        )
        previous[row.step] = row
    return "\n".join(lines)


STEPS_ORDER = {name: n for n, name in enumerate(STEPS)}

if __name__ == "__main__":
    sys.exit(main())
