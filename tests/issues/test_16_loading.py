"""Issue 16, part 4: OWL/XML, RDF/XML, OBO, JSON-LD, Turtle and N-Triples load to the same terms; what a
loader leaves out is reported; bad input gets one line naming the file and line. And the end-to-end
case: `govlex link add` of an OBO-style ontology, then `link suggest` proposes what its synonyms support.
"""

import re
import tempfile
from pathlib import Path

import pytest
from helpers import FIXTURES, one_line_error, run_cli
from rdflib import Graph

from govlex.errors import InputError
from govlex.linking import xmlentities
from govlex.linking.fetch import fetch
from govlex.linking.jsonld import without_context_references
from govlex.linking.load import load_vocabulary
from govlex.linking.sssom_io import read_sssom
from govlex.linking.vocabulary import TERM_REPLACED_BY, vocabulary_terms
from govlex.namespace import RDFS, SKOS, graph_iri

LINKING = FIXTURES / "linking"
OIO = "http://www.geneontology.org/formats/oboInOwl#"
AIXT = "http://purl.obolibrary.org/obo/AIXT_"
CONCEPT = "https://w3id.org/govlex/id/concept/"
# What ai-terms.obo, .owx and .jsonld all say about their first term.
LEARNING = [
    ("learning from examples", RDFS + "label"),
    ("machine learning", OIO + "hasExactSynonym"),
    ("supervised learning", OIO + "hasNarrowSynonym"),
    ("data-driven method", OIO + "hasBroadSynonym"),
    ("pattern recognition", OIO + "hasRelatedSynonym"),
    ("learning machine", TERM_REPLACED_BY),  # from the obsolete AIXT:0000003 that it replaces
]


@pytest.fixture
def env(built: Path, tmp_path: Path) -> dict[str, str]:
    return {
        "GOVLEX_BUILD_DIR": str(built),
        "GOVLEX_EXTERNAL_DIR": str(tmp_path / "external"),
        "COLUMNS": "250",
    }


@pytest.mark.parametrize(
    ("fixture", "syntax"),
    [("ai-terms.obo", "OBO"), ("ai-terms.owx", "OWL/XML"), ("ai-terms.jsonld", "JSON-LD")],
)
def test_every_syntax_gives_the_same_terms(fixture: str, syntax: str) -> None:
    vocabulary = load_vocabulary("ai", fetch(str(LINKING / fixture)))
    assert (vocabulary.rdf_format, vocabulary.namespace) == (syntax, AIXT)
    terms = {t.iri: t for t in vocabulary_terms(vocabulary.store, str(graph_iri("external/ai")), AIXT)}
    assert set(terms) == {AIXT + "0000001", AIXT + "0000002"}, "the obsolete term is not offered"
    assert terms[AIXT + "0000001"].labels == LEARNING
    assert (
        terms[AIXT + "0000001"].definitions[0]
        == 'Methods by which a program improves at a task with "experience".'
    )
    assert terms[AIXT + "0000002"].label == "artificial intelligence"


@pytest.mark.parametrize("rdflib_format", ["xml", "nt", "turtle"])
def test_rdf_syntaxes_of_the_obo_style_ontology(tmp_path: Path, rdflib_format: str) -> None:
    path = tmp_path / f"ai.{rdflib_format}"
    Graph().parse(LINKING / "ai-obo-style.owl").serialize(
        destination=path, format=rdflib_format, encoding="utf-8"
    )
    vocabulary = load_vocabulary("ai", fetch(str(path)))
    assert vocabulary.namespace == AIXT, "an OBO PURL namespace is the prefix's, so imported BFO stays out"
    assert vocabulary.terms == 8 and vocabulary.label_stats["deprecated"] == 2
    assert vocabulary.label_stats["Chinese labels"] == 1


def test_obo_reports_what_it_skipped(env: dict[str, str]) -> None:
    added = run_cli("link", "add", "ai", str(LINKING / "ai-terms.obo"), env=env)
    assert added.returncode == 0, added.stderr
    assert "3 terms in http://purl.obolibrary.org/obo/AIXT_" in added.stdout
    for skipped in (
        "1 'xref' line(s) skipped",
        "1 'relationship' line(s) skipped",
        "1 [Typedef] stanza(s) skipped",
    ):
        assert f"ai: {skipped}" in added.stderr
    listed = run_cli("link", "list", env=env)
    assert "ai: 1 'subset' line(s) skipped" in listed.stdout, "the registry keeps what was skipped"


def test_link_list_counts_each_kind_of_label(env: dict[str, str]) -> None:
    assert run_cli("link", "add", "ai", str(LINKING / "ai-obo-style.owl"), env=env).returncode == 0
    listed = run_cli("link", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    at = next(index for index, line in enumerate(lines) if "exact synonyms" in line)
    header, row = lines[at], lines[at + 2]  # the counts table: header, rule, the one row
    columns = [cell.strip() for cell in header.strip("┃ ").split("┃")]
    values = [cell.strip() for cell in row.strip("│ ").split("│")]
    counts = dict(zip(columns, values, strict=True))
    assert counts == {
        "name": "ai",
        "labels": "8",
        "exact synonyms": "4",
        "narrow synonyms": "1",
        "broad synonyms": "1",
        "related synonyms": "0",
        "definitions": "5",
        "Chinese labels": "1",
        "deprecated": "2",
        "local name only": "0",
    }


# ---------------------------------------------------------------- bad input: one line, file and line


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("format-version: 1.2\n\n[Term]\nid: X:1\nname x\n", 5, "expected 'tag: value'"),
        ('[Term]\nid: X:1\nsynonym: "never closed EXACT []\n', 3, "not closed"),
        ('[Term]\nid: X:1\nsynonym: "x" EXACTLY []\n', 3, "synonym scope 'EXACTLY'"),
        ("[Term]\nname: nameless\n", 2, "'name' before the stanza's id"),
        ("format-version: 1.2\n[Term]\n[Term]\nid: X:2\n", 2, "[Term] stanza without an id"),
    ],
    ids=["no-colon", "unclosed-quote", "bad-scope", "tag-before-id", "no-id"],
)
def test_bad_obo_names_file_and_line(
    env: dict[str, str], tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "bad.obo"
    path.write_text(text, encoding="utf-8")
    error = one_line_error(run_cli("link", "add", "bad", str(path), env=env))
    assert f"{path}:{line}: " in error and message in error
    assert not (tmp_path / "external" / "bad.nq").exists()


def test_bad_owlxml_names_file_and_line(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "bad.owx"
    path.write_text(
        '<?xml version="1.0"?>\n<Ontology xmlns="http://www.w3.org/2002/07/owl#" ontologyIRI="http://ex.org/o">\n'
        '  <Declaration><Class abbreviatedIRI="undeclared:Thing"/></Declaration>\n</Ontology>\n',
        encoding="utf-8",
    )
    error = one_line_error(run_cli("link", "add", "bad", str(path), env=env))
    assert error.startswith(f"error: {path}:3: not valid OWL/XML") and "undeclared" in error


@pytest.mark.parametrize(
    ("suffix", "text", "line"),
    [
        (
            ".rdf",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="x">\n</rdf:RDF>\n',
            None,  # pyoxigraph's RDF/XML parser gives no position; the message says what is wrong
        ),
        (
            ".nt",
            "<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n<http://ex.org/a> <http://ex.org/b> .\n",
            2,
        ),
        (".jsonld", '{"@id": "http://ex.org/a",\n "http://ex.org/b": [1, }\n', 2),
    ],
    ids=["rdfxml", "ntriples", "jsonld"],
)
def test_bad_rdf_names_file_and_line(tmp_path: Path, suffix: str, text: str, line: int | None) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_vocabulary("bad", fetch(str(path)))
    assert (caught.value.path, caught.value.line) == (path.resolve(), line)
    assert caught.value.message.startswith("not valid ")


# ---------------------------------------------------------------- JSON-LD: no network, reported


def test_remote_context_is_skipped_and_the_rest_loads(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    # Port 9 (discard) on loopback: were it fetched, the load would fail or hang, not pass.
    path.write_text(
        '{"@context": ["http://127.0.0.1:9/context.jsonld", {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}],\n'
        ' "@graph": [{"@id": "http://ex.org/v#Drone", "@type": "http://www.w3.org/2002/07/owl#Class",'
        ' "rdfs:label": "drone", "name": "defined only by the remote context"}]}\n',
        encoding="utf-8",
    )
    added = run_cli("link", "add", "remote", str(path), env=env)
    assert added.returncode == 0, added.stderr
    assert "1 terms in http://ex.org/v#" in added.stdout
    assert (
        "remote: @context http://127.0.0.1:9/context.jsonld not fetched (no network at run time)"
        in added.stderr
    )


def test_remote_context_alone_fails_saying_it_was_skipped(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "only-remote.jsonld"
    path.write_text(
        '{"@context": "https://example.org/ctx", "@id": "http://ex.org/v#C", "label": "c"}', encoding="utf-8"
    )
    error = one_line_error(run_cli("link", "add", "ctx", str(path), env=env))
    assert str(path) in error and "@context https://example.org/ctx not fetched" in error


def test_context_references_cut_by_a_chunk_boundary_are_all_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govlex.linking import jsonld

    source = tmp_path / "many.jsonld"
    items = [f'{{"@context": "https://example.org/c{i}", "@id": "http://ex.org/{i}"}}' for i in range(40)]
    source.write_text("[" + ", ".join(items) + "]", encoding="utf-8")
    monkeypatch.setattr(jsonld, "_CHUNK", 7)  # every reference crosses a chunk boundary
    monkeypatch.setattr(jsonld, "_OVERLAP", 64)
    target = tmp_path / "local.jsonld"
    assert without_context_references(source, target) == [f"https://example.org/c{i}" for i in range(40)]
    expected = re.sub(r'"https://example.org/c\d+"', "null", source.read_text(encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == expected


# ---------------------------------------------------------------- XML checks read in chunks


def test_entity_references_cut_by_a_chunk_boundary_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "flat.rdf"
    document.write_text(
        '<!DOCTYPE r [<!ENTITY ex "0123456789">]><r>' + "&ex;" * 100 + "</r>", encoding="utf-8"
    )
    monkeypatch.setattr(xmlentities, "_CHUNK", 3)  # every reference is cut somewhere
    xmlentities.check_entities(document, "f", max_expansion=1000)
    with pytest.raises(xmlentities.UnsafeXml, match="would add 1,000 bytes, over the limit of 999"):
        xmlentities.check_entities(document, "f", max_expansion=999)


def test_a_declaration_cut_by_a_chunk_boundary_is_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "nested.rdf"
    document.write_text('<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><r>&b;</r>', encoding="utf-8")
    monkeypatch.setattr(xmlentities, "_CHUNK", 2)
    with pytest.raises(xmlentities.UnsafeXml, match="nested expansion"):
        xmlentities.check_entities(document, "f", max_expansion=10**6)


def test_nothing_is_left_beside_the_registry(env: dict[str, str], tmp_path: Path) -> None:
    assert run_cli("link", "add", "ai", str(LINKING / "ai-terms.owx"), env=env).returncode == 0
    bad = tmp_path / "bad.obo"
    bad.write_text("[Term]\nname: x\n", encoding="utf-8")
    assert run_cli("link", "add", "bad", str(bad), env=env).returncode == 1
    assert sorted(p.name for p in (tmp_path / "external").iterdir()) == ["ai.json", "ai.nq"]


# ---------------------------------------------------------------- end to end


def test_link_add_then_suggest_proposes_what_the_synonyms_support(
    env: dict[str, str], tmp_path: Path
) -> None:
    added = run_cli("link", "add", "aixt", str(LINKING / "ai-obo-style.owl"), env=env)
    assert added.returncode == 0, added.stderr
    suggested = run_cli("link", "suggest", "aixt", env=env)
    assert suggested.returncode == 0, suggested.stderr
    path = tmp_path / "aixt.sssom.tsv"
    path.write_text(suggested.stdout, encoding="utf-8")
    found = {
        (m.subject_id.removeprefix(CONCEPT), m.object_id.removeprefix(AIXT)): m.predicate_id.removeprefix(
            SKOS
        )
        for m in read_sssom(path)
    }
    # Their labels match none of ours; each row rests on a synonym, with its scope's predicate read
    # from our side (their narrow synonym names something narrower than their term: ours), and a
    # deprecated term's synonym lands on its replacement. Nothing else: no deprecated term, nothing
    # for the obsolete term that had no replacement (autonomy), nothing for the kitchen appliance.
    assert found == {
        ("machine-learning", "0000001"): "exactMatch",
        ("neural-network", "0000002"): "exactMatch",  # our "artificial neural network"
        ("robot", "0000003"): "narrowMatch",  # "robots" is their term's broad synonym
        ("unmanned-aerial-platform", "0000004"): "broadMatch",  # "unmanned aerial vehicle": narrow synonym
        ("deep-learning", "0000005"): "closeMatch",  # via the obsolete AIXT_0000006 it replaced
    }


def test_a_failed_load_leaves_no_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    bad = tmp_path / "bad.obo"
    bad.write_text("[Term]\nname: x\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_vocabulary("bad", fetch(str(bad)))
    assert list(scratch.iterdir()) == []
    vocabulary = load_vocabulary("ai", fetch(str(LINKING / "ai-terms.obo")))
    assert vocabulary.quads.parent.parent == scratch, "a load without a work folder uses a temporary one"
