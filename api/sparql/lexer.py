"""A tokenizer for SPARQL 1.1 that follows the grammar's terminals exactly (SPARQL 1.1 Query, §19.8).

The guard decides from these tokens whether a query holds SERVICE, which graphs its FROM clauses
name, and how deeply it nests. A scanner that only skips "strings, IRIs and comments" is fooled by the
grammar's corners (an escaped `#` in a prefixed name, a no-break space inside an IRI), so every
terminal is matched here with the character classes of the grammar, longest match first, and
anything that is no terminal at all is refused rather than skipped.

SPARQL 1.1 (§19.2) applies `\\u`/`\\U` escapes to the whole text before parsing; pyoxigraph 0.5, like
SPARQL 1.2, reads them only inside strings and IRIs. The tokens here follow pyoxigraph (escapes are
part of the string and IRI terminals) and the guard also reads the text with escapes applied, so
that a server that parses either way is covered. A differential test
(tests/issues/test_11_query_lexer.py) checks these tokens against pyoxigraph's parser.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    IRI = "IRIREF"
    PNAME = "prefixed name"
    BNODE = "blank node label"
    VAR = "variable"
    LANGTAG = "language tag"
    NUMBER = "number"
    STRING = "string"
    NIL = "NIL"
    ANON = "ANON"
    WORD = "keyword"
    PUNCT = "punctuation"


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    start: int


class LexError(ValueError):
    """Text that is no SPARQL terminal, at character `position`."""

    def __init__(self, position: int, text: str) -> None:
        super().__init__(f"no SPARQL token at character {position + 1}: {text!r}")
        self.position = position


# [164] PN_CHARS_BASE, [165] PN_CHARS_U, [167] PN_CHARS: character classes copied from the grammar.
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_VARNAME = f"[{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = f"\\\\[tbnrf\\\\\"']|{_UCHAR}"
_EXPONENT = r"[eE][+-]?[0-9]+"
_WS = "[ \t\r\n]"

# Order matters only where two terminals match the same length; longer matches win (see `tokens`).
_TERMINALS: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.IRI, re.compile(f'<(?:[^<>"{{}}|^`\\\\\\x00-\\x20]|{_UCHAR})*>')),
    (Kind.PNAME, re.compile(f"(?:{_PREFIX})?:(?:{_LOCAL})?")),
    (Kind.BNODE, re.compile(f"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?")),
    (Kind.VAR, re.compile(f"[?$]{_VARNAME}")),
    (Kind.LANGTAG, re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")),
    (
        Kind.NUMBER,
        re.compile(
            f"[0-9]+\\.[0-9]*{_EXPONENT}|\\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}|[0-9]*\\.[0-9]+|[0-9]+"
        ),
    ),
    (
        Kind.STRING,
        re.compile(
            f"'''(?:(?:'|'')?(?:[^'\\\\]|{_ECHAR}))*'''"
            f'|"""(?:(?:"|"")?(?:[^"\\\\]|{_ECHAR}))*"""'
            f"|'(?:[^'\\\\\\n\\r]|{_ECHAR})*'"
            f'|"(?:[^"\\\\\\n\\r]|{_ECHAR})*"'
        ),
    ),
    (Kind.NIL, re.compile(f"\\({_WS}*\\)")),
    (Kind.ANON, re.compile(f"\\[{_WS}*\\]")),
    (Kind.WORD, re.compile(r"[A-Za-z][A-Za-z0-9_]*")),
    (Kind.PUNCT, re.compile(r"\^\^|\|\||&&|!=|<=|>=|[{}()\[\];,.!^|=<>+\-*/?]")),
]
_SKIP = re.compile(f"(?:{_WS}+|#[^\\n\\r]*)+")
CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL 1.1's \u / \U escapes to the whole text, as its §19.2 says a parser does first.

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """

    def codepoint(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise LexError(match.start(), match.group())
        return chr(value)

    return CODEPOINT_ESCAPE.sub(codepoint, text)


def tokens(text: str, less_than_here: Callable[[], bool] = lambda: False) -> Iterator[Token]:
    r"""The terminals of `text` (escapes already applied), skipping whitespace and comments.

    The grammar's terminals overlap in one place: `<` begins an IRIREF and is also less-than. The
    parser decides by context, so the caller does too: where `less_than_here()` (asked after every
    earlier token was consumed) is true, `<` is an operator.

    >>> [t.text for t in tokens(r'SELECT * { ?s ex:a\#b "#x" } # c')]
    ['SELECT', '*', '{', '?s', 'ex:a\\#b', '"#x"', '}']
    """
    position, end = 0, len(text)
    while True:
        skipped = _SKIP.match(text, position)
        if skipped:
            position = skipped.end()
        if position >= end:
            return
        best: re.Match[str] | None = None
        best_kind = Kind.PUNCT
        operator_here = text.startswith("<", position) and less_than_here()
        for kind, pattern in _TERMINALS:
            if kind is Kind.IRI and operator_here:
                continue
            match = pattern.match(text, position)
            if match and (best is None or match.end() > best.end()):
                best, best_kind = match, kind
        if best is None or best.end() == position:
            raise LexError(position, text[position : position + 20])
        yield Token(best_kind, best.group(), position)
        position = best.end()
