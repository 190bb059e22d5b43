"""Issue 17: the sources are parsed by Oxigraph straight into the store the checks run on, and the source
index (file and line of each subject) is noted while parsing."""

from pathlib import Path

import pytest
from helpers import VALID_BASE
from pyoxigraph import BlankNode, NamedNode
from rdflib import BNode, URIRef
from rdflib.compare import isomorphic

from govlex.errors import InputError
from govlex.loading import load_sources, parse_turtle
from govlex.namespace import DATA_GRAPH

HELD = """@prefix ex: <http://example.org/> .

<http://example.org/{name}> ex:holds _:note .
_:note ex:says "{name}" .
"""


def test_a_blank_node_label_belongs_to_its_file(tmp_path: Path) -> None:
    """Two files both writing `_:note` describe two nodes (as rdflib's per-file parse made them), each
    traced back to the file and subject that holds it."""
    files = []
    for name in ("first", "second"):
        path = tmp_path / f"{name}.ttl"
        path.write_text(HELD.format(name=name), encoding="utf-8")
        files.append(path)
    sources = load_sources(data=files)
    held = {
        quad.subject.value: quad.object
        for quad in sources.store.quads_for_pattern(None, NamedNode("http://example.org/holds"), None)
    }
    assert set(held) == {"http://example.org/first", "http://example.org/second"}
    first, second = held["http://example.org/first"], held["http://example.org/second"]
    assert isinstance(first, BlankNode) and isinstance(second, BlankNode) and first != second
    for name, node, path in (("first", first, files[0]), ("second", second, files[1])):
        assert sources.index.named_subject(BNode(node.value)) == URIRef(f"http://example.org/{name}")
        assert sources.index.locate(BNode(node.value)) == (path, 3)


def test_the_rdflib_dataset_made_on_demand_equals_rdflib_parsing_the_files() -> None:
    sources = load_sources(data=[VALID_BASE])
    assert isomorphic(sources.data, parse_turtle(VALID_BASE))
    assert sources.triples_in(DATA_GRAPH) == len(sources.data)


def test_blank_nodes_of_the_rdflib_dataset_are_located_too() -> None:
    """pySHACL reports the rdflib dataset's blank nodes: the index learns them when the dataset is made."""
    sources = load_sources(data=[VALID_BASE])
    held = [(s, o) for s, _, o in sources.data if isinstance(o, BNode) and isinstance(s, URIRef)]
    assert held, "the fixture has blank nodes (citations)"
    for subject, node in held:
        assert sources.index.named_subject(node) == subject
        assert sources.index.locate(node)[0] == VALID_BASE


def test_a_file_only_oxigraph_rejects_is_reported_with_file_and_line(tmp_path: Path) -> None:
    """rdflib accepts an IRI with a space (with a warning); Oxigraph, which holds the data, does not."""
    path = tmp_path / "space.ttl"
    path.write_text(
        '@prefix ex: <http://example.org/> .\n<http://example.org/a b> ex:b "c" .\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_sources(data=[path])
    assert (caught.value.path, caught.value.line) == (path, 2)
    assert caught.value.message.startswith("Turtle syntax error: ")


def test_a_syntax_error_both_parsers_find_keeps_rdflibs_words(tmp_path: Path) -> None:
    """Where both parsers reject a file, the message is the one govlex always gave (rdflib's)."""
    path = tmp_path / "unbound.ttl"
    path.write_text("\nex:a ex:b ex:c .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_sources(data=[path])
    assert (caught.value.path, caught.value.line) == (path, 2)
    assert caught.value.message == 'Turtle syntax error: Prefix "ex:" not bound'
