"""How far apart the two sides' readings of a concept are over time, and whether they moved closer.

For a concept read by both the U.S. and the Chinese side, each date on which either side's reading
changes (a reading's date is the latest issue date of the documents it cites) gives a point: each
side's latest reading as of that date, compared with `govlex.overlap` on all three measures
(intension, extension, text). Distance is 1 − the overlap score; a measure with nothing to compare
has no distance (None), as in `govlex overlap`. Readings citing only undated documents cannot be placed
in time and are left out (listed in `undated`); nothing is assumed about readings the data lacks.
"""

import re
from dataclasses import dataclass
from itertools import pairwise

from govlex.catalog import Interpretation
from govlex.errors import GovlexError
from govlex.overlap import Measure, Overlap, TextModel, overlap
from govlex.reasoning.results import ScopeData
from govlex.store import QueryStore

SIDES = ("us", "cn")


@dataclass(frozen=True)
class Point:
    """Both sides' latest readings as of `date`, and how far apart they are."""

    date: str
    us: str
    cn: str
    overlap: Overlap

    def distance(self, measure: Measure) -> float | None:
        score = self.overlap.score(measure)
        return None if score is None else round(1 - score, 4)

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date,
            "us": self.us,
            "cn": self.cn,
            "distance": {m.value: self.distance(m) for m in Measure},
            "intension": self.overlap.intension.as_dict(),
        }


@dataclass(frozen=True)
class Series:
    """One concept's points, oldest first."""

    concept: str
    label: str
    points: tuple[Point, ...]
    undated: tuple[str, ...] = ()

    def trend(self, measure: Measure = Measure.intension) -> tuple[str, float | None, str]:
        """('closer' | 'apart' | 'unchanged' | 'n/a', change in distance first → last, date of the last move)."""
        known = [(p.date, d) for p in self.points if (d := p.distance(measure)) is not None]
        if len(known) < 2:
            return ("n/a", None, "")
        change = round(known[-1][1] - known[0][1], 4)
        moved = ""
        for (_, before), (when, after) in pairwise(known):
            if before != after:
                moved = when
        word = "closer" if change < 0 else "apart" if change > 0 else "unchanged"
        return (word, change, moved)

    def as_dict(self) -> dict[str, object]:
        trends = {
            m.value: dict(zip(("direction", "change", "last_moved"), self.trend(m), strict=True))
            for m in Measure
        }
        return {
            "concept": self.concept,
            "label": self.label,
            "trend": trends,
            "points": [p.as_dict() for p in self.points],
            "undated": list(self.undated),
        }


def convergence(
    data: ScopeData, concept: str | None = None, since: str = "", withdrawn: frozenset[str] = frozenset()
) -> list[Series]:
    """The series of every concept read by both sides (or of `concept`), from `since` (an ISO date) on.

    With `since`, the first point is the state as of `since` (when both sides had a reading by then),
    so the series says how far apart the sides were then and how they moved afterwards. Readings in
    `withdrawn` (deprecated, see `deprecated_resources`) are no side's reading any more and are left out.
    """
    model = TextModel([r.statements.get("en", "") for r in data.readings.values()])
    concepts = [concept] if concept else data.concepts()
    found = []
    for iri in concepts:
        readings = {
            side: [r for r in data.readings_of(iri, side) if r.iri not in withdrawn] for side in SIDES
        }
        if not all(readings.values()):
            continue
        dated = {side: [r for r in readings[side] if r.latest_issued] for side in SIDES}
        undated = tuple(sorted(r.slug for side in SIDES for r in readings[side] if not r.latest_issued))
        dates = sorted({r.latest_issued for side in SIDES for r in dated[side]})
        if since:
            dates = sorted({since, *(d for d in dates if d > since)})
        points: list[Point] = []
        for when in dates:
            us, cn = (_latest(dated[side], when) for side in SIDES)
            unchanged = bool(points) and (points[-1].us, points[-1].cn) == (
                getattr(us, "slug", ""),
                getattr(cn, "slug", ""),
            )
            if us is not None and cn is not None and not unchanged:
                points.append(
                    Point(when, us.slug, cn.slug, overlap(data.profile(us), data.profile(cn), model))
                )
        found.append(Series(iri, data.label(iri), tuple(points), undated))
    return found


def _latest(readings: list[Interpretation], when: str) -> Interpretation | None:
    """The side's reading with the latest date not after `when`; with several, the one with criteria.

    Dates compare as ISO text, a year ('2024') or a month alone counting from its start.
    """
    candidates = [r for r in readings if _not_after(r.latest_issued, when)]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.latest_issued, bool(r.criteria), r.slug))


def _not_after(issued: str, when: str) -> bool:
    """Whether a document issued on `issued` (a date, a year-month or a year) was out by `when`.

    >>> _not_after("2024", "2024-06-01"), _not_after("2024-02", "2024"), _not_after("2023-01-25", "2022")
    (True, True, False)
    """
    return issued[: len(when)] <= when[: len(issued)] if issued and when else False


_SINCE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")


def valid_since(value: str) -> str:
    """`value` if it is a year, a year-month or a date in ISO form, else a GovlexError saying so."""
    if not _SINCE.match(value):
        raise GovlexError(f"--since {value!r}: write a date as YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def deprecated_resources(store: QueryStore) -> frozenset[str]:
    """IRIs marked `owl:deprecated true` in the store."""
    rows = store.select("SELECT ?x WHERE { ?x <http://www.w3.org/2002/07/owl#deprecated> true }")
    return frozenset(row["x"].value for row in rows)
