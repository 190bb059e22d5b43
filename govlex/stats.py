"""Counts by kind, label-language coverage and content coverage, computed in SPARQL over a store."""

from dataclasses import dataclass

from pyoxigraph import QuerySolutions, Store

from govlex.namespace import PREFIXES

_PROLOGUE = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())


def _rows(store: Store, query: str) -> list[dict[str, str]]:
    results = store.query(_PROLOGUE + query, use_default_graph_as_union=True)
    assert isinstance(results, QuerySolutions)
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in results]


def counts_by_kind(store: Store) -> dict[str, int]:
    """How many individuals of each glx: class the data holds (ontology graph excluded)."""
    rows = _rows(
        store,
        """SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {
             GRAPH <https://w3id.org/govlex/graph/data> { ?s a ?class }
             FILTER STRSTARTS(STR(?class), STR(glx:))
             BIND (STRAFTER(STR(?class), "#") AS ?kind)
           } GROUP BY ?kind ORDER BY ?kind""",
    )
    return {row["kind"]: int(row["n"]) for row in rows}


def label_languages(store: Store) -> dict[str, int]:
    """How many concepts have a skos:prefLabel in each language."""
    rows = _rows(
        store,
        """SELECT ?lang (COUNT(DISTINCT ?c) AS ?n) WHERE {
             ?c a glx:Concept ; skos:prefLabel ?l . BIND (LANG(?l) AS ?lang)
           } GROUP BY ?lang ORDER BY ?lang""",
    )
    return {row["lang"]: int(row["n"]) for row in rows}


@dataclass(frozen=True)
class GlossaryCoverage:
    glossary: str
    concepts: int
    both_sides: int
    chinese_labels: int
    chinese_statements: int
    verified: int

    def share(self, part: int) -> float:
        return part / self.concepts if self.concepts else 0.0


def coverage(store: Store) -> list[GlossaryCoverage]:
    """Per glossary: concepts, and how many have both sides' readings, Chinese labels and statements,
    and no unverified interpretation."""
    rows = _rows(
        store,
        """SELECT ?glossary (COUNT(DISTINCT ?c) AS ?concepts) (COUNT(DISTINCT ?both) AS ?bothSides)
                  (COUNT(DISTINCT ?zhLabel) AS ?zhLabels) (COUNT(DISTINCT ?zhStatement) AS ?zhStatements)
                  (COUNT(DISTINCT ?checked) AS ?verified) WHERE {
             ?c a glx:Concept ; skos:inScheme ?g .
             ?g skos:prefLabel ?glossary . FILTER (LANG(?glossary) = "en")
             OPTIONAL { ?i1 glx:interprets ?c ; glx:party/glx:country "US" .
                        ?i2 glx:interprets ?c ; glx:party/glx:country "CN" . BIND (?c AS ?both) }
             OPTIONAL { ?c skos:prefLabel ?zl . FILTER (LANGMATCHES(LANG(?zl), "zh-Hans")) BIND (?c AS ?zhLabel) }
             OPTIONAL { ?iz glx:interprets ?c ; glx:statement ?zs . FILTER (LANGMATCHES(LANG(?zs), "zh-Hans"))
                        BIND (?c AS ?zhStatement) }
             OPTIONAL { FILTER NOT EXISTS { ?iu glx:interprets ?c ; glx:verification "unverified" }
                        BIND (?c AS ?checked) }
           } GROUP BY ?glossary ORDER BY ?glossary""",
    )
    return [
        GlossaryCoverage(
            row["glossary"],
            int(row["concepts"]),
            int(row["bothSides"]),
            int(row["zhLabels"]),
            int(row["zhStatements"]),
            int(row["verified"]),
        )
        for row in rows
    ]


def unverified_count(store: Store) -> int:
    """How many nodes carry glx:verification "unverified"."""
    rows = _rows(store, 'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s glx:verification "unverified" }')
    return int(rows[0]["n"])
