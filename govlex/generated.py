"""Definitions and reference systems generated at any size, for the reasoning benchmark and tests.

`definition_sources` draws, with a fixed seed, `size` interpretations (each requiring 2-6 criteria of a
pool), `size` reference systems (each exhibiting 3-10) and random mutually exclusive pairs of criteria,
on top of the govlex ontology, and returns them as the build would load them. Systems never exhibit both
criteria of an exclusion unless `clash` asks for one that does (an inconsistent model).
"""

import random

from rdflib import RDF, Dataset, Literal, URIRef

from govlex.loading import LoadedSources, SourceIndex, parse_turtle
from govlex.namespace import DATA_GRAPH, GLX, ONTOLOGY_GRAPH, id_iri
from govlex.paths import ontology_file


def definition_sources(
    size: int,
    criteria: int,
    exclusions: int,
    seed: int = 9,
    requires: tuple[int, int] = (2, 6),
    exhibits: tuple[int, int] = (3, 10),
    clash: bool = False,
) -> LoadedSources:
    """The ontology plus generated interpretations, systems and exclusions (see the module docstring)."""
    rng = random.Random(seed)
    dataset = Dataset()
    ontology_graph = dataset.graph(ONTOLOGY_GRAPH)
    for triple in parse_turtle(ontology_file()):
        ontology_graph.add(triple)
    data = dataset.graph(DATA_GRAPH)
    pool = [id_iri("criterion", f"c{n}") for n in range(criteria)]
    for criterion in pool:
        data.add((criterion, RDF.type, GLX.Criterion))
    excluded: dict[URIRef, set[URIRef]] = {c: set() for c in pool}
    for _ in range(exclusions):
        a, b = rng.sample(pool, 2)
        data.add((a, GLX.mutuallyExclusiveWith, b))
        excluded[a].add(b)
        excluded[b].add(a)
    for n in range(size):
        reading = id_iri("interpretation", f"i{n}")
        data.add((reading, RDF.type, GLX.Interpretation))
        data.add((reading, GLX.statement, Literal(f"generated reading {n}", lang="en")))
        for criterion in rng.sample(pool, min(criteria, rng.randint(*requires))):
            data.add((reading, GLX.requiresCriterion, criterion))
        system = id_iri("system", f"s{n}")
        data.add((system, RDF.type, GLX.ReferenceSystem))
        chosen: list[URIRef] = []
        wanted = rng.randint(*exhibits)
        for criterion in rng.sample(pool, len(pool)):
            if not excluded[criterion] & set(chosen):
                chosen.append(criterion)
            if len(chosen) == wanted:
                break
        for criterion in chosen:
            data.add((system, GLX.exhibits, criterion))
    if clash and exclusions:
        a = next(c for c in pool if excluded[c])
        system = id_iri("system", "clashing")
        data.add((system, RDF.type, GLX.ReferenceSystem))
        data.add((system, GLX.exhibits, a))
        data.add((system, GLX.exhibits, min(excluded[a])))
    return LoadedSources(dataset, SourceIndex(), [])
