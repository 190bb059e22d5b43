"""Label evidence for one (concept, term) pair: which labels meet, how well, and what predicate that supports.

Matchers, strongest first: the same normal form (`normalise.variants`; preferred to preferred is
best); rapidfuzz's token-sort ratio with every word aligned; the same stem or the term being the
concept plus a facet word ("AI lifecycle" → "AI lifecycle phase"); a head noun ("military robot" →
"Robot": theirs is broader, or the reverse); a Chinese label of each, equal after simplification.

The label properties decide the predicate (`vocabulary.match_predicate`: an oboInOwl narrow synonym
makes a match narrower or broader, a related synonym a relatedMatch), and a match whose shorter label
is one generic word (`WordStatistics.generic`) is capped below 0.5, because "bias" alone says nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from govlex.catalog import normalise as chinese_form
from govlex.linking.mappings import SEMAPV, SKOS
from govlex.linking.normalise import Acronyms, stem, variants
from govlex.linking.vocabulary import LOCAL_NAME, PRIMARY, Term, match_predicate

EXACT, CLOSE, BROAD, NARROW, RELATED = (
    SKOS + p for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)
LEXICAL = SEMAPV + "LexicalMatching"
FUZZY = SEMAPV + "LexicalSimilarityThresholdMatching"
FUZZY_MIN = 88.0
WORD_MIN = 80.0
GENERIC_CAP = 0.45
"""The most a match resting on one generic word may score: below 0.5, never confident."""
RELATED_CAP = 0.75
"""A related synonym names an association, not the thing: weaker than any name."""
# Words that name a facet of a thing rather than another thing: "AI lifecycle phase" is the AI lifecycle's phase.
CLASSIFIERS = {"phase", "stage", "level", "type", "kind", "category", "measure"}
_INVERSE = {BROAD: NARROW, NARROW: BROAD}


@dataclass(frozen=True)
class Form:
    """One normalised variant of one label, with the label and the property it came from."""

    text: str
    label: str
    prop: str

    @property
    def primary(self) -> bool:
        return self.prop in PRIMARY or self.prop == LOCAL_NAME


@dataclass(frozen=True)
class LabelMatch:
    """The best label evidence for a pair: score, the predicate it supports, SEMAPV justification, words."""

    score: float
    predicate: str
    justification: str
    comment: str


def forms(term: Term, known: Acronyms) -> list[Form]:
    """Every normalised variant of a term's English labels."""
    return [Form(text, label, prop) for label, prop in term.labels for text in variants(label, known)]


def chinese_forms(term: Term) -> list[Form]:
    """A term's Chinese labels, simplified, lower case, without spaces or punctuation."""
    return [Form(chinese_form(label), label, prop) for label, prop in term.labels_zh if chinese_form(label)]


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


def _pair(a: Form, b: Form) -> LabelMatch | None:
    """The strongest lexical evidence one label variant of ours and one of theirs give."""
    if a.text == b.text:
        score = 0.95 if a.primary and b.primary else 0.85
        return LabelMatch(
            score, EXACT, LEXICAL, f"label '{a.label}' = '{b.label}' after normalisation ('{a.text}')"
        )
    found: list[LabelMatch] = []
    ratio = _aligned_ratio(a.text, b.text)
    if ratio >= FUZZY_MIN:
        found.append(
            LabelMatch(
                0.9 * ratio / 100,
                CLOSE,
                FUZZY,
                f"fuzzy: '{a.label}' ~ '{b.label}' (word-aligned ratio {ratio:.0f})",
            )
        )
    if stem(a.text) == stem(b.text):
        found.append(
            LabelMatch(0.75, CLOSE, LEXICAL, f"same stem: '{a.label}' ~ '{b.label}' ('{stem(a.text)}')")
        )
    mine, other = a.text.split(), b.text.split()
    if len(other) > 1 and other[-1] in CLASSIFIERS and other[:-1] == mine:
        found.append(
            LabelMatch(
                0.75, CLOSE, LEXICAL, f"'{b.label}' is '{a.label}' + the classifier word '{other[-1]}'"
            )
        )
    if len(other) < len(mine) and mine[-len(other) :] == other:
        found.append(
            LabelMatch(
                0.6, BROAD, LEXICAL, f"head noun: '{b.label}' is '{a.label}' without its modifiers (broader)"
            )
        )
    if len(mine) < len(other) == len(mine) + 1 and other[-len(mine) :] == mine:
        found.append(
            LabelMatch(
                0.55, NARROW, LEXICAL, f"head noun: '{b.label}' is '{a.label}' with a modifier (narrower)"
            )
        )
    return max(found, key=lambda m: m.score, default=None)


def scoped(predicate: str, ours: str, theirs: str) -> str:
    """The predicate from our concept to their term, given the matched labels' properties.

    `match_predicate` reads a label from the term carrying it; their side's reading is inverted.

    >>> from govlex.linking.vocabulary import NARROW_SYNONYM, RELATED_SYNONYM
    >>> alt = SKOS + "altLabel"
    >>> scoped(EXACT, alt, NARROW_SYNONYM) == BROAD, scoped(EXACT, alt, RELATED_SYNONYM) == RELATED
    (True, True)
    >>> scoped(BROAD, NARROW_SYNONYM, alt) == RELATED  # ours says narrower, the words say broader
    True
    """
    readings = {predicate, match_predicate(ours)}
    theirs_read = match_predicate(theirs)
    readings.add(_INVERSE.get(theirs_read, theirs_read))
    specific = readings - {EXACT, CLOSE}
    if not specific:
        return CLOSE if CLOSE in readings else EXACT
    if RELATED in specific or len(specific) > 1:
        return RELATED
    return specific.pop()


def _finished(match: LabelMatch, a: Form, b: Form, generic: Callable[[str], bool]) -> LabelMatch:
    predicate = scoped(match.predicate, a.prop, b.prop)
    if predicate != match.predicate:
        match = replace(
            match,
            predicate=predicate,
            comment=f"{match.comment}; label scope gives {predicate.removeprefix(SKOS)}",
        )
    if predicate == RELATED and match.score > RELATED_CAP:
        match = replace(match, score=RELATED_CAP)
    shorter = min(a.text, b.text, key=lambda text: len(text.split()))
    if " " not in shorter and generic(shorter) and match.score > GENERIC_CAP:
        match = replace(
            match, score=GENERIC_CAP, comment=f"{match.comment}; only the generic word '{shorter}' is shared"
        )
    return match


def label_match(
    ours: list[Form], theirs: list[Form], generic: Callable[[str], bool], chinese: bool = False
) -> LabelMatch | None:
    """The best evidence over every pair of forms, each capped by scope and genericity."""
    best: LabelMatch | None = None
    for a in ours:
        for b in theirs:
            if chinese:
                if a.text != b.text:
                    continue
                score = 0.9 if a.primary and b.primary else 0.8
                match: LabelMatch | None = LabelMatch(
                    score, EXACT, LEXICAL, f"Chinese label '{a.label}' = '{b.label}'"
                )
            else:
                match = _pair(a, b)
            if match is not None:
                match = _finished(match, a, b, generic)
                if best is None or match.score > best.score:
                    best = match
    return best
