"""Counts and coverage, on the minimal fixture where every number is known by construction."""

import pytest
from helpers import VALID_BASE
from pyoxigraph import Store

from govlex.catalog import counts as counts_by_kind
from govlex.loading import load_sources
from govlex.stats import OVERALL, coverage, label_languages, unverified_count
from govlex.store import EmbeddedStore, store_from_dataset


@pytest.fixture(scope="module")
def store() -> Store:
    return store_from_dataset(load_sources(data=[VALID_BASE]).dataset)


def test_counts_by_kind(store: Store) -> None:
    counts = counts_by_kind(EmbeddedStore(store))
    assert counts["Concept"] == 2
    assert counts["Interpretation"] == 2
    assert counts["Party"] == 2
    assert counts["SourceDocument"] == 2


def test_label_languages(store: Store) -> None:
    assert {lang.lower(): n for lang, n in label_languages(EmbeddedStore(store)).items()} == {
        "en": 2,
        "zh-hans": 2,
    }


def test_unverified_count(store: Store) -> None:
    assert unverified_count(EmbeddedStore(store)) == 1


def test_coverage_per_glossary(store: Store) -> None:
    row, overall = coverage(store)
    assert row.glossary == "Test glossary"
    assert overall.glossary == OVERALL and overall.concepts == 2
    assert (row.concepts, row.both_sides, row.chinese_labels, row.chinese_statements, row.verified) == (
        2,
        0,
        2,
        0,
        1,
    )
    assert row.share(row.chinese_labels) == 1.0
