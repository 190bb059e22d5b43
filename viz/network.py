r"""The concept network and the ego view of one concept, as self-contained pyvis pages.

Nodes are coloured by which sides interpret a concept (switchable to: by glossary), edges styled
by relation type, labels switchable between English and Chinese, and each node's tooltip carries
both sides' statements.

>>> from govlex.graph import ConceptGraph, ConceptNode
>>> graph = ConceptGraph({"a": ConceptNode("https://w3id.org/govlex/id/concept/a", "a", "A", "甲")}, [])
>>> '"label_zh": "\\u7532"' in network_html(graph)  # 甲, JSON-escaped for the toolbar's switch
True
"""

from govlex.viz.offline import standalone_html
from govlex.viz.style import (
    EDGE_STYLES,
    GLOSSARY_COLOURS,
    PAGE_CSS,
    SIDE_COLOURS,
    key,
    side_by_side,
    switch_script,
    toolbar,
)
from pyvis.network import Network

from govlex.errors import UnknownName
from govlex.graph import ConceptGraph, ConceptNode
from govlex.messages import both, both_named

COUNTRY_NAMES = {"US": "U.S.", "CN": "China"}
MAX_STATEMENT = 320  # characters of each statement in a tooltip; the concept page has the rest


def new_network(height: str = "calc(100vh - 60px)") -> Network:
    """A pyvis network that embeds vis-network in the page (never the CDN default).

    Undirected: each edge style says whether it has an arrow, so symmetric relations get none.
    """
    network = Network(height=height, width="100%", directed=False, cdn_resources="in_line")
    network.barnes_hut(gravity=-6000, spring_length=140)
    network.set_edge_smooth("dynamic")
    return network


def glossary_key(node: ConceptNode) -> str:
    """The colouring key of a node's glossaries: one glossary, 'several' or 'none'."""
    if len(node.glossaries) > 1:
        return "several"
    if node.glossaries and node.glossaries[0] in GLOSSARY_COLOURS:
        return node.glossaries[0]
    return "none" if not node.glossaries else "several"


def tooltip(node: ConceptNode) -> str:
    """Plain-text tooltip: both labels, glossaries, and each side's statements (vis shows it as text)."""
    lines = [f"{node.label_en} · {node.label_zh}"]
    if node.glossaries:
        lines.append("glossaries: " + ", ".join(node.glossaries))
    for country, statements in sorted(node.statements.items()):
        for statement in statements:
            short = statement if len(statement) <= MAX_STATEMENT else statement[: MAX_STATEMENT - 1] + "…"
            lines.append(f"{COUNTRY_NAMES.get(country, country)}: {short}")
    if not node.statements:
        lines.append("no interpretation yet")
    return "\n".join(lines)


def add_concepts(network: Network, graph: ConceptGraph, centre: str | None = None) -> None:
    """Put the graph's concepts and relations into `network`, styled; `centre` is drawn larger."""
    for slug, node in graph.nodes.items():
        side, glossary = SIDE_COLOURS[node.readers], GLOSSARY_COLOURS[glossary_key(node)]
        network.add_node(
            slug,
            label=node.label_en,
            title=tooltip(node),
            color=side,
            color_sides=side,
            color_glossary=glossary,
            label_en=node.label_en,
            label_zh=node.label_zh or node.label_en,
            shape="dot",
            size=28 if slug == centre else 16,
            borderWidth=4 if slug == centre else 1,
            font={"size": 18 if slug == centre else 14},
        )
    for relation in graph.relations:
        title = side_by_side(both_named("edge", relation.kind))
        network.add_edge(relation.source, relation.target, title=title, **EDGE_STYLES[relation.kind])


def _legends() -> dict[str, str]:
    sides = "".join(key(SIDE_COLOURS[k], *both_named("side_key", k)) for k in SIDE_COLOURS)
    glossaries = "".join(key(GLOSSARY_COLOURS[k], *both_named("glossary", k)) for k in GLOSSARY_COLOURS)
    edges = "".join(
        key(str(options["color"]), *both_named("edge", kind), line=True)
        for kind, options in EDGE_STYLES.items()
    )
    return {"sides": sides, "glossary": glossaries, "": edges}


def network_html(
    graph: ConceptGraph, title: tuple[str, str] | None = None, libraries: str | None = None
) -> str:
    """The whole concept network as one offline HTML page; `title` in English and Chinese, by default
    the catalogue's `network_title`; vis-network from `libraries` (see `standalone_html`)."""
    title = title or both("network_title")
    network = new_network()
    add_concepts(network, graph)
    bar = toolbar(title[0], title[1], _legends(), colour_choices=True)
    return standalone_html(network, title[0], PAGE_CSS, bar, switch_script(), libraries)


def ego_html(graph: ConceptGraph, slug: str, depth: int = 1, libraries: str | None = None) -> str:
    """One concept and the concepts within `depth` relation steps of it, as one offline HTML page
    (vis-network from `libraries`, see `standalone_html`)."""
    if slug not in graph.nodes:
        raise UnknownName("concept", slug, list(graph.nodes))
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    centre = graph.nodes[slug]
    network = new_network()
    add_concepts(network, graph.neighbourhood(slug, depth), centre=slug)
    title_en, title_zh = both("ego_title")
    bar = toolbar(
        title_en % (centre.label_en, depth),
        title_zh % (centre.label_zh, depth),
        _legends(),
        colour_choices=True,
    )
    return standalone_html(network, centre.label_en, PAGE_CSS, bar, switch_script(), libraries)
