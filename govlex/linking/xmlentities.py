"""Refusing XML whose entities could expand without bound (billion laughs) or reach outside the file.

RDF/XML is parsed by pyoxigraph, whose parser expands the entities a DOCTYPE declares, resolving
entities inside entity values when it reads the declaration: ten nested declarations make a 1 KB file
expand to gigabytes. No Python-level setting reaches that Rust parser (defusedxml and expat's own
amplification limit guard only Python's expat-based parsers), so the bytes are checked before it sees
them. What stays allowed is what Protégé and other editors write into every RDF/XML ontology: plain
abbreviations such as `<!ENTITY owl "http://www.w3.org/2002/07/owl#">`.

The declarations are read the way pyoxigraph reads them (every `<!ENTITY` after a `<`, name, then a
value in double quotes), over the whole document rather than only the DOCTYPE, so this check sees at
least what the parser will. It refuses parameter entities, external entities (SYSTEM, PUBLIC) and
values that refer to other entities or characters (nesting), and it bounds the total expansion: every
`&name;` in the document counted at its value's length, even where the parser would not expand it.
OWL/XML, which owlready2 reads with expat, passes the same check first. The file is read in chunks,
twice (declarations, then references), so a document of any size is checked in little memory.
"""

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from govlex.errors import GovlexError

# Rust's `str::trim_start` strips Unicode White_Space; pyoxigraph's reading of a declaration uses it.
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
_ASCII_WHITE_SPACE = "\t\n\x0c\r "


class UnsafeXml(GovlexError):
    """An XML document whose entity declarations govlex will not let a parser expand."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: refused before parsing: {reason}")


_CHUNK = 1 << 20
# Longest markup text kept per `<`: declarations are short; a longer one is refused, not cut.
_KEPT = 1 << 20


@dataclass(frozen=True)
class EntityDeclaration:
    name: str
    value: str


def entity_declarations(text: str, source: str) -> list[EntityDeclaration]:
    """The general entities `text` declares, as pyoxigraph would read them; anything else is refused.

    >>> entity_declarations('<!DOCTYPE r [ <!ENTITY owl "http://www.w3.org/2002/07/owl#" > ]><r/>', "f")
    [EntityDeclaration(name='owl', value='http://www.w3.org/2002/07/owl#')]
    >>> entity_declarations('<!DOCTYPE r [<!ENTITY a "&b;&b;">]><r/>', "f")
    Traceback (most recent call last):
    govlex.linking.xmlentities.UnsafeXml: f: refused before parsing: entity 'a' refers to other entities or characters (nested expansion)
    """
    return [d for d in (_declaration(piece, source) for piece in text.split("<")[1:]) if d]


def _declaration(chunk: str, source: str) -> EntityDeclaration | None:
    """The entity that the markup after one `<` declares, None when it declares none; refuses the rest."""
    if chunk.startswith("!ATTLIST") and "&" in chunk:
        raise UnsafeXml(source, "an attribute default refers to an entity (expanded once per element)")
    if not chunk.startswith("!ENTITY"):
        return None
    if len(chunk) >= _KEPT:
        raise UnsafeXml(source, f"an entity declaration is longer than {_KEPT:,} characters")
    rest = chunk.removeprefix("!ENTITY").lstrip(_WHITE_SPACE)
    if rest.startswith("%"):
        raise UnsafeXml(source, "parameter entities (<!ENTITY % …>) are not allowed")
    name = rest
    for index, character in enumerate(rest):
        if character in _ASCII_WHITE_SPACE:
            name, rest = rest[:index], rest[index:]
            break
    else:
        raise UnsafeXml(source, f"entity declaration {chunk[:40]!r} has no value")
    rest = rest.lstrip(_WHITE_SPACE)
    if not rest.startswith('"'):
        raise UnsafeXml(
            source, f"entity {name!r} is external (SYSTEM/PUBLIC) or its value is not in double quotes"
        )
    value, closed, _ = rest[1:].partition('"')
    if not closed:
        raise UnsafeXml(source, f"entity {name!r} has an unterminated value")
    if "&" in value:
        raise UnsafeXml(source, f"entity {name!r} refers to other entities or characters (nested expansion)")
    return EntityDeclaration(name, value)


def _texts(path: Path) -> Iterator[str]:
    """The file decoded as UTF-8 (bad bytes replaced, as the check always did), a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _pieces(path: Path) -> Iterator[str]:
    """The text after each `<` of the file, up to the next `<` and at most `_KEPT` characters."""
    current: str | None = None
    for text in _texts(path):
        parts = text.split("<")
        if current is not None and len(current) < _KEPT:
            current += parts[0][: _KEPT - len(current)]
        for part in parts[1:]:
            if current is not None:
                yield current
            current = part[:_KEPT]
    if current is not None:
        yield current


def _references(path: Path, names: set[str]) -> dict[str, int]:
    """How often each of `names` is referred to (`&name;`) in the file."""
    longest = max(map(len, names))
    pattern = re.compile(f"&([^&;]{{1,{longest}}});")
    counts = dict.fromkeys(names, 0)

    def count(text: str) -> None:
        for match in pattern.finditer(text):
            if match.group(1) in counts:
                counts[match.group(1)] += 1

    carried = ""
    for text in _texts(path):
        text = carried + text
        # A reference cut by the chunk's end is carried over whole to the next chunk.
        cut = text.rfind("&")
        if cut < len(text) - longest - 1:
            cut = len(text)
        count(text[:cut])
        carried = text[cut:]
    count(carried)
    return counts


def check_entities(path: Path, source: str, max_expansion: int) -> None:
    """Raise `UnsafeXml` unless every entity of the XML file at `path` is a plain abbreviation and all
    of them together add at most `max_expansion` bytes.

    >>> import tempfile
    >>> doc = Path(tempfile.mkstemp(suffix=".rdf")[1])
    >>> _ = doc.write_text('<!DOCTYPE r [<!ENTITY ex "http://example.org/">]><r a="&ex;x" b="&ex;y"/>')
    >>> check_entities(doc, "f", max_expansion=100)
    >>> check_entities(doc, "f", max_expansion=10)
    Traceback (most recent call last):
    govlex.linking.xmlentities.UnsafeXml: f: refused before parsing: its entities would add 38 bytes, over the limit of 10
    >>> doc.unlink()
    """
    declarations = [d for d in (_declaration(piece, source) for piece in _pieces(path)) if d]
    if not declarations:
        return
    references = _references(path, {d.name for d in declarations})
    added = 0
    for declaration in declarations:
        added += references[declaration.name] * len(declaration.value.encode("utf-8"))
        if added > max_expansion:
            raise UnsafeXml(
                source, f"its entities would add {added:,} bytes, over the limit of {max_expansion:,}"
            )
