"""The `govlex link` operations over the current store: suggest, accept and evaluate.

Kept apart from the CLI so the API and the tests call the same functions.
"""

from datetime import date
from pathlib import Path

from pyoxigraph import QuerySolutions, RdfFormat, Store

from govlex.errors import InputError
from govlex.linking.evaluate import Score, score
from govlex.linking.holdout import Fold, Vocabulary, family, leave_one_out
from govlex.linking.mappings import MAPPING_PREDICATES, Mapping, curated_mappings, to_turtle, with_defaults
from govlex.linking.registry import Registry, VocabularyEntry
from govlex.linking.sssom_io import read_sssom, to_sssom
from govlex.linking.suggest import DEFAULT_CUTOFF, Embedder, candidates, suggest
from govlex.linking.vocabulary import Term, govlex_concepts, vocabulary_terms
from govlex.linking.wordstats import WordStatistics
from govlex.namespace import DATA_GRAPH, GLX, ID_BASE

# What each side reads a concept as, in English: matched against the vocabularies' definitions.
_READINGS = f"""
SELECT ?concept ?text WHERE {{
  GRAPH <{DATA_GRAPH}> {{
    ?reading <{GLX.interprets}> ?concept ; <{GLX.statement}> ?text .
    FILTER langMatches(lang(?text), "en")
  }}
}} ORDER BY ?concept ?text"""


def _store() -> Store:
    from govlex.build import current_store

    return current_store()


def concepts_with_readings(store: Store) -> list[Term]:
    """Our concepts; their definitions followed by the English statements of their interpretations.

    Few concepts have a neutral `skos:definition`: what the sides say they mean lives in the readings.
    """
    concepts = govlex_concepts(store)
    by_iri = {concept.iri: concept for concept in concepts}
    rows = store.query(_READINGS)
    assert isinstance(rows, QuerySolutions)
    for row in rows:
        concept = by_iri.get(str(row["concept"].value))
        if concept is not None:
            concept.definitions.append(str(row["text"].value))
    return concepts


def loaded_statistics(store: Store, registry: Registry, concepts: list[Term]) -> WordStatistics:
    """Word statistics over our concepts and every loaded vocabulary: what counts as generic is decided
    by all the vocabularies at hand, not by the one being matched alone."""
    terms = [t for entry in registry.entries() for t in vocabulary_terms(store, entry.graph, entry.namespace)]
    return WordStatistics.of([*concepts, *terms])


def suggestions(
    name: str,
    cutoff: float = DEFAULT_CUTOFF,
    embedder: Embedder | None = None,
    store: Store | None = None,
    registry: Registry | None = None,
) -> tuple[VocabularyEntry, list[Mapping]]:
    """Ranked candidate mappings from our concepts to the loaded vocabulary `name`."""
    registry = registry or Registry()
    entry = registry.get(name)
    store = store or _store()
    terms = vocabulary_terms(store, entry.graph, entry.namespace)
    concepts = concepts_with_readings(store)
    statistics = loaded_statistics(store, registry, concepts)
    found = suggest(concepts, terms, curated_mappings(store), cutoff, embedder, statistics=statistics)
    return entry, found


def evaluate_all(
    names: list[str] | None = None,
    cutoff: float = DEFAULT_CUTOFF,
    store: Store | None = None,
    registry: Registry | None = None,
) -> list[Score]:
    """One `Score` per loaded vocabulary (or per named one): suggestions against the curated mappings into it."""
    registry = registry or Registry()
    store = store or _store()
    entries = [registry.get(n) for n in names] if names else registry.entries()
    curated = curated_mappings(store)
    concepts = concepts_with_readings(store)
    statistics = loaded_statistics(store, registry, concepts)
    scores = []
    for entry in entries:
        terms = vocabulary_terms(store, entry.graph, entry.namespace)
        iris = {t.iri for t in terms}
        gold = [m for m in curated if m.object_id in iris]
        # Structural evidence may only use mappings into other vocabularies, or it would read the answers.
        others = [m for m in curated if m.object_id not in iris]
        scores.append(
            score(entry.name, suggest(concepts, terms, others, cutoff, statistics=statistics), gold)
        )
    return scores


def holdout_evaluation(
    store: Store | None = None, registry: Registry | None = None, baseline: bool = False
) -> tuple[list[Fold], dict[str, Score] | None]:
    """Leave-one-vocabulary-out over every loaded vocabulary (see `holdout`), with OAK's lexmatch on the
    same concepts and terms when `baseline` is set (one `Score` per vocabulary)."""
    registry = registry or Registry()
    store = store or _store()
    curated = curated_mappings(store)
    concepts = concepts_with_readings(store)
    statistics = loaded_statistics(store, registry, concepts)
    terms = {e.name: vocabulary_terms(store, e.graph, e.namespace) for e in registry.entries()}
    families = {e.name: family(e.namespace) for e in registry.entries()}
    vocabularies, lexmatch_scores = [], {}
    for name, own in terms.items():
        iris = {t.iri for t in own}
        kin = {t.iri for other, ts in terms.items() if families[other] == families[name] for t in ts}
        gold = [m for m in curated if m.object_id in iris]
        # Structural anchors never come from the held-out family's own answers.
        anchors = [m for m in curated if m.object_id not in kin]
        found = candidates(concepts, own, anchors, statistics=statistics)
        vocabularies.append(Vocabulary(name, families[name], found, gold))
        if baseline:
            from govlex.linking.lexmatch import lexmatch

            lexmatch_scores[name] = score(name, lexmatch(concepts, own), gold)
    return leave_one_out(vocabularies), lexmatch_scores if baseline else None


def accept_rows(file: Path, target: Path, curator: str | None, today: date) -> tuple[int, int]:
    """Merge the reviewed rows of an SSSOM file into the curated Turtle file `target`; returns (accepted, skipped)."""
    from govlex.linking.mappings import converter

    author = converter().expand_or_standardize(curator, passthrough=True) if curator else None
    rows = [with_defaults(m, author, today) for m in read_sssom(file)]
    for number, row in enumerate(rows, start=1):
        if not row.subject_id.startswith(ID_BASE + "concept/"):
            raise InputError(file, f"row {number}: subject {row.subject_id} is not a govlex concept")
        if row.predicate_id not in MAPPING_PREDICATES:
            raise InputError(
                file, f"row {number}: predicate {row.predicate_id} is not a SKOS mapping property"
            )
    reviewed = [m for m in rows if m.author_id]
    existing = _read_turtle(target) if target.is_file() else []
    merged = {m.key: m for m in existing}
    merged.update({m.key: m for m in reviewed})
    header = (
        f"Curated mappings from govlex concepts to external vocabularies ({target.stem}).\n"
        "Each mapping: the SKOS triple, and a glx:Mapping node with its SSSOM columns (see README,\n"
        "'Links to external vocabularies'). Written by `govlex link accept`; edit freely, keep both parts."
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(to_turtle(merged.values(), header), encoding="utf-8")
    return len(reviewed), len(rows) - len(reviewed)


def _read_turtle(path: Path) -> list[Mapping]:
    store = Store()
    try:
        store.load(path=str(path), format=RdfFormat.TURTLE)
    except SyntaxError as err:
        raise InputError(path, f"not valid Turtle: {err.msg}", line=getattr(err, "lineno", None)) from None
    return curated_mappings(store)


def curated_sssom(store: Store) -> str:
    """Every curated mapping in the store as one SSSOM TSV document (what `govlex export --sssom` writes)."""
    return to_sssom(curated_mappings(store), "curated")
