"""Set diagrams of which reference systems each side's definition of one concept covers.

Two or three sets are drawn as a Venn diagram (matplotlib-venn) with the systems named in each region;
more sets, or a single one, as an UpSet plot drawn here with matplotlib: the `upsetplot` package (0.9)
fails under pandas 3, whose copy-on-write ignores the in-place `fillna` it styles its dots with. The
sets are what the build's reasoner found each reading to cover (`glx:covers` in the inferred graph).
"""

from collections.abc import Mapping
from html import escape

from govlex.viz.figures import inline_svg
from govlex.viz.heatmap import short_reading_label
from govlex.viz.style import document
from matplotlib.figure import Figure
from matplotlib_venn import venn2, venn3

from govlex.reasoning.results import ScopeData

SIDE_LABELS = {"us": "U.S.", "cn": "China", "joint": "joint"}
VENN_COLOURS = ("#2f6db5", "#c8323c", "#2e9d57")


def coverage_sets(data: ScopeData, concept_iri: str, by: str = "reading") -> dict[str, frozenset[str]]:
    """Label → names of the systems covered: one set per reading (`by="reading"`) or per side (`"side"`)."""
    readings = sorted(data.readings_of(concept_iri), key=lambda r: (r.party != "us", r.party, r.slug))
    sets: dict[str, set[str]] = {}
    for reading in readings:
        label = (
            SIDE_LABELS.get(reading.party, reading.party)
            if by == "side"
            else short_reading_label(data, reading)
        )
        sets.setdefault(label, set()).update(data.label(s) for s in reading.systems)
    return {label: frozenset(systems) for label, systems in sets.items()}


def set_figure(sets: Mapping[str, frozenset[str]], title: str) -> Figure:
    """A Venn diagram for two or three sets, an UpSet plot otherwise; a note when nothing is covered."""
    figure = Figure(figsize=(8, 5.5))
    if not any(sets.values()):
        axes = figure.add_subplot()
        axes.axis("off")
        axes.text(0.5, 0.5, "No reading of this concept covers a reference system.", ha="center", va="center")
        axes.set_title(title)
        return figure
    if 2 <= len(sets) <= 3:
        _venn(figure, sets)
    else:
        _upset(figure, sets)
    figure.suptitle(title)
    return figure


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


def _upset(figure: Figure, sets: Mapping[str, frozenset[str]]) -> None:
    """An UpSet plot: intersection sizes as bars (members named above), membership as a dot matrix."""
    labels = list(sets)
    found = intersections(sets)
    grid = figure.add_gridspec(
        2, 2, height_ratios=(3, max(1.0, 0.45 * len(labels))), width_ratios=(1, 3), hspace=0.05, wspace=0.02
    )
    bars = figure.add_subplot(grid[0, 1])
    matrix = figure.add_subplot(grid[1, 1], sharex=bars)
    totals = figure.add_subplot(grid[1, 0], sharey=matrix)
    xs = range(len(found))
    sizes = [len(members) for _, members in found]
    bars.bar(xs, sizes, color="#333333", width=0.5)
    bars.set_xlim(-0.6, len(found) - 0.4)
    for x, (_, members) in zip(xs, found, strict=True):
        bars.text(x, len(members) + 0.1, "\n".join(members), ha="center", va="bottom", fontsize=7)
    bars.set_ylim(0, max(sizes, default=1) * 2.2)
    bars.set_ylabel("systems")
    bars.tick_params(labelbottom=False)
    for side in ("top", "right"):
        bars.spines[side].set_visible(False)
    for x, (key, _) in zip(xs, found, strict=True):
        ys = [y for y, inside in enumerate(key) if inside]
        matrix.scatter([x] * len(labels), range(len(labels)), color="#dddddd", s=90, zorder=1)
        matrix.scatter([x] * len(ys), ys, color="#333333", s=90, zorder=2)
        if len(ys) > 1:
            matrix.plot([x, x], [min(ys), max(ys)], color="#333333", linewidth=2, zorder=2)
    matrix.set_yticks(range(len(labels)), labels, fontsize=8)
    matrix.tick_params(labelbottom=False, bottom=False, labelleft=False, left=False)
    matrix.set_ylim(len(labels) - 0.5, -0.5)
    for spine in matrix.spines.values():
        spine.set_visible(False)
    totals.barh(range(len(labels)), [len(sets[label]) for label in labels], color="#777777", height=0.5)
    totals.set_yticks(range(len(labels)), labels, fontsize=8)
    totals.tick_params(axis="y", length=0)
    totals.set_xlabel("covered")
    for side in ("top", "right"):
        totals.spines[side].set_visible(False)


def _venn(figure: Figure, sets: Mapping[str, frozenset[str]]) -> None:
    axes = figure.add_subplot()
    labels = list(sets)
    groups = [set(sets[label]) for label in labels]
    draw = venn2 if len(groups) == 2 else venn3
    diagram = draw(groups, set_labels=labels, set_colors=VENN_COLOURS[: len(groups)], ax=axes)
    # Name the systems in each region rather than only counting them.
    for region in _region_ids(len(groups)):
        members = set.intersection(*(groups[k] for k, bit in enumerate(region) if bit == "1"))
        for k, bit in enumerate(region):
            if bit == "0":
                members -= groups[k]
        text = diagram.get_label_by_id(region)
        if text is not None:
            text.set_text("\n".join(sorted(members)))
            text.set_fontsize(8)


def _region_ids(n: int) -> list[str]:
    """Venn region ids ('10', '01', '11', … for n sets), the empty region left out.

    >>> _region_ids(2)
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


def sets_html(sets: Mapping[str, frozenset[str]], title: str, svg: str | None = None) -> str:
    """The set diagram as a page with its membership table; the figure is the SVG file at the relative
    path `svg` when given (written beside the page), else drawn inline."""
    figure = (
        f'<img src="{escape(svg)}" alt="{escape(title)}" style="max-width:100%">'
        if svg
        else inline_svg(set_figure(sets, title))
    )
    return document(title, f"<h1>{escape(title)}</h1>{figure}{membership_table(sets)}")
