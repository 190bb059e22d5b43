"""Each SHACL rule timed both ways, pySHACL and SPARQL on the store, and every gate, in one run.

    .venv/bin/python bench/validation.py                              # 1,000 and 10,000 concepts
    .venv/bin/python bench/validation.py --sizes 1000 --pyshacl-timeout 60

Data: `govlex.generated.cloned_data` (the bundled data copied until it holds about N concepts). Per size
and rule: the rule alone in pySHACL (its node shape's targets with only that property shape or SPARQL
constraint, `inference="none"` as `govlex validate` runs it), given `--pyshacl-timeout` seconds (pySHACL
is pure Python, so an alarm stops it), up to `--pyshacl-up-to` concepts; and the same rule on the store
as `govlex validate` runs it (`govlex/shacl_core.py`, `govlex/shacl_sparql.py`), with its problem count
from each. Then every gate in `queries/`, and the whole of SHACL + gates on the store. Prints Markdown.
"""

import argparse
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import FrameType

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from govlex.generated import cloned_data
from govlex.loading import data_files, load_sources
from govlex.namespace import SHAPES
from govlex.problems import Problem
from govlex.queries import QueryRegistry
from govlex.shacl import load_shapes, run_shacl
from govlex.shacl_core import CompiledShape, split_core_shapes
from govlex.shacl_sparql import StoreConstraint, split_sparql_constraints
from govlex.violations import run_violation_queries, run_violation_query


class TimedOut(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of concepts")
    parser.add_argument("--pyshacl-timeout", type=int, default=120, help="seconds per rule in pySHACL")
    parser.add_argument("--pyshacl-up-to", type=int, default=10000, help="largest N run in pySHACL")
    args = parser.parse_args(argv)
    rows: list[str] = [
        "| rule | kind | N | pySHACL (s) | store (s) | pySHACL / store | problems (pySHACL, store) |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    totals: list[str] = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"govlex-validation-{size}-") as tmp:
            counts = cloned_data(Path(tmp), size)
            print(f"N={size}: {counts}", file=sys.stderr, flush=True)
            pyshacl_timeout = args.pyshacl_timeout if size <= args.pyshacl_up_to else None
            found_rows, total = _measure(size, Path(tmp), counts["triples"], pyshacl_timeout)
            rows += found_rows
            totals.append(total)
    print("\n".join(rows))
    print()
    print(
        "| N | triples | parse into Oxigraph (s) | SHACL on the store (s) | gates (s) | total (s) | problems |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print("\n".join(totals))
    return 0


def _measure(size: int, data: Path, triples: int, pyshacl_timeout: int | None) -> tuple[list[str], str]:
    """The table rows of every rule and gate at one size, and the line of totals."""
    started = time.perf_counter()
    sources = load_sources(data=data_files(data))
    parse = time.perf_counter() - started
    store = sources.store
    rows = []
    for name, kind, alone, on_store in _rules(load_shapes()):
        store_s, store_found = _timed(partial(on_store.problems, store, sources.index))
        pyshacl, ratio, found = "not run", "", "–"
        if pyshacl_timeout is not None:
            try:
                with _alarm(pyshacl_timeout):
                    seconds, problems = _timed(
                        partial(run_shacl, sources.union, sources.index, alone, sparql_on_store=False)
                    )
                pyshacl, ratio, found = f"{seconds:.2f}", f"{seconds / store_s:.0f}×", str(len(problems))
            except TimedOut:
                pyshacl, ratio = f"> {pyshacl_timeout}", f"> {pyshacl_timeout / store_s:.0f}×"
        rows.append(
            f"| {name} | {kind} | {size:,} | {pyshacl} | {store_s:.3f} | {ratio} | {found}, {len(store_found)} |"
        )
        print(rows[-1], file=sys.stderr, flush=True)
    for query in QueryRegistry().of_kind("violation"):
        seconds, found_rows = _timed(partial(run_violation_query, store, query, sources.index))
        rows.append(f"| {query.name} | gate | {size:,} | | {seconds:.3f} | | –, {len(found_rows)} |")
        print(rows[-1], file=sys.stderr, flush=True)
    shacl_s, shacl_found = _timed(partial(run_shacl, sources.union, sources.index, store=store))
    gates_s, gates_found = _timed(partial(run_violation_queries, store, sources.index))
    total = (
        f"| {size:,} | {triples:,} | {parse:.2f} | {shacl_s:.2f} | {gates_s:.2f} | "
        f"{parse + shacl_s + gates_s:.2f} | {len(shacl_found) + len(gates_found)} |"
    )
    return rows, total


def _rules(shapes: Graph) -> list[tuple[str, str, Graph, CompiledShape | StoreConstraint]]:
    """(name, kind, a shapes graph holding only that rule, the rule as run on the store), for every rule."""
    _, constraints = split_sparql_constraints(shapes, str(SHAPES))
    _, compiled = split_core_shapes(shapes, str(SHAPES))
    found: list[tuple[str, str, Graph, CompiledShape | StoreConstraint]] = []
    for rule in compiled:
        found.append((rule.name, "property shape", _alone(shapes, SHAPES[rule.name], SH.property), rule))
    for constraint in constraints:
        found.append(
            (
                constraint.name,
                "SPARQL constraint",
                _alone(shapes, SHAPES[constraint.name], SH.sparql),
                constraint,
            )
        )
    return found


def _alone(shapes: Graph, rule: URIRef, link: URIRef) -> Graph:
    """The shapes graph with every rule but `rule` unlinked from its node shape (and node shapes without it gone)."""
    owner = shapes.value(None, link, rule)
    alone = Graph()
    for prefix, namespace in shapes.namespaces():
        alone.bind(prefix, namespace)
    for s, p, o in shapes:
        if p in (SH.property, SH.sparql) and o != rule:
            continue
        if (s, RDF.type, SH.NodeShape) in shapes and s != owner:
            continue
        alone.add((s, p, o))
    return alone


def _timed(work: Callable[[], list[Problem]]) -> tuple[float, list[Problem]]:
    started = time.perf_counter()
    found = work()
    return time.perf_counter() - started, found


class _alarm:
    """Raise `TimedOut` in the main thread after `seconds` (pySHACL is pure Python, so it stops there)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        def fire(signum: int, frame: FrameType | None) -> None:
            raise TimedOut

        signal.signal(signal.SIGALRM, fire)
        signal.alarm(self.seconds)

    def __exit__(self, *exc: object) -> None:
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())
