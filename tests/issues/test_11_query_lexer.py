"""Issue 11: the guard's tokenizer agrees with pyoxigraph's parser on SERVICE, FROM and nesting.

A differential, property-based test: hypothesis builds queries from the SPARQL grammar's lexical
corners (escapes in prefixed names, every string form, comments, IRIs with odd characters, `<` as
less-than, codepoint escapes), with SERVICE or FROM either real or hidden inside them. pyoxigraph
evaluating the query on an in-memory store is the oracle: a SERVICE it follows raises at once (port 1
is refused without a connection) and a FROM it reads changes a count. The guard must see exactly
what it sees.
"""

import pyoxigraph as ox
import pytest
from govlex.api.sparql.guard import QueryRefused, analyse, check_query
from govlex.api.sparql.lexer import CODEPOINT_ESCAPE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sparql_corners import CHAINS, CORNERS, ESCAPED_QUOTE, SPACES, group

GRAPH = "http://e/g"
SERVICE = "SERVICE <http://127.0.0.1:1/> { ?x ?y ?z }"


def _store() -> ox.Store:
    store = ox.Store()
    term = ox.NamedNode("http://e/s")
    store.add(ox.Quad(term, term, term, ox.NamedNode(GRAPH)))
    return store


STORE = _store()


def oxigraph_follows_service(query: str) -> bool | None:
    """True when pyoxigraph tries the SERVICE call, False when it does not, None when it rejects the query."""
    try:
        list(STORE.query(query))  # type: ignore[arg-type]
    except SyntaxError:
        return None
    except OSError as err:
        assert "port 1" in str(err), err
        return True
    return False


def oxigraph_reads_from(query: str) -> bool | None:
    try:
        result = STORE.query(query)
        return int(next(iter(result))["n"].value) > 0  # type: ignore[arg-type,index,union-attr]
    except SyntaxError:
        return None


def guard_sees_service(query: str) -> bool | None:
    try:
        return "SERVICE" in analyse(query).words
    except QueryRefused:
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_guard_sees_service_exactly_when_oxigraph_follows_it(data: st.DataObject) -> None:
    body = data.draw(group(SERVICE))
    query = f"PREFIX ex: <http://e/>\nSELECT * WHERE {{ {body} }}"
    oracle = oxigraph_follows_service(query)
    seen = guard_sees_service(query)
    if oracle is None:
        return  # pyoxigraph refuses it too: nothing runs
    if seen is None:  # refused: only when a \u escape reads differently with escapes applied first
        assert CODEPOINT_ESCAPE.search(query), f"guard refused a query pyoxigraph runs: {query!r}"
        return
    assert seen == oracle, query


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_guard_reads_from_exactly_when_oxigraph_does(data: st.DataObject) -> None:
    before = data.draw(st.lists(st.sampled_from([c for c in CORNERS if "#" in c and "\n" in c]), max_size=1))
    hidden = data.draw(st.booleans())
    clause = f"FROM <{GRAPH}>"
    written = f"# {clause}\n" if hidden else clause
    spaces = data.draw(SPACES)
    query = f"PREFIX ex: <http://e/>{spaces}SELECT (COUNT(*) AS ?n){spaces}{''.join(before)}{written}{spaces}WHERE {{ ?a ?b ?c }}"
    oracle = oxigraph_reads_from(query)
    if oracle is None:
        return
    assert (GRAPH in analyse(query).from_graphs) == oracle, query


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(CHAINS)),
    st.integers(1, 300),
    # (a \\u0022 in a string is refused on purpose: with escapes applied first it ends the string)
    st.lists(st.sampled_from([c for c in CORNERS if ESCAPED_QUOTE not in c]), max_size=3, unique=True),
)
def test_nesting_is_never_undercounted(kind: str, n: int, corners: list[str]) -> None:
    query = "PREFIX ex: <http://e/>\nSELECT * { " + "\n".join(corners) + "\n" + CHAINS[kind](n) + " }"
    STORE.query(query)  # valid: pyoxigraph parses it (and would evaluate it lazily)
    assert analyse(query).depth >= n, query
    if n > 256:
        with pytest.raises(QueryRefused, match="nesting depth"):
            check_query(query, 256, 100_000)


EXPRESSIONS = ["1<'a>'", "1<2", "?s<?o", "1 < 'a>'", "1<'a#>'", "'<'", "1<=2", "STR(<http://e/'>)"]
SELECT_FORMS = [
    "SELECT ?s ({expr} AS ?c) WHERE {{ {body} }}{tail}",
    "SELECT * WHERE {{ {{ SELECT ?s ({expr} AS ?c) WHERE {{ {body} }} }} }}{tail}",
    "SELECT ?s WHERE {{ {body} }} GROUP BY ?s HAVING({expr}){tail}",
    "SELECT ?s WHERE {{ {body} }} ORDER BY ?s ({expr}){tail}",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_guard_and_oxigraph_agree_in_expressions_outside_groups(data: st.DataObject) -> None:
    """`<` right after an operand in a select list, HAVING or ORDER BY is less-than to the parser."""
    query = "PREFIX ex: <http://e/>\n" + data.draw(st.sampled_from(SELECT_FORMS)).format(
        expr=data.draw(st.sampled_from(EXPRESSIONS)),
        body=data.draw(group(SERVICE)),
        tail=data.draw(st.sampled_from(["", " #'", "\n# '", " #"])),
    )
    oracle = oxigraph_follows_service(query)
    seen = guard_sees_service(query)
    if oracle is None:
        return
    if seen is None:
        assert CODEPOINT_ESCAPE.search(query), f"guard refused a query pyoxigraph runs: {query!r}"
        return
    assert seen == oracle, query
