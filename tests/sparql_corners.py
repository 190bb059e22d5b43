"""Generators of hostile SPARQL for the issue 11 tests: valid group elements that bend a lexer (the
grammar's corners), places where the parser reads no code (comments, the four string forms), and
chains of every recursive construct."""

from hypothesis import strategies as st

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
# The guard refuses this corner on purpose: read with escapes applied first, it ends its string.
ESCAPED_QUOTE = "\\u0022"
# SERVICE or FROM hidden where the parser does not read code.
HIDE = [
    "# {}\n",
    '"{}"',
    "'{}'",
    "'''{}'''",
    '"""{}"""',
]
SPACES = st.sampled_from([" ", "\t", "\n", "\r\n", " # c\n", "  "])


@st.composite
def group(draw: st.DrawFn, payload: str, may_hide: bool = True) -> str:
    """Corners and the payload (real, or hidden in a comment or string) in some order. Each corner is
    optional, so whatever it matches, the SERVICE call is evaluated when the parser read one."""
    parts = [f"OPTIONAL {{ {c} }}" for c in draw(st.lists(st.sampled_from(CORNERS), max_size=4, unique=True))]
    hidden = may_hide and draw(st.booleans())
    if hidden:
        form = draw(st.sampled_from(HIDE))
        element = form.format(payload)
        element = element if form.startswith("#") else f"BIND({element} AS ?hidden)"
    else:
        element = payload
    position = draw(st.integers(0, len(parts)))
    parts.insert(position, element)
    return draw(SPACES).join(parts)


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
