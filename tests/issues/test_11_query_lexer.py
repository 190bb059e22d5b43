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

GRAPH = "http://e/g"
SERVICE = "SERVICE <http://127.0.0.1:1/> { ?x ?y ?z }"

# Group elements that are valid SPARQL and bend the lexer: each may swallow what follows if misread.
CORNERS = [
    "?s ex:a\\# ?o .",
    "?s ex:a\\' ?o .",
    "?s ex:%23b ?o .",
    "?s ex:a\\.b ?o .",
    "?s ex:a.b ?o .",
    "?s <http://e/a\u00a0#> ?o .",
    "?s <http://e/'#> ?o .",
    "?s <http://e/a#b> '#' .",
    '?s ex:p "\'" .',
    "?s ex:p '\"' .",
    '?s ex:p "\\"#" .',
    "?s ex:p '''a''b#''' .",
    '?s ex:p """x"y#""" .',
    "?s ex:p 'a'@en-GB .",
    '?s ex:p "1"^^<http://www.w3.org/2001/XMLSchema#integer> .',
    "?s ex:p 1.5e3 .",
    "?s ex:p .5 .",
    "?s ex:p _:b1 .",
    "?s a [] .",
    "?s ex:p () .",
    "?s ex:p ( 1 2 ) .",
    "?s ex:p/ex:q|^ex:r ?o .",
    "?s ex:p* ?o .",
    "?s ex:p? ?o .",
    "FILTER(?s<?o)",
    "FILTER(1<'a>' || true)",
    "FILTER(1<2&&3>2)",
    "FILTER(?s != <http://e/#x>)",
    "FILTER(!BOUND(?s))",
    "BIND('#' AS ?h)",
    "# a comment with SERVICE and FROM and ' and \" and {\n",
    "?s ex:p <http://e/\\u0023> .",
    '?s ex:p "\\u0022" .',
    '?s ex:p "\\u0023" .',
]
# SERVICE or FROM hidden where the parser does not read code.
HIDE = [
    "# {}\n",
    '"{}"',
    "'{}'",
    "'''{}'''",
    '"""{}"""',
]
SPACES = st.sampled_from([" ", "\t", "\n", "\r\n", " # c\n", "  "])


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


@st.composite
def group(draw: st.DrawFn, payload: str) -> str:
    """Corners and the payload (real, or hidden in a comment or string) in some order. Each corner is
    optional, so whatever it matches, the SERVICE call is evaluated when the parser read one."""
    parts = [f"OPTIONAL {{ {c} }}" for c in draw(st.lists(st.sampled_from(CORNERS), max_size=4))]
    hidden = draw(st.booleans())
    if hidden:
        form = draw(st.sampled_from(HIDE))
        element = form.format(payload)
        element = element if form.startswith("#") else f"BIND({element} AS ?hidden)"
    else:
        element = payload
    position = draw(st.integers(0, len(parts)))
    parts.insert(position, element)
    return draw(SPACES).join(parts)


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


CHAINS = {
    "!": lambda n: "FILTER(" + "!" * n + "true)",
    "&&": lambda n: "FILTER(" + " && ".join(["true"] * (n + 1)) + ")",
    "||": lambda n: "FILTER(" + "||".join(["true"] * (n + 1)) + ")",
    "+": lambda n: "FILTER(" + "+".join(["1"] * (n + 1)) + " > 0)",
    "-": lambda n: "FILTER(" + " - ".join(["1"] * (n + 1)) + " < 0)",
    "*": lambda n: "FILTER(" + "*".join(["1"] * (n + 1)) + " > 0)",
    "MINUS": lambda n: " ".join(["MINUS {}"] * n),
    "OPTIONAL": lambda n: " ".join(["OPTIONAL {}"] * n),
    "/": lambda n: "?s " + "/".join(["ex:p"] * (n + 1)) + " ?o",
    "|": lambda n: "?s " + "|".join(["ex:p"] * (n + 1)) + " ?o",
    "UNION": lambda n: " UNION ".join(["{}"] * (n + 1)),
    "(": lambda n: "FILTER(" + "(" * n + "1" + ")" * n + ")",
    "{": lambda n: "{" * n + "}" * n,
}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(CHAINS)),
    st.integers(1, 300),
    # (a \\u0022 in a string is refused on purpose: with escapes applied first it ends the string)
    st.lists(st.sampled_from([c for c in CORNERS if "u0022" not in c]), max_size=3, unique=True),
)
def test_nesting_is_never_undercounted(kind: str, n: int, corners: list[str]) -> None:
    query = "PREFIX ex: <http://e/>\nSELECT * { " + "\n".join(corners) + "\n" + CHAINS[kind](n) + " }"
    STORE.query(query)  # valid: pyoxigraph parses it (and would evaluate it lazily)
    assert analyse(query).depth >= n, query
    if n > 256:
        with pytest.raises(QueryRefused, match="nesting depth"):
            check_query(query, 256, 100_000)
