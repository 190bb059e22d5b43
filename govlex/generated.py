"""Data in the govlex model generated at any size, for the benchmarks and tests.

`cloned_data` copies the bundled data until it holds N concepts (what `bench/scale.py` measures).

`definition_sources` draws, with a fixed seed, `size` interpretations (each requiring 2-6 criteria of a
pool), `size` reference systems (each exhibiting 3-10) and random mutually exclusive pairs of criteria,
on top of the govlex ontology, and returns them as the build would load them. Systems never exhibit both
criteria of an exclusion unless `clash` asks for one that does (an inconsistent model).
"""

import random
import shutil
from pathlib import Path

from rdflib import RDF, SKOS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from govlex.loading import LoadedSources, data_files, parse_turtle
from govlex.namespace import DATA_GRAPH, GLX, ID_BASE, ONTOLOGY_GRAPH, id_iri
from govlex.paths import ontology_file, resource_dir


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
    return LoadedSources.from_dataset(dataset)


CLONED_KINDS = ("concept", "interpretation", "system")
MAPPING_PREDICATES = {SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch}


def cloned_data(out: Path, concepts: int, seed: int = 17) -> dict[str, int]:
    """Write the bundled data plus numbered copies of it into `out`, until about `concepts` concepts.

    Every concept, reading and reference system is copied under a new IRI (`<slug>-c<k>`, readings
    `<concept-slug>-c<k>--<rest>` so the reading still names its concept), with its blank nodes
    (citations, claims) and with the triples that point at it from shared nodes (rounds, collections);
    labels get the copy's number so they stay unique per language. Each copied reading requires a random
    2-5 of the bundled criteria, so definitions differ across copies. Sources, parties, criteria and
    glossaries are shared. Copies are written as N-Triples (valid Turtle, and much faster to write).
    Returns the counts of concepts, readings and triples written.
    """
    rng = random.Random(seed)
    source_files = data_files()
    original = Graph()
    for path in source_files:
        original += parse_turtle(path)
    out.mkdir(parents=True, exist_ok=True)
    for path in source_files:
        target = out / path.relative_to(resource_dir("data"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    cloned = {iri for iri in original.all_nodes() if isinstance(iri, URIRef) and _cloned_kind(iri)}
    bundled_concepts = sum(1 for iri in cloned if _cloned_kind(iri) == "concept")
    criteria = sorted(c for c in original.objects(None, GLX.requiresCriterion) if isinstance(c, URIRef))
    labels = {SKOS.prefLabel, SKOS.altLabel}
    mappings = set(original.subjects(RDF.type, GLX.Mapping))
    copies = max(0, -(-concepts // bundled_concepts) - 1)
    triples = len(original)
    for k in range(1, copies + 1):
        copy = Graph()

        def renamed(node: Node, k: int = k) -> Node:
            if isinstance(node, BNode):
                return BNode(f"{node}c{k}")
            if isinstance(node, URIRef) and node in cloned:
                return _clone_iri(node, k)
            return node

        for s, p, o in original:
            if s not in cloned and o not in cloned and not isinstance(s, BNode):
                continue
            if p in MAPPING_PREDICATES or s in mappings:
                continue  # a copy is not the external term's match (exactMatch chains would fail a gate)
            if p == GLX.requiresCriterion and s in cloned:
                continue
            if p in labels and isinstance(o, Literal):
                o = Literal(f"{o} {k}", lang=o.language)
            copy.add((renamed(s), p, renamed(o)))
        for reading in {
            s for s in original.subjects(GLX.requiresCriterion) if isinstance(s, URIRef) and s in cloned
        }:
            for criterion in rng.sample(criteria, rng.randint(2, 5)):
                copy.add((_clone_iri(reading, k), GLX.requiresCriterion, criterion))
        copy.serialize(destination=out / f"copy-{k}.ttl", format="nt", encoding="utf-8")
        triples += len(copy)
    readings = sum(1 for iri in cloned if _cloned_kind(iri) == "interpretation")
    return {
        "concepts": bundled_concepts * (copies + 1),
        "readings": readings * (copies + 1),
        "triples": triples,
    }


def _cloned_kind(iri: URIRef) -> str | None:
    kind = str(iri).removeprefix(ID_BASE).split("/", 1)[0]
    return kind if str(iri).startswith(ID_BASE) and kind in CLONED_KINDS else None


def _clone_iri(iri: URIRef, k: int) -> URIRef:
    kind, slug = str(iri).removeprefix(ID_BASE).split("/", 1)
    head, sep, rest = slug.partition("--")
    return id_iri(kind, f"{head}-c{k}{sep}{rest}")


def unvalidated_build(data: Path, out: Path) -> int:
    """Write `data` with the structural classifier's conclusions to the N-Quads file `out`: the data graph,
    and the inferred graph's triples and build run as `govlex build` writes them, but without validation
    or HermiT's consistency check. For generated data only (`cloned_data` passes validation by
    construction), so page tests and page benchmarks get thousands of concepts in seconds.
    Returns the number of quads written.
    """
    from datetime import UTC, datetime

    from pyoxigraph import RdfFormat

    from govlex.build import graph_sizes, write_dataset
    from govlex.loading import load_sources
    from govlex.reasoning.record import conclusion_count, inferred_quads, record_build_run
    from govlex.reasoning.scope import Definitions
    from govlex.reasoning.structural import classify, exhibited_criteria

    sources = load_sources(data=data_files(data))
    found = classify(Definitions.from_store(sources.store), exhibited_criteria(sources.store), sources.index)
    record_build_run(sources.store, "generated-unvalidated", datetime.now(UTC), "structural")
    write_dataset(out, RdfFormat.N_QUADS, sources.store, inferred_quads(found))
    return sum(graph_sizes(sources.store).values()) + conclusion_count(found)
