"""Issue 18: releases and diffs, on two releases built from the two states in tests/fixtures/history/."""

import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, run_cli
from pyoxigraph import NamedNode, RdfFormat, Store
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF

from govlex.build import input_files, input_hash
from govlex.history.diff import compare
from govlex.history.release import (
    ReleaseError,
    make_release,
    release_files,
    release_iri,
    release_snapshot,
    sha256,
    verify,
)
from govlex.history.snapshot import Snapshot, snapshot_of, working_snapshot
from govlex.namespace import DATA_GRAPH, GLX
from govlex.store import EmbeddedStore

WORLD = FIXTURES / "history"
SPDX = Namespace("http://spdx.org/rdf/terms#")


def test_diff_names_exactly_the_known_changes_in_words(releases: Path) -> None:
    changes = compare(release_snapshot("0.1.0", releases), release_snapshot("0.2.0", releases))
    found = {(c.action.value, c.name): c.words for c in changes.entities}
    assert set(found) == {
        ("added", "interpretation/test-autonomous-weapon--cn-2022"),
        ("changed", "concept/test-autonomous-weapon"),
        ("changed", "concept/test-old-term"),
        ("changed", "concept/test-weapon"),
    }
    label = found[("changed", "concept/test-autonomous-weapon")]
    assert "preferred label (zh-hans) changed from" in label
    assert label.index('"测试自主武器"') < label.index('"测试自主武器系统"')
    assert found[("changed", "concept/test-weapon")] == (
        "concept/test-weapon: glossary changed from glossary/test to glossary/test-cn"
    )
    deprecated = found[("changed", "concept/test-old-term")]
    assert deprecated.startswith("concept/test-old-term: deprecated; ")
    assert "replaced by: added concept/test-weapon" in deprecated
    assert "party: party/test-cn" in found[("added", "interpretation/test-autonomous-weapon--cn-2022")]


def test_same_data_parsed_again_is_no_change_whatever_its_blank_nodes(releases: Path) -> None:
    # The release went through a build and N-Quads; the working snapshot is parsed afresh: every citation
    # is a blank node with another identifier in each.
    changes = compare(release_snapshot("0.2.0", releases), working_snapshot(WORLD / "b"))
    assert changes.entities == ()
    assert "No change" in changes.as_text()


def test_release_is_described_in_dcat_with_lineage_hash_and_checksums(releases: Path) -> None:
    folder = releases / "0.2.0"
    graph = Graph().parse(folder / "release.ttl")
    this = release_iri("0.2.0")
    assert (this, RDF.type, DCAT.Dataset) in graph
    assert (this, URIRef(str(DCAT) + "version"), Literal("0.2.0")) in graph
    assert (this, PROV.wasRevisionOf, release_iri("0.1.0")) in graph
    assert (URIRef("https://w3id.org/govlex/dataset"), DCTERMS.hasVersion, this) in graph
    run = graph.value(this, PROV.wasGeneratedBy)
    assert str(graph.value(run, GLX.inputHash)) == input_hash(input_files(WORLD / "b"))
    assert graph.value(run, GLX.reasoner) is not None
    files = release_files("0.2.0", releases)
    assert set(files) == {
        "govlex.trig",
        "govlex.nq",
        "govlex.jsonld",
        "glossary.tbx",
        "glossary.pdf",
        "CHANGES.txt",
        "changes.json",
    }
    for name, (_, checksum) in files.items():
        assert sha256(folder / name) == checksum
    assert b"<conceptEntry" in (folder / "glossary.tbx").read_bytes()
    assert (folder / "glossary.pdf").read_bytes().startswith(b"%PDF")
    # The fixture world has no curated mappings, so no SSSOM file is published or described.
    assert not (folder / "mappings.sssom.tsv").exists()
    first = Graph().parse(releases / "0.1.0" / "release.ttl")
    assert first.value(release_iri("0.1.0"), PROV.wasRevisionOf) is None


def test_release_formats_hold_the_same_dataset(releases: Path) -> None:
    folder = releases / "0.2.0"
    quads = Dataset().parse(folder / "govlex.nq", format="nquads")
    as_json = Dataset().parse(folder / "govlex.jsonld", format="json-ld")
    as_trig = Dataset().parse(folder / "govlex.trig", format="trig")
    assert len(quads) == len(as_json) == len(as_trig) > 0


def test_change_log_is_written_with_the_release(releases: Path) -> None:
    logged = json.loads((releases / "0.2.0" / "changes.json").read_text(encoding="utf-8"))
    assert logged["from"] == "0.1.0" and logged["to"] == "0.2.0"
    assert logged["counts"] == {"added": 1, "removed": 0, "changed": 3}
    text = (releases / "0.2.0" / "CHANGES.txt").read_text(encoding="utf-8")
    assert "glossary changed from glossary/test to glossary/test-cn" in text
    first = json.loads((releases / "0.1.0" / "changes.json").read_text(encoding="utf-8"))
    assert first["counts"]["added"] > 0 and first["counts"]["changed"] == 0


def test_releases_are_immutable(releases: Path) -> None:
    with pytest.raises(ReleaseError, match="never rewritten"):
        make_release("0.2.0", releases, WORLD / "b", reason=False)
    with pytest.raises(ReleaseError, match=r"not later than the latest release 0\.2\.0"):
        make_release("0.1.5", releases, WORLD / "b", reason=False)
    with pytest.raises(ReleaseError, match=r"MAJOR\.MINOR\.PATCH"):
        make_release("1.0", releases, WORLD / "b", reason=False)
    assert verify(releases) == []


def test_verify_names_a_file_whose_bytes_changed(releases: Path, tmp_path: Path) -> None:
    copy = tmp_path / "releases"
    shutil.copytree(releases, copy)
    changed = copy / "0.1.0" / "CHANGES.txt"
    changed.chmod(0o644)
    changed.write_text("rewritten history\n", encoding="utf-8")
    assert verify(copy) == [
        f"{changed}: SHA-256 differs from the one release 0.1.0 states; releases are immutable"
    ]


def test_cli_diff_between_releases_and_against_working_data(releases: Path) -> None:
    done = run_cli("diff", "0.1.0", "0.2.0", "--releases", str(releases), "-f", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"] == {"added": 1, "removed": 0, "changed": 3}
    same = run_cli("diff", "0.2.0", "working", "--releases", str(releases), "--data", str(WORLD / "b"))
    assert same.returncode == 0, same.stderr
    assert "No change" in same.stdout
    unknown = run_cli("diff", "0.9.0", "--releases", str(releases))
    assert unknown.returncode == 1
    assert "no release '0.9.0'" in unknown.stderr and "0.1.0, 0.2.0" in unknown.stderr


def test_the_repositorys_releases_are_intact() -> None:
    # Every release kept in releases/ still matches the checksums it was published with.
    assert verify(ROOT / "releases") == []


def _snapshot(turtle: str, label: str) -> Snapshot:
    store = Store()
    store.load(turtle.encode(), format=RdfFormat.TURTLE, to_graph=NamedNode(str(DATA_GRAPH)))
    return snapshot_of(EmbeddedStore(store), label)


READING = """@prefix glx: <https://w3id.org/govlex/ontology#> .
<https://w3id.org/govlex/id/interpretation/r> a glx:Interpretation ;
    glx:status glx:STATUS ;
    glx:citation [ a glx:Citation ; glx:source <https://w3id.org/govlex/id/source/s> ; glx:locator "LOCATOR" ] ."""


def test_a_changed_citation_and_status_are_said_in_words() -> None:
    before = _snapshot(READING.replace("STATUS", "statusProposed").replace("LOCATOR", "p. 3"), "a")
    after = _snapshot(READING.replace("STATUS", "statusDiscussed").replace("LOCATOR", "p. 4"), "b")
    (change,) = compare(before, after).entities
    assert [p.words for p in change.properties] == [
        'citation changed from [glx:locator "p. 3"; glx:source source/s] to [glx:locator "p. 4"; glx:source source/s]',
        "status changed from glx:statusProposed to glx:statusDiscussed",
    ]
    same = _snapshot(READING.replace("STATUS", "statusProposed").replace("LOCATOR", "p. 3"), "c")
    assert compare(before, same).entities == ()


CLAIM = """@prefix glx: <https://w3id.org/govlex/ontology#> .
<https://w3id.org/govlex/id/system/s> a glx:ReferenceSystem ;
    glx:claim [ a glx:CriterionClaim ; glx:claimedCriterion <https://w3id.org/govlex/id/criterion/c> ;
                glx:citation [ a glx:Citation ; glx:source <https://w3id.org/govlex/id/source/d> ; glx:locator "LOCATOR" ] ] ."""


def test_a_change_inside_nested_blank_nodes_is_seen() -> None:
    # A claim is a blank node holding a citation, another blank node: its locator must still count.
    before = _snapshot(CLAIM.replace("LOCATOR", "p. 3"), "a")
    after = _snapshot(CLAIM.replace("LOCATOR", "p. 4"), "b")
    (change,) = compare(before, after).entities
    (words,) = [p.words for p in change.properties]
    assert words.startswith('glx:claim changed from [glx:citation [glx:locator "p. 3"')
    assert compare(before, _snapshot(CLAIM.replace("LOCATOR", "p. 3"), "c")).entities == ()


def test_invalid_data_writes_no_release_and_says_why(tmp_path: Path) -> None:
    world = tmp_path / "world"
    world.mkdir()
    shutil.copy(WORLD / "b" / "world.ttl", world / "world.ttl")
    (world / "bad.ttl").write_text(
        "@prefix dct: <http://purl.org/dc/terms/> .\n"
        "<https://w3id.org/govlex/id/concept/test-old-term> dct:isReplacedBy "
        "<https://w3id.org/govlex/id/concept/no-such-term> .\n",
        encoding="utf-8",
    )
    done = run_cli(
        "release", "0.1.0", "--releases", str(tmp_path / "out"), "--data", str(world), "--no-reasoner"
    )
    assert done.returncode == 1
    assert "replaced-by-unknown-violation" in done.stderr
    assert "release 0.1.0 not written" in done.stderr
    assert not (tmp_path / "out" / "0.1.0").exists()
