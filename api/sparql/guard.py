"""Checks on a query's text before any parser or store sees it.

The embedded store's parser recurses, so a thousand nested braces would overflow its stack: depth is
measured here first, by a scanner that skips strings, IRIs and comments. The same scan finds what a
public read-only endpoint refuses: SPARQL Update operations, SERVICE (which would make the server
open connections), and dataset clauses naming anything but the store's own graphs.
"""

import re
from dataclasses import dataclass, field

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_OPENERS, _CLOSERS = "{([", "})]"
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's \u / \U escapes, which a parser may process before anything else (so scan this form).

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """
    return _CODEPOINT.sub(lambda m: chr(min(int(m.group(1) or m.group(2), 16), 0x10FFFF)), text)


class QueryRefused(Exception):
    """A request the endpoint will not run; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


@dataclass
class Scan:
    """What the scanner saw: the deepest nesting, keywords in order, and the dataset clauses."""

    depth: int = 0
    words: list[str] = field(default_factory=list)
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)


def scan(text: str) -> Scan:
    """Walk the query once, outside strings, IRIs and comments.

    >>> s = scan('SELECT * FROM <http://g#x> { ?s ?p "}}{{" . { ?s <p> ?o } } # {{{')
    >>> s.depth, s.from_graphs, s.words[:2]
    (2, ['http://g#x'], ['SELECT', 'FROM'])
    """
    result = Scan()
    depth, i, n = 0, 0, len(text)
    pending: str | None = None  # "FROM" or "FROM NAMED" awaiting its IRI
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<" and (match := _IRI.match(text, i)):
            if pending is not None:
                (result.from_named if pending == "FROM NAMED" else result.from_graphs).append(
                    match.group()[1:-1]
                )
                pending = None
            i = match.end()
        elif c in _OPENERS:
            depth += 1
            result.depth = max(result.depth, depth)
            i += 1
        elif c in _CLOSERS:
            depth -= 1
            i += 1
        elif c in "?$" or ((c == ":" or c.isalnum() or c == "_") and i > 0 and text[i - 1] in "?$:"):
            match = _WORD.match(text, i + 1) if c in "?$" else _WORD.match(text, i)
            i = match.end() if match else i + 1
        elif match := _WORD.match(text, i):
            word = match.group().upper()
            i = match.end()
            if i < n and text[i] == ":":  # a prefixed name, not a keyword
                i += 1
                continue
            result.words.append(word)
            if pending == "FROM" and word == "NAMED":
                pending = "FROM NAMED"
            elif word == "FROM":
                pending = "FROM"
            elif pending is not None:
                raise QueryRefused(
                    400, "Dataset clause refused", "FROM and FROM NAMED must give a full <IRI>"
                )
        else:
            i += 1
    return result


def check_query(text: str, max_depth: int, graphs: set[str]) -> Scan:
    """What the scan of `text` found; raises `QueryRefused` unless it is a read-only query this endpoint may run."""
    if not text.strip():
        raise QueryRefused(400, "Empty query", "the query is empty")
    result = scan(unescape_codepoints(text))
    if result.depth > max_depth:
        raise QueryRefused(
            400, "Query too deeply nested", f"nesting depth {result.depth} exceeds the limit of {max_depth}"
        )
    first = next((w for w in result.words if w not in {"PREFIX", "BASE"}), "")
    if first in _UPDATE_WORDS:
        raise QueryRefused(
            403, "Read-only endpoint", f"this endpoint is read-only: SPARQL Update ({first}) is refused"
        )
    if "SERVICE" in result.words:
        raise QueryRefused(
            403,
            "SERVICE refused",
            "federated queries (SERVICE) are refused: this endpoint makes no outbound connections",
        )
    check_dataset(result.from_graphs + result.from_named, graphs)
    return result


def check_dataset(iris: list[str], graphs: set[str]) -> None:
    """Dataset IRIs (FROM, FROM NAMED, default-graph-uri, named-graph-uri) may only name the store's graphs."""
    unknown = [iri for iri in iris if iri not in graphs]
    if unknown:
        raise QueryRefused(
            400,
            "Unknown graph",
            f"dataset IRIs must name graphs of this store; unknown: {', '.join(unknown)}; "
            f"known: {', '.join(sorted(graphs))}",
        )
