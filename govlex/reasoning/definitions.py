"""Interpretations as OWL classes, classified by HermiT: coverings, scope subsumption, disjointness.

Each criterion c gets a class K_c whose one asserted member is the criterion individual, and an
interpretation I requiring criteria c1 … cn becomes

    D_I ≡ ReferenceSystem ⊓ ∃exhibits.K_c1 ⊓ … ⊓ ∃exhibits.K_cn

with, for each pair of criteria declared `glx:mutuallyExclusiveWith`, the axiom
∃exhibits.K_a ⊑ ¬∃exhibits.K_b. HermiT then puts each reference system into the classes whose
criteria it provably exhibits (open world: a criterion nobody claimed is not assumed), and orders the
classes: D_I ⊑ D_J means every system I admits, J admits too. Disjointness is asked only where it can
arise, for pairs of interpretations that each require a criterion named in an exclusion: a probe
class D_I ⊓ D_J that HermiT finds unsatisfiable means nothing can fall under both.

Why K_c and not the nominal ∃exhibits.{c} (`exhibits.value(c)`): nothing in the model relates two
criteria except through these generated axioms, so both give the same coverings, subsumptions and
disjointness, but nominals switch off HermiT's optimisations and made the bundled data 2-3× and 100
generated definitions 4-6× slower (see bench/README.md).
"""

import tempfile
import types
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import cast

import owlready2
from pyoxigraph import NamedNode, RdfFormat, Store
from rdflib import Graph, URIRef

from govlex.loading import LoadedSources
from govlex.namespace import DATA_GRAPH, GLX, ONTOLOGY_GRAPH
from govlex.problems import Problem
from govlex.reasoner import (
    REASONER_NAME,
    ConsistencyResult,
    check_consistency,
    java_executable,
    reasoning_world,
    run_hermit,
)
from govlex.reasoning.scope import (
    CONSISTENCY_CHECK,
    Definitions,
    Pair,
    ScopeInferences,
    clash_problem,
    unsatisfiable_problem,
)
from govlex.reasoning.structural import classify, exhibited_criteria

GENERATED_BASE = "https://w3id.org/govlex/generated/definition#"


class ScopeMethod(StrEnum):
    """How the definitions' scope is worked out (both give the same conclusions)."""

    structural = "structural"
    hermit = "hermit"


def infer_scope(sources: LoadedSources, method: ScopeMethod = ScopeMethod.structural) -> ScopeInferences:
    """Decide consistency and each definition's scope: coverings, subsumption, disjointness.

    "structural" (the default) works the definitions out over criteria sets (`structural.py`, the same
    conclusions as HermiT's, in a fraction of the time) and runs HermiT's consistency check over the model
    without the generated classes for whatever else could make it inconsistent; "hermit" classifies the generated classes with HermiT itself
    (the oracle the structural classifier is tested against).
    """
    java_executable()  # fail before any work on a machine without Java
    definitions = Definitions.from_store(sources.store)
    if method is ScopeMethod.hermit:
        return _hermit_scope(sources.union(), definitions, sources)
    found = classify(definitions, exhibited_criteria(sources.store), sources.index)
    if not found.consistent:
        return found
    verdict = consistency(sources.store)
    if not verdict.consistent:
        return ScopeInferences(
            False, problems=[Problem(CONSISTENCY_CHECK, f"the model is inconsistent: {verdict.explanation}")]
        )
    found.reasoner = f"govlex structural classifier for definitions; {REASONER_NAME} for consistency"
    return found


def consistency(store: Store) -> ConsistencyResult:
    """HermiT's verdict on the ontology and data graphs of `store`, written for it as N-Triples."""
    with tempfile.TemporaryDirectory(prefix="govlex-consistency-") as tmp:
        path = Path(tmp) / "model.nt"
        with path.open("wb") as out:
            for graph in (ONTOLOGY_GRAPH, DATA_GRAPH):
                store.dump(out, RdfFormat.N_TRIPLES, from_graph=NamedNode(str(graph)))
        return check_consistency(path)


def _hermit_scope(graph: Graph, definitions: Definitions, sources: LoadedSources) -> ScopeInferences:
    """Generate a class per interpretation with criteria, run HermiT over the whole model and read back."""
    with reasoning_world(graph) as (world, ontology):
        classes, probes = _generate(world, definitions)
        result = run_hermit(world, ontology)
        if not result.consistent:
            return ScopeInferences(
                False, problems=_inconsistency_problems(graph, definitions, sources, result.explanation)
            )
        return _read_back(world, classes, probes, sources)


def _generate(
    world: owlready2.World, definitions: Definitions
) -> tuple[dict[URIRef, owlready2.ThingClass], dict[Pair, owlready2.ThingClass]]:
    """Add the definition classes, exclusion axioms and disjointness probes to `world`."""
    reference_system = world[str(GLX.ReferenceSystem)]
    exhibits = world[str(GLX.exhibits)]
    generated = world.get_ontology(GENERATED_BASE)
    classes: dict[URIRef, owlready2.ThingClass] = {}
    probes: dict[Pair, owlready2.ThingClass] = {}
    kinds: dict[URIRef, owlready2.ThingClass] = {}
    with generated:

        def exhibiting(criterion: URIRef) -> owlready2.Restriction:
            if criterion not in kinds:
                kind = kinds[criterion] = _new_class(f"k{len(kinds)}")
                _individual(world, criterion).is_a.append(kind)
            return exhibits.some(kinds[criterion])

        for number, (interpretation, criteria) in enumerate(sorted(definitions.criteria.items())):
            expression = reference_system
            for criterion in sorted(criteria):
                expression = expression & exhibiting(criterion)
            cls = _new_class(f"d{number}")
            cls.equivalent_to = [expression]
            classes[interpretation] = cls
        for number, pair in enumerate(sorted(definitions.exclusions, key=sorted)):
            a, b = sorted(pair)
            exhibits_a = _new_class(f"x{number}")
            exhibits_a.equivalent_to = [exhibiting(a)]
            exhibits_a.is_a.append(owlready2.Not(exhibiting(b)))
        for number, (i, j) in enumerate(definitions.disjointness_candidates()):
            probe = _new_class(f"p{number}")
            probe.equivalent_to = [classes[i] & classes[j]]
            probes[(i, j)] = probe
    return classes, probes


def _new_class(name: str) -> owlready2.ThingClass:
    """A new named OWL class in the ontology of the enclosing `with` block."""
    return cast(owlready2.ThingClass, types.new_class(name, (owlready2.Thing,)))


def _individual(world: owlready2.World, iri: URIRef) -> owlready2.Thing:
    """The owlready2 individual for `iri`, created untyped when the graph only mentions it."""
    found = world[str(iri)]
    if found is not None:
        return found
    base, _, name = str(iri).rpartition("/")
    return owlready2.Thing(name, namespace=world.get_namespace(base + "/"))


def _read_back(
    world: owlready2.World,
    classes: dict[URIRef, owlready2.ThingClass],
    probes: dict[Pair, owlready2.ThingClass],
    sources: LoadedSources,
) -> ScopeInferences:
    inferences = ScopeInferences(True, reasoner=REASONER_NAME)
    covers: set[Pair] = set()
    narrower: set[Pair] = set()
    equivalent: set[Pair] = set()
    disjoint: set[Pair] = set()
    unsatisfiable = set(world.inconsistent_classes())
    by_class = {cls: interpretation for interpretation, cls in classes.items()}
    for interpretation, cls in sorted(classes.items()):
        if cls in unsatisfiable:
            inferences.problems.append(unsatisfiable_problem(interpretation, sources.index))
            continue
        for system in cls.instances(world=world):
            covers.add((interpretation, URIRef(system.iri)))
    above = {cls: _supers(cls, by_class) - {cls} for cls in by_class if cls not in unsatisfiable}
    for cls, supers in above.items():
        for other in supers:
            i, j = by_class[cls], by_class[other]
            if cls in above.get(other, set()):
                equivalent.update({(i, j), (j, i)})
            else:
                narrower.add((i, j))
    for (i, j), probe in probes.items():
        if probe in unsatisfiable and classes[i] not in unsatisfiable and classes[j] not in unsatisfiable:
            disjoint.update({(i, j), (j, i)})
    inferences.covers, inferences.narrower = covers, narrower
    inferences.equivalent, inferences.disjoint = equivalent, disjoint
    return inferences


def _supers(
    cls: owlready2.ThingClass, generated: Iterable[owlready2.ThingClass]
) -> set[owlready2.ThingClass]:
    """The definition classes that `cls` is (by HermiT's inferred hierarchy) a subclass of, transitively.

    The walk goes through every named class, not only definitions: owlready2 keeps the direct
    superclasses only, and a definition can sit under a disjointness probe D_I ⊓ D_J (or an exclusion
    class), which in turn sits under D_I and D_J.
    """
    known = set(generated)
    seen: set[owlready2.ThingClass] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(c for c in [*current.is_a, *current.equivalent_to] if isinstance(c, owlready2.ThingClass))
    return seen & known


def _inconsistency_problems(
    graph: Graph, definitions: Definitions, sources: LoadedSources, explanation: str
) -> list[Problem]:
    """Name the systems that exhibit two mutually exclusive criteria (the usual cause), else the bare verdict."""
    problems = [
        clash_problem(system, a, b, sources.index)
        for a, b in definitions.excluded_pairs()
        for system in sorted(
            s
            for s in set(graph.subjects(GLX.exhibits, a)) & set(graph.subjects(GLX.exhibits, b))
            if isinstance(s, URIRef)
        )
    ]
    return problems or [Problem(CONSISTENCY_CHECK, f"the model is inconsistent: {explanation}")]
