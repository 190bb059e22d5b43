"""Counts by kind, label-language coverage and content coverage, computed in SPARQL over a store."""

from dataclasses import dataclass

from pyoxigraph import QuerySolutions, Store

from govlex.namespace import SPARQL_PROLOGUE as _PROLOGUE


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


_COVERAGE_TESTS = {
    "concepts": "",
    "both_sides": """FILTER EXISTS { ?us glx:interprets ?c ; glx:party/glx:country "US" }
                     FILTER EXISTS { ?cn glx:interprets ?c ; glx:party/glx:country "CN" }""",
    "chinese_labels": """FILTER EXISTS { ?c skos:prefLabel ?zl . FILTER (LANGMATCHES(LANG(?zl), "zh-Hans")) }""",
    "chinese_statements": """FILTER EXISTS { ?iz glx:interprets ?c ; glx:statement ?zs .
                                            FILTER (LANGMATCHES(LANG(?zs), "zh-Hans")) }""",
    "verified": """FILTER NOT EXISTS { ?iu glx:interprets ?c ; glx:verification "unverified" }""",
}


def coverage(store: Store) -> list[GlossaryCoverage]:
    """Per glossary: its concepts, and how many have both sides' readings, a Chinese label, a Chinese
    statement, and no interpretation marked unverified."""
    columns: dict[str, dict[str, int]] = {}
    for column, test in _COVERAGE_TESTS.items():
        rows = _rows(
            store,
            f"""SELECT ?glossary (COUNT(DISTINCT ?c) AS ?n) WHERE {{
                  ?g a glx:Glossary ; skos:prefLabel ?glossary . FILTER (LANGMATCHES(LANG(?glossary), "en"))
                  OPTIONAL {{ ?c a glx:Concept ; skos:inScheme ?g . {test} }}
                }} GROUP BY ?glossary ORDER BY ?glossary""",
        )
        columns[column] = {row["glossary"]: int(row["n"]) for row in rows}
    return [
        GlossaryCoverage(glossary, *(columns[column][glossary] for column in _COVERAGE_TESTS))
        for glossary in columns["concepts"]
    ]


def unverified_count(store: Store) -> int:
    """How many nodes carry glx:verification "unverified"."""
    rows = _rows(store, 'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s glx:verification "unverified" }')
    return int(rows[0]["n"])
