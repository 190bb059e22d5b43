"""The definitions' scope worked out structurally, over criteria sets, with HermiT's conclusions.

A definition is a conjunction ReferenceSystem ⊓ ∃exhibits.K_c1 ⊓ … ⊓ ∃exhibits.K_cn (see
`definitions.py`), and the only other axioms touching the K_c are the declared exclusions
∃exhibits.K_a ⊑ ¬∃exhibits.K_b. In that fragment every conclusion HermiT draws has a structural form:

- D_I is unsatisfiable exactly when I's criteria contain an excluded pair;
- D_I ⊑ D_J (both satisfiable) exactly when J's criteria are a subset of I's;
- system S is an instance of D_I exactly when S exhibits every criterion of I (`exhibits` has the domain
  ReferenceSystem, so exhibiting makes S one);
- D_I ⊓ D_J is unsatisfiable (both satisfiable) exactly when one requires a and the other b of an excluded
  pair;
- the model is inconsistent through these axioms exactly when a system exhibits both criteria of an
  excluded pair.

Each definition's criteria are a row of 64-bit words, so one vectorised test finds every definition
inside a given set: N² word operations in numpy, about a second at 10,000 definitions.
`tests/test_structural_reasoning.py` checks these conclusions against HermiT's on random models.

>>> from rdflib import URIRef
>>> a, b, c = (URIRef(f"urn:c:{x}") for x in "abc")
>>> broad, narrow = URIRef("urn:i:broad"), URIRef("urn:i:narrow")
>>> found = classify(
...     Definitions({broad: frozenset({a}), narrow: frozenset({a, b})}, frozenset()),
...     {URIRef("urn:s:1"): frozenset({a, c})},
...     SourceIndex(),
... )
>>> sorted(found.narrower), sorted(found.covers)
([(rdflib.term.URIRef('urn:i:narrow'), rdflib.term.URIRef('urn:i:broad'))], [(rdflib.term.URIRef('urn:i:broad'), rdflib.term.URIRef('urn:s:1'))])
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np
from pyoxigraph import Store
from rdflib import URIRef

from govlex.loading import SourceIndex
from govlex.namespace import GLX
from govlex.reasoning.scope import (
    Definitions,
    IndexedPairs,
    Pair,
    ScopeInferences,
    clash_problem,
    iri_pairs,
    unsatisfiable_problem,
)

Criteria = Mapping[URIRef, frozenset[URIRef]]


def exhibited_criteria(store: Store) -> dict[URIRef, frozenset[URIRef]]:
    """Each individual that exhibits at least one criterion, with the criteria it exhibits."""
    exhibited: dict[URIRef, set[URIRef]] = defaultdict(set)
    for system, criterion in iri_pairs(store, GLX.exhibits):
        exhibited[system].add(criterion)
    return {system: frozenset(criteria) for system, criteria in exhibited.items()}


class _SubsetIndex:
    """Criteria sets as rows of 64-bit words: all the rows inside a query set come from one vector operation."""

    def __init__(self, members: Criteria) -> None:
        self.members = sorted(members)
        self.column = {c: n for n, c in enumerate(sorted({c for cs in members.values() for c in cs}))}
        self.words = max(1, -(-len(self.column) // 64))
        self.rows = np.zeros((len(self.members), self.words), dtype=np.uint64)
        for row, member in enumerate(self.members):
            self.rows[row] = self.mask(members[member])

    def holding(self, criterion: URIRef) -> np.ndarray:
        """The row numbers of the members whose criteria include `criterion`."""
        n = self.column.get(criterion)
        if n is None:
            return np.zeros(0, dtype=np.intp)
        return np.flatnonzero((self.rows[:, n // 64] >> np.uint64(n % 64)) & np.uint64(1))

    def mask(self, criteria: Iterable[URIRef]) -> np.ndarray:
        """The bit set of `criteria`; criteria no member uses are left out (no subset can need them)."""
        bits = np.zeros(self.words, dtype=np.uint64)
        for criterion in criteria:
            if (n := self.column.get(criterion)) is not None:
                bits[n // 64] |= np.uint64(1 << (n % 64))
        return bits

    def subsets(self, masks: np.ndarray, chunk: int = 512) -> tuple[np.ndarray, np.ndarray]:
        """(query, member) row numbers of every member whose criteria are inside a query's (rows of `masks`)."""
        found: list[tuple[np.ndarray, np.ndarray]] = []
        for start in range(0, len(masks), chunk):
            block = masks[start : start + chunk]
            inside = ~(self.rows[None, :, :] & ~block[:, None, :]).any(axis=2)
            queries, members = np.nonzero(inside)
            found.append((queries + start, members))
        if not found:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        return np.concatenate([q for q, _ in found]), np.concatenate([m for _, m in found])


def classify(definitions: Definitions, systems: Criteria, sources: SourceIndex) -> ScopeInferences:
    """Coverings, scope subsumption, disjointness and consistency as HermiT would conclude them."""
    excluded_pairs = definitions.excluded_pairs()
    clashing = [
        (system, a, b)
        for system, criteria in sorted(systems.items())
        for a, b in excluded_pairs
        if a in criteria and b in criteria
    ]
    if clashing:
        return ScopeInferences(False, problems=[clash_problem(*clash, sources) for clash in clashing])
    unsatisfiable = {
        i
        for i, criteria in definitions.criteria.items()
        if any(a in criteria and b in criteria for a, b in excluded_pairs)
    }
    inferences = ScopeInferences(True)
    inferences.problems = [unsatisfiable_problem(i, sources) for i in sorted(unsatisfiable)]
    satisfiable = {i: c for i, c in definitions.criteria.items() if i not in unsatisfiable}
    index = _SubsetIndex(satisfiable)
    names = index.members
    inner, outer = index.subsets(index.rows)
    same = (index.rows[inner] == index.rows[outer]).all(axis=1)
    distinct = inner != outer
    inferences.equivalent = IndexedPairs(names, inner[same & distinct], names, outer[same & distinct])
    inferences.narrower = IndexedPairs(names, inner[~same], names, outer[~same])
    system_names = sorted(systems)
    masks = np.array([index.mask(systems[s]) for s in system_names]).reshape(len(system_names), index.words)
    holders, covered = index.subsets(masks)
    inferences.covers = IndexedPairs(names, covered, system_names, holders)
    inferences.disjoint = _disjoint(index, excluded_pairs)
    return inferences


def _disjoint(index: _SubsetIndex, excluded_pairs: list[Pair]) -> IndexedPairs:
    """Both orders of every pair of members where one requires a and the other b of an excluded pair."""
    count = len(index.members)
    codes = [np.zeros(0, dtype=np.int64)]
    for a, b in excluded_pairs:
        with_a, with_b = index.holding(a).astype(np.int64), index.holding(b).astype(np.int64)
        ones, others = np.repeat(with_a, len(with_b)), np.tile(with_b, len(with_a))
        codes += [ones * count + others, others * count + ones]
    # Definitions sharing several excluded pairs would otherwise be listed once per pair.
    unique = np.unique(np.concatenate(codes))
    return IndexedPairs(index.members, unique // max(count, 1), index.members, unique % max(count, 1))
