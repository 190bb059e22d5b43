"""Issue 17: the ranked overlap pairs are exactly the ends of the full pairwise comparison.

`rank_pairs` scores blocks of rows with sparse matrix products; `overlap_matrix` compares every pair in
Python, one `overlap()` at a time. On random profiles (with ties, empty sets, two lists that share
items) both must agree on which pairs are best and worst and on how many pairs were compared.
"""

import random

import pytest

from govlex import overlap_ranking
from govlex.overlap import Measure, Profile, overlap_matrix
from govlex.overlap_ranking import rank_pairs

WORDS = [
    "lethal",
    "force",
    "target",
    "select",
    "engage",
    "human",
    "control",
    "autonomy",
    "weapon",
    "system",
    "sensor",
    "data",
]


def _profiles(rng: random.Random, n: int, prefix: str = "i") -> list[Profile]:
    return [
        Profile(
            f"{prefix}{k:03d}",
            f"L{k}",
            frozenset(f"c{x}" for x in rng.sample(range(9), rng.randint(0, 4))),
            frozenset(f"s{x}" for x in rng.sample(range(12), rng.randint(0, 5))),
            {"en": " ".join(rng.sample(WORDS, rng.randint(0, 5)))},
        )
        for k in range(n)
    ]


def _expected(
    left: list[Profile], right: list[Profile] | None, measure: Measure
) -> list[tuple[str, str, float]]:
    """Every distinct pair of items that both have something to compare on `measure`, by brute force
    (`jaccard` scores an empty set against a non-empty one 0; the ranking leaves such items out)."""
    items = left if right is None else left + [p for p in right if p not in left]
    matrix = overlap_matrix(items)
    left_iris = {p.iri for p in left}
    right_iris = left_iris if right is None else {p.iri for p in right}
    found = []
    for pair in matrix.pairs:
        a, b = pair.a.iri, pair.b.iri
        if not ((a in left_iris and b in right_iris) or (b in left_iris and a in right_iris)):
            continue
        score = pair.score(measure)
        if score is not None and _has(pair.a, measure) and _has(pair.b, measure):
            found.append((min(a, b), max(a, b), score))
    return found


def _has(item: Profile, measure: Measure) -> bool:
    return bool(item.criteria if measure is Measure.intension else item.systems) or measure is Measure.text


@pytest.mark.parametrize("measure", list(Measure))
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("cross", [False, True])
def test_ranked_pairs_are_the_ends_of_every_pair(
    measure: Measure, seed: int, cross: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(overlap_ranking, "BLOCK", 7)  # many blocks, and blocks cut through ties
    rng = random.Random(seed)
    items = _profiles(rng, 40)
    others = (items[25:] + _profiles(rng, 15, "j")) if cross else None
    left = items[:30] if cross else items
    ranking = rank_pairs(left, measure, k=6, others=others)
    expected = _expected(left, others, measure)
    assert ranking.compared == len(expected)
    assert ranking.disjoint == sum(1 for *_, score in expected if score == 0)
    scores = sorted(score for *_, score in expected)
    best = [p.score(measure) for p in ranking.most]
    worst = [p.score(measure) for p in ranking.least]
    assert best == pytest.approx(sorted(scores, reverse=True)[:6], abs=1e-5)
    assert worst == pytest.approx([s for s in scores if s > 0][:6], abs=1e-5)
    by_pair = {(a, b): score for a, b, score in expected}
    for pair in ranking.most + ranking.least:
        assert pair.a.iri != pair.b.iri
        assert by_pair[(min(pair.a.iri, pair.b.iri), max(pair.a.iri, pair.b.iri))] == pytest.approx(
            pair.score(measure), abs=1e-5
        )
    listed = [(p.a.iri, p.b.iri) for p in ranking.most]
    assert len(set(listed)) == len(listed)


def test_items_with_nothing_to_compare_are_left_out() -> None:
    empty = Profile("e", "E")
    a = Profile("a", "A", frozenset({"c1"}))
    b = Profile("b", "B", frozenset({"c1", "c2"}))
    ranking = rank_pairs([empty, a, b], Measure.intension, k=5)
    assert (ranking.items, ranking.compared, ranking.disjoint) == (2, 1, 0)
    assert [(p.a.iri, p.b.iri) for p in ranking.most] == [("a", "b")]
