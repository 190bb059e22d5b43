"""Serialising the dataset, or one of its graphs, in the usual RDF formats."""

from enum import StrEnum

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store

from govlex.namespace import GRAPH_BASE, PREFIXES


class ExportFormat(StrEnum):
    turtle = "turtle"
    jsonld = "jsonld"
    rdfxml = "rdfxml"
    ntriples = "ntriples"
    trig = "trig"
    nquads = "nquads"


_FORMATS = {
    ExportFormat.turtle: RdfFormat.TURTLE,
    ExportFormat.jsonld: RdfFormat.JSON_LD,
    ExportFormat.rdfxml: RdfFormat.RDF_XML,
    ExportFormat.ntriples: RdfFormat.N_TRIPLES,
    ExportFormat.trig: RdfFormat.TRIG,
    ExportFormat.nquads: RdfFormat.N_QUADS,
}
DATASET_FORMATS = {ExportFormat.trig, ExportFormat.nquads}


def export(store: Store, fmt: ExportFormat, graph: str | None = None) -> bytes:
    """The store as bytes in `fmt`.

    Dataset formats (TriG, N-Quads) keep the named graphs. Graph formats get one named graph when
    `graph` names it (e.g. "data"), else the union of all graphs.
    """
    rdf_format = _FORMATS[fmt]
    prefixes = PREFIXES if fmt in {ExportFormat.turtle, ExportFormat.trig, ExportFormat.rdfxml} else None
    if fmt in DATASET_FORMATS and graph is None:
        return _bytes(store.dump(format=rdf_format, prefixes=prefixes))
    union = Store()
    if graph is None:
        union.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in store)
    else:
        source = NamedNode(GRAPH_BASE + graph)
        union.extend(
            Quad(q.subject, q.predicate, q.object, DefaultGraph())
            for q in store.quads_for_pattern(None, None, None, source)
        )
    return _bytes(union.dump(format=rdf_format, from_graph=DefaultGraph(), prefixes=prefixes))


def _bytes(payload: bytes | None) -> bytes:
    # pyoxigraph returns None only when given an output file, which we never pass.
    assert payload is not None
    return payload
