"""Leave-one-vocabulary-out evaluation: weights tuned on some vocabularies, measured on one never tuned on.

Vocabularies are grouped into families by namespace (DPV and its extensions under w3id.org/dpv are one
family, since they share authors and wording); each family in turn is held out, `Weights` are chosen
on the others (best pooled F1 over `GRID`), and the suggestions with those weights are scored on the
held-out family's vocabularies. The tuning function only ever receives the training families'
evidence (`leave_one_out` hands it nothing else), which a test checks by spying on it. Optionally
OAK's `lexmatch` runs on the same inputs as a baseline.
"""

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from govlex.linking.evaluate import COLUMNS, Score, pooled, score
from govlex.linking.mappings import Mapping
from govlex.linking.suggest import Candidate, Weights, select

GRID = [
    Weights(cutoff, definition, definition_only, structure)
    for cutoff, definition, definition_only, structure in itertools.product(
        [round(0.5 + 0.05 * step, 2) for step in range(9)], (0.0, 0.3, 0.6), (0.0, 1.0), (0.0, 0.1, 0.2)
    )
]


@dataclass(frozen=True)
class Vocabulary:
    """One vocabulary's evidence and answers: its candidates, curated mappings into it, and its family."""

    name: str
    family: str
    candidates: list[Candidate]
    gold: list[Mapping]

    def score(self, weights: Weights) -> Score:
        return score(self.name, select(self.candidates, weights), self.gold)


@dataclass(frozen=True)
class Fold:
    """One held-out family: the weights tuned without it and the scores on its vocabularies."""

    held_out: str
    weights: Weights
    scores: list[Score]


Tuner = Callable[[Sequence[Vocabulary]], Weights]


def family(namespace: str) -> str:
    """Host and first path segment of a namespace: what one publisher's vocabularies share.

    >>> family("https://w3id.org/dpv/ai#"), family("https://w3id.org/dpv#"), family("https://w3id.org/airo#")
    ('w3id.org/dpv', 'w3id.org/dpv', 'w3id.org/airo')
    """
    parts = urlsplit(namespace)
    first = parts.path.strip("/").split("/")[0]
    return f"{parts.netloc}/{first}" if first else parts.netloc


def f1(result: Score) -> float:
    """Harmonic mean of precision and recall (recall over exact/close/broad/narrow mappings)."""
    total = result.precision + result.recall
    return 2 * result.precision * result.recall / total if total else 0.0


def tune(training: Sequence[Vocabulary]) -> Weights:
    """The weights of `GRID` with the best pooled F1 on `training`; ties go to higher precision, then
    to the higher cut-off and the lighter weights (the first in `GRID` order among equals)."""

    def merit(weights: Weights) -> tuple[float, float, float]:
        result = pooled("training", [v.score(weights) for v in training])
        return f1(result), result.precision, weights.cutoff

    return max(GRID, key=merit)


def leave_one_out(vocabularies: Sequence[Vocabulary], tuner: Tuner = tune) -> list[Fold]:
    """Each family held out in turn: tuned on the other families, scored on it."""
    folds = []
    for held_out in sorted({v.family for v in vocabularies}):
        training = [v for v in vocabularies if v.family != held_out]
        testing = [v for v in vocabularies if v.family == held_out]
        if not training:
            continue
        weights = tuner(training)
        folds.append(Fold(held_out, weights, [v.score(weights) for v in testing]))
    return folds


def _ratio(ours: float, theirs: float) -> str:
    if theirs:
        return f"{ours / theirs:.2f}"
    return "–" if not ours else "∞ (lexmatch 0)"


def _cells(result: Score) -> list[str]:
    return [
        str(result.suggested),
        str(result.correct),
        f"{result.precision:.2f}" if result.suggested else "–",
        f"{result.recall:.2f} ({result.curated_found}/{result.curated})" if result.curated else "–",
        f"{result.recall_all:.2f} ({result.curated_all_found}/{result.curated_all})"
        if result.curated_all
        else "–",
        f"{f1(result):.2f}" if result.curated else "–",
    ]


def markdown_table(folds: list[Fold], baseline: dict[str, Score] | None = None) -> str:
    """The held-out scores as a Markdown table, with the lexmatch baseline and F1 ratio when given."""
    head = [
        "held out",
        "tuned weights (cut-off, definition, definition only, structure)",
        "vocabulary",
        *COLUMNS,
        "F1",
    ]
    if baseline is not None:
        head += ["lexmatch precision", "lexmatch recall", "lexmatch F1", "F1 ratio"]
    rows = [head, ["---"] * len(head)]
    everything = [s for fold in folds for s in fold.scores]
    for fold in folds:
        w = fold.weights
        tuned = f"{w.cutoff:g}, {w.definition:g}, {w.definition_only:g}, {w.structure:g}"
        for result in [
            *fold.scores,
            *([pooled(f"{fold.held_out} (all)", fold.scores)] if len(fold.scores) > 1 else []),
        ]:
            rows.append([fold.held_out, tuned, result.vocabulary, *_cells(result)])
            if baseline is not None:
                rows[-1] += _baseline_cells(result, fold.scores, baseline)
    overall = pooled("all", everything)
    rows.append(["**all**", "", "**all**", *_cells(overall)])
    if baseline is not None:
        rows[-1] += _baseline_cells(overall, everything, baseline)
    return "\n".join("| " + " | ".join(row) + " |" for row in rows) + "\n"


def _baseline_cells(result: Score, parts: list[Score], baseline: dict[str, Score]) -> list[str]:
    theirs = baseline.get(result.vocabulary) or pooled(
        "", [baseline[s.vocabulary] for s in parts if s.vocabulary in baseline]
    )
    return [
        f"{theirs.precision:.2f}" if theirs.suggested else "–",
        f"{theirs.recall:.2f}" if theirs.curated else "–",
        f"{f1(theirs):.2f}" if theirs.curated else "–",
        _ratio(f1(result), f1(theirs)) if result.curated else "–",
    ]
