"""The `WellTypedLiteral` check: a literal whose text is not a value of its datatype (`"yesterday"^^xsd:date`,
`"high"^^xsd:decimal`) is reported with its file and line.

rdflib parses such a literal without complaint (it only logs a warning with a traceback, silenced in
`govlex.loading`), SHACL's `sh:datatype` only sees the properties a shape names, and owlready2 fails
on it with no file or line. So every literal of the ontology and the data is checked once, here, with
rdflib's own verdict (`Literal.ill_typed`) for the datatypes it knows (the XSD ones).
"""

from rdflib import BNode, Literal, URIRef

from govlex.loading import LoadedSources
from govlex.problems import Problem

WELL_TYPED_CHECK = "WellTypedLiteral"


def ill_typed_literals(sources: LoadedSources) -> list[Problem]:
    """One problem per triple whose object is an ill-typed literal, located at the line that writes it."""
    problems = []
    for graph in (sources.ontology, sources.data):
        for subject, predicate, value in graph:
            if not (isinstance(value, Literal) and value.ill_typed and isinstance(subject, URIRef | BNode)):
                continue
            datatype = sources.index.shorten(URIRef(str(value.datatype)))
            file, line = sources.index.locate_literal(subject, str(value))
            problems.append(
                Problem(
                    check=WELL_TYPED_CHECK,
                    message=f'"{value}" is not a valid {datatype}; write a value of that type, or change the type',
                    subject=str(subject) if isinstance(subject, URIRef) else "(blank node)",
                    path=str(predicate),
                    file=file,
                    line=line,
                )
            )
    return problems
