"""How good the suggestions are: precision and recall against the curated mappings, per vocabulary.

A suggestion is counted right when a curator has mapped the same (concept, term) pair with any
SKOS mapping property: the suggester proposes pairs and the curator settles the property. Recall is
given twice: over the curated pairs whose property is exact, close, broad or narrow (what label
evidence can find) and over every curated pair (relatedMatch included, which names an association
that labels rarely reveal).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from govlex.linking.mappings import SKOS, Mapping

RELATED = SKOS + "relatedMatch"
COLUMNS = ("suggested", "correct", "precision", "recall", "recall incl. related")
"""The columns of a `Score` in `govlex link evaluate`'s tables."""


@dataclass(frozen=True)
class Score:
    """The counts behind one line of `govlex link evaluate`."""

    vocabulary: str
    suggested: int
    correct: int
    curated: int
    curated_found: int
    curated_all: int
    curated_all_found: int

    @property
    def precision(self) -> float:
        return self.correct / self.suggested if self.suggested else 0.0

    @property
    def recall(self) -> float:
        return self.curated_found / self.curated if self.curated else 0.0

    @property
    def recall_all(self) -> float:
        return self.curated_all_found / self.curated_all if self.curated_all else 0.0


def score(vocabulary: str, suggested: Iterable[Mapping], curated: Iterable[Mapping]) -> Score:
    """Compare suggested with curated mappings (both already restricted to one vocabulary).

    >>> from govlex.linking.mappings import MANUAL
    >>> gold = [Mapping("c:a", SKOS + "exactMatch", "x:A", MANUAL), Mapping("c:b", RELATED, "x:B", MANUAL)]
    >>> found = [Mapping("c:a", SKOS + "closeMatch", "x:A", MANUAL), Mapping("c:c", SKOS + "exactMatch", "x:C", MANUAL)]
    >>> s = score("x", found, gold)
    >>> s.precision, s.recall, s.recall_all
    (0.5, 1.0, 0.5)
    """
    pairs = {(m.subject_id, m.object_id) for m in suggested}
    gold_all = {(m.subject_id, m.object_id) for m in curated}
    gold = {(m.subject_id, m.object_id) for m in curated if m.predicate_id != RELATED}
    return Score(
        vocabulary=vocabulary,
        suggested=len(pairs),
        correct=len(pairs & gold_all),
        curated=len(gold),
        curated_found=len(pairs & gold),
        curated_all=len(gold_all),
        curated_all_found=len(pairs & gold_all),
    )


def pooled(name: str, scores: Iterable[Score]) -> Score:
    """The scores of several vocabularies added up (micro-averaged)."""
    items = list(scores)
    return Score(
        vocabulary=name,
        suggested=sum(s.suggested for s in items),
        correct=sum(s.correct for s in items),
        curated=sum(s.curated for s in items),
        curated_found=sum(s.curated_found for s in items),
        curated_all=sum(s.curated_all for s in items),
        curated_all_found=sum(s.curated_all_found for s in items),
    )
