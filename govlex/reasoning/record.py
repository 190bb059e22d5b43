"""Writing the reasoner's conclusions into the inferred graph, each statement with its PROV-O provenance.

Every inferred triple (`glx:covers`, `glx:narrowerInScopeThan`, `glx:equivalentInScopeTo`,
`glx:disjointInScopeWith`) is stated plainly, so queries read it directly, and described once more
by a standard RDF reification node, `id/inference/<hash>`, typed `rdf:Statement` and `prov:Entity`,
that says `prov:wasGeneratedBy` the build run; the run names the reasoner and the consistency
verdict. Reification keeps provenance per statement inside the one inferred graph, readable by any
SPARQL 1.1 store (no RDF-star), and apart from triples other steps may add to that graph.
"""

import hashlib

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV

from govlex.namespace import GLX, id_iri
from govlex.reasoning.scope import Pair, ScopeInferences


def statement_iri(subject: URIRef, predicate: URIRef, obj: URIRef) -> URIRef:
    """A stable IRI for the reification of one inferred triple.

    >>> statement_iri(URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b"))
    rdflib.term.URIRef('https://w3id.org/govlex/id/inference/599d1a326d2666888398')
    """
    digest = hashlib.sha256(f"{subject} {predicate} {obj}".encode()).hexdigest()
    return id_iri("inference", digest[:20])


def inferred_triples(inferences: ScopeInferences) -> list[tuple[URIRef, URIRef, URIRef]]:
    """The plain triples the inferences state, sorted."""
    by_predicate: dict[URIRef, set[Pair]] = {
        GLX.covers: inferences.covers,
        GLX.narrowerInScopeThan: inferences.narrower,
        GLX.equivalentInScopeTo: inferences.equivalent,
        GLX.disjointInScopeWith: inferences.disjoint,
    }
    return sorted((s, predicate, o) for predicate, pairs in by_predicate.items() for s, o in pairs)


def record_inferences(inferred: Graph, inferences: ScopeInferences, run: URIRef) -> int:
    """Add the inferred triples and their provenance to the `inferred` graph; return how many triples."""
    triples = inferred_triples(inferences)
    for subject, predicate, obj in triples:
        inferred.add((subject, predicate, obj))
        node = statement_iri(subject, predicate, obj)
        inferred.add((node, RDF.type, RDF.Statement))
        inferred.add((node, RDF.type, PROV.Entity))
        inferred.add((node, RDF.subject, subject))
        inferred.add((node, RDF.predicate, predicate))
        inferred.add((node, RDF.object, obj))
        inferred.add((node, PROV.wasGeneratedBy, run))
    return len(triples)
