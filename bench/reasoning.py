"""Benchmark of the build's reasoning step (definitions as classes, HermiT) on generated data, against plain
owlready2 loading of the same ontology and data in the same run.

    .venv/bin/python bench/reasoning.py                       # 100, 1,000 and 10,000 interpretations and systems
    .venv/bin/python bench/reasoning.py --sizes 100,1000 --criteria 40 --exclusions 2

For each size N the data set is the govlex ontology plus N interpretations (each requiring 2-6 of
`--criteria` criteria) and N reference systems (each exhibiting 3-10), drawn with a fixed seed, and
`--exclusions` random pairs of criteria declared mutually exclusive. Prints a Markdown table: time to
load the model into owlready2 (the baseline every reasoning run pays), time of the whole reasoning step
(`infer_scope`: load, generate classes, HermiT, read back), their ratio, and what was inferred.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import RDF, Dataset, Graph, Literal, URIRef

from govlex.loading import LoadedSources, SourceIndex, parse_turtle
from govlex.namespace import DATA_GRAPH, GLX, ONTOLOGY_GRAPH, id_iri
from govlex.paths import ontology_file
from govlex.reasoner import load_world
from govlex.reasoning.definitions import ScopeInferences, infer_scope


def generated_sources(size: int, criteria: int, exclusions: int, seed: int = 9) -> LoadedSources:
    """The ontology and `size` generated interpretations and systems, as the build would load them."""
    rng = random.Random(seed)
    dataset = Dataset()
    ontology = parse_turtle(ontology_file())
    ontology_graph = dataset.graph(ONTOLOGY_GRAPH)
    for triple in ontology:
        ontology_graph.add(triple)
    data = dataset.graph(DATA_GRAPH)
    pool = [id_iri("criterion", f"c{n}") for n in range(criteria)]
    for criterion in pool:
        data.add((criterion, RDF.type, GLX.Criterion))
    for _ in range(exclusions):
        a, b = rng.sample(pool, 2)
        data.add((a, GLX.mutuallyExclusiveWith, b))
    for n in range(size):
        reading = id_iri("interpretation", f"i{n}")
        data.add((reading, RDF.type, GLX.Interpretation))
        data.add((reading, GLX.statement, Literal(f"generated reading {n}", lang="en")))
        for criterion in rng.sample(pool, rng.randint(2, 6)):
            data.add((reading, GLX.requiresCriterion, criterion))
        system = id_iri("system", f"s{n}")
        data.add((system, RDF.type, GLX.ReferenceSystem))
        for criterion in _consistent_sample(rng, pool, data, rng.randint(3, 10)):
            data.add((system, GLX.exhibits, criterion))
    return LoadedSources(dataset, SourceIndex(), [])


def _consistent_sample(rng: random.Random, pool: list[URIRef], data: Graph, count: int) -> list[URIRef]:
    """`count` criteria with no declared-exclusive pair among them (a system cannot exhibit both)."""
    chosen: list[URIRef] = []
    for criterion in rng.sample(pool, len(pool)):
        excluded = set(data.objects(criterion, GLX.mutuallyExclusiveWith)) | set(
            data.subjects(GLX.mutuallyExclusiveWith, criterion)
        )
        if not excluded & set(chosen):
            chosen.append(criterion)
        if len(chosen) == count:
            break
    return chosen


def time_loading(sources: LoadedSources) -> float:
    """Seconds to hand the same model to owlready2 (the N-Triples round trip the reasoning step also makes)."""
    with tempfile.TemporaryDirectory(prefix="govlex-bench-") as tmp:
        started = time.perf_counter()
        world, _ = load_world(sources.union(), Path(tmp))
        elapsed = time.perf_counter() - started
        world.close()
    return elapsed


def time_reasoning(sources: LoadedSources) -> tuple[float, ScopeInferences]:
    started = time.perf_counter()
    inferences = infer_scope(sources)
    return time.perf_counter() - started, inferences


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
        "--timeout", type=float, default=1800, help="seconds allowed per size before it is stopped"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        return measure(args.one, args.criteria, args.exclusions)
    print(
        "| N | triples | owlready2 load (s) | reasoning step (s) | ratio | covers | narrower | equivalent | disjoint |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        # Each size runs in its own session, so that stopping it also stops its HermiT JVM.
        command = [sys.executable, __file__, "--one", str(size), "--criteria", str(args.criteria)]
        child = subprocess.Popen([*command, "--exclusions", str(args.exclusions)], start_new_session=True)
        try:
            if child.wait(timeout=args.timeout) != 0:
                return 1
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            print(f"| {size:,} | | | stopped after {args.timeout:.0f} | | | | | |", flush=True)
    return 0


def measure(size: int, criteria: int, exclusions: int) -> int:
    """Print the table row of one size."""
    sources = generated_sources(size, criteria, exclusions)
    triples = len(sources.ontology) + len(sources.data)
    loading = time_loading(sources)
    reasoning, found = time_reasoning(sources)
    if found.problems:
        print(f"N={size}: {found.problems[0].message}", file=sys.stderr)
        return 1
    print(
        f"| {size:,} | {triples:,} | {loading:.2f} | {reasoning:.2f} | {reasoning / loading:.1f}× "
        f"| {len(found.covers):,} | {len(found.narrower):,} | {len(found.equivalent):,} | {len(found.disjoint):,} |",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
