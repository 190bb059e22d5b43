"""Set diagrams of which reference systems each side's definition of one concept covers.

The sets are what the build's reasoner found each reading to cover (`glx:covers` in the inferred
graph); here they are computed and tabled, and `govlex.viz.figures.set_figure` draws them.
"""

from collections.abc import Mapping
from html import escape

from govlex.viz.heatmap import short_reading_label
from govlex.viz.style import document

from govlex.catalog import Side
from govlex.reasoning.results import ScopeData

SIDE_LABELS = {"us": "U.S.", "cn": "China", "joint": "joint"}


def coverage_sets(data: ScopeData, concept_iri: str, by: str = "reading") -> dict[str, frozenset[str]]:
    """Label → names of the systems covered: one set per reading (`by="reading"`) or per side (`"side"`)."""
    readings = sorted(
        data.readings_of(concept_iri), key=lambda r: (r.side is not Side.us, r.side.name, r.slug)
    )
    sets: dict[str, set[str]] = {}
    for reading in readings:
        label = (
            SIDE_LABELS.get(reading.side.name, reading.side.name)
            if by == "side"
            else short_reading_label(data, reading)
        )
        sets.setdefault(label, set()).update(data.label(s) for s in reading.system_iris)
    return {label: frozenset(systems) for label, systems in sets.items()}


def intersections(sets: Mapping[str, frozenset[str]]) -> list[tuple[tuple[bool, ...], list[str]]]:
    """Each non-empty exclusive intersection: which sets hold it (by position), and its members;
    largest first, then those held by more sets.

    >>> intersections({"A": frozenset({"x", "y"}), "B": frozenset({"y"})})
    [((True, True), ['y']), ((True, False), ['x'])]
    """
    labels = list(sets)
    groups: dict[tuple[bool, ...], list[str]] = {}
    for member in sorted(set().union(*sets.values())):
        key = tuple(member in sets[label] for label in labels)
        groups.setdefault(key, []).append(member)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), [not b for b in item[0]]))


def region_ids(n: int) -> list[str]:
    """Venn region ids ('10', '01', '11', … for n sets), the empty region left out.

    >>> region_ids(2)
    ['01', '10', '11']
    """
    return [format(k, f"0{n}b") for k in range(1, 2**n)]


def membership_table(sets: Mapping[str, frozenset[str]]) -> str:
    """Which set holds which system, as an HTML table (the set diagram's content, readable without it)."""
    members = sorted(set().union(*sets.values())) if sets else []
    head = "".join(f"<th scope='col'>{escape(label)}</th>" for label in sets)
    rows = "".join(
        f"<tr><th scope='row'>{escape(m)}</th>"
        + "".join(f"<td>{'●' if m in sets[label] else ''}</td>" for label in sets)
        + "</tr>"
        for m in members
    )
    return f"<table class='membership'><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>"


def sets_html(sets: Mapping[str, frozenset[str]], title: str, figure: str) -> str:
    """The set diagram as a page with its membership table; `figure` is the diagram as HTML (an inline
    `<svg>`, or an `<img>` of the file written beside the page)."""
    return document(title, f"<h1>{escape(title)}</h1>{figure}{membership_table(sets)}")
