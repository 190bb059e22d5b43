"""The statement-level Turtle editor that spreadsheet and termbase imports write data/ with: an edit touches
only the statements whose triples change, and what it writes reads back to exactly the wanted triples."""

from rdflib import Graph, Literal, URIRef

from govlex.curation.turtle_text import canonical_triples, read, rewrite

EX = "http://example.org/"
P, Q, R = URIRef(EX + "p"), URIRef(EX + "q"), URIRef(EX + "r")
A, B = URIRef(EX + "a"), URIRef(EX + "b")

TWO_STATEMENTS = f"""@prefix ex: <{EX}> .

# the first description of ex:a
ex:a ex:p "one"@en ;
    ex:q ex:b .

# a later statement about the same subject, kept apart by its author
ex:a ex:r "three"@en .
"""


def triples_of(text: str) -> set[tuple[URIRef, URIRef, object]]:
    graph = Graph()
    graph.parse(data=text, format="turtle")
    return canonical_triples(graph)  # type: ignore[return-value]


def test_an_unchanged_set_of_triples_leaves_the_text_byte_for_byte() -> None:
    turtle = read(TWO_STATEMENTS)
    assert rewrite(turtle, turtle.triples(), {}) == TWO_STATEMENTS


def test_a_new_object_joins_the_statement_that_already_writes_its_predicate() -> None:
    turtle = read(TWO_STATEMENTS)
    wanted = turtle.triples() | {(A, R, Literal("four", lang="en"))}
    text = rewrite(turtle, wanted, {})
    assert triples_of(text) == wanted
    first, second = read(text).statements
    assert [seg.predicate for seg in first.segments] == [P, Q]  # not pulled into the first statement
    assert [seg.predicate for seg in second.segments] == [R]
    assert "# a later statement about the same subject" in text


def test_a_subject_in_two_statements_keeps_both_when_one_of_them_changes() -> None:
    turtle = read(TWO_STATEMENTS)
    wanted = (turtle.triples() - {(A, P, Literal("one", lang="en"))}) | {(A, P, Literal("uno", lang="es"))}
    text = rewrite(turtle, wanted, {})
    assert triples_of(text) == wanted
    assert len(read(text).statements) == 2
    assert 'ex:a ex:r "three"@en .' in text  # the untouched statement keeps its text


def test_a_new_predicate_goes_to_the_subjects_first_statement_once() -> None:
    turtle = read(TWO_STATEMENTS)
    wanted = turtle.triples() | {(A, URIRef(EX + "s"), B)}
    text = rewrite(turtle, wanted, {})
    assert triples_of(text) == wanted
    first, second = read(text).statements  # reading back refuses a predicate written twice in one statement
    assert URIRef(EX + "s") in {seg.predicate for seg in first.segments}
    assert [seg.predicate for seg in second.segments] == [R]


def test_removing_every_triple_of_a_statement_removes_the_statement() -> None:
    turtle = read(TWO_STATEMENTS)
    wanted = {t for t in turtle.triples() if t[1] != R}
    text = rewrite(turtle, wanted, {})
    assert triples_of(text) == wanted
    assert len(read(text).statements) == 1


def test_a_new_subject_is_appended_with_the_prefixes_it_needs() -> None:
    turtle = read(TWO_STATEMENTS)
    dct_title = URIRef("http://purl.org/dc/terms/title")
    wanted = turtle.triples() | {(B, dct_title, Literal("bee", lang="en"))}
    text = rewrite(turtle, wanted, {}, namespaces={"dcterms": "http://purl.org/dc/terms/"})
    assert triples_of(text) == wanted
    assert "@prefix dcterms: <http://purl.org/dc/terms/> ." in text
    assert text.endswith('ex:b dcterms:title "bee"@en .\n')
