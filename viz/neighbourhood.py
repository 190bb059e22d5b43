"""A filtered neighbourhood of one concept: what the graph page shows once the whole network is too big to draw.

Ten thousand nodes in one force layout is a hairball that takes a browser minutes to settle and says
nothing; past `GRAPH_SCREENFUL` concepts the graph page shows one concept and its neighbours up to a
few relation steps, only the relation kinds and sides asked for, and at most `MAX_NODES` concepts
(the nearest first).
"""

from collections.abc import Collection

from govlex.graph import RELATIONS, ConceptGraph

GRAPH_SCREENFUL = 300
"""Up to this many concepts the graph page draws the whole network."""
MAX_NODES = 250
"""The most concepts one neighbourhood draws."""
SIDES = ("US", "CN", "both", "joint", "none")


def filtered_neighbourhood(
    graph: ConceptGraph,
    slug: str,
    depth: int,
    kinds: Collection[str] = (),
    sides: Collection[str] = (),
    limit: int = MAX_NODES,
) -> ConceptGraph:
    """`slug` and the concepts within `depth` steps over relations of `kinds` (all if empty), keeping only
    concepts interpreted by `sides` (all if empty; the centre always stays), at most `limit`, nearest first."""
    unknown = set(kinds) - set(RELATIONS)
    if unknown:
        raise ValueError(f"unknown relation kind {sorted(unknown)[0]!r}; use one of {', '.join(RELATIONS)}")
    nodes = {s: node for s, node in graph.nodes.items() if s == slug or not sides or node.sides in sides}
    relations = [
        r
        for r in graph.relations
        if (not kinds or r.kind in kinds) and r.source in nodes and r.target in nodes
    ]
    near = ConceptGraph(nodes, relations).neighbourhood(slug, depth)
    if len(near.nodes) <= limit:
        return near
    kept = dict(list(near.nodes.items())[:limit])  # neighbourhood() lists nodes in breadth-first order
    return ConceptGraph(kept, [r for r in near.relations if r.source in kept and r.target in kept])


def hub(graph: ConceptGraph) -> str:
    """The concept with the most relations (ties: the first by slug), where a neighbourhood view starts."""
    degree = dict.fromkeys(graph.nodes, 0)
    for relation in graph.relations:
        degree[relation.source] += 1
        degree[relation.target] += 1
    return max(sorted(degree), key=lambda s: degree[s])
