"""The figures, drawn with matplotlib, and saved for reports (PNG, SVG) and pages (inline SVG).

The only module that imports matplotlib (about 100 MB with matplotlib-venn): the web server imports
it when a figure is first asked for, so a server that answers queries never loads it. matplotlib's
Agg backend is chosen before pyplot loads, so nothing here needs a screen, and the SVGs carry their
text as paths-free `<text>` elements with no external reference.

Sets of two or three are drawn as a Venn diagram (matplotlib-venn) with the systems named in each
region; more sets, or a single one, as an UpSet plot drawn here: the `upsetplot` package (0.9) fails
under pandas 3, whose copy-on-write ignores the in-place `fillna` it styles its dots with.
"""

import io
from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from govlex.viz.heatmap import Matrix, measure_name
from govlex.viz.sets import intersections, region_ids
from govlex.viz.style import HEAT_STOPS, NO_SCORE
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib_venn import venn2, venn3

from govlex.history.convergence import Series
from govlex.overlap import Measure

FORMATS = ("png", "svg")
HEAT = LinearSegmentedColormap.from_list("govlex", HEAT_STOPS).with_extremes(bad=NO_SCORE)
VENN_COLOURS = ("#2f6db5", "#c8323c", "#2e9d57")


def save(figure: Figure, stem: Path) -> list[Path]:
    """Write `figure` as `stem.png` and `stem.svg`; the paths written."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in FORMATS:
        path = stem.with_suffix(f".{fmt}")
        figure.savefig(path, format=fmt, dpi=150, bbox_inches="tight", metadata=_metadata(fmt))
        written.append(path)
    return written


def to_bytes(figure: Figure, fmt: str) -> bytes:
    """`figure` as PNG or SVG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; known: {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight", metadata=_metadata(fmt))
    return buffer.getvalue()


def inline_svg(figure: Figure) -> str:
    """`figure` as an `<svg>` element to put straight into an HTML page (no XML prolog or DOCTYPE)."""
    text = to_bytes(figure, "svg").decode("utf-8")
    return text[text.index("<svg") :]


def _metadata(fmt: str) -> dict[str, str | None]:
    # Fixed metadata keeps the files byte-stable across runs (no creation date), so a rebuilt
    # site only changes where the data changed.
    return {"Date": None} if fmt == "svg" else {"Software": "govlex"}


def heatmap_figure(matrix: Matrix, measure: Measure) -> Figure:
    """The matrix as a matplotlib heat map with its scores written in the cells (for PNG/SVG)."""
    scores = matrix.overlaps.scores(measure)
    n = len(matrix.labels)
    size = max(4.0, 0.32 * n + 3)
    figure = Figure(figsize=(size + 2, size))
    axes = figure.add_subplot()
    values = [[float("nan") if s is None else s for s in row] for row in scores]
    image = axes.imshow(values, cmap=HEAT, vmin=0, vmax=1)
    axes.set_xticks(range(n), matrix.labels, rotation=60, ha="right", fontsize=7 if n > 15 else 9)
    axes.set_yticks(range(n), matrix.labels, fontsize=7 if n > 15 else 9)
    if n <= 15:
        for i, row in enumerate(scores):
            for j, score in enumerate(row):
                if score is not None:
                    axes.text(
                        j,
                        i,
                        f"{score:.2f}",
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if score > 0.6 else "black",
                    )
    axes.set_title(
        f"Overlap: {measure_name(measure)}" + ("" if matrix.scope == "concepts" else f" — {matrix.scope}")
    )
    figure.colorbar(image, ax=axes, shrink=0.7, label="score (grey: nothing to compare)")
    return figure


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
    for region in region_ids(len(groups)):
        members = set.intersection(*(groups[k] for k, bit in enumerate(region) if bit == "1"))
        for k, bit in enumerate(region):
            if bit == "0":
                members -= groups[k]
        text = diagram.get_label_by_id(region)
        if text is not None:
            text.set_text("\n".join(sorted(members)))
            text.set_fontsize(8)


# ---------------------------------------------------------------- convergence (govlex.history.convergence)

MEASURE_COLOURS = {Measure.intension: "#4b2a7b", Measure.extension: "#2e9d57", Measure.text: "#c98a1b"}


def convergence_figure(series: Series) -> Figure:
    """One concept: each measure's distance between the two sides' latest readings, as steps over time."""
    from datetime import date

    from matplotlib.dates import date2num

    figure = Figure(figsize=(8, 3.8))
    axes = figure.add_subplot()
    axes.xaxis_date()
    days = list(date2num([date.fromisoformat(_full_date(p.date)) for p in series.points]))
    for measure in Measure:
        values = [float("nan") if (d := p.distance(measure)) is None else d for p in series.points]
        if all(v != v for v in values):  # NaN: no distance on this measure at any point
            continue
        axes.step(
            days,
            values,
            where="post",
            marker="o",
            color=MEASURE_COLOURS[measure],
            label=measure_name(measure),
        )
    # Numbered points, and a key below naming each side's reading at each: full names do not fit above.
    for number, day in enumerate(days, 1):
        axes.annotate(
            str(number), (day, 1.01), xycoords=("data", "axes fraction"), ha="center", va="bottom", fontsize=7
        )
    key = "\n".join(
        f"{n}. {p.date}: US {p.us.split('--', 1)[-1]} · CN {p.cn.split('--', 1)[-1]}"
        for n, p in enumerate(series.points, 1)
    )
    figure.text(0.01, -0.02, key, fontsize=7, va="top")
    axes.set_ylim(-0.05, 1.05)
    axes.set_ylabel("distance (1 − overlap)")
    axes.set_title(f"{series.label}: how far apart the two sides' latest readings are", pad=14, fontsize=10)
    axes.legend(fontsize=7, loc="lower left")
    figure.autofmt_xdate()
    return figure


def convergence_summary_figure(all_series: list[Series]) -> Figure:
    """Every concept: distance at its first and its last point, per measure; an arrow shows the move."""
    shown = [s for s in all_series if s.points]
    measures = (Measure.intension, Measure.text)
    figure = Figure(figsize=(10, max(3.0, 0.32 * len(shown) + 1.5)))
    for n, measure in enumerate(measures):
        axes = figure.add_subplot(1, len(measures), n + 1)
        for row, series in enumerate(shown):
            first, last = series.points[0].distance(measure), series.points[-1].distance(measure)
            if first is None or last is None:
                continue
            colour = "#2e9d57" if last < first else "#c8323c" if last > first else "#777777"
            axes.annotate("", (last, row), (first, row), arrowprops={"arrowstyle": "->", "color": colour})
            axes.plot([first], [row], "o", color=colour, markersize=3)
        axes.set_yticks(
            range(len(shown)), [s.label for s in shown] if n == 0 else [""] * len(shown), fontsize=7
        )
        axes.set_xlim(-0.05, 1.05)
        axes.set_ylim(len(shown) - 0.5, -0.5)  # same rows in both panels, first concept on top
        axes.set_title(measure_name(measure), fontsize=9)
        axes.set_xlabel("distance, first → last point", fontsize=8)
    figure.suptitle("Did the two sides' readings move closer (green) or apart (red)?", fontsize=10)
    return figure


def _full_date(value: str) -> str:
    """'2024' → '2024-01-01', '2022-07' → '2022-07-01': a partial date drawn at its start."""
    return value + "-01" * (2 - value.count("-"))
