"""The query registry: metadata, kinds, parameters bound by substitution, and refusals with reasons."""

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store, Variable

from govlex.errors import InputError, UnknownName
from govlex.queries import QueryRegistry, parse_query_file

QUERY = """#+ summary: Labels of one thing.
#+ param_thing: IRI of the thing
SELECT ?_thing_iri ?label WHERE { ?_thing_iri <http://www.w3.org/2000/01/rdf-schema#label> ?label }
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_metadata_and_parameters(tmp_path: Path) -> None:
    named = parse_query_file(write(tmp_path, "labels.rq", QUERY))
    assert named.summary == "Labels of one thing."
    assert named.kind == "named"
    (parameter,) = named.parameters
    assert (parameter.name, parameter.is_iri, parameter.description) == ("thing", True, "IRI of the thing")


def test_binding_is_substitution_not_text(tmp_path: Path) -> None:
    named = parse_query_file(write(tmp_path, "labels.rq", QUERY))
    store = Store()
    store.add(
        Quad(
            NamedNode("http://example.org/a"),
            NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("A"),
        )
    )
    store.add(
        Quad(
            NamedNode("http://example.org/b"),
            NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("B"),
        )
    )
    bindings = named.bindings({"thing": "http://example.org/a"})
    assert bindings == {Variable("_thing_iri"): NamedNode("http://example.org/a")}
    rows = list(store.query(named.text, substitutions=bindings))
    assert [row["label"].value for row in rows] == ["A"]


def test_injection_attempt_is_rejected_as_an_iri(tmp_path: Path) -> None:
    named = parse_query_file(write(tmp_path, "labels.rq", QUERY))
    with pytest.raises(ValueError, match="not a valid IRI"):
        named.bindings({"thing": "http://x> } ; DROP ALL ; #"})


def test_unknown_and_missing_parameters(tmp_path: Path) -> None:
    named = parse_query_file(write(tmp_path, "labels.rq", QUERY))
    with pytest.raises(ValueError, match="takes: thing"):
        named.bindings({"colour": "blue"})
    with pytest.raises(ValueError, match="needs parameter"):
        named.bindings({})


def test_parameter_must_be_projected(tmp_path: Path) -> None:
    text = QUERY.replace("SELECT ?_thing_iri ?label", "SELECT ?label")
    with pytest.raises(InputError, match="must be listed in the SELECT"):
        parse_query_file(write(tmp_path, "hidden.rq", text))


def test_summary_is_required(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="summary"):
        parse_query_file(write(tmp_path, "bare.rq", "SELECT * WHERE { ?s ?p ?o }\n"))


def test_kinds_by_file_name(tmp_path: Path) -> None:
    for name in ("x-violation.rq", "construct-y.rq", "z.rq"):
        write(tmp_path, name, "#+ summary: s\nSELECT * WHERE { ?s ?p ?o }\n")
    registry = QueryRegistry(tmp_path)
    assert {q.name: q.kind for q in registry} == {
        "x-violation": "violation",
        "construct-y": "construct",
        "z": "named",
    }
    with pytest.raises(UnknownName, match="known: construct-y, x-violation, z"):
        registry.get("nope")


def test_every_bundled_query_parses() -> None:
    registry = QueryRegistry()
    assert registry.get("concept-interpretations").parameters[0].name == "concept"
    assert len(registry.of_kind("violation")) >= 5
