"""The `WellTypedLiteral` check: a literal whose text is not a value of its datatype (`"yesterday"^^xsd:date`,
`"high"^^xsd:decimal`) is reported with its file and line.

The parsers accept such a literal without complaint (rdflib only logs a warning with a traceback,
silenced in `govlex.loading`), SHACL's `sh:datatype` only sees the properties a shape names, and
owlready2 fails on it with no file or line. So every typed literal of the ontology and the data, as
written (`LoadedSources.typed_literals`), is checked once, here, with rdflib's own verdict
(`Literal.ill_typed`) for the datatypes it knows (the XSD ones).
"""

from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral

from govlex.loading import LoadedSources
from govlex.problems import Problem

WELL_TYPED_CHECK = "WellTypedLiteral"


def ill_typed_literals(sources: LoadedSources) -> list[Problem]:
    """One problem per triple whose object is an ill-typed literal, located at the line that writes it."""
    problems = []
    verdicts: dict[tuple[str, str], bool] = {}  # the same dates and numbers recur thousands of times
    for subject, predicate, value in sources.typed_literals:
        if not (isinstance(value, Literal) and isinstance(subject, NamedNode | BlankNode)):
            continue
        key = (value.value, value.datatype.value)
        if key not in verdicts:
            verdicts[key] = bool(RdfLiteral(key[0], datatype=URIRef(key[1])).ill_typed)
        if not verdicts[key]:
            continue
        node = URIRef(subject.value) if isinstance(subject, NamedNode) else BNode(subject.value)
        datatype = sources.index.shorten(URIRef(value.datatype.value))
        file, line = sources.index.locate_literal(node, value.value)
        problems.append(
            Problem(
                check=WELL_TYPED_CHECK,
                message=f'"{value.value}" is not a valid {datatype}; write a value of that type, or change the type',
                subject=subject.value if isinstance(subject, NamedNode) else "(blank node)",
                path=predicate.value,
                file=file,
                line=line,
            )
        )
    return problems
