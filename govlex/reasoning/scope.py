"""What the reasoning step reads (definitions as criteria sets) and concludes (scope inferences).

Both ways of drawing the conclusions, HermiT over generated OWL classes (`definitions.py`) and the
structural classifier over criteria sets (`structural.py`), read a `Definitions` and return a
`ScopeInferences`, and name the same problems in the same words.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rdflib import Graph, URIRef

from govlex.loading import SourceIndex
from govlex.namespace import GLX
from govlex.problems import Problem

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

    def excluded_pairs(self) -> list[Pair]:
        """The declared exclusions as ordered pairs, sorted."""
        return sorted((a, b) for a, b in (sorted(pair) for pair in self.exclusions))

    def disjointness_candidates(self) -> list[Pair]:
        """Pairs of interpretations that could be disjoint: each requires a criterion named in an exclusion."""
        excluded = {criterion for pair in self.exclusions for criterion in pair}
        involved = sorted(i for i, c in self.criteria.items() if c & excluded)
        return list(combinations(involved, 2))


@dataclass
class ScopeInferences:
    """What the reasoner concluded about the definitions; `problems` is non-empty when the build must stop."""

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
    reasoner: str = ""
    """What drew the conclusions, as the build's provenance names it."""


def clash_problem(system: URIRef, a: URIRef, b: URIRef, index: SourceIndex) -> Problem:
    """A system exhibits both criteria of a declared exclusion, which makes the model inconsistent."""
    path, line = index.locate(system)
    return Problem(
        CONSISTENCY_CHECK,
        f"it exhibits {a} and {b}, which are declared mutually exclusive",
        subject=str(system),
        file=path,
        line=line,
    )


def unsatisfiable_problem(interpretation: URIRef, index: SourceIndex) -> Problem:
    """A definition requires both criteria of a declared exclusion, so nothing can fall under it."""
    path, line = index.locate(interpretation)
    return Problem(
        UNSATISFIABLE_CHECK,
        "its criteria include two declared mutually exclusive, so nothing can fall under it",
        subject=str(interpretation),
        file=path,
        line=line,
    )
