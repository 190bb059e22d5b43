"""Issue 16, part 2: each kind of matching evidence, on small vocabularies written here for it."""

import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import FIXTURES, run_cli

from govlex.linking.lexical import GENERIC_CAP
from govlex.linking.mappings import Mapping
from govlex.linking.normalise import acronyms, normal_form
from govlex.linking.sssom_io import read_sssom
from govlex.linking.suggest import Weights, candidates, select, suggest
from govlex.linking.vocabulary import NARROW_SYNONYM, RDFS, RELATED_SYNONYM, SKOS, Term
from govlex.linking.wordstats import WordStatistics

PREF, ALT = SKOS + "prefLabel", SKOS + "altLabel"
OURS = "https://w3id.org/govlex/id/concept/"
EX = "https://example.org/v#"


def concept(
    slug: str, *labels: str, parents: tuple[str, ...] = (), definitions: tuple[str, ...] = ()
) -> Term:
    return Term(
        OURS + slug,
        [(labels[0], PREF), *((label, ALT) for label in labels[1:])],
        {OURS + p for p in parents},
        definitions=list(definitions),
    )


def term(
    local: str, *labels: tuple[str, str], parents: tuple[str, ...] = (), definitions: tuple[str, ...] = ()
) -> Term:
    return Term(EX + local, list(labels), {EX + p for p in parents}, definitions=list(definitions))


@dataclass(frozen=True)
class Found:
    """What a test checks of a suggested mapping."""

    predicate_id: str
    confidence: float
    comment: str


def by_pair(found: list[Mapping]) -> dict[tuple[str, str], Found]:
    return {
        (m.subject_id.removeprefix(OURS), m.object_id.removeprefix(EX)): Found(
            m.predicate_id, m.confidence or 0.0, m.comment or ""
        )
        for m in found
    }


FILLER = [term(f"Filler{n}", (f"filler thing {n}", RDFS + "label")) for n in range(30)]


# ---------------------------------------------------------------- synonym scope


def test_a_narrow_synonym_of_theirs_makes_our_concept_narrower() -> None:
    ours = [concept("drone-swarm", "drone swarm")]
    theirs = [
        term("MultiAgentSystem", ("multi-agent system", RDFS + "label"), ("drone swarm", NARROW_SYNONYM))
    ]
    found = by_pair(suggest(ours, theirs, cutoff=0.5))
    mapping = found[("drone-swarm", "MultiAgentSystem")]
    assert mapping.predicate_id == SKOS + "broadMatch"
    assert "label scope gives broadMatch" in mapping.comment


def test_a_related_synonym_gives_a_related_match_never_above_an_exact_name() -> None:
    ours = [concept("lethality", "lethality")]
    theirs = [
        term("PhysicalHarm", ("physical harm", RDFS + "label"), ("lethality", RELATED_SYNONYM)),
        term("Lethality", ("lethality", RDFS + "label")),
    ]
    found = by_pair(suggest(ours, theirs, cutoff=0.5))
    related, named = found[("lethality", "PhysicalHarm")], found[("lethality", "Lethality")]
    assert related.predicate_id == SKOS + "relatedMatch"
    assert named.predicate_id == SKOS + "exactMatch"
    assert related.confidence < named.confidence


# ---------------------------------------------------------------- definitions


def test_definitions_tell_apart_two_terms_with_the_same_name() -> None:
    ours = [
        concept(
            "device",
            "device",
            definitions=("An explosive device such as a mine, set to harm whoever triggers it.",),
        )
    ]
    theirs = [
        term("Device", ("Device", PREF), definitions=("A computing device such as a phone or a laptop.",)),
        term(
            "ExplosiveDevice",
            ("Device", PREF),
            definitions=("An explosive mine or trap that harms whoever triggers it.",),
        ),
        *FILLER,
    ]
    found = by_pair(suggest(ours, theirs, weights=Weights(cutoff=0.5, definition=0.1)))
    explosive, computing = found[("device", "ExplosiveDevice")], found[("device", "Device")]
    assert explosive.confidence > computing.confidence
    assert "definitions: TF-IDF cosine" in explosive.comment
    without = by_pair(suggest(ours, theirs, weights=Weights(cutoff=0.5, definition=0.0)))
    assert without[("device", "ExplosiveDevice")].confidence == without[("device", "Device")].confidence


def test_definitions_alone_propose_a_pair_only_when_the_weights_allow_it() -> None:
    text = "Keeping a human able to override, halt or correct an automated system while it operates."
    ours = [concept("human-oversight", "meaningful human control", definitions=(text,))]
    theirs = [term("OversightMeasure", ("oversight measure", PREF), definitions=(text,)), *FILLER]
    assert suggest(ours, theirs, weights=Weights(cutoff=0.5, definition_only=0.0)) == []
    found = by_pair(suggest(ours, theirs, weights=Weights(cutoff=0.5, definition_only=1.0)))
    assert found[("human-oversight", "OversightMeasure")].comment.startswith(
        "definitions: TF-IDF cosine 1.00"
    )


# ---------------------------------------------------------------- structure


def test_structure_rewards_agreeing_and_penalises_disagreeing_hierarchies() -> None:
    ours = [
        concept("weapon", "armament"),
        concept("robot", "robot"),
        concept("lethal-weapon", "lethal weapon", parents=("weapon",)),
    ]
    theirs = [
        term("Weapon", ("armament", PREF)),
        term("Robot", ("robot", PREF)),
        term("LethalWeaponUnderWeapon", ("lethal weapons", ALT), parents=("Weapon",)),
        term("LethalWeaponUnderRobot", ("lethal weapons", ALT), parents=("Robot",)),
        *FILLER,
    ]
    weights = Weights(cutoff=0.5, structure=0.1)
    found = by_pair(select(candidates(ours, theirs), weights))
    agreeing = found[("lethal-weapon", "LethalWeaponUnderWeapon")]
    disagreeing = found[("lethal-weapon", "LethalWeaponUnderRobot")]
    assert agreeing.confidence == pytest.approx(0.95)
    assert disagreeing.confidence == pytest.approx(0.75)
    assert "our broader concept weapon is mapped to" in agreeing.comment
    assert "is mapped to robot, not above our concept" in disagreeing.comment


# ---------------------------------------------------------------- normalisation


def test_acronyms_are_read_off_the_labels_not_a_list() -> None:
    labels = [["human oversight measure", "HOM"], ["Responsible Research and Innovation (RRI)"]]
    assert acronyms(labels)["hom"] == {"human oversight measure"}
    assert acronyms(labels)["rri"] == {"responsible research and innovation"}
    ours = [concept("hom-tool", "HOM tool"), concept("oversight", "human oversight measure", "HOM")]
    theirs = [term("Tool", ("Human Oversight Measure Tool", PREF))]
    found = by_pair(suggest(ours, theirs))
    assert ("hom-tool", "Tool") in found


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("organisations", "Organization"),
        ("defence systems", "Defense System"),
        ("behaviour modelling", "Behavior Modeling"),
        ("analysed data", "Analyzed Data"),
    ],
)
def test_plural_and_british_spellings_meet(ours: str, theirs: str) -> None:
    assert normal_form(ours) == normal_form(theirs)
    found = suggest([concept("x", ours)], [term("X", (theirs, PREF))])
    assert [m.predicate_id for m in found] == [SKOS + "exactMatch"]


# ---------------------------------------------------------------- Chinese labels


def test_chinese_labels_match_across_traditional_and_simplified_script() -> None:
    ours = [Term(OURS + "aws", [("autonomous weapons systems", PREF)], labels_zh=[("自主武器系统", PREF)])]
    theirs = [Term(EX + "LAWS", [("Killer machine", PREF)], labels_zh=[("自主武器系統", PREF)])]
    found = by_pair(suggest(ours, theirs))
    mapping = found[("aws", "LAWS")]
    assert mapping.confidence == pytest.approx(0.9)
    assert "Chinese label '自主武器系统' = '自主武器系統'" in mapping.comment


# ---------------------------------------------------------------- generic words


def _bias_vocabulary() -> list[Term]:
    kinds = ["automation", "confirmation", "selection", "sampling", "historical", "cognitive", "measurement"]
    return [term("Bias", ("Bias", PREF)), *(term(f"{k}Bias", (f"{k} bias", PREF)) for k in kinds), *FILLER]


def test_a_shared_generic_word_alone_is_never_a_confident_match() -> None:
    vocabulary = _bias_vocabulary()
    statistics = WordStatistics.of(vocabulary)
    assert statistics.generic("bias") and not statistics.generic("filler thing")
    ours = [concept("decision-bias", "decision bias"), concept("bias", "bias")]
    found = candidates(ours, vocabulary)
    for candidate in found:
        if candidate.term.iri == EX + "Bias":
            assert candidate.score(Weights()) <= GENERIC_CAP < 0.5, candidate.label
            assert candidate.label and "only the generic word 'bias' is shared" in candidate.label.comment
    assert all(m.object_id != EX + "Bias" for m in select(found, Weights(cutoff=0.5)))


def test_the_same_word_counts_when_the_vocabulary_does_not_make_it_generic() -> None:
    vocabulary = [term("Bias", ("Bias", PREF)), *FILLER]
    assert not WordStatistics.of(vocabulary).generic("bias")
    found = by_pair(suggest([concept("bias", "bias")], vocabulary))
    assert found[("bias", "Bias")].confidence == pytest.approx(0.95)


# ---------------------------------------------------------------- the lexmatch baseline


def test_lexmatch_baseline_runs_on_local_files_without_the_network(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from govlex.linking.lexmatch import lexmatch

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"lexmatch tried to open a connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PYSTOW_HOME", raising=False)
    ours = [concept("robot", "robots"), concept("drone", "drone", "UAV")]
    theirs = [
        term("Robot", ("Robots", RDFS + "label")),
        term("Uav", ("uav", RDFS + "label")),
        term("Tank", ("tank", RDFS + "label")),
    ]
    found = {(m.subject_id.removeprefix(OURS), m.object_id.removeprefix(EX)) for m in lexmatch(ours, theirs)}
    # OAK normalises case and whitespace only: "robots" = "Robots", "UAV" = "uav"; nothing else.
    assert found == {("robot", "Robot"), ("drone", "Uav")}
    assert list(tmp_path.iterdir()) == [], "nothing is left in the user's home (pystow's cache folder)"


# ---------------------------------------------------------------- an OBO-style ontology, end to end


def test_link_add_then_suggest_on_an_obo_style_ontology_follows_its_synonyms(
    built: Path, tmp_path: Path
) -> None:
    """Issue 16's "done when": its rdfs:labels match none of our concepts, its scoped synonyms do."""
    env = {"GOVLEX_BUILD_DIR": str(built), "GOVLEX_EXTERNAL_DIR": str(tmp_path / "external")}
    added = run_cli("link", "add", "aixt", str(FIXTURES / "linking" / "ai-obo-style.owl"), env=env)
    assert added.returncode == 0, added.stderr
    suggested = run_cli("link", "suggest", "aixt", "--cutoff", "0.5", env=env)
    assert suggested.returncode == 0, suggested.stderr
    out = tmp_path / "aixt.sssom.tsv"
    out.write_text(suggested.stdout, encoding="utf-8")
    obo = "http://purl.obolibrary.org/obo/AIXT_"
    rows = {(m.subject_id.removeprefix(OURS), m.object_id.removeprefix(obo)): m for m in read_sssom(out)}
    predicates = {pair: m.predicate_id.removeprefix(SKOS) for pair, m in rows.items()}
    assert predicates[("machine-learning", "0000001")] == "exactMatch"  # exact synonym
    assert predicates[("neural-network", "0000002")] == "exactMatch"  # exact synonym = our synonym
    assert predicates[("robot", "0000003")] == "narrowMatch"  # their broad synonym "robots"
    assert predicates[("unmanned-aerial-platform", "0000004")] == "broadMatch"  # their narrow synonym
    assert predicates[("deep-learning", "0000005")] == "closeMatch"  # the obsolete term's synonym, handed on
    assert not any(target in ("0000006", "0000007") for _, target in rows), (
        "deprecated terms are never proposed"
    )
    assert "label scope gives narrowMatch" in (rows[("robot", "0000003")].comment or "")
