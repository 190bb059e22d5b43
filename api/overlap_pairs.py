"""What the overlap page shows past a screenful of concepts: the ranked pairs and the filters that chose them.

`govlex.overlap_ranking` finds the k most and least overlapping pairs without visiting every pair in
Python; this module turns them into table rows (both items linked to their concept pages, the score,
and what it is made of) and reads the filters a request gives (kind, side, glossaries, k).
"""

from dataclasses import dataclass
from typing import Any

from govlex.catalog import slug_of
from govlex.errors import GovlexError
from govlex.overlap import Measure, Overlap
from govlex.overlap_ranking import Ranking, Selection
from govlex.reasoning.results import PARTY_NAMES, ScopeData
from govlex.reasoning.verdicts import glossary_iri

KINDS = ("concepts", "interpretations")
MOST_PAIRS = 200
"""The largest k a page lists (each pair's parts are measured and written out)."""
DEFAULT_PAIRS = 20
"""The k a page lists unless asked for another."""
DEFAULT_MEASURE = Measure.intension
"""The measure a page shows unless asked for another."""


@dataclass(frozen=True)
class PairRow:
    """One ranked pair as the page lists it."""

    a_label: str
    a_slug: str
    b_label: str
    b_slug: str
    score: float
    shared: str
    only_a: str
    only_b: str


def selection_from(data: ScopeData, of: str, party: str, glossaries: list[str]) -> Selection:
    """The request's filters as a `Selection`; an unknown kind, side or glossary is a clear error."""
    if of not in KINDS:
        raise GovlexError(f"unknown kind {of!r}; use {' or '.join(KINDS)}")
    if party and party not in PARTY_NAMES:
        raise GovlexError(f"unknown side {party!r}; use one of {', '.join(PARTY_NAMES)}")
    chosen = tuple(sorted({glossary_iri(data, g) for g in glossaries if g}))
    return Selection(of, party or None, chosen)


def glossary_choices(data: ScopeData) -> list[tuple[str, str]]:
    """(slug, label) of every glossary (term list) a concept is in, by label."""
    known = {g for gs in data.concept_glossaries.values() for g in gs}
    return sorted(((slug_of(g), data.label(g)) for g in known), key=lambda c: c[1].lower())


def pair_rows(pairs: tuple[Overlap, ...], measure: Measure, data: ScopeData) -> list[PairRow]:
    """Rows for `pairs`: labels, concept slugs (a reading links to its concept) and the score's parts."""
    rows = []
    for pair in pairs:
        score = pair.score(measure)
        if measure is Measure.text:
            shared = ", ".join(f"{term} ({share:.2f})" for term, share in pair.text.shared_terms[:8])
            only_a = only_b = ""
        else:
            sets = pair.intension if measure is Measure.intension else pair.extension
            shared, only_a, only_b = (
                "; ".join(sorted(data.label(i) for i in part))
                for part in (sets.shared, sets.only_a, sets.only_b)
            )
        rows.append(
            PairRow(
                _short(pair.a.label),
                _concept_slug(data, pair.a.iri),
                _short(pair.b.label),
                _concept_slug(data, pair.b.iri),
                score or 0.0,
                shared,
                only_a,
                only_b,
            )
        )
    return rows


def ranked_sections(rankings: list[Ranking], data: ScopeData) -> list[dict[str, Any]]:
    """One section per measure: counts, and rows for the most and the least overlapping pairs."""
    return [
        {
            "measure": r.measure,
            "items": r.items,
            "compared": r.compared,
            "disjoint": r.disjoint,
            "most": pair_rows(r.most, r.measure, data),
            "least": pair_rows(r.least, r.measure, data),
        }
        for r in rankings
    ]


def _concept_slug(data: ScopeData, iri: str) -> str:
    reading = data.readings.get(iri)
    return slug_of(reading.concept if reading else iri)


def _short(label: str) -> str:
    return label if len(label) <= 90 else label[:89] + "…"
