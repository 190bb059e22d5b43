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

import types
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import cast

import owlready2
from rdflib import Graph, URIRef

from govlex.loading import LoadedSources
from govlex.namespace import GLX
from govlex.problems import Problem
from govlex.reasoner import java_executable, reasoning_world, run_hermit

GENERATED_BASE = "https://w3id.org/govlex/generated/definition#"
CONSISTENCY_CHECK = "OwlConsistency"
UNSATISFIABLE_CHECK = "SatisfiableDefinition"

Pair = tuple[URIRef, URIRef]


@dataclass(frozen=True)
class Definitions:
    """What the reasoning step reads from the asserted graph."""

    criteria: dict[URIRef, frozenset[URIRef]]
    """Each interpretation that requires at least one criterion, with its criteria."""
    exclusions: frozenset[frozenset[URIRef]]
    """Pairs of criteria declared mutually exclusive."""

    @classmethod
    def from_graph(cls, graph: Graph) -> "Definitions":
        criteria: dict[URIRef, set[URIRef]] = defaultdict(set)
        for interpretation, criterion in graph.subject_objects(GLX.requiresCriterion):
            if isinstance(interpretation, URIRef) and isinstance(criterion, URIRef):
                criteria[interpretation].add(criterion)
        exclusions = {
            frozenset((a, b))
            for a, b in graph.subject_objects(GLX.mutuallyExclusiveWith)
            if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b
        }
        return cls({i: frozenset(c) for i, c in criteria.items()}, frozenset(exclusions))

    def disjointness_candidates(self) -> list[Pair]:
        """Pairs of interpretations that could be disjoint: each requires a criterion named in an exclusion."""
        excluded = {criterion for pair in self.exclusions for criterion in pair}
        involved = sorted(i for i, c in self.criteria.items() if c & excluded)
        return list(combinations(involved, 2))


@dataclass
class ScopeInferences:
    """What HermiT concluded about the definitions; `problems` is non-empty when the build must stop."""

    consistent: bool
    covers: set[Pair] = field(default_factory=set)
    """(interpretation, reference system): the system provably exhibits every required criterion."""
    narrower: set[Pair] = field(default_factory=set)
    """(I, J): I's scope is strictly inside J's."""
    equivalent: set[Pair] = field(default_factory=set)
    """(I, J) and (J, I): the same scope."""
    disjoint: set[Pair] = field(default_factory=set)
    """(I, J) and (J, I): nothing can fall under both."""
    problems: list[Problem] = field(default_factory=list)


def infer_scope(sources: LoadedSources) -> ScopeInferences:
    """Generate a class per interpretation with criteria, run HermiT over the whole model and read back."""
    java_executable()  # fail before any work on a machine without Java
    graph = sources.union()
    definitions = Definitions.from_graph(graph)
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
    inferences = ScopeInferences(True)
    unsatisfiable = set(world.inconsistent_classes())
    by_class = {cls: interpretation for interpretation, cls in classes.items()}
    for interpretation, cls in sorted(classes.items()):
        if cls in unsatisfiable:
            path, line = sources.index.locate(interpretation)
            inferences.problems.append(
                Problem(
                    UNSATISFIABLE_CHECK,
                    "its criteria include two declared mutually exclusive, so nothing can fall under it",
                    subject=str(interpretation),
                    file=path,
                    line=line,
                )
            )
            continue
        for system in cls.instances(world=world):
            inferences.covers.add((interpretation, URIRef(system.iri)))
    above = {cls: _supers(cls, by_class) - {cls} for cls in by_class if cls not in unsatisfiable}
    for cls, supers in above.items():
        for other in supers:
            i, j = by_class[cls], by_class[other]
            if cls in above.get(other, set()):
                inferences.equivalent.update({(i, j), (j, i)})
            else:
                inferences.narrower.add((i, j))
    for (i, j), probe in probes.items():
        if probe in unsatisfiable and classes[i] not in unsatisfiable and classes[j] not in unsatisfiable:
            inferences.disjoint.update({(i, j), (j, i)})
    return inferences


def _supers(
    cls: owlready2.ThingClass, generated: Iterable[owlready2.ThingClass]
) -> set[owlready2.ThingClass]:
    """The generated classes that `cls` is (by HermiT's inferred hierarchy) a subclass of, transitively."""
    known = set(generated)
    seen: set[owlready2.ThingClass] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        named = (c for c in [*current.is_a, *current.equivalent_to] if isinstance(c, owlready2.ThingClass))
        todo.extend(c for c in named if c in known)
    return seen


def _inconsistency_problems(
    graph: Graph, definitions: Definitions, sources: LoadedSources, explanation: str
) -> list[Problem]:
    """Name the systems that exhibit two mutually exclusive criteria (the usual cause), else the bare verdict."""
    problems = []
    for a, b in sorted(sorted(pair) for pair in definitions.exclusions):
        both = set(graph.subjects(GLX.exhibits, a)) & set(graph.subjects(GLX.exhibits, b))
        for system in sorted(s for s in both if isinstance(s, URIRef)):
            path, line = sources.index.locate(system)
            problems.append(
                Problem(
                    CONSISTENCY_CHECK,
                    f"it exhibits {a} and {b}, which are declared mutually exclusive",
                    subject=str(system),
                    file=path,
                    line=line,
                )
            )
    return problems or [Problem(CONSISTENCY_CHECK, f"the model is inconsistent: {explanation}")]
