"""Media types of the endpoint and the serialisers of capped results.

Results are capped, so they are written from the first `cap` solutions rather than by the store's
serialiser (which can only write a whole result); RDF results go through pyoxigraph's own writers.
This module imports only pyoxigraph and the standard library: the query workers load it.
"""

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from govlex.namespace import XSD

XSD_STRING = XSD + "string"

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
GRAPH_MEDIA = {
    "turtle": ("text/turtle; charset=utf-8", RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", RdfFormat.RDF_XML),
}

Term = NamedNode | BlankNode | Literal | Triple


def negotiate(accept: str | None, offered: dict[str, str], default: str) -> str:
    """The offered format the Accept header prefers (q-values honoured); `default` when none fits.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, "json")
    'xml'
    >>> negotiate("*/*", RESULT_TYPES, "json"), negotiate(None, GRAPH_TYPES, "turtle")
    ('json', 'turtle')
    """
    best, best_q = default, 0.0
    for position, part in enumerate((accept or "").split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        name = offered.get(media.strip().lower())
        # Earlier entries win ties, as clients list their preference first.
        if name is not None and q > best_q + 1e-9 * position:
            best, best_q = name, q
    return best


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")},
    }


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, NamedNode | Literal) else str(term)


def write_solutions(variables: Sequence[str], rows: Sequence[Sequence[Term | None]], fmt: str) -> bytes:
    """SELECT results in `fmt` (json, xml, csv, tsv) from rows of terms in `variables` order."""
    if fmt == "json":
        bindings = [
            {name: _json_term(term) for name, term in zip(variables, row, strict=True) if term is not None}
            for row in rows
        ]
        doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            parts += [
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            ]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_boolean(value: bool, fmt: str) -> bytes:
    """ASK results in `fmt`."""
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if fmt in {"csv", "tsv"}:
        return b"true\n" if value else b"false\n"
    return b'{"head":{},"boolean":true}' if value else b'{"head":{},"boolean":false}'


def write_triples(triples: Sequence[Triple], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """CONSTRUCT / DESCRIBE results in `fmt` (turtle, ntriples, jsonld, rdfxml)."""
    rdf_format = GRAPH_MEDIA[fmt][1]
    use_prefixes = prefixes if rdf_format in {RdfFormat.TURTLE, RdfFormat.RDF_XML} else None
    out = serialize(triples, format=rdf_format, prefixes=use_prefixes)
    return out or b""
