"""The most and least overlapping pairs among many concepts or readings, without visiting every pair in Python.

A whole-graph heat map has N² cells: fine for a screenful of concepts, useless (and minutes of work)
at thousands. Here each measure becomes a sparse matrix with one row per item — criteria or covered
systems as 0/1 columns (Jaccard), or the TF-IDF vector of the statement (cosine) — and the scores of
a block of rows against all columns come from one matrix product (numpy/scipy), so the work is a few
BLAS calls per block of rows and the memory one block (`BLOCK` × N floats). Only the k best and k
worst pairs ever become Python objects; their parts (shared and differing criteria, systems, terms)
are then measured by `govlex.overlap` exactly as the heat map's cells are.

"Least overlapping" means the lowest scores above zero: pairs with nothing in common are counted
(`disjoint`), not listed, since at thousands of concepts nearly every pair has nothing in common and
any k of them would say nothing.
"""

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np

from govlex.catalog import Interpretation
from govlex.overlap import Measure, Overlap, Profile, TextModel, merge_profiles, overlap
from govlex.reasoning.results import ScopeData
from govlex.store import QueryStore

BLOCK = 1024
"""Rows scored at once: one block is BLOCK × N float32 (40 MB at N = 10,000)."""


@dataclass(frozen=True)
class Ranking:
    """The top-k and bottom-k pairs of `items` on one measure, with how many pairs were compared."""

    measure: Measure
    most: tuple[Overlap, ...]
    least: tuple[Overlap, ...]
    compared: int
    """Pairs with a score (both items have something to compare on this measure)."""
    disjoint: int
    """Of those, pairs that score 0: nothing in common."""
    items: int
    """Items compared (those with something to compare on this measure)."""


def rank_pairs(
    items: Sequence[Profile],
    measure: Measure,
    k: int = 20,
    language: str = "en",
    others: Sequence[Profile] | None = None,
) -> Ranking:
    """The `k` most and `k` least (above zero) overlapping pairs of `items` on `measure`.

    With `others`, pairs are one item from `items` and one from `others` (say, two glossaries); an item
    in both is never paired with itself and each pair counts once.

    >>> a = Profile("a", "A", frozenset({"c1", "c2"}))
    >>> b = Profile("b", "B", frozenset({"c1", "c2", "c3"}))
    >>> c = Profile("c", "C", frozenset({"c3", "c4", "c5", "c6"}))
    >>> d = Profile("d", "D", frozenset({"c7"}))
    >>> found = rank_pairs([a, b, c, d], Measure.intension, k=1)
    >>> [(p.a.iri, p.b.iri, round(p.intension.score, 3)) for p in found.most + found.least]
    [('a', 'b', 0.667), ('b', 'c', 0.167)]
    >>> found.compared, found.disjoint
    (6, 4)
    """
    left = list(items)
    right = left if others is None else list(others)
    universe = _union(left, right)
    features = _features(universe, measure, language)
    position = {p.iri: n for n, p in enumerate(universe)}
    present = np.asarray(features.getnnz(axis=1) > 0)
    rows = np.array([position[p.iri] for p in left if present[position[p.iri]]], dtype=np.int64)
    columns = np.array([position[p.iri] for p in right if present[position[p.iri]]], dtype=np.int64)
    best, worst, compared, disjoint = _scan(features, rows, columns, measure, k)
    pairs = [(universe[i], universe[j]) for i, j in (*best, *worst)]
    # The text parts of a listed pair are weighed against every item when ranking by text, else
    # against the listed pairs' items only: fitting TF-IDF on thousands of statements costs seconds.
    fitted = universe if measure is Measure.text else [p for pair in pairs for p in pair]
    model = TextModel([p.statements.get(language, "") for p in fitted], language)
    measured = [overlap(a, b, model) for a, b in pairs]
    return Ranking(
        measure,
        tuple(measured[: len(best)]),
        tuple(measured[len(best) :]),
        compared,
        disjoint,
        len(np.union1d(rows, columns)),
    )


def _union(left: list[Profile], right: list[Profile]) -> list[Profile]:
    if right is left:
        return left
    seen = {p.iri for p in left}
    return left + [p for p in right if p.iri not in seen]


def _features(items: list[Profile], measure: Measure, language: str) -> Any:
    """One row per item (a scipy CSR matrix): 0/1 membership of criteria or systems, or the
    L2-normalised TF-IDF vector."""
    from scipy import sparse  # here: a server that never ranks pairs should not load scipy

    if measure is Measure.text:
        texts = [p.statements.get(language, "") for p in items]
        return TextModel(texts, language).vectors(texts)
    sets = [p.criteria if measure is Measure.intension else p.systems for p in items]
    vocabulary = {member: n for n, member in enumerate(sorted(set().union(*sets)))}
    indptr = np.cumsum([0, *(len(s) for s in sets)])
    indices = np.fromiter((vocabulary[m] for s in sets for m in sorted(s)), dtype=np.int64, count=indptr[-1])
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(items), len(vocabulary)))


def _scan(
    features: Any, rows: np.ndarray, columns: np.ndarray, measure: Measure, k: int
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int, int]:
    """Score `rows` × `columns` block by block; the best and worst k index pairs (best first, worst
    first), the number of distinct pairs scored, and how many of them scored 0."""
    sizes = np.asarray(features.sum(axis=1), dtype=np.float32).ravel()
    same = np.array_equal(rows, columns)
    # Columns no two items share add to the sizes (the union) but never to an intersection: drop them.
    shared_columns = np.flatnonzero(features.getnnz(axis=0) > 1)
    features = features[:, shared_columns].tocsr()
    right = features[columns].tocsr()
    in_rows = np.zeros(features.shape[0], dtype=bool)
    in_rows[rows] = True
    in_columns = np.zeros(features.shape[0], dtype=bool)
    in_columns[columns] = True
    best, worst = _Kept(k, largest=True), _Kept(k, largest=False)
    compared = disjoint = 0
    height = max(1, min(BLOCK, 2**24 // max(1, features.shape[1])))
    for start in range(0, len(rows), height):
        block = rows[start : start + height]
        # Each unordered pair once: with one list, row n meets only the columns after it.
        cols = columns[start + 1 :] if same else columns
        if len(cols) == 0:
            break
        part = right[start + 1 :] if same else right
        # Scores as columns × block: sparse (columns × features) @ dense (features × block) is dense
        # work with no sparse result to build, and its output needs no transposing copy.
        scores = np.asarray(part @ features[block].toarray().T, dtype=np.float32)
        if measure is not Measure.text:
            union = sizes[cols][:, None] + sizes[block][None, :]
            union -= scores
            np.divide(scores, union, out=scores)
        if same:  # column m of this block's columns is item start + 1 + m; row n is start + n: keep m >= n
            corner = scores[: len(block)]
            corner[np.triu_indices(len(corner), 1, corner.shape[1])] = np.nan
            compared += int(np.count_nonzero(~np.isnan(corner))) + (len(cols) - len(corner)) * len(block)
        else:
            twice = in_rows[cols][:, None] & in_columns[block][None, :] & (block[None, :] >= cols[:, None])
            scores[twice] = np.nan
            compared += scores.size - int(np.count_nonzero(twice))
        disjoint += int(np.count_nonzero(scores == 0))
        best.offer(scores, cols, block)
        worst.offer(scores, cols, block)
    # Pairs were found as (column, row): give them back as (row item, column item).
    return [(j, i) for i, j in best.pairs()], [(j, i) for i, j in worst.pairs()], compared, disjoint


class _Kept:
    """The k largest scores (or the k smallest above zero) seen so far, with their (row, column) indices."""

    def __init__(self, k: int, largest: bool) -> None:
        self.k, self.largest = k, largest
        self.scores = np.empty(0, dtype=np.float32)
        self.rows = np.empty(0, dtype=np.int64)
        self.columns = np.empty(0, dtype=np.int64)

    def offer(self, scores: np.ndarray, block: np.ndarray, columns: np.ndarray) -> None:
        flat = scores.ravel()
        bound = self._bound(scores)
        # One comparison per cell against a bound; NaN (no pair) never compares true. Once k are kept
        # the bound is strict: a later pair that ties the k-th loses the tie (indices break ties).
        if self.largest:
            hits = flat > bound if len(self.scores) >= self.k else flat >= bound
        else:
            hits = (flat > 0) & ((flat < bound) if len(self.scores) >= self.k else (flat <= bound))
        candidates = np.flatnonzero(hits)
        if len(candidates) > self.k:
            keys = -flat[candidates] if self.largest else flat[candidates]
            candidates = candidates[np.argpartition(keys, self.k - 1)[: self.k]]
        r, c = np.divmod(candidates, scores.shape[1])
        merged = np.concatenate([self.scores, flat[candidates]])
        rows = np.concatenate([self.rows, block[r]])
        cols = np.concatenate([self.columns, columns[c]])
        # Stable order (score, then indices) so equal scores come out the same way on every run.
        order = np.lexsort((cols, rows, -merged if self.largest else merged))[: self.k]
        self.scores, self.rows, self.columns = merged[order], rows[order], cols[order]

    def _bound(self, scores: np.ndarray) -> float:
        """The k-th kept score; before k are kept, the k-th best of the block's per-item best scores
        (at least k pairs reach it), so the first block is not partitioned whole."""
        if len(self.scores) >= self.k:
            return float(self.scores[-1])
        if self.largest:
            per_item = np.fmax.reduce(scores, axis=0)
        else:
            per_item = np.where(scores > 0, scores, np.inf).min(axis=0)
        per_item = per_item[np.isfinite(per_item)]
        if len(per_item) < self.k:
            return 0.0 if self.largest else np.inf
        if self.largest:
            return float(np.partition(per_item, len(per_item) - self.k)[len(per_item) - self.k])
        return float(np.partition(per_item, self.k - 1)[self.k - 1])

    def pairs(self) -> list[tuple[int, int]]:
        return [(int(i), int(j)) for i, j in zip(self.rows, self.columns, strict=True)]


# ---------------------------------------------------------------- which items a page compares

SCREENFUL = 60
"""Up to this many items a page draws the whole heat map; beyond it, the ranked pairs."""


@dataclass(frozen=True)
class Selection:
    """What to compare: concepts (each the union of its readings) or interpretations, by one side
    (`us`, `cn`, `joint`) or all, in some glossaries (IRIs) or all."""

    of: str = "concepts"
    party: str | None = None
    glossaries: tuple[str, ...] = ()

    def key(self) -> str:
        return f"{self.of}|{self.party or ''}|{','.join(sorted(self.glossaries))}"


def selected_profiles(data: ScopeData, selection: Selection) -> list[Profile]:
    """The profiles `selection` names, in IRI order; one pass over the readings (not one per concept)."""
    chosen = set(selection.glossaries)
    by_concept: dict[str, list[Interpretation]] = defaultdict(list)
    for reading in data.readings.values():
        if selection.party is not None and reading.side.name != selection.party:
            continue
        if chosen and not data.concept_glossaries.get(reading.concept, frozenset()) & chosen:
            continue
        by_concept[reading.concept].append(reading)
    if selection.of == "interpretations":
        return [
            data.profile(r) for c in sorted(by_concept) for r in sorted(by_concept[c], key=lambda r: r.iri)
        ]
    return [
        merge_profiles(concept, data.label(concept), [data.profile(r) for r in by_concept[concept]])
        for concept in sorted(by_concept)
    ]


def ranking(
    store: QueryStore, data: ScopeData, selection: Selection, measure: Measure, k: int = 20
) -> Ranking:
    """`rank_pairs` of the selected profiles, kept with the store (the last `KEPT` asked for)."""
    profiles = selected(store, data, selection)
    return _kept(store, f"{selection.key()}|{measure.value}|{k}", lambda: rank_pairs(profiles, measure, k))


def selected(store: QueryStore, data: ScopeData, selection: Selection) -> list[Profile]:
    """`selected_profiles`, kept with the store like the rankings."""
    return _kept(store, selection.key(), lambda: selected_profiles(data, selection))


KEPT = 32
_lock = threading.Lock()
T = TypeVar("T")


def _kept(store: QueryStore, key: str, compute: Callable[[], T]) -> T:
    """The value for `key` from the store's small cache of the last `KEPT` computed, computing it if absent.

    Pages are served from a thread pool: one computation per key, not one per request; while one key is
    computed (seconds at 10,000 concepts), requests for others are served."""
    kept: OrderedDict[str, Any] = store.derived("overlap_rankings", OrderedDict)
    computing: dict[str, threading.Lock] = store.derived("overlap_rankings_computing", dict)
    with _lock:
        if key in kept:
            kept.move_to_end(key)
            return cast(T, kept[key])
        key_lock = computing.setdefault(key, threading.Lock())
    with key_lock:
        with _lock:
            if key in kept:
                return cast(T, kept[key])
        value = compute()
        with _lock:
            kept[key] = value
            computing.pop(key, None)
            while len(kept) > KEPT:
                kept.popitem(last=False)
        return value
