"""Checks on a query's text before any parser or store sees it.

The query is split into the SPARQL grammar's own terminals (`lexer`), so what the guard calls a
keyword, an IRI, a string or a comment is what the evaluating parser calls one. From those tokens it
decides what a public read-only endpoint refuses (SPARQL Update, SERVICE, dataset IRIs of non-graph
schemes such as `file:`), how deeply the query nests, and whether it is cheap enough for the
reserved lane. The query workers cannot open connections anyway (`sandbox`): the SERVICE check makes
the refusal clear, the sandbox makes it certain.
"""

import contextlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from govlex.api.sparql.lexer import CODEPOINT_ESCAPE, Kind, LexError, Token, tokens, unescape_codepoints
from pyoxigraph import NamedNode

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_OPENERS, _CLOSERS = {"{": "}", "(": ")", "[": "]"}, {"}", ")", "]"}
# Each of these nests the parse or the algebra one level deeper when chained (`a/b/c` is a sequence
# of sequences, `!!x` a negation of a negation, `{} UNION {} UNION {}` a union of unions).
_CHAINING_PUNCT = {"/", "|", "^", "!", "&&", "||", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "?"}
_CHAINING_WORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "EXISTS", "NOT"}
# Characters an IRIREF may hold that are operators or brackets when the parser reads them as code.
_CODE_IN_IRI = set("()[]!&=+-*/?;,.")
# Tokens after which, inside an expression, `<` is the less-than operator (an operand just ended).
_OPERAND_ENDS = {Kind.VAR, Kind.NUMBER, Kind.STRING, Kind.LANGTAG, Kind.IRI, Kind.PNAME, Kind.NIL}
# Words that make a following "(" open an expression rather than a collection or a path group.
_NOT_CALLS = {"A", "VALUES", "WHERE", "GRAPH", "SERVICE", "SILENT", "NAMED", "FROM"}
# A query the reserved lane takes: at most one group, made only of terms (one triple pattern at most).
_CHEAP_FORMS = {"ASK", "SELECT", "CONSTRUCT", "DESCRIBE", "WHERE", "LIMIT", "OFFSET", "PREFIX", "BASE"}
_TERMS = {Kind.VAR, Kind.IRI, Kind.PNAME, Kind.STRING, Kind.NUMBER, Kind.LANGTAG, Kind.BNODE}
GRAPH_SCHEMES = {"http", "https", "urn", "tag"}
"""Schemes a dataset IRI may have: names of graphs, never fetched. `file:` and the like are refused."""


class QueryRefused(Exception):
    """A request the endpoint will not run; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


@dataclass
class Analysis:
    """What the guard read: nesting, keywords in order, the dataset clauses, and whether it is cheap."""

    depth: int = 0
    words: list[str] = field(default_factory=list)
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    service: bool = False
    cheap: bool = False
    inline: bool = False
    """Proved cheap by its form (see `provably_cheap`): the server may answer it without a worker."""


def analyse(text: str) -> Analysis:
    """Tokenize `text` and measure it; raises `QueryRefused` when it is no sequence of SPARQL tokens.

    The text is read as pyoxigraph reads it (codepoint escapes only inside strings and IRIs) and, when
    it holds any, also with the escapes applied first (as SPARQL 1.1 §19.2 and some servers do): what
    either reading finds counts. Within each, where `<` might be less-than or open an IRI holding a
    quote, both are read too (see `_Context`).

    >>> a = analyse('PREFIX ex: <http://e/> SELECT * FROM ex:g { ?s ex:p\\\\# "}}{{" . { ?s <p> ?o } } # {{{')
    >>> a.depth, a.from_graphs, a.words[:2], a.cheap
    (3, ['http://e/g'], ['PREFIX', 'SELECT'], False)
    >>> analyse(r'ASK { FILTER("\\u0022 && SERVICE && \\u0022") }').service
    True
    """
    result = _readings(text)
    if CODEPOINT_ESCAPE.search(text):
        result.inline = False  # two readings: prove nothing, leave it to the workers
        try:
            _merge(result, _readings(unescape_codepoints(text)))
        except QueryRefused as refused:
            raise QueryRefused(400, refused.title, f"{refused.detail} (with \\u escapes applied)") from None
    return result


def _readings(text: str) -> Analysis:
    result = _read(text, eager_less_than=False)
    if "'" in text and "<" in text:
        # When this reading is no sequence of tokens, the parser cannot have read it either.
        with contextlib.suppress(QueryRefused):
            _merge(result, _read(text, eager_less_than=True))
    return result


def _merge(result: Analysis, other: Analysis) -> None:
    """Let what `other` (another reading of the same query) found count in `result`."""
    result.depth = max(result.depth, other.depth)
    result.service = result.service or other.service
    result.words += [w for w in other.words if w in _UPDATE_WORDS]
    result.from_graphs += [g for g in other.from_graphs if g not in result.from_graphs]
    result.from_named += [g for g in other.from_named if g not in result.from_named]
    result.cheap = result.cheap and other.cheap
    result.inline = result.inline and other.inline


def _read(text: str, eager_less_than: bool) -> Analysis:
    try:
        context = _Context(eager_less_than)
        found = [context.see(t) for t in tokens(text, context.less_than_here)]
    except LexError as err:
        raise QueryRefused(400, "SPARQL syntax error", str(err)) from None
    result = Analysis(words=[t.text.upper() for t in found if t.kind is Kind.WORD])
    result.service = "SERVICE" in result.words
    result.depth = _depth(found)
    _dataset(found, result)
    result.cheap = _is_cheap(found)
    result.inline = provably_cheap(found)
    return result


class _Context:
    """Follows brackets to tell, as the parser does, where `<` is less-than: inside an expression,
    right after an operand. Longest match alone would read `?a<'x>'` as an IRI followed by the start of
    a string, while the parser reads a comparison; whatever follows would then hide in that "string".
    `eager`: read `<` as less-than after any operand, wherever it is (the other reading, in case this
    class's idea of "inside an expression" is wrong somewhere)."""

    def __init__(self, eager: bool = False) -> None:
        self.expression = [False]  # per open bracket: is it an expression?
        self.previous: list[Token] = []
        self.eager = eager
        # In a select list or solution modifiers (of the query or of a subquery), "(" opens an expression.
        self.clause_of_expressions = False

    def see(self, token: Token) -> Token:
        word = token.text.upper() if token.kind is Kind.WORD else ""
        if word in {"SELECT", "GROUP", "ORDER", "HAVING"}:
            self.clause_of_expressions = True
        elif word in {"WHERE", "LIMIT", "OFFSET", "VALUES"} or token.text in {"{", "}"}:
            self.clause_of_expressions = False
        if token.kind is Kind.PUNCT and token.text in _OPENERS:
            self.expression.append(self._opens_expression(token.text))
        elif token.kind is Kind.PUNCT and token.text in _CLOSERS and len(self.expression) > 1:
            self.expression.pop()
        self.previous = [*self.previous[-1:], token]
        return token

    def less_than_here(self) -> bool:
        inside = self.expression[-1] or self.eager
        return inside and bool(self.previous) and _ends_operand(self.previous[-1])

    def _opens_expression(self, bracket: str) -> bool:
        if bracket != "(":
            return False  # `{` opens a group, `[` a blank node: patterns again
        if self.expression[-1] or self.clause_of_expressions:
            return True
        before = self.previous[-1] if self.previous else None
        if len(self.expression) == 1:  # outside braces: select list, GROUP/ORDER BY, HAVING; or VALUES
            return before is None or before.text.upper() != "VALUES"
        if before is not None and before.kind is Kind.WORD and before.text.upper() not in _NOT_CALLS:
            return True  # FILTER(, BIND(, STR(, HAVING(, ASC(, SELECT (, BY (
        if before is not None and before.kind in {Kind.IRI, Kind.PNAME} and len(self.previous) > 1:
            first = self.previous[0]
            return first.kind is Kind.WORD and first.text.upper() == "FILTER"  # FILTER <f>(
        return False


def _ends_operand(token: Token) -> bool:
    if token.kind in _OPERAND_ENDS:
        return True
    if token.kind is Kind.PUNCT:
        return token.text in {")", "]"}
    return token.kind is Kind.WORD and token.text.lower() in {"true", "false"}


def _depth(found: list[Token]) -> int:
    """An upper bound of how deeply the parser recurses: open brackets plus chained operators in each."""
    chains = [0]  # chained operators so far at each open bracket level
    total, deepest = 0, 0  # total = sum over levels of (1 + chain), less the outermost level's 1
    for token in found:
        if token.kind is Kind.PUNCT and token.text in _OPENERS:
            chains.append(0)
            total += 1
        elif token.kind is Kind.PUNCT and token.text in _CLOSERS:
            if len(chains) == 1:
                raise QueryRefused(400, "SPARQL syntax error", f"unbalanced {token.text!r}")
            total -= 1 + chains.pop()
        elif (token.kind is Kind.PUNCT and token.text in _CHAINING_PUNCT) or (
            token.kind is Kind.WORD and token.text.upper() in _CHAINING_WORDS
        ):
            chains[-1] += 1
            total += 1
        elif token.kind is Kind.IRI:
            # Whatever the parser might read as code inside an IRI counts too, on top of this level.
            deepest = max(deepest, total + sum(c in _CODE_IN_IRI for c in token.text))
        deepest = max(deepest, total)
    return deepest


def _dataset(found: list[Token], result: Analysis) -> None:
    """Collect FROM / FROM NAMED IRIs, resolving prefixed names and relative IRIs as the parser does."""
    prefixes: dict[str, str] = {}
    base = ""
    for i, token in enumerate(found):
        word = token.text.upper() if token.kind is Kind.WORD else ""
        following = found[i + 1 : i + 3]
        if word == "BASE" and following and following[0].kind is Kind.IRI:
            base = urljoin(base, following[0].text[1:-1])
        elif word == "PREFIX" and len(following) == 2 and following[1].kind is Kind.IRI:
            prefixes[following[0].text[:-1]] = urljoin(base, following[1].text[1:-1])
        elif word == "FROM":
            named = (
                bool(following) and following[0].kind is Kind.WORD and following[0].text.upper() == "NAMED"
            )
            target = following[1] if named and len(following) > 1 else following[0] if following else None
            iri = _resolve(target, prefixes, base)
            if iri is None:
                raise QueryRefused(400, "Dataset clause refused", "FROM and FROM NAMED must give an IRI")
            (result.from_named if named else result.from_graphs).append(iri)


def _resolve(token: Token | None, prefixes: dict[str, str], base: str) -> str | None:
    if token is None:
        return None
    if token.kind is Kind.IRI:
        return urljoin(base, token.text[1:-1]) if base else token.text[1:-1]
    if token.kind is Kind.PNAME:
        prefix, _, local = token.text.partition(":")
        if prefix not in prefixes:
            raise QueryRefused(400, "SPARQL syntax error", f"undeclared prefix {prefix!r} in FROM")
        # PN_LOCAL_ESC: a backslash keeps the next character as it is; %-escapes stay encoded.
        unescaped, i = [], 0
        while i < len(local):
            if local[i] == "\\":
                i += 1
            unescaped.append(local[i])
            i += 1
        return prefixes[prefix] + "".join(unescaped)
    return None


def _is_cheap(found: list[Token]) -> bool:
    groups = [t for t in found if t.kind is Kind.PUNCT and t.text in _OPENERS]
    if len(groups) > 1 or any(t.text != "{" for t in groups):
        return False
    inside, terms = False, 0
    for token in found:
        if token.text == "{":
            inside = True
        elif token.text == "}":
            inside = False
        elif inside:
            if token.kind in _TERMS or (token.kind is Kind.WORD and token.text == "a"):
                terms += 1
            elif not (token.kind is Kind.PUNCT and token.text == "."):
                return False
        elif not _cheap_outside_group(token):
            return False
    return terms <= 3


def provably_cheap(found: list[Token]) -> bool:
    """Whether the query is, by its form, cheap to answer whatever the data: an `ASK` or a `SELECT`
    (`*` or variables) of at most one triple pattern whose three terms are distinct variables or
    constants (no paths, no repeated variable, which would scan for equal terms), with at most
    `LIMIT`/`OFFSET` (the offset at most `INLINE_OFFSET`), after `PREFIX`/`BASE` declarations.

    Its evaluation is one index lookup followed by a stream of matches, so reading at most N of them
    costs about N steps (`api/sparql/inline.py` reads a bounded number). Anything else — a second
    group, a keyword other than these, an operator — is not proved cheap.

    >>> from govlex.api.sparql.lexer import tokens
    >>> [provably_cheap(list(tokens(q))) for q in ("ASK {}", "SELECT ?o { <s> ?p ?o } LIMIT 5",
    ...     "SELECT * { ?s ?s ?o }", "SELECT ?o { <s> <p>/<q> ?o }", "SELECT ?o { <s> ?p ?o } OFFSET 99999")]
    [True, True, False, False, False]
    """
    words = [t.text.upper() if t.kind is Kind.WORD else "" for t in found]
    i = 0
    while i < len(found) and words[i] in {"PREFIX", "BASE"}:
        step = 3 if words[i] == "PREFIX" else 2
        declared = found[i + 1 : i + step]
        if len(declared) != step - 1 or declared[-1].kind is not Kind.IRI:
            return False
        if step == 3 and not (declared[0].kind is Kind.PNAME and declared[0].text.endswith(":")):
            return False
        i += step
    if i == len(found) or words[i] not in {"ASK", "SELECT"}:
        return False
    form = words[i]
    i += 1
    if form == "SELECT":
        if i < len(found) and found[i].text == "*":
            i += 1
        else:
            start = i
            while i < len(found) and found[i].kind is Kind.VAR:
                i += 1
            if i == start:
                return False
    if i < len(found) and words[i] == "WHERE":
        i += 1
    if i == len(found) or found[i].text != "{":
        return False
    close = next((j for j in range(i + 1, len(found)) if found[j].kind is Kind.PUNCT), None)
    if close is None:
        return False
    pattern = found[i + 1 : close]
    if found[close].text == ".":  # a pattern may end with a dot
        close += 1
        if pattern == [] or close == len(found):
            return False
    if found[close].text != "}" or not (pattern == [] or _single_pattern(pattern)):
        return False
    return _bounded_modifiers(found[close + 1 :], words[close + 1 :], allowed=form == "SELECT")


# An OFFSET skips that many matches before the first answer: bounded too.
INLINE_OFFSET = 1000
_CONSTANTS = {Kind.IRI, Kind.PNAME}


def _single_pattern(pattern: list[Token]) -> bool:
    """Three terms: subject and predicate variables or IRIs (`a` too as predicate), object also a plain
    or language-tagged string or a number; no variable twice."""
    terms = [t for t in pattern if t.kind is not Kind.LANGTAG]
    if len(terms) != 3 or (pattern[-1].kind is Kind.LANGTAG and pattern[-2].kind is not Kind.STRING):
        return False
    if any(t.kind is Kind.LANGTAG for t in pattern[:-1]):
        return False
    subject, predicate, obj = terms
    if subject.kind not in _CONSTANTS | {Kind.VAR}:
        return False
    if predicate.kind not in _CONSTANTS | {Kind.VAR} and not (
        predicate.kind is Kind.WORD and predicate.text == "a"
    ):
        return False
    if obj.kind not in _CONSTANTS | {Kind.VAR, Kind.STRING, Kind.NUMBER}:
        return False
    variables = [t.text[1:] for t in terms if t.kind is Kind.VAR]  # ?x and $x are the same variable
    return len(variables) == len(set(variables))


def _bounded_modifiers(rest: list[Token], words: list[str], allowed: bool) -> bool:
    """Nothing, or (SELECT only) `LIMIT n` and/or `OFFSET n` once each, the offset bounded."""
    if rest and not allowed:
        return False
    seen: set[str] = set()
    for i in range(0, len(rest), 2):
        word = words[i]
        if word not in {"LIMIT", "OFFSET"} or word in seen or i + 1 == len(rest):
            return False
        number = rest[i + 1]
        if number.kind is not Kind.NUMBER or not number.text.isdigit():
            return False
        if word == "OFFSET" and int(number.text) > INLINE_OFFSET:
            return False
        seen.add(word)
    return True


def _cheap_outside_group(token: Token) -> bool:
    if token.kind is Kind.WORD:
        return token.text.upper() in _CHEAP_FORMS
    return token.kind is not Kind.PUNCT or token.text == "*"


def check_query(text: str, max_depth: int, max_length: int) -> Analysis:
    """What the guard read in `text`; raises `QueryRefused` unless it is a read-only query this endpoint may run."""
    if len(text) > max_length:
        raise QueryRefused(413, "Query too long", f"the query exceeds {max_length} characters")
    if not text.strip():
        raise QueryRefused(400, "Empty query", "the query is empty")
    result = analyse(text)
    if result.depth > max_depth:
        raise QueryRefused(
            400,
            "Query too deeply nested",
            f"nesting depth {result.depth} (brackets and chained operators) exceeds the limit of {max_depth}",
        )
    first = next((w for w in result.words if w not in {"PREFIX", "BASE"}), "")
    if first in _UPDATE_WORDS:
        raise QueryRefused(
            403, "Read-only endpoint", f"this endpoint is read-only: SPARQL Update ({first}) is refused"
        )
    if result.service:
        raise QueryRefused(
            403,
            "SERVICE refused",
            "federated queries (SERVICE) are refused: this endpoint makes no outbound connections",
        )
    check_dataset(result.from_graphs + result.from_named)
    return result


def check_dataset(iris: list[str]) -> None:
    """Dataset IRIs (FROM, FROM NAMED, default-graph-uri, named-graph-uri) must be absolute IRIs of a
    graph-name scheme; one that names no graph of the store is an empty graph (it is never fetched)."""
    for iri in iris:
        scheme = iri.partition(":")[0].lower() if ":" in iri else ""
        if scheme not in GRAPH_SCHEMES:
            raise QueryRefused(
                400,
                "Dataset IRI refused",
                f"dataset IRIs name graphs ({', '.join(sorted(GRAPH_SCHEMES))} schemes); refused: {iri}",
            )
        try:
            NamedNode(iri)
        except ValueError as err:
            raise QueryRefused(400, "Dataset IRI refused", f"not an IRI: {iri} ({err})") from None
