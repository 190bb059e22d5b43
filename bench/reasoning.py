"""Benchmark of the build's reasoning step on generated data: the structural classifier against HermiT's
classification of the same definitions, and against plain owlready2 loading, all in the same run.

    .venv/bin/python bench/reasoning.py                       # 100, 1,000 and 10,000 interpretations and systems
    .venv/bin/python bench/reasoning.py --sizes 100,1000 --criteria 40 --exclusions 2 --hermit-up-to 1000

For each size N the data set is the govlex ontology plus N interpretations (each requiring 2-6 of
`--criteria` criteria) and N reference systems (each exhibiting 3-10), drawn with a fixed seed
(`govlex.generated.definition_sources`), and `--exclusions` random pairs of criteria declared mutually
exclusive. Prints a Markdown table: time to load the model into owlready2 (the baseline every HermiT run
pays); the whole reasoning step as the build runs it (`infer_scope`, structural: the classifier plus
HermiT's consistency check of the model without generated classes), the classifier alone and HermiT's
consistency check alone; HermiT's classification of the generated classes (`infer_scope --reasoner
hermit`, up to `--hermit-up-to`); the ratio HermiT / structural; whether both drew the same conclusions; and what was inferred.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govlex.generated import definition_sources
from govlex.loading import LoadedSources
from govlex.reasoner import load_world
from govlex.reasoning.definitions import ScopeMethod, consistency, infer_scope
from govlex.reasoning.scope import Definitions, ScopeInferences
from govlex.reasoning.structural import classify, exhibited_criteria


def time_loading(sources: LoadedSources) -> float:
    """Seconds to hand the same model to owlready2 (the N-Triples round trip every HermiT run makes)."""
    with tempfile.TemporaryDirectory(prefix="govlex-bench-") as tmp:
        started = time.perf_counter()
        world, _ = load_world(sources.union(), Path(tmp))
        elapsed = time.perf_counter() - started
        world.close()
    return elapsed


def time_reasoning(sources: LoadedSources, method: ScopeMethod) -> tuple[float, ScopeInferences]:
    started = time.perf_counter()
    inferences = infer_scope(sources, method)
    return time.perf_counter() - started, inferences


def time_classifier(sources: LoadedSources) -> float:
    """Seconds of the structural classifier alone, from reading the store to the conclusions."""
    started = time.perf_counter()
    classify(Definitions.from_store(sources.store), exhibited_criteria(sources.store), sources.index)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="100,1000,10000", help="comma-separated N (interpretations = systems)"
    )
    parser.add_argument("--criteria", type=int, default=40, help="size of the criteria pool")
    parser.add_argument("--exclusions", type=int, default=0, help="random mutually exclusive criteria pairs")
    parser.add_argument(
        "--hermit-up-to", type=int, default=1000, help="largest N at which HermiT also classifies"
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds allowed per size before it is stopped"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        return measure(args.one, args.criteria, args.exclusions, args.one <= args.hermit_up_to)
    print(
        "| N | triples | owlready2 load (s) | reasoning step, structural (s) | classifier alone (s) "
        "| HermiT consistency alone (s) | HermiT classification (s) | HermiT / structural | same conclusions | covers | narrower "
        "| equivalent | disjoint |"
    )
    print(
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
        flush=True,
    )
    for size in (int(s) for s in args.sizes.split(",")):
        # Each size runs in its own session, so that stopping it also stops its HermiT JVM.
        command = [sys.executable, __file__, "--one", str(size), "--criteria", str(args.criteria)]
        command += ["--exclusions", str(args.exclusions), "--hermit-up-to", str(args.hermit_up_to)]
        child = subprocess.Popen(command, start_new_session=True)
        try:
            if child.wait(timeout=args.timeout) != 0:
                return 1
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            print(f"| {size:,} | | | stopped after {args.timeout:.0f} s | | | | | | | | | |", flush=True)
    return 0


def measure(size: int, criteria: int, exclusions: int, with_hermit: bool) -> int:
    """Print the table row of one size."""
    sources = definition_sources(size, criteria, exclusions)
    triples = len(sources.ontology) + len(sources.data)
    loading = time_loading(sources)
    structural, found = time_reasoning(sources, ScopeMethod.structural)
    classifier = time_classifier(sources)
    started = time.perf_counter()
    consistency(sources.store)
    consistent = time.perf_counter() - started
    if found.problems:
        print(f"N={size}: {found.problems[0].message}", file=sys.stderr)
        return 1
    hermit_cell, ratio_cell, same_cell = "not run", "", ""
    if with_hermit:
        hermit, oracle = time_reasoning(sources, ScopeMethod.hermit)
        same = (oracle.covers, oracle.narrower, oracle.equivalent, oracle.disjoint) == (
            found.covers,
            found.narrower,
            found.equivalent,
            found.disjoint,
        )
        hermit_cell, ratio_cell, same_cell = f"{hermit:.2f}", f"{hermit / structural:.1f}×", str(same).lower()
    print(
        f"| {size:,} | {triples:,} | {loading:.2f} | {structural:.2f} | {classifier:.3f} | {consistent:.2f} "
        f"| {hermit_cell} "
        f"| {ratio_cell} | {same_cell} | {len(found.covers):,} | {len(found.narrower):,} "
        f"| {len(found.equivalent):,} | {len(found.disjoint):,} |",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
