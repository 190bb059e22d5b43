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
OWL/XML, which owlready2 reads with expat, passes the same check first.
"""

from dataclasses import dataclass

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
    declarations = []
    for chunk in text.split("<")[1:]:
        if chunk.startswith("!ATTLIST") and "&" in chunk:
            raise UnsafeXml(source, "an attribute default refers to an entity (expanded once per element)")
        if not chunk.startswith("!ENTITY"):
            continue
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
            raise UnsafeXml(
                source, f"entity {name!r} refers to other entities or characters (nested expansion)"
            )
        declarations.append(EntityDeclaration(name, value))
    return declarations


def check_entities(data: bytes, source: str, max_expansion: int) -> None:
    """Raise `UnsafeXml` unless every entity of `data` is a plain abbreviation and all of them together
    add at most `max_expansion` bytes.

    >>> doc = '<!DOCTYPE r [<!ENTITY ex "http://example.org/">]><r a="&ex;x" b="&ex;y"/>'.encode()
    >>> check_entities(doc, "f", max_expansion=100)
    >>> check_entities(doc, "f", max_expansion=10)
    Traceback (most recent call last):
    govlex.linking.xmlentities.UnsafeXml: f: refused before parsing: its entities would add 38 bytes, over the limit of 10
    """
    if b"<!ENTITY" not in data and b"<!ATTLIST" not in data:
        return
    text = data.decode("utf-8", errors="replace")
    added = 0
    for declaration in entity_declarations(text, source):
        added += text.count(f"&{declaration.name};") * len(declaration.value.encode("utf-8"))
        if added > max_expansion:
            raise UnsafeXml(
                source, f"its entities would add {added:,} bytes, over the limit of {max_expansion:,}"
            )
