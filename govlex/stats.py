"""Label-language coverage and content coverage, computed in SPARQL over a store (counts by kind are
`govlex.catalog.counts`).

Coverage reads the evidence index (`govlex.evidence`), which names citations by blank-node id across
queries: it needs the embedded store, whose ids hold from one query to the next; the rest reads any
`QueryStore`."""

from collections import Counter
from dataclasses import dataclass, field

from pyoxigraph import Store

from govlex.evidence import EvidenceIndex, distribution, facts_of, select_rows
from govlex.namespace import SPARQL_PROLOGUE
from govlex.store import QueryStore


def label_languages(store: QueryStore) -> dict[str, int]:
    """How many concepts have a skos:prefLabel in each language."""
    rows = store.select(
        SPARQL_PROLOGUE
        + """SELECT ?lang (COUNT(DISTINCT ?c) AS ?n) WHERE {
             ?c a glx:Concept ; skos:prefLabel ?l . BIND (LANG(?l) AS ?lang)
           } GROUP BY ?lang ORDER BY ?lang"""
    )
    return {row["lang"].value: int(row["n"].value) for row in rows}


@dataclass(frozen=True)
class GlossaryCoverage:
    """Coverage of one glossary or term list (or, named "all concepts", of the whole data)."""

    glossary: str
    concepts: int
    both_sides: int
    chinese_labels: int
    chinese_statements: int
    verified: int
    reliability: Counter[str] = field(default_factory=Counter)
    """Reliability codes of the facts about its concepts: their interpretations' statements and the
    passages those cite (the overall row also counts every other citation and every source fact)."""

    def share(self, part: int) -> float:
        return part / self.concepts if self.concepts else 0.0


OVERALL = "all concepts"

_COVERAGE_TESTS = {
    "concepts": "",
    "both_sides": """FILTER EXISTS { ?us glx:interprets ?c ; glx:party/glx:country "US" }
                     FILTER EXISTS { ?cn glx:interprets ?c ; glx:party/glx:country "CN" }""",
    "chinese_labels": """FILTER EXISTS { ?c skos:prefLabel ?zl . FILTER (LANGMATCHES(LANG(?zl), "zh-Hans")) }""",
    "chinese_statements": """FILTER EXISTS { ?iz glx:interprets ?c ; glx:statement ?zs .
                                            FILTER (LANGMATCHES(LANG(?zs), "zh-Hans")) }""",
    "verified": """FILTER NOT EXISTS { ?iu glx:interprets ?c ; glx:verification "unverified" }""",
}

# Glossaries and term lists, or (the overall row) every concept.
_SCHEMES = """{ ?g a ?schemeKind ; skos:prefLabel ?glossary . VALUES ?schemeKind { glx:Glossary glx:TermList }
                FILTER (LANGMATCHES(LANG(?glossary), "en"))
                OPTIONAL { ?c a glx:Concept ; skos:inScheme ?g . %s } }
              UNION { BIND ("%s" AS ?glossary) OPTIONAL { ?c a glx:Concept . %s } }"""


def coverage(store: Store) -> list[GlossaryCoverage]:
    """Per glossary and term list, then overall: concepts, how many have both sides' readings, a
    Chinese label, a Chinese statement and no interpretation marked unverified, and the reliability
    codes of the facts about them (see `govlex.evidence`)."""
    columns: dict[str, dict[str, int]] = {}
    for column, test in _COVERAGE_TESTS.items():
        rows = select_rows(
            store,
            f"""SELECT ?glossary (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {_SCHEMES % (test, OVERALL, test)} }}
                GROUP BY ?glossary ORDER BY ?glossary""",
        )
        columns[column] = {row["glossary"]: int(row["n"]) for row in rows}
    index = EvidenceIndex(store)
    every = facts_of(store, index)
    by_interpretation = {fact.node: fact for fact in every["interpretation"]}
    citation_facts = {fact.node: fact for fact in every["citation"]}
    members: dict[str, set[str]] = {}
    for row in select_rows(
        store,
        f"""SELECT ?glossary ?i WHERE {{
              {{ ?g a ?schemeKind ; skos:prefLabel ?glossary . VALUES ?schemeKind {{ glx:Glossary glx:TermList }}
                 FILTER (LANGMATCHES(LANG(?glossary), "en")) ?c skos:inScheme ?g }}
              UNION {{ BIND ("{OVERALL}" AS ?glossary) ?c a glx:Concept }}
              ?i glx:interprets ?c }}""",
    ):
        members.setdefault(row["glossary"], set()).add(row["i"])
    reliability: dict[str, Counter[str]] = {}
    for glossary in columns["concepts"]:
        readings = members.get(glossary, set())
        facts = [by_interpretation[i] for i in readings] + [
            citation_facts[c] for i in readings for c, _ in index.citations(i) if c in citation_facts
        ]
        if glossary == OVERALL:
            facts = [f for kind in every.values() for f in kind]
        reliability[glossary] = distribution(facts)

    def coverage_of(name: str) -> GlossaryCoverage:
        count = {column: columns[column][name] for column in _COVERAGE_TESTS}
        return GlossaryCoverage(
            name,
            count["concepts"],
            count["both_sides"],
            count["chinese_labels"],
            count["chinese_statements"],
            count["verified"],
            reliability[name],
        )

    return [coverage_of(name) for name in columns["concepts"] if name != OVERALL] + [coverage_of(OVERALL)]


def interpretations_verified(store: Store) -> tuple[int, int]:
    """How many interpretations rest on official or reputable-secondary evidence, of how many."""
    facts = facts_of(store)["interpretation"]
    return sum(fact.verified for fact in facts), len(facts)


def unverified_count(store: QueryStore) -> int:
    """How many nodes carry glx:verification "unverified"."""
    rows = store.select(
        SPARQL_PROLOGUE + 'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s glx:verification "unverified" }'
    )
    return int(rows[0]["n"].value)
