"""The build run and the reasoner's conclusions in the `inferred` graph of the build.

Each conclusion (`glx:covers`, `glx:narrowerInScopeThan`, `glx:equivalentInScopeTo`,
`glx:disjointInScopeWith`) is one plain triple, so queries read it directly. Its provenance is stated
once, for the whole graph: the inferred graph `prov:wasGeneratedBy` the `glx:BuildRun`, which names the
reasoner, the consistency verdict, the input hash and when it started. (Until issue 17 each conclusion
was also reified, six triples per inferred pair: at 10,000 definitions several million triples that
said the same thing; see docs/decisions/0007-inferred-graph-provenance.md.)

The run goes into the build's store; the conclusions are made as quads while the build writes them,
never all held at once: at 10,000 concepts they are millions of quads (a list of them alone took a
GB, and an in-memory store indexes each six ways).
"""

from collections.abc import Iterator
from datetime import datetime

from pyoxigraph import Literal, NamedNode, Quad, Store

from govlex.namespace import GLX, INFERRED_GRAPH, PROV, RDF_TYPE, XSD, id_iri
from govlex.reasoning.scope import IndexedPairs, ScopeInferences

_RDF_TYPE = NamedNode(RDF_TYPE)


def record_build_run(store: Store, digest: str, started: datetime, reasoner: str | None) -> NamedNode:
    """Describe this build run in the inferred graph of `store`, as what generated that graph (in the
    store, so that its literals are written in canonical form, as every other literal of the build).

    `reasoner` is None when the reasoner did not run; the run then names no reasoner and no verdict (a build
    that reasoned only exists when the model was consistent).
    """
    graph = NamedNode(str(INFERRED_GRAPH))
    run = NamedNode(str(id_iri("build", digest[:16])))
    facts: list[tuple[NamedNode, NamedNode, NamedNode | Literal]] = [
        (run, _RDF_TYPE, NamedNode(str(GLX.BuildRun)))
    ]
    if reasoner is not None:
        facts.append((run, NamedNode(str(GLX.reasoner)), Literal(reasoner)))
        facts.append(
            (run, NamedNode(str(GLX.consistent)), Literal("true", datatype=NamedNode(XSD + "boolean")))
        )
    facts.append((run, NamedNode(str(GLX.inputHash)), Literal(digest)))
    started_at = Literal(started.isoformat(), datatype=NamedNode(XSD + "dateTime"))
    facts.append((run, NamedNode(PROV + "startedAtTime"), started_at))
    facts.append((graph, NamedNode(PROV + "wasGeneratedBy"), run))
    store.extend(Quad(s, p, o, graph) for s, p, o in facts)
    return run


def inferred_quads(inferences: ScopeInferences) -> Iterator[Quad]:
    """One quad in the inferred graph per conclusion, made as they are read."""
    graph = NamedNode(str(INFERRED_GRAPH))
    by_predicate = {
        GLX.covers: inferences.covers,
        GLX.narrowerInScopeThan: inferences.narrower,
        GLX.equivalentInScopeTo: inferences.equivalent,
        GLX.disjointInScopeWith: inferences.disjoint,
    }
    for name, pairs in by_predicate.items():
        predicate = NamedNode(str(name))
        if isinstance(pairs, IndexedPairs):
            # One node per name, looked up by position: the same few thousand IRIs recur in millions of pairs.
            lefts = [NamedNode(iri) for iri in pairs.left_names]
            rights = (
                lefts if pairs.right_names is pairs.left_names else [NamedNode(i) for i in pairs.right_names]
            )
            for left, right in zip(pairs.left.tolist(), pairs.right.tolist(), strict=True):
                yield Quad(lefts[left], predicate, rights[right], graph)
        else:
            for subject, obj in pairs:
                yield Quad(NamedNode(subject), predicate, NamedNode(obj), graph)


def conclusion_count(inferences: ScopeInferences) -> int:
    """How many quads `inferred_quads` gives."""
    return sum(
        len(pairs)
        for pairs in (inferences.covers, inferences.narrower, inferences.equivalent, inferences.disjoint)
    )
