"""SHACL validation of the data against `ontology/shapes.ttl`, reported as `Problem`s.

pyshacl is imported when a validation runs: every `govlex` command imports this module through the
build, and most (above all `govlex serve`) never validate.
"""

from collections.abc import Callable
from pathlib import Path

from pyoxigraph import RdfFormat, Store, parse
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from govlex.loading import SourceIndex, parse_turtle
from govlex.namespace import SHAPES
from govlex.paths import shapes_file
from govlex.problems import Problem
from govlex.progress import SILENT, Reporter
from govlex.shacl_core import CompiledShape, split_core_shapes
from govlex.shacl_sparql import StoreConstraint, split_sparql_constraints


def load_shapes(path: Path | None = None) -> Graph:
    """The shapes graph."""
    return parse_turtle(path or shapes_file())


def shape_names(shapes: Graph) -> set[str]:
    """Local names of every named shape and named SPARQL constraint: the checks SHACL can fail."""
    names = set()
    for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint):
        for node in shapes.subjects(predicate=None, object=kind):
            if isinstance(node, URIRef) and str(node).startswith(str(SHAPES)):
                names.add(str(node)[len(str(SHAPES)) :])
    return names


def run_shacl(
    data: Graph | Callable[[], Graph],
    index: SourceIndex,
    shapes: Graph | None = None,
    store: Store | None = None,
    sparql_on_store: bool = True,
    progress: Reporter = SILENT,
) -> list[Problem]:
    """Validate `data` (ontology and data together, so subclass targets resolve) and list what failed.

    `data` may be a function giving the graph, called only if pySHACL or a fresh store needs it (merging
    ontology and data into one rdflib graph is a cost worth skipping at scale).

    SPARQL-based constraints and the core shapes `shacl_core` compiles run on `store` (the same triples in
    Oxigraph; made from `data` when not given), any other shape in pySHACL; `sparql_on_store=False` leaves
    everything to pySHACL (the oracle the tests compare with).
    """
    shapes_graph = shapes if shapes is not None else load_shapes()
    on_store: list[StoreConstraint | CompiledShape] = []
    if sparql_on_store:
        shapes_graph, constraints = split_sparql_constraints(shapes_graph, str(SHAPES))
        shapes_graph, compiled = split_core_shapes(shapes_graph, str(SHAPES))
        on_store = [*compiled, *constraints]
    problems = []
    if _has_constraints(shapes_graph):
        with progress.stage("SHACL shapes in pySHACL"):
            problems = _pyshacl_problems(data() if callable(data) else data, index, shapes_graph)
    if on_store:
        if store is None:
            # `parse` keeps the blank nodes' labels, which the source index knows (a load renames them).
            store = Store()
            graph = data() if callable(data) else data
            store.extend(parse(graph.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES))
        for shape in progress.track(on_store, "SHACL shapes"):
            problems.extend(shape.problems(store, index))
    return problems


def _pyshacl_problems(data: Graph, index: SourceIndex, shapes_graph: Graph) -> list[Problem]:
    """What pySHACL finds for `shapes_graph`."""
    from pyshacl import validate as pyshacl_validate

    _, report, _ = pyshacl_validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(report, Graph)
    problems = []
    for result in report.subjects(predicate=None, object=SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceConstraint) or report.value(result, SH.sourceShape)
        if not isinstance(shape, URIRef):
            shape = report.value(result, SH.sourceShape)
        value = report.value(result, SH.value)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        file, line = index.locate(focus) if isinstance(focus, URIRef | BNode) else (None, None)
        problems.append(
            Problem(
                check=_local_name(shape),
                message=str(message) if message else "violates this shape",
                subject=_show(index.named_subject(focus) or focus),
                value=_show(value),
                path=_show(path) if isinstance(path, URIRef) else None,
                file=file,
                line=line,
            )
        )
    return problems


_NOT_CONSTRAINTS = {RDF.type, SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf}
_NOT_CONSTRAINTS |= {SH.message, SH.name, SH.description, SH.deactivated, SH.severity}


def _has_constraints(shapes: Graph) -> bool:
    """Whether any node shape with a target still has a constraint for pySHACL to check."""
    targets = {SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf}
    targeted = {s for t in targets for s in shapes.subjects(t, None)}
    return any(p not in _NOT_CONSTRAINTS for shape in targeted for p in shapes.predicates(shape, None))


def _local_name(node: object) -> str:
    text = str(node)
    return text[len(str(SHAPES)) :] if text.startswith(str(SHAPES)) else text


def _show(node: object) -> str | None:
    if node is None:
        return None
    if isinstance(node, BNode):
        return "(blank node)"
    return str(node)
