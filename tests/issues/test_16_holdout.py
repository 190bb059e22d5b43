"""Issue 16, part 3: the leave-one-vocabulary-out evaluation never tunes on what it measures."""

from collections.abc import Sequence

from govlex.linking.holdout import Vocabulary, family, leave_one_out, tune
from govlex.linking.lexical import EXACT, LEXICAL, LabelMatch
from govlex.linking.mappings import MANUAL, Mapping
from govlex.linking.suggest import Candidate, Weights
from govlex.linking.vocabulary import Term

OURS = "https://w3id.org/govlex/id/concept/"


def vocabulary(name: str, scored: dict[str, float], right: set[str]) -> Vocabulary:
    """A vocabulary whose candidates for concept `c` score `scored[c]`; `right` are the curated ones."""
    found = [
        Candidate(
            Term(OURS + c), Term(f"https://{name}.example/v#{c}"), LabelMatch(s, EXACT, LEXICAL, "test")
        )
        for c, s in scored.items()
    ]
    gold = [Mapping(OURS + c, EXACT, f"https://{name}.example/v#{c}", MANUAL) for c in right]
    return Vocabulary(name, family(f"https://{name}.example/v#"), found, gold)


# In A and B the right answers score 0.9 and the wrong ones 0.6: the best cut-off is above 0.6.
# In C the right answer scores 0.6: tuned on C itself the cut-off would drop to reach it.
A = vocabulary("a", {"x": 0.9, "y": 0.6}, {"x"})
B = vocabulary("b", {"x": 0.9, "z": 0.6}, {"x"})
C = vocabulary("c", {"x": 0.6, "w": 0.9}, {"x"})


def test_tuning_never_receives_the_held_out_vocabulary() -> None:
    seen: list[tuple[str, set[str]]] = []

    def spy(training: Sequence[Vocabulary]) -> Weights:
        seen.append(("training", {v.name for v in training}))
        return tune(training)

    folds = leave_one_out([A, B, C], spy)
    assert [f.held_out for f in folds] == ["a.example/v", "b.example/v", "c.example/v"]
    assert [names for _, names in seen] == [{"b", "c"}, {"a", "c"}, {"a", "b"}]
    for fold, (_, names) in zip(folds, seen, strict=True):
        assert {s.vocabulary for s in fold.scores}.isdisjoint(names)


def test_the_held_out_vocabulary_is_measured_with_weights_from_the_others() -> None:
    folds = {f.held_out: f for f in leave_one_out([A, B, C])}
    held_out_c = folds["c.example/v"]
    assert held_out_c.weights.cutoff > 0.6, "tuned on A and B, which reward a cut-off above 0.6"
    (score_c,) = held_out_c.scores
    assert score_c.correct == 0 and score_c.suggested == 1, (
        "C's right answer falls below the borrowed cut-off"
    )
    assert tune([C]).cutoff <= 0.6, "tuned on C itself, the cut-off would have reached it"


def test_a_family_groups_one_publishers_vocabularies() -> None:
    dpv = vocabulary("dpv", {"x": 0.9}, {"x"})
    assert (
        family("https://w3id.org/dpv/risk#")
        == family("https://w3id.org/dpv#")
        != family("https://w3id.org/vair#")
    )
    assert len(leave_one_out([dpv])) == 0, "one family alone leaves nothing to tune on"
