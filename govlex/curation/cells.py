"""One cell's text and the RDF terms it stands for, in both directions, by the rules of its `Column`."""

import re

from rdflib import XSD, Literal, URIRef

from govlex.curation.sheet_model import SEPARATOR, Column, Value
from govlex.curation.turtle_text import Canon, qname

DATE_TYPES = {
    r"\d{4}-\d{2}-\d{2}": XSD.date,
    r"\d{4}-\d{2}": XSD.gYearMonth,
    r"\d{4}": XSD.gYear,
}
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
CJK = re.compile(r"[\u3400-\u9fff]")


def closest(text: str, candidates: list[str]) -> str | None:
    """The candidate most like `text` by edit distance, if any is reasonably close.

    >>> closest("autonomus-weapons-systems", ["autonomy", "autonomous-weapons-systems"])
    'autonomous-weapons-systems'
    """
    from rapidfuzz import fuzz, process

    best = process.extractOne(text, candidates, scorer=fuzz.ratio, score_cutoff=50)
    return best[0] if best else None


class CellError(ValueError):
    """A cell that cannot be read: what is wrong and, when one is close, a suggestion."""

    def __init__(self, message: str, suggestion: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.suggestion, self.hint = suggestion, hint


def fits(column: Column, term: Canon) -> bool:
    """True when `term` can be written in `column` and read back unchanged."""
    if isinstance(term, tuple) or (column.multi and "|" in term):
        return False  # a blank node has its own sheet; a pipe would split the cell
    match column.value:
        case Value.REF:
            return isinstance(term, URIRef)
        case Value.TEXT:
            return isinstance(term, Literal) and term.language == column.lang
        case Value.PLAIN:
            return isinstance(term, Literal) and term.language is None and term.datatype is None
        case Value.TYPED:
            return isinstance(term, Literal) and term.datatype == column.datatype
        case Value.DATE:
            return (
                isinstance(term, Literal)
                and term.datatype in DATE_TYPES.values()
                and any(re.fullmatch(p, str(term)) and t == term.datatype for p, t in DATE_TYPES.items())
            )
    return False


def cell_text(column: Column, term: Canon, namespaces: dict[str, str]) -> str:
    """How `term` is written in a cell of `column` (slugs in the column's own namespace, else CURIEs)."""
    if isinstance(term, URIRef):
        own = namespaces.get(column.namespace or "")
        if own and term.startswith(own) and SLUG.fullmatch(term[len(own) :]):
            return term[len(own) :]
        return qname(term, namespaces)
    return str(term)


def parse_value(column: Column, text: str, namespaces: dict[str, str]) -> URIRef | Literal:
    """The RDF term one value of a cell stands for; raises CellError saying what is wrong."""
    match column.value:
        case Value.REF | Value.SUBJECT:
            return parse_reference(text, column.namespace, namespaces)
        case Value.TEXT:
            if column.lang == "zh-Hans" and not CJK.search(text):
                raise CellError(
                    "a Chinese column holds no Chinese characters", hint="put the text in the English column"
                )
            return Literal(text, lang=column.lang)
        case Value.PLAIN:
            return Literal(text)
        case Value.TYPED:
            return _typed(column, text)
        case Value.DATE:
            for pattern, datatype in DATE_TYPES.items():
                if re.fullmatch(pattern, text):
                    return Literal(text, datatype=datatype)
            raise CellError("not a date", hint="write it as 2024-04-06, 2024-04 or 2024")
    raise CellError(f"column kind {column.value.value} has no single value")


def _typed(column: Column, text: str) -> Literal:
    if column.datatype == XSD.positiveInteger and not re.fullmatch(r"[1-9]\d*", text):
        raise CellError("not a positive whole number", hint="write a number such as 9")
    if column.datatype == XSD.decimal:
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise CellError("not a decimal number", hint="write a number such as 0.8")
        if not 0 <= float(text) <= 1 and column.header == "confidence":
            raise CellError("a confidence lies between 0 and 1", hint="write a number such as 0.8")
    if column.datatype == XSD.anyURI and not re.fullmatch(r"https?://\S+", text):
        raise CellError("not a web address", hint="write it starting with https://")
    return Literal(text, datatype=column.datatype)


def parse_reference(text: str, namespace: str | None, namespaces: dict[str, str]) -> URIRef:
    """A slug in `namespace`, a CURIE with a known prefix, or an <IRI>."""
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if ":" in text:
        prefix, local = text.split(":", 1)
        if prefix in namespaces:
            return URIRef(namespaces[prefix] + local)
        best = closest(prefix, list(namespaces))
        raise CellError(f"unknown prefix `{prefix}:`", f"{best}:{local}" if best else None)
    if namespace is None:
        raise CellError("needs a prefix", hint="write it as a CURIE such as vair:Autonomy or as <https://…>")
    if not SLUG.fullmatch(text):
        raise CellError("not a slug", re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-"))
    return URIRef(namespaces[namespace] + text)


def split(column: Column, text: str) -> list[str]:
    """The values of a cell: several for a multi-valued column, separated by SEPARATOR."""
    text = text.strip()
    if not text:
        return []
    if column.multi:
        return [part.strip() for part in text.split(SEPARATOR.strip()) if part.strip()]
    return [text]
