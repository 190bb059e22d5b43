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

Subset tests use each definition's criteria as an integer bit set, and only definitions whose rarest
criterion the other has are tested, so the work grows with the answer rather than with N².
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

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from rdflib import Graph, URIRef

from govlex.loading import SourceIndex
from govlex.namespace import GLX
from govlex.reasoning.scope import Definitions, ScopeInferences, clash_problem, unsatisfiable_problem

Criteria = Mapping[URIRef, frozenset[URIRef]]


def exhibited_criteria(graph: Graph) -> dict[URIRef, frozenset[URIRef]]:
    """Each individual that exhibits at least one criterion, with the criteria it exhibits."""
    exhibited: dict[URIRef, set[URIRef]] = defaultdict(set)
    for system, criterion in graph.subject_objects(GLX.exhibits):
        if isinstance(system, URIRef) and isinstance(criterion, URIRef):
            exhibited[system].add(criterion)
    return {system: frozenset(criteria) for system, criteria in exhibited.items()}


class _SubsetIndex:
    """Sets of criteria as bit sets, each filed under its rarest criterion, to find subsets of a query set."""

    def __init__(self, members: Criteria) -> None:
        counts = Counter(c for criteria in members.values() for c in criteria)
        self.bit = {c: 1 << n for n, c in enumerate(sorted(counts))}
        self.masks = {member: self.mask(criteria) for member, criteria in members.items()}
        self.by_rarest: dict[URIRef, list[URIRef]] = defaultdict(list)
        for member, criteria in members.items():
            if criteria:
                self.by_rarest[min(criteria, key=lambda c: (counts[c], c))].append(member)

    def mask(self, criteria: Iterable[URIRef]) -> int:
        """The bit set of `criteria`; criteria no member uses are left out (no subset can need them)."""
        bits = 0
        for criterion in criteria:
            bits |= self.bit.get(criterion, 0)
        return bits

    def subsets_of(self, criteria: frozenset[URIRef]) -> list[URIRef]:
        """The members whose criteria are all in `criteria`."""
        query = self.mask(criteria)
        return [
            member
            for criterion in criteria
            for member in self.by_rarest.get(criterion, ())
            if self.masks[member] & ~query == 0
        ]


def classify(definitions: Definitions, systems: Criteria, index: SourceIndex) -> ScopeInferences:
    """Coverings, scope subsumption, disjointness and consistency as HermiT would conclude them."""
    excluded_pairs = definitions.excluded_pairs()
    clashing = [
        (system, a, b)
        for system, criteria in sorted(systems.items())
        for a, b in excluded_pairs
        if a in criteria and b in criteria
    ]
    if clashing:
        return ScopeInferences(False, problems=[clash_problem(*clash, index) for clash in clashing])
    unsatisfiable = {
        i
        for i, criteria in definitions.criteria.items()
        if any(a in criteria and b in criteria for a, b in excluded_pairs)
    }
    inferences = ScopeInferences(True)
    inferences.problems = [unsatisfiable_problem(i, index) for i in sorted(unsatisfiable)]
    satisfiable = {i: c for i, c in definitions.criteria.items() if i not in unsatisfiable}
    subsets = _SubsetIndex(satisfiable)
    for i, criteria in satisfiable.items():
        for j in subsets.subsets_of(criteria):
            if i == j:
                continue
            if satisfiable[j] == criteria:
                inferences.equivalent.add((i, j))
            else:
                inferences.narrower.add((i, j))
    for system, criteria in systems.items():
        inferences.covers.update((i, system) for i in subsets.subsets_of(criteria))
    for a, b in excluded_pairs:
        with_a = [i for i, c in satisfiable.items() if a in c]
        with_b = [j for j, c in satisfiable.items() if b in c]
        inferences.disjoint.update(pair for i in with_a for j in with_b for pair in ((i, j), (j, i)))
    return inferences
