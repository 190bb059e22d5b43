"""Curated mappings: the `Mapping` record, reading them from a store, writing them as Turtle for `data/mappings/`.

Each curated mapping is stated twice in `data/mappings/*.ttl`: as the direct SKOS triple
(`concept:x skos:closeMatch airo:Y`, what queries, pages and the API read) and as a `glx:Mapping`
node carrying what SSSOM records about it (justification, curator, date, confidence, comment,
verification). The node's properties are one-to-one with SSSOM columns, which is what makes
SSSOM → Turtle → SSSOM lossless; a violation query keeps the two statements in step.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from curies import Converter
from pyoxigraph import QuerySolutions, Store
from rdflib import Literal

from govlex.namespace import ID_BASE, PREFIXES, SKOS, id_iri, sparql_prologue

SEMAPV = "https://w3id.org/semapv/vocab/"
WIKIDATA = "http://www.wikidata.org/entity/"
MAPPING_PREDICATES = tuple(
    SKOS + name for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)
MANUAL = SEMAPV + "ManualMappingCuration"
UNVERIFIED = "glx:verification=unverified"

# Prefixes of the vocabularies govlex links to (their own preferred prefixes) and of SSSOM's terms.
EXTERNAL_PREFIXES: dict[str, str] = {
    "airo": "https://w3id.org/airo#",
    "vair": "https://w3id.org/vair#",
    "dpv": "https://w3id.org/dpv#",
    "ai": "https://w3id.org/dpv/ai#",
    "risk": "https://w3id.org/dpv/risk#",
    "tech": "https://w3id.org/dpv/tech#",
    "eu-aiact": "https://w3id.org/dpv/legal/eu/aiact#",
    "wikidata": WIKIDATA,
    "semapv": SEMAPV,
    "mapping": ID_BASE + "mapping/",
}


def converter(extra: dict[str, str] | None = None) -> Converter:
    """CURIE ↔ IRI for govlex, the linked vocabularies and SSSOM; `extra` adds loaded vocabularies' prefixes."""
    prefix_map = {**PREFIXES, **EXTERNAL_PREFIXES}
    for prefix, namespace in (extra or {}).items():
        if prefix not in prefix_map and namespace not in prefix_map.values():
            prefix_map[prefix] = namespace
    return Converter.from_prefix_map(prefix_map)


@dataclass(frozen=True)
class Mapping:
    """One mapping, with SSSOM's slot names; IRIs are full IRIs, never CURIEs."""

    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    subject_label: str | None = None
    object_label: str | None = None
    confidence: float | None = None
    author_id: str | None = None
    mapping_date: str | None = None
    mapping_tool: str | None = None
    comment: str | None = None
    other: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject_id, self.predicate_id, self.object_id)

    @property
    def unverified(self) -> bool:
        return self.other == UNVERIFIED


def ranked(mappings: Iterable[Mapping]) -> list[Mapping]:
    """Highest confidence first, then by subject, object and predicate, so output is stable."""
    return sorted(mappings, key=lambda m: (-(m.confidence or 0.0), m.subject_id, m.object_id, m.predicate_id))


def mapping_iri(mapping: Mapping, curies: Converter) -> str:
    """The IRI of a mapping's `glx:Mapping` node: subject slug, predicate, object CURIE.

    >>> m = Mapping("https://w3id.org/govlex/id/concept/robot", SKOS + "exactMatch", "https://w3id.org/vair#Robot", MANUAL)
    >>> mapping_iri(m, converter())
    'https://w3id.org/govlex/id/mapping/robot--exactMatch--vair-Robot'
    """
    slug = mapping.subject_id.rstrip("/").rsplit("/", 1)[-1]
    predicate = mapping.predicate_id.rsplit("#", 1)[-1]
    target = curies.compress(mapping.object_id) or mapping.object_id
    return str(id_iri("mapping", f"{slug}--{predicate}--{re.sub(r'[^A-Za-z0-9-]+', '-', target)}"))


_READ = (
    sparql_prologue("glx", "skos", "rdfs", "dct")
    + """SELECT ?s ?p ?o ?just ?slabel ?olabel ?given ?conf ?creator ?date ?tool ?comment ?verification WHERE {
  ?m a glx:Mapping ; glx:mappingSubject ?s ; glx:mappingPredicate ?p ; glx:mappingObject ?o ;
     glx:mappingJustification ?just .
  OPTIONAL { ?s skos:prefLabel ?slabel FILTER langMatches(lang(?slabel), "en") }
  OPTIONAL { ?m glx:mappingObjectLabel ?given }
  OPTIONAL { ?o skos:prefLabel|rdfs:label ?olabel FILTER (lang(?olabel) = "" || langMatches(lang(?olabel), "en")) }
  OPTIONAL { ?m glx:confidence ?conf }
  OPTIONAL { ?m dct:creator ?creator }
  OPTIONAL { ?m dct:date ?date }
  OPTIONAL { ?m glx:mappingTool ?tool }
  OPTIONAL { ?m rdfs:comment ?comment }
  OPTIONAL { ?m glx:verification ?verification }
}"""
)


def curated_mappings(store: Store) -> list[Mapping]:
    """Every `glx:Mapping` in the store (any graph), with our concept's English label and the target's label."""
    rows = store.query(_READ, use_default_graph_as_union=True)
    assert isinstance(rows, QuerySolutions)
    found: dict[tuple[str, str, str], Mapping] = {}
    for row in rows:
        value = {name: (row[name].value if row[name] is not None else None) for name in _names(rows)}
        mapping = Mapping(
            subject_id=str(value["s"]),
            predicate_id=str(value["p"]),
            object_id=str(value["o"]),
            mapping_justification=str(value["just"]),
            subject_label=value["slabel"],
            object_label=value["given"] or value["olabel"],
            confidence=float(value["conf"]) if value["conf"] is not None else None,
            author_id=value["creator"],
            mapping_date=value["date"],
            mapping_tool=value["tool"],
            comment=value["comment"],
            other=UNVERIFIED if value["verification"] == "unverified" else None,
        )
        found.setdefault(mapping.key, mapping)
    return ranked(found.values())


def _names(rows: QuerySolutions) -> list[str]:
    return [variable.value for variable in rows.variables]


def with_defaults(mapping: Mapping, curator: str | None, today: date) -> Mapping:
    """Fill what a curated mapping must have and a reviewed row may lack: curator and date."""
    return replace(
        mapping,
        author_id=mapping.author_id or curator,
        mapping_date=mapping.mapping_date or today.isoformat(),
    )


def _term(iri: str, curies: Converter) -> str:
    curie = curies.compress(iri)
    if curie and re.fullmatch(r"[A-Za-z][\w-]*:[A-Za-z0-9_][\w-]*", curie):
        return curie
    return f"<{iri}>"


def _text(value: str) -> str:
    return Literal(value).n3()


def to_turtle(mappings: Iterable[Mapping], header: str) -> str:
    """Curated mappings as Turtle, in the form `data/mappings/` holds them (see the module docstring)."""
    curies = converter()
    used = ["glx", "skos", "dct", "rdfs", "xsd", "concept", "mapping", "semapv", "agent"]
    chosen = ranked(mappings)
    prefixes = {**PREFIXES, **EXTERNAL_PREFIXES}
    for mapping in chosen:
        for iri in (mapping.object_id, mapping.subject_id):
            curie = curies.compress(iri)
            if curie and curie.split(":", 1)[0] not in used:
                used.append(curie.split(":", 1)[0])
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += [f"@prefix {prefix}: <{prefixes[prefix]}> ." for prefix in used if prefix in prefixes]
    labelled: set[str] = set()
    for mapping in sorted(chosen, key=lambda m: (m.subject_id, m.object_id, m.predicate_id)):
        node = _term(mapping_iri(mapping, curies), curies)
        subject, predicate, target = (_term(i, curies) for i in mapping.key)
        facts = [
            f"glx:mappingSubject {subject}",
            f"glx:mappingPredicate {predicate}",
            f"glx:mappingObject {target}",
        ]
        if mapping.object_label:
            facts.append(f"glx:mappingObjectLabel {_text(mapping.object_label)}")
        facts.append(f"glx:mappingJustification {_term(mapping.mapping_justification, curies)}")
        if mapping.confidence is not None:
            facts.append(f'glx:confidence "{mapping.confidence:g}"^^xsd:decimal')
        if mapping.author_id:
            facts.append(f"dct:creator {_term(mapping.author_id, curies)}")
        if mapping.mapping_date:
            facts.append(f'dct:date "{mapping.mapping_date}"^^xsd:date')
        if mapping.mapping_tool:
            facts.append(f"glx:mappingTool {_text(mapping.mapping_tool)}")
        if mapping.comment:
            facts.append(f"rdfs:comment {_text(mapping.comment)}")
        if mapping.unverified:
            facts.append('glx:verification "unverified"')
        lines.append("")
        if mapping.object_id.startswith(WIKIDATA) and mapping.object_label and target not in labelled:
            # Wikidata is never loaded, so its items' labels live here for pages, the API and queries.
            labelled.add(target)
            lines.append(f"{target} rdfs:label {Literal(mapping.object_label, lang='en').n3()} .")
        lines.append(f"{subject} {predicate} {target} .")
        lines.append(f"{node} a glx:Mapping ;\n    " + " ;\n    ".join(facts) + " .")
    return "\n".join(lines) + "\n"
