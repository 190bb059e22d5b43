"""Structural evidence: does a candidate sit where our hierarchy says it should, given mappings already known?

Anchors are mappings already known — curated ones, and the confident lexical matches of the same run,
as ontology matchers (LogMap, AgreementMakerLight) anchor on them. A candidate gains when our broader
concept is anchored to one of its ancestors, and loses when its parent is anchored to a concept of
ours that is neither our concept nor one of its ancestors: the two hierarchies then disagree.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from govlex.linking.vocabulary import Term


def ancestors(iri: str, parents: dict[str, set[str]]) -> set[str]:
    """Every ancestor of `iri` through `parents` (cycles are harmless).

    >>> sorted(ancestors("c", {"c": {"b"}, "b": {"a"}, "a": {"c"}}))
    ['a', 'b', 'c']
    """
    seen: set[str] = set()
    todo = list(parents.get(iri, ()))
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo.extend(parents.get(parent, ()))
    return seen


@dataclass(frozen=True)
class Hierarchies:
    """Both sides' parents and the anchors between them (our concept → their terms, and back)."""

    ours: dict[str, set[str]]
    theirs: dict[str, set[str]]
    anchored: dict[str, set[str]]
    anchored_from: dict[str, set[str]]

    @classmethod
    def of(
        cls, concepts: Iterable[Term], terms: Iterable[Term], anchors: Iterable[tuple[str, str]]
    ) -> "Hierarchies":
        anchored: dict[str, set[str]] = {}
        anchored_from: dict[str, set[str]] = {}
        for concept, term in anchors:
            anchored.setdefault(concept, set()).add(term)
            anchored_from.setdefault(term, set()).add(concept)
        return cls(
            {c.iri: c.parents for c in concepts}, {t.iri: t.parents for t in terms}, anchored, anchored_from
        )

    def evidence(self, concept: str, term: str) -> tuple[int, str] | None:
        """+1 with a reason when the hierarchies agree on the pair, -1 when they disagree, else None."""
        their_ancestors = ancestors(term, self.theirs)
        for parent in sorted(self.ours.get(concept, ())):
            shared = sorted(self.anchored.get(parent, set()) & their_ancestors)
            if shared:
                return (
                    1,
                    f"structure: our broader concept {_name(parent)} is mapped to {shared[0]}, an ancestor of the candidate",
                )
        ours_above = ancestors(concept, self.ours) | {concept}
        for parent in sorted(self.theirs.get(term, ())):
            elsewhere = sorted(self.anchored_from.get(parent, set()) - ours_above)
            if elsewhere:
                return (
                    -1,
                    f"structure: the candidate's parent {parent} is mapped to {_name(elsewhere[0])}, not above our concept",
                )
        return None


def _name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
