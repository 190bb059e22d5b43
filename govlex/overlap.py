"""Overlap between two interpretations or two concepts, measured three ways and always shown with its parts.

- intension: Jaccard of the criteria they require, |A ∩ B| / |A ∪ B|, with the shared criteria and
  those only one side requires;
- extension: Jaccard of the reference systems the reasoner found them to cover, with the shared
  systems and those only one covers;
- text: cosine of the TF-IDF vectors of their statements, with the shared terms and how much each
  adds to the cosine.

Everything here is a pure function of `Profile`s (what the store holds about each item); reading
profiles from a build is `govlex.reasoning.results`. A measure whose sets are both empty has no
score (`None`): two readings without criteria are not "0 % alike", they cannot be compared that way.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Measure(StrEnum):
    intension = "intension"
    extension = "extension"
    text = "text"


@dataclass(frozen=True)
class SetOverlap:
    """Jaccard overlap of two sets, with the parts it is made of."""

    shared: frozenset[str]
    only_a: frozenset[str]
    only_b: frozenset[str]

    @property
    def score(self) -> float | None:
        """|A ∩ B| / |A ∪ B|, or None when both sets are empty."""
        union = len(self.shared) + len(self.only_a) + len(self.only_b)
        return len(self.shared) / union if union else None

    def as_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "shared": sorted(self.shared),
            "only_a": sorted(self.only_a),
            "only_b": sorted(self.only_b),
        }


def jaccard(a: Iterable[str], b: Iterable[str]) -> SetOverlap:
    """The Jaccard overlap of two sets with its parts.

    >>> o = jaccard({"lethal", "selects", "engages"}, {"selects", "engages", "evolves"})
    >>> o.score, sorted(o.shared), sorted(o.only_a), sorted(o.only_b)
    (0.5, ['engages', 'selects'], ['lethal'], ['evolves'])
    >>> jaccard([], []).score is None
    True
    """
    left, right = frozenset(a), frozenset(b)
    return SetOverlap(left & right, left - right, right - left)


@dataclass(frozen=True)
class TextSimilarity:
    """Cosine similarity of two statements' TF-IDF vectors, with each shared term's share of it."""

    score: float | None
    shared_terms: tuple[tuple[str, float], ...] = ()
    """(term, w_a(term) · w_b(term)), largest first; the contributions sum to `score`."""

    def as_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "shared_terms": [{"term": t, "contribution": round(c, 4)} for t, c in self.shared_terms],
        }


class TextModel:
    """TF-IDF weights fitted on a corpus of statements, for comparing any two texts against it.

    Weights follow scikit-learn's defaults: w(t, d) = tf(t, d) · idf(t) with
    idf(t) = ln((1 + n) / (1 + df(t))) + 1 over the n corpus texts, each vector then scaled to unit
    length, so the cosine is the dot product Σ_t w_a(t) · w_b(t). English uses word tokens without
    English stop words; `language="zh-Hans"` uses character uni- and bigrams (Chinese has no spaces),
    which gives a multilingual option that runs offline.

    Two texts, fitted on themselves: "lethal" occurs in both (idf 1) and "force" and "payload" in one
    each (idf ln(3/2) + 1 ≈ 1.405), so cos = 1 / (1 + 1.405²) ≈ 0.336, all of it from "lethal":

    >>> model = TextModel(["lethal force", "lethal payload"])
    >>> similarity = model.compare("lethal force", "lethal payload")
    >>> round(similarity.score, 3), [(t, round(c, 3)) for t, c in similarity.shared_terms]
    (0.336, [('lethal', 0.336)])
    """

    def __init__(self, corpus: Sequence[str], language: str = "en") -> None:
        # Imported here: scikit-learn takes seconds to import and most govlex commands never compare texts.
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.language = language
        if language == "en":
            self._vectorizer = TfidfVectorizer(stop_words="english")
        else:
            self._vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2))
        texts = [text for text in corpus if text.strip()]
        self._fitted = bool(texts)
        # A whole-graph matrix compares each text with every other: vectorise each text once.
        self._vectors: dict[str, Any] = {}
        if self._fitted:
            try:
                self._vectorizer.fit(texts)
            except ValueError:  # every token was a stop word
                self._fitted = False
        self._terms = self._vectorizer.get_feature_names_out() if self._fitted else ()

    def _vector(self, text: str) -> Any:
        if text not in self._vectors:
            self._vectors[text] = self._vectorizer.transform([text])[0]
        return self._vectors[text]

    def vectors(self, texts: Sequence[str]) -> Any:
        """The texts' unit-length TF-IDF vectors as rows of a sparse matrix (no columns if nothing was fitted)."""
        if not self._fitted:
            from scipy.sparse import csr_matrix

            return csr_matrix((len(texts), 0), dtype="float32")
        return self._vectorizer.transform(list(texts)).astype("float32").tocsr()

    def compare(self, a: str, b: str) -> TextSimilarity:
        """The cosine of `a` and `b` with its parts; None when either has no term the corpus knows."""
        if not self._fitted or not a.strip() or not b.strip():
            return TextSimilarity(None)
        left, right = self._vector(a), self._vector(b)
        if left.nnz == 0 or right.nnz == 0:
            return TextSimilarity(None)
        products = left.multiply(right).tocoo()
        terms = self._terms
        parts = sorted(
            ((str(terms[col]), float(value)) for col, value in zip(products.col, products.data, strict=True)),
            key=lambda part: (-part[1], part[0]),
        )
        return TextSimilarity(float(sum(value for _, value in parts)), tuple(parts))


@dataclass(frozen=True)
class Profile:
    """What the measures need about one interpretation or concept: its criteria, systems and statements."""

    iri: str
    label: str
    criteria: frozenset[str] = frozenset()
    systems: frozenset[str] = frozenset()
    statements: dict[str, str] = field(default_factory=dict)
    """Statement text by language tag (`en`, `zh-Hans`)."""


def merge_profiles(iri: str, label: str, parts: Iterable[Profile]) -> Profile:
    """A concept's profile from its interpretations': the union of their criteria and covered systems,
    and their statements joined per language (the concept under any of its readings).

    >>> a = Profile("i1", "A", frozenset({"c1"}), frozenset({"s1"}), {"en": "one"})
    >>> b = Profile("i2", "B", frozenset({"c2"}), frozenset(), {"en": "two"})
    >>> merged = merge_profiles("k", "K", [a, b])
    >>> sorted(merged.criteria), sorted(merged.systems), merged.statements
    (['c1', 'c2'], ['s1'], {'en': 'one two'})
    """
    criteria: set[str] = set()
    systems: set[str] = set()
    texts: dict[str, list[str]] = {}
    for part in parts:
        criteria |= part.criteria
        systems |= part.systems
        for language, text in part.statements.items():
            texts.setdefault(language, []).append(text)
    statements = {language: " ".join(chunks) for language, chunks in texts.items()}
    return Profile(iri, label, frozenset(criteria), frozenset(systems), statements)


@dataclass(frozen=True)
class Overlap:
    """The three measures for one pair, each with its parts."""

    a: Profile
    b: Profile
    intension: SetOverlap
    extension: SetOverlap
    text: TextSimilarity

    def score(self, measure: Measure) -> float | None:
        return {
            Measure.intension: self.intension.score,
            Measure.extension: self.extension.score,
            Measure.text: self.text.score,
        }[measure]

    def as_dict(self) -> dict[str, object]:
        return {
            "a": self.a.iri,
            "b": self.b.iri,
            "intension": self.intension.as_dict(),
            "extension": self.extension.as_dict(),
            "text": self.text.as_dict(),
        }


def overlap(a: Profile, b: Profile, model: TextModel) -> Overlap:
    """Intensional, extensional and textual overlap of two profiles.

    >>> a = Profile("a", "A", frozenset({"c1", "c2"}), frozenset({"s1"}), {"en": "lethal force"})
    >>> b = Profile("b", "B", frozenset({"c1"}), frozenset({"s1", "s2"}), {"en": "lethal payload"})
    >>> o = overlap(a, b, TextModel([a.statements["en"], b.statements["en"]]))
    >>> o.intension.score, o.extension.score, round(o.text.score, 3)
    (0.5, 0.5, 0.336)
    """
    return Overlap(
        a,
        b,
        jaccard(a.criteria, b.criteria),
        jaccard(a.systems, b.systems),
        model.compare(a.statements.get(model.language, ""), b.statements.get(model.language, "")),
    )


@dataclass(frozen=True)
class OverlapMatrix:
    """Every pair of a list of profiles, for the whole-graph overlap views."""

    items: tuple[Profile, ...]
    pairs: tuple[Overlap, ...]
    """Each unordered pair once, i < j in `items` order."""
    language: str = "en"

    def scores(self, measure: Measure) -> list[list[float | None]]:
        """The symmetric matrix of one measure; the diagonal is 1 where the item has something to compare."""
        index = {item.iri: n for n, item in enumerate(self.items)}
        rows: list[list[float | None]] = [[None] * len(self.items) for _ in self.items]
        for n, item in enumerate(self.items):
            rows[n][n] = overlap_with_itself(item, measure, self.language)
        for pair in self.pairs:
            i, j = index[pair.a.iri], index[pair.b.iri]
            rows[i][j] = rows[j][i] = pair.score(measure)
        return rows

    def as_dict(self) -> dict[str, object]:
        return {
            "items": [{"iri": item.iri, "label": item.label} for item in self.items],
            "matrices": {measure.value: self.scores(measure) for measure in Measure},
            "pairs": [pair.as_dict() for pair in self.pairs],
        }


def overlap_with_itself(item: Profile, measure: Measure, language: str = "en") -> float | None:
    """1.0 when the item has criteria / systems / a statement in `language` to compare, else None."""
    present = {
        Measure.intension: bool(item.criteria),
        Measure.extension: bool(item.systems),
        Measure.text: bool(item.statements.get(language, "").strip()),
    }[measure]
    return 1.0 if present else None


def overlap_matrix(
    items: Sequence[Profile], language: str = "en", model: TextModel | None = None
) -> OverlapMatrix:
    """All pairwise overlaps of `items`, texts compared by `model` (default: TF-IDF fitted once on all
    their statements).

    >>> a = Profile("a", "A", frozenset({"c1"}))
    >>> b = Profile("b", "B", frozenset({"c1", "c2"}))
    >>> overlap_matrix([a, b]).scores(Measure.intension)
    [[1.0, 0.5], [0.5, 1.0]]
    """
    if model is None:
        model = TextModel([item.statements.get(language, "") for item in items], language)
    pairs = tuple(
        overlap(items[i], items[j], model) for i in range(len(items)) for j in range(i + 1, len(items))
    )
    return OverlapMatrix(tuple(items), pairs, language)
