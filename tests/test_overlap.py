"""The overlap measures on hand-computed cases: Jaccard with its parts, TF-IDF cosine with its terms, matrices."""

import math

import pytest

from govlex.overlap import Measure, Profile, TextModel, jaccard, merge_profiles, overlap, overlap_matrix


def test_jaccard_parts_and_score() -> None:
    result = jaccard({"a", "b", "c"}, {"b", "c", "d", "e"})
    assert result.shared == {"b", "c"}
    assert result.only_a == {"a"}
    assert result.only_b == {"d", "e"}
    assert result.score == pytest.approx(2 / 5)


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [({"a"}, {"a"}, 1.0), ({"a"}, {"b"}, 0.0), ({"a"}, set(), 0.0), (set(), set(), None)],
)
def test_jaccard_edges(a: set[str], b: set[str], score: float | None) -> None:
    assert jaccard(a, b).score == score


def test_tfidf_cosine_by_hand() -> None:
    # Corpus of three texts; idf(t) = ln((1 + 3) / (1 + df)) + 1.
    corpus = ["lethal weapon", "lethal payload", "autonomous weapon"]
    idf_lethal = idf_weapon = math.log(4 / 3) + 1
    idf_payload = math.log(4 / 2) + 1
    a = [idf_lethal, idf_weapon, 0.0]  # lethal, weapon, payload
    b = [idf_lethal, 0.0, idf_payload]
    expected = (a[0] * b[0]) / (math.hypot(*a) * math.hypot(*b))
    result = TextModel(corpus).compare("lethal weapon", "lethal payload")
    assert result.score == pytest.approx(expected)
    assert [term for term, _ in result.shared_terms] == ["lethal"]
    assert sum(c for _, c in result.shared_terms) == pytest.approx(result.score)


def test_text_similarity_edges() -> None:
    model = TextModel(["selects and engages targets", "cannot be stopped once activated"])
    assert model.compare("selects targets", "selects targets").score == pytest.approx(1.0)
    assert model.compare("selects targets", "cannot be stopped").score == pytest.approx(0.0)
    assert model.compare("selects targets", "").score is None
    assert model.compare("the and of", "selects").score is None, "only stop words: nothing to compare"


def test_chinese_statements_use_character_ngrams() -> None:
    texts = ["无需人工干预即可选择目标", "无需人工干预即可攻击目标", "远程操控"]
    model = TextModel(texts, language="zh-Hans")
    assert model.compare(texts[0], texts[0]).score == pytest.approx(1.0)
    assert 0.0 < (model.compare(texts[0], texts[1]).score or 0.0) < 1.0
    assert model.compare(texts[0], texts[2]).score == pytest.approx(0.0)
    assert "人工" in {term for term, _ in model.compare(texts[0], texts[1]).shared_terms}


def profiles() -> list[Profile]:
    return [
        Profile("a", "A", frozenset({"c1", "c2"}), frozenset({"s1", "s2"}), {"en": "lethal weapon"}),
        Profile("b", "B", frozenset({"c1"}), frozenset({"s1", "s2", "s3"}), {"en": "lethal payload"}),
        Profile("c", "C"),
    ]


def test_overlap_reports_three_measures_with_parts() -> None:
    a, b, _ = profiles()
    result = overlap(a, b, TextModel(["lethal weapon", "lethal payload"]))
    assert (result.intension.shared, result.intension.only_a, result.intension.only_b) == (
        {"c1"},
        {"c2"},
        set(),
    )
    assert result.intension.score == pytest.approx(1 / 2)
    assert (result.extension.shared, result.extension.only_b) == ({"s1", "s2"}, {"s3"})
    assert result.extension.score == pytest.approx(2 / 3)
    assert result.text.score is not None and 0 < result.text.score < 1
    payload = result.as_dict()
    assert payload["intension"] == {"score": 0.5, "shared": ["c1"], "only_a": ["c2"], "only_b": []}


def test_matrix_is_symmetric_and_undefined_only_between_empty_items() -> None:
    matrix = overlap_matrix(profiles())
    assert len(matrix.pairs) == 3
    intension = matrix.scores(Measure.intension)
    assert intension == [[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, None]]
    extension = matrix.scores(Measure.extension)
    assert extension[0][1] == extension[1][0] == pytest.approx(2 / 3)
    assert set(matrix.as_dict()["matrices"]) == {"intension", "extension", "text"}  # type: ignore[arg-type]


def test_concept_profile_is_the_union_of_its_readings() -> None:
    a, b, c = profiles()
    merged = merge_profiles("k", "K", [a, b, c])
    assert merged.criteria == {"c1", "c2"}
    assert merged.systems == {"s1", "s2", "s3"}
    assert merged.statements == {"en": "lethal weapon lethal payload"}
