"""What the reasoning step reads (definitions as criteria sets) and concludes (scope inferences).

Both ways of drawing the conclusions, HermiT over generated OWL classes (`definitions.py`) and the
structural classifier over criteria sets (`structural.py`), read a `Definitions` and return a
`ScopeInferences`, and name the same problems in the same words.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from pyoxigraph import NamedNode, QuerySolutions, Store
from rdflib import URIRef

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
    def from_store(cls, store: Store) -> "Definitions":
        """The definitions in the union of `store`'s graphs (the sources' ontology and data)."""
        criteria: dict[URIRef, set[URIRef]] = defaultdict(set)
        for interpretation, criterion in iri_pairs(store, GLX.requiresCriterion):
            criteria[interpretation].add(criterion)
        exclusions = {frozenset((a, b)) for a, b in iri_pairs(store, GLX.mutuallyExclusiveWith) if a != b}
        return cls({i: frozenset(c) for i, c in criteria.items()}, frozenset(exclusions))

    def excluded_pairs(self) -> list[Pair]:
        """The declared exclusions as ordered pairs, sorted."""
        return sorted((a, b) for a, b in (sorted(pair) for pair in self.exclusions))

    def disjointness_candidates(self) -> list[Pair]:
        """Pairs of interpretations that could be disjoint: each requires a criterion named in an exclusion."""
        excluded = {criterion for pair in self.exclusions for criterion in pair}
        involved = sorted(i for i, c in self.criteria.items() if c & excluded)
        return list(combinations(involved, 2))


def iri_pairs(store: Store, predicate: URIRef) -> Iterator[Pair]:
    """Every (subject, object) of `predicate` in the union of `store`'s graphs where both are IRIs."""
    query = f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?s) && isIRI(?o)) }}"
    rows = store.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, QuerySolutions)
    for row in rows:
        subject, obj = row["s"], row["o"]
        assert isinstance(subject, NamedNode) and isinstance(obj, NamedNode)
        yield URIRef(subject.value), URIRef(obj.value)


class IndexedPairs(AbstractSet[Pair]):
    """Distinct pairs of IRIs kept as two arrays of positions into two lists of names.

    At 10,000 definitions the classifier draws millions of pairs; as tuples of rdflib terms in a set they
    cost hundreds of bytes each and a Python hash per term. Here they stay numbers until they are written
    (`record.inferred_quads`); asking whether one pair is in them builds the set once.
    """

    def __init__(
        self, left_names: Sequence[URIRef], left: np.ndarray, right_names: Sequence[URIRef], right: np.ndarray
    ) -> None:
        self.left_names, self.left, self.right_names, self.right = left_names, left, right_names, right
        self._members: frozenset[Pair] | None = None

    def __len__(self) -> int:
        return len(self.left)

    def __iter__(self) -> Iterator[Pair]:
        lefts = map(self.left_names.__getitem__, self.left.tolist())
        return zip(lefts, map(self.right_names.__getitem__, self.right.tolist()), strict=True)

    def __contains__(self, pair: object) -> bool:
        if self._members is None:
            self._members = frozenset(self)
        return pair in self._members


@dataclass
class ScopeInferences:
    """What the reasoner concluded about the definitions; `problems` is non-empty when the build must stop."""

    consistent: bool
    covers: AbstractSet[Pair] = field(default_factory=frozenset)
    """(interpretation, reference system): the system provably exhibits every required criterion."""
    narrower: AbstractSet[Pair] = field(default_factory=frozenset)
    """(I, J): I's scope is strictly inside J's."""
    equivalent: AbstractSet[Pair] = field(default_factory=frozenset)
    """(I, J) and (J, I): the same scope."""
    disjoint: AbstractSet[Pair] = field(default_factory=frozenset)
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
