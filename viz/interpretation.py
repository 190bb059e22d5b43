"""The interpretation view of one concept: each side's readings, the criteria they require and the reference
systems they cover, laid out in columns so the difference between the sides shows at a glance.

Columns, left to right: systems only U.S. readings cover, U.S. readings, criteria only U.S. readings
require, criteria both sides require, criteria only Chinese readings require, Chinese readings,
systems only Chinese readings cover. Joint readings sit on top, systems both sides cover at the bottom.
"""

from collections import defaultdict

from govlex.viz.network import new_network
from govlex.viz.offline import standalone_html
from govlex.viz.style import PAGE_CSS, SIDE_COLOURS, key, side_by_side, switch_script, toolbar

from govlex.catalog import Concept, Interpretation, Ref
from govlex.messages import both, named

SIDES = ("US", "CN")
COLUMN_X = {"US": -1, "CN": 1, "both": 0, "joint": 0}
SPACING_Y = 80
CRITERION_COLOURS = {"US": "#9dbbe3", "CN": "#eda3a8", "both": "#c6a9df", "joint": "#a6d8b6"}
SYSTEM_COLOUR = "#f2c14e"


def reading_label(interpretation: Interpretation, lang: str) -> str:
    """A short name of a reading: its side and the document it is drawn from."""
    side = interpretation.side
    who = named("reading_side", side, lang)
    source = interpretation.citations[0].source if interpretation.citations else None
    title = (
        (source.label_zh or source.label_en)
        if source and lang == "zh"
        else (source.label_en if source else "")
    )
    # Several readings may cite one document (e.g. two editions); the slug tells them apart.
    edition = interpretation.slug.partition("--")[2]
    return f"{who}: {title}\n({edition})" if title else f"{who} ({edition})"


def _group(refs_by_side: dict[str, set[str]]) -> dict[str, str]:
    """Which side (or 'both') each criterion or system belongs to."""
    placed = {}
    for iri in set().union(*refs_by_side.values()) if refs_by_side else set():
        holders = {side for side, refs in refs_by_side.items() if iri in refs}
        placed[iri] = holders.pop() if len(holders) == 1 else "both"
    return placed


def _column(x: int, items: list[str], y0: int = 0) -> dict[str, tuple[int, int]]:
    top = y0 - (len(items) - 1) * SPACING_Y // 2
    return {item: (x, top + i * SPACING_Y) for i, item in enumerate(items)}


def interpretation_html(concept: Concept, libraries: str | None = None) -> str:
    """The interpretation view of `concept` (from `govlex.catalog.get_concept`) as one offline HTML page
    (vis-network from `libraries`, see `govlex.viz.offline.standalone_html`)."""
    network = new_network()
    network.toggle_physics(False)
    readings = {i.iri: i for i in concept.interpretations}
    criteria: dict[str, set[str]] = defaultdict(set)
    systems: dict[str, set[str]] = defaultdict(set)
    refs: dict[str, Ref] = {}
    for reading in concept.interpretations:
        for ref in reading.criteria:
            criteria[reading.side].add(ref.iri)
            refs[ref.iri] = ref
        for ref in reading.covers:
            systems[reading.side].add(ref.iri)
            refs[ref.iri] = ref
    criterion_side, system_side = _group(criteria), _group(systems)
    positions: dict[str, tuple[int, int]] = {}
    for side in SIDES:
        sign = COLUMN_X[side]
        positions |= _column(sign * 760, [i.iri for i in concept.interpretations if i.side == side])
        positions |= _column(sign * 380, sorted(c for c, s in criterion_side.items() if s == side))
        positions |= _column(sign * 1100, sorted(c for c, s in system_side.items() if s == side))
    positions |= _column(0, sorted(c for c, s in criterion_side.items() if s in ("both", "joint")))
    joint = [i.iri for i in concept.interpretations if i.side not in SIDES]
    lowest = max((y for _, y in positions.values()), default=0)
    highest = min((y for _, y in positions.values()), default=0)
    for n, iri in enumerate(joint):
        positions[iri] = ((n - (len(joint) - 1) / 2) * 300, highest - 2 * SPACING_Y)  # type: ignore[assignment]
    shared_systems = sorted(s for s, side in system_side.items() if side in ("both", "joint"))
    for n, iri in enumerate(shared_systems):
        positions[iri] = ((n - (len(shared_systems) - 1) / 2) * 220, lowest + 2 * SPACING_Y)  # type: ignore[assignment]

    for iri, reading in readings.items():
        x, y = positions[iri]
        side = reading.side
        network.add_node(
            iri,
            label=reading_label(reading, "en"),
            label_en=reading_label(reading, "en"),
            label_zh=reading_label(reading, "zh"),
            title=_reading_tooltip(reading),
            shape="box",
            widthConstraint={"maximum": 240},
            color=SIDE_COLOURS.get(side, SIDE_COLOURS["none"]),
            font={"color": "#ffffff"},
            x=x,
            y=y,
            physics=False,
        )
    for iri, side in {**criterion_side, **system_side}.items():
        x, y = positions[iri]
        is_system = iri in system_side
        ref = refs[iri]
        network.add_node(
            iri,
            label=ref.label_en,
            label_en=ref.label_en,
            label_zh=ref.label_zh or ref.label_en,
            title=f"{'reference system' if is_system else 'criterion'}: {ref.label_en} · {ref.label_zh}",
            shape="box",
            shapeProperties={"borderRadius": 14 if is_system else 4},
            widthConstraint={"maximum": 190},
            color=SYSTEM_COLOUR if is_system else CRITERION_COLOURS.get(side, CRITERION_COLOURS["both"]),
            x=x,
            y=y,
            physics=False,
        )
    for reading in concept.interpretations:
        for ref in reading.criteria:
            network.add_edge(reading.iri, ref.iri, color="#888888", title=side_by_side(both("edge_requires")))
        for ref in reading.covers:
            network.add_edge(
                reading.iri, ref.iri, color="#d4a017", dashes=True, title=side_by_side(both("edge_covers"))
            )
    legend = "".join(
        [
            key(SIDE_COLOURS["US"], *both("key_us_reading")),
            key(SIDE_COLOURS["CN"], *both("key_cn_reading")),
            key(SIDE_COLOURS["joint"], *both("key_joint_reading")),
            key(CRITERION_COLOURS["both"], *both("key_both_criterion")),
            key(CRITERION_COLOURS["US"], *both("key_us_criterion")),
            key(CRITERION_COLOURS["CN"], *both("key_cn_criterion")),
            key(SYSTEM_COLOUR, *both("key_system")),
        ]
    )
    title_en, title_zh = both("interpretation_title")
    bar = toolbar(
        title_en % concept.label_en,
        title_zh % concept.label_zh,
        {"": legend},
        colour_choices=False,
    )
    title = title_en % concept.label_en
    return standalone_html(network, title, PAGE_CSS, bar, switch_script(), libraries)


def _reading_tooltip(reading: Interpretation) -> str:
    lines = [reading.statement_en]
    if reading.statement_zh:
        lines.append(reading.statement_zh)
    lines.append(f"status: {reading.status}")
    for citation in reading.citations:
        lines.append(f"source: {citation.source.label_en} — {citation.locator}")
    return "\n".join(line for line in lines if line)
