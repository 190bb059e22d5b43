"""The OBO flat-file format (`.obo`), read a line at a time and written out as N-Triples for pyoxigraph.

Only what linking uses is translated, the way the OBO-to-OWL mapping does it: each `[Term]` becomes an
`owl:Class` with `name` (rdfs:label), `synonym` (oboInOwl:has{Exact,Narrow,Broad,Related}Synonym by
its scope), `def` (IAO:0000115), `comment` (rdfs:comment), `is_a` (rdfs:subClassOf), `is_obsolete`
(owl:deprecated), `replaced_by` (IAO:0100001) and `consider` (oboInOwl:consider). Every other tag, and
`[Typedef]`/`[Instance]` stanzas, is counted as skipped. Identifiers `PREFIX:LOCAL` become OBO PURLs
(`http://purl.obolibrary.org/obo/PREFIX_LOCAL`) unless the header declares an `idspace` for the prefix.

A reader of its own rather than a package: this subset is small, and reading line by line keeps memory
flat for any file size and lets every error name its line.
"""

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from govlex.errors import InputError
from govlex.linking.vocabulary import (
    BROAD_SYNONYM,
    CONSIDER,
    EXACT_SYNONYM,
    IAO_DEFINITION,
    NARROW_SYNONYM,
    OBO,
    RELATED_SYNONYM,
    TERM_REPLACED_BY,
)
from govlex.namespace import OWL, RDF_TYPE, RDFS, XSD

SCOPES = {
    "EXACT": EXACT_SYNONYM,
    "NARROW": NARROW_SYNONYM,
    "BROAD": BROAD_SYNONYM,
    "RELATED": RELATED_SYNONYM,
}
# OBO 1.0 wrote each scope as a tag of its own.
_OLD_SYNONYM_TAGS = {f"{scope.lower()}_synonym": prop for scope, prop in SCOPES.items()}
_LITERAL_TAGS = {"name": RDFS + "label", "comment": RDFS + "comment"}
_REFERENCE_TAGS = {"is_a": RDFS + "subClassOf", "replaced_by": TERM_REPLACED_BY, "consider": CONSIDER}
_ESCAPES = {"n": "\n", "t": "\t", "W": " "}
_STANZA = re.compile(r"^\[([^\]]*)\]\s*$")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"(.*)$', re.DOTALL)
_IRI_SAFE = "/:#?&=;@!$'()*+,%~.-_"


@dataclass
class OboReport:
    """What a conversion produced: the N-Triples file, how many terms, and what it skipped."""

    ntriples: Path
    terms: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skipped_lines(self) -> list[str]:
        """One sentence per kind of thing skipped, most frequent first."""
        return [f"{count:,} {what} skipped" for what, count in self.skipped.most_common()]


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _without_trailers(value: str) -> str:
    """A value without its `! comment` and `{qualifiers}` (unless escaped)."""
    bang = re.search(r"(?<!\\)!", value)
    if bang:
        value = value[: bang.start()]
    value = value.rstrip()
    if value.endswith("}") and "{" in value:
        value = value[: value.rindex("{")]
    return value.strip()


def _quoted(value: str, path: Path, number: int) -> tuple[str, str]:
    """The leading quoted string of `value`, unescaped, and what follows it."""
    if not value.startswith('"'):
        raise InputError(path, f'expected a quoted "text" at the start of {value[:40]!r}', line=number)
    match = _QUOTED.match(value)
    if match is None:
        raise InputError(path, "the quoted text is not closed", line=number)
    return _unescape(match.group(1)), match.group(2).strip()


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


class _Writer:
    """Turns stanzas into N-Triples on `out`."""

    def __init__(self, out: TextIO, path: Path) -> None:
        self.out, self.path = out, path
        self.ontology: str | None = None
        self.idspaces: dict[str, str] = {}

    def iri(self, identifier: str, number: int) -> str:
        identifier = _unescape(identifier.strip())
        if not identifier or " " in identifier:
            raise InputError(self.path, f"{identifier!r} is not an identifier", line=number)
        if identifier.startswith(("http://", "https://")):
            return quote(identifier, safe=_IRI_SAFE)
        prefix, colon, local = identifier.partition(":")
        if colon and prefix:
            base = self.idspaces.get(prefix, f"{OBO}{prefix}_")
            return base + quote(local, safe=_IRI_SAFE)
        base = f"{OBO}{self.ontology}#" if self.ontology else f"{self.path.as_uri()}#"
        return base + quote(identifier, safe=_IRI_SAFE)

    def triple(self, subject: str, predicate: str, value: str) -> None:
        self.out.write(f"<{subject}> <{predicate}> {value} .\n")


def _tags(stream: TextIO, path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number, tag, value) for each tag line; a stanza header comes as ("[", name)."""
    for number, raw in enumerate(stream, start=1):
        line = raw.strip()
        if not line or line.startswith("!"):
            continue
        stanza = _STANZA.match(line)
        if stanza:
            yield number, "[", stanza.group(1).strip()
            continue
        tag, colon, value = line.partition(":")
        if not colon or not tag or " " in tag.strip():
            raise InputError(
                path, f"expected 'tag: value' or a [Stanza] header, found {line[:60]!r}", line=number
            )
        yield number, tag.strip(), value.strip()


def obo_to_ntriples(path: Path, source: str, target: Path) -> OboReport:
    """Convert the OBO file at `path` into N-Triples at `target`; errors name `source` and the line."""
    shown = Path(source)
    report = OboReport(target)
    stanza: str | None = None  # None in the header
    subject: str | None = None
    stanza_line = 0
    try:
        with path.open(encoding="utf-8") as stream, target.open("w", encoding="utf-8") as out:
            writer = _Writer(out, shown)
            for number, tag, value in _tags(stream, shown):
                if tag == "[":
                    _check_term_closed(stanza, subject, shown, stanza_line)
                    stanza, subject, stanza_line = value, None, number
                    if stanza != "Term":
                        report.skipped[f"[{stanza}] stanza(s)"] += 1
                    continue
                if stanza is None:
                    _header(writer, tag, value)
                elif stanza == "Term":
                    subject = _term_tag(writer, report, subject, tag, value, number)
            _check_term_closed(stanza, subject, shown, stanza_line)
    except UnicodeDecodeError as err:
        raise InputError(shown, f"not UTF-8 text: {err.reason} at byte {err.start}") from None
    return report


def _check_term_closed(stanza: str | None, subject: str | None, path: Path, line: int) -> None:
    if stanza == "Term" and subject is None:
        raise InputError(path, "[Term] stanza without an id", line=line)


def _header(writer: _Writer, tag: str, value: str) -> None:
    if tag == "ontology":
        writer.ontology = _without_trailers(value)
    elif tag == "idspace":
        parts = _without_trailers(value).split()
        if len(parts) >= 2:
            writer.idspaces[parts[0]] = parts[1]


def _term_tag(
    writer: _Writer, report: OboReport, subject: str | None, tag: str, value: str, number: int
) -> str | None:
    """Write what one tag of a [Term] says; returns the term's IRI once its `id` has been read."""
    if tag == "id":
        subject = writer.iri(_without_trailers(value), number)
        writer.triple(subject, RDF_TYPE, f"<{OWL}Class>")
        report.terms += 1
        return subject
    if subject is None:
        raise InputError(writer.path, f"'{tag}' before the stanza's id", line=number)
    if tag in _LITERAL_TAGS:
        writer.triple(subject, _LITERAL_TAGS[tag], _literal(_unescape(_without_trailers(value))))
    elif tag == "def":
        text, _ = _quoted(value, writer.path, number)
        writer.triple(subject, IAO_DEFINITION, _literal(text))
    elif tag == "synonym" or tag in _OLD_SYNONYM_TAGS:
        text, rest = _quoted(value, writer.path, number)
        scope = rest.split()[0] if rest and not rest.startswith("[") else "RELATED"
        if tag != "synonym":
            prop = _OLD_SYNONYM_TAGS[tag]
        elif scope in SCOPES:
            prop = SCOPES[scope]
        else:
            raise InputError(
                writer.path, f"synonym scope {scope!r} is not EXACT, NARROW, BROAD or RELATED", line=number
            )
        writer.triple(subject, prop, _literal(text))
    elif tag in _REFERENCE_TAGS:
        writer.triple(subject, _REFERENCE_TAGS[tag], f"<{writer.iri(_without_trailers(value), number)}>")
    elif tag == "is_obsolete":
        if _without_trailers(value) == "true":
            writer.triple(subject, OWL + "deprecated", f'"true"^^<{XSD}boolean>')
    else:
        report.skipped[f"'{tag}' line(s)"] += 1
    return subject
