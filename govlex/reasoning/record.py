"""Writing the build run and the reasoner's conclusions into the `inferred` graph of the build's store.

Each conclusion (`glx:covers`, `glx:narrowerInScopeThan`, `glx:equivalentInScopeTo`,
`glx:disjointInScopeWith`) is one plain triple, so queries read it directly. Its provenance is stated
once, for the whole graph: the inferred graph `prov:wasGeneratedBy` the `glx:BuildRun`, which names the
reasoner, the consistency verdict, the input hash and when it started. (Until issue 17 each conclusion
was also reified, six triples per inferred pair: at 10,000 definitions several million triples that
said the same thing; see docs/decisions/0007-inferred-graph-provenance.md.)

The quads go straight into the pyoxigraph store the build writes from: building them through rdflib
cost more than all the reasoning at a thousand definitions.
"""

from collections.abc import Iterator
from datetime import datetime

from pyoxigraph import Literal, NamedNode, Quad, Store

from govlex.namespace import GLX, INFERRED_GRAPH, PROV, RDF_TYPE, XSD, id_iri
from govlex.reasoning.scope import Pair, ScopeInferences

_RDF_TYPE = NamedNode(RDF_TYPE)


def record_build_run(store: Store, digest: str, started: datetime, reasoner: str | None) -> NamedNode:
    """Describe this build run in the inferred graph, as what generated that graph.

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
    """One quad in the inferred graph per conclusion."""
    graph = NamedNode(str(INFERRED_GRAPH))
    nodes: dict[str, NamedNode] = {}

    def node(iri: str) -> NamedNode:
        # Interning: the same few thousand IRIs recur in hundreds of thousands of pairs.
        found = nodes.get(iri)
        if found is None:
            found = nodes[iri] = NamedNode(iri)
        return found

    by_predicate: dict[NamedNode, set[Pair]] = {
        NamedNode(str(GLX.covers)): inferences.covers,
        NamedNode(str(GLX.narrowerInScopeThan)): inferences.narrower,
        NamedNode(str(GLX.equivalentInScopeTo)): inferences.equivalent,
        NamedNode(str(GLX.disjointInScopeWith)): inferences.disjoint,
    }
    for predicate, pairs in by_predicate.items():
        for subject, obj in pairs:
            yield Quad(node(subject), predicate, node(obj), graph)


def record_inferences(store: Store, inferences: ScopeInferences) -> int:
    """Add the conclusions to the store's inferred graph; return how many."""
    # Handed over as they are made: at 10,000 concepts a list of the 2.7 million quads alone took a GB.
    store.extend(inferred_quads(inferences))
    return sum(
        len(pairs)
        for pairs in (inferences.covers, inferences.narrower, inferences.equivalent, inferences.disjoint)
    )
