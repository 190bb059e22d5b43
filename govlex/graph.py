"""The concept network as plain data, read from a store: concepts with labels, glossaries and sides, and relations.

Part of the read layer: the views (`govlex.viz.network`, the web pages, the static site) draw from
this and issue no query of their own; nothing here knows about HTML. A concept's sides and statements
come from its readings as `catalog.list_interpretations` gives them.
Relations are normalised to one direction (`broader`, `partOf`, `precedes`) because the reasoner
adds their inverses, and symmetric ones (`related`, `overlapsWith`, `contrastsWith`) are kept once.
"""

from collections import defaultdict, deque
from dataclasses import dataclass, field

from govlex.catalog import PREFIXES, Side, concept_summaries, list_interpretations, slug_of
from govlex.store import QueryStore

# Relation name → (SPARQL pattern linking ?a to ?b, symmetric?). The pattern also matches the
# inverse property so that data asserting only `narrower` or `hasPart` still draws an edge.
RELATIONS: dict[str, tuple[str, bool]] = {
    "broader": ("{ ?a skos:broader ?b } UNION { ?b skos:narrower ?a }", False),
    "partOf": ("{ ?a glx:partOf ?b } UNION { ?b glx:hasPart ?a }", False),
    "precedes": ("?a glx:precedes ?b", False),
    "related": ("{ ?a skos:related ?b } UNION { ?b skos:related ?a }", True),
    "overlapsWith": ("{ ?a glx:overlapsWith ?b } UNION { ?b glx:overlapsWith ?a }", True),
    "contrastsWith": ("{ ?a glx:contrastsWith ?b } UNION { ?b glx:contrastsWith ?a }", True),
}


@dataclass
class ConceptNode:
    """One concept as the network shows it."""

    iri: str
    slug: str
    label_en: str
    label_zh: str
    glossaries: list[str] = field(default_factory=list)
    sides: frozenset[Side] = frozenset()  # the sides of its readings
    statements: dict[str, list[str]] = field(default_factory=dict)  # country → statements (en)

    def label(self, lang: str) -> str:
        """The label in `lang` ('en' or 'zh'), falling back to the other language."""
        if lang == "zh":
            return self.label_zh or self.label_en
        return self.label_en or self.label_zh

    @property
    def readers(self) -> str:
        """Who reads it, as the network colours it: 'joint', 'both', 'US', 'CN' or 'none'."""
        if Side.joint in self.sides:
            return "joint"
        if {Side.us, Side.cn} <= self.sides:
            return "both"
        return next((side.value for side in self.sides if side is not Side.none), "none")


@dataclass(frozen=True)
class Relation:
    """A typed edge between two concepts, by slug."""

    source: str
    target: str
    kind: str


@dataclass
class ConceptGraph:
    """All concepts and the relations between them."""

    nodes: dict[str, ConceptNode]
    relations: list[Relation]

    def neighbourhood(self, slug: str, depth: int) -> "ConceptGraph":
        """The sub-graph of concepts within `depth` relation steps of `slug` (either direction)."""
        adjacent: dict[str, set[str]] = {s: set() for s in self.nodes}
        for rel in self.relations:
            adjacent[rel.source].add(rel.target)
            adjacent[rel.target].add(rel.source)
        seen = {slug: 0}
        queue = deque([slug])
        while queue:
            current = queue.popleft()
            if seen[current] == depth:
                continue
            for nxt in adjacent[current]:
                if nxt not in seen:
                    seen[nxt] = seen[current] + 1
                    queue.append(nxt)
        nodes = {s: self.nodes[s] for s in seen}
        relations = [r for r in self.relations if r.source in nodes and r.target in nodes]
        return ConceptGraph(nodes, relations)


def concept_graph(store: QueryStore) -> ConceptGraph:
    """Read every glx:Concept with its labels, glossaries and interpreting sides, and their relations."""
    nodes = {
        s.slug: ConceptNode(s.iri, s.slug, s.label_en, s.label_zh, glossaries=list(s.glossaries))
        for s in concept_summaries(store)
    }
    statements: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for reading in list_interpretations(store):
        node = nodes.get(slug_of(reading.concept))
        countries = sorted({party.country for party in reading.parties if party.country})
        if node is None or not countries:  # a reading by no party of a country is no side's
            continue
        node.sides |= {Side.of(countries, reading.joint)}
        for country in countries:
            if reading.statement_en:
                statements[node.slug][country].append((reading.iri, reading.statement_en))
    for slug, by_country in statements.items():
        nodes[slug].statements = {
            country: [text for _, text in sorted(found)] for country, found in sorted(by_country.items())
        }
    relations: set[Relation] = set()
    for kind, (pattern, symmetric) in RELATIONS.items():
        for row in store.select(
            PREFIXES + f"SELECT DISTINCT ?a ?b WHERE {{ {pattern} . ?a a glx:Concept . ?b a glx:Concept }}"
        ):
            a, b = slug_of(row["a"].value), slug_of(row["b"].value)
            if a == b or a not in nodes or b not in nodes:
                continue
            if symmetric:
                a, b = sorted((a, b))
            relations.add(Relation(a, b, kind))
    return ConceptGraph(
        dict(sorted(nodes.items())), sorted(relations, key=lambda r: (r.kind, r.source, r.target))
    )
