"""Word statistics of the terms being matched: which label words are generic, and how alike two definitions are.

Both come from document frequency over the terms themselves (ours and the vocabularies'), not from
hand lists: a word is generic when many terms' labels use it ("data" in DPV, "system" in the EU AI
Act vocabulary, "bias" in DPV-AI), and definitions are compared by TF-IDF cosine, where the same
frequencies make "the", "system" or "data" count for little. A small implementation rather than
scikit-learn: the `link` extra stays free of SciPy, and the label frequencies and the definition
weights are one computation.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from govlex.linking.normalise import normal_form
from govlex.linking.vocabulary import Term

GENERIC_SHARE = 0.015
"""A word in the labels of at least this share of the terms is generic ..."""
GENERIC_MIN_TERMS = 5
"""... provided that is at least this many terms (a tiny vocabulary makes no word generic)."""
_WORD = re.compile(r"[a-z][a-z0-9]+")


def label_words(term: Term) -> set[str]:
    """The normalised words of all of a term's labels."""
    return {word for text, _ in term.labels for word in normal_form(text).split()}


def definition_words(term: Term) -> list[str]:
    """The normalised words of a term's definitions, one entry per occurrence."""
    return [word for text in term.definitions for word in _WORD.findall(normal_form(text))]


@dataclass(frozen=True)
class WordStatistics:
    """Document frequencies of label words and of definition words over one set of terms."""

    terms: int
    label_frequency: Counter[str]
    definitions: int
    definition_frequency: Counter[str]

    @classmethod
    def of(cls, terms: Iterable[Term]) -> "WordStatistics":
        labels: Counter[str] = Counter()
        definitions: Counter[str] = Counter()
        count = defined = 0
        for term in terms:
            count += 1
            labels.update(label_words(term))
            words = set(definition_words(term))
            defined += bool(words)
            definitions.update(words)
        return cls(count, labels, defined, definitions)

    def generic(self, word: str) -> bool:
        """Whether `word` is too common in these terms' labels to be evidence on its own.

        >>> from govlex.linking.vocabulary import Term
        >>> terms = [Term(f"x:{n}", [(f"kind {n} bias", "p")]) for n in range(20)] + [Term("x:r", [("robot", "p")])]
        >>> stats = WordStatistics.of(terms)
        >>> stats.generic("bias"), stats.generic("robot")
        (True, False)
        """
        frequency = self.label_frequency[word]
        return frequency >= GENERIC_MIN_TERMS and frequency >= GENERIC_SHARE * self.terms

    def _vector(self, term: Term) -> dict[str, float]:
        counts = Counter(definition_words(term))
        vector = {
            word: (1 + math.log(count))
            * (1 + math.log((1 + self.definitions) / (1 + self.definition_frequency[word])))
            for word, count in counts.items()
        }
        norm = math.sqrt(sum(value * value for value in vector.values()))
        return {word: value / norm for word, value in vector.items()} if norm else {}

    def vectors(self, terms: Iterable[Term]) -> dict[str, dict[str, float]]:
        """The TF-IDF vector (unit length) of each term's definitions, by IRI; empty without definitions."""
        return {term.iri: self._vector(term) for term in terms}


def cosine(a: dict[str, float], b: dict[str, float]) -> float | None:
    """Cosine of two unit vectors, or None when either side has no definition to compare."""
    if not a or not b:
        return None
    if len(b) < len(a):
        a, b = b, a
    return sum(value * b.get(word, 0.0) for word, value in a.items())
