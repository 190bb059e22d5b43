"""SHACL Core property shapes compiled to SPARQL and run on the embedded store (Oxigraph).

pySHACL walks rdflib graphs in Python: at 10,000 concepts its core shapes alone take longer than the
whole validation may. Each property shape that uses only the components below becomes one SPARQL query
per component, evaluated for all focus nodes at once, reporting the same shape name, message, focus
node, value and path as pySHACL does (`tests/test_shacl_sparql.py` runs both on every fixture and
compares the results):

    sh:minCount, sh:maxCount, sh:class, sh:datatype, sh:in, sh:nodeKind sh:IRI, sh:pattern (without
    flags or look-around), sh:minLength, sh:minInclusive, sh:maxInclusive, and sh:qualifiedValueShape
    [ sh:languageIn (...) ] with sh:qualifiedMinCount / sh:qualifiedMaxCount;

over a predicate, a sequence or an alternative path, for node shapes targeting classes (and their
subclasses), subjects of or objects of a property. A shape using anything else stays with pySHACL: for
instance a look-around in `sh:pattern`, which Python's regular expressions know and SPARQL's do not.
"""

from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Store
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from govlex.loading import SourceIndex
from govlex.problems import Problem

_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# Predicates of a property shape that the compiler reads (or that only describe the shape).
_KNOWN = {
    RDF.type,
    SH.path,
    SH.message,
    SH.name,
    SH.description,
    SH.minCount,
    SH.maxCount,
    SH["class"],
    SH.datatype,
    SH["in"],
    SH.nodeKind,
    SH.pattern,
    SH.minLength,
    SH["not"],
    SH.minInclusive,
    SH.maxInclusive,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
}


class NotCompiled(Exception):
    """The shape uses something this compiler does not translate; pySHACL keeps it."""


@dataclass(frozen=True)
class CompiledShape:
    """One named property shape as SPARQL queries selecting `?this` (and `?value` where SHACL reports one)."""

    name: str
    message: str
    path: str | None
    """The path's IRI when it is a single predicate (pySHACL reports only those as the result path)."""
    queries: tuple[str, ...]

    def problems(self, store: Store, index: SourceIndex) -> list[Problem]:
        """What the shape finds; a value two of its components reject is reported once (the message is the
        shape's, so a second line would say the same thing)."""
        found: list[Problem] = []
        for query in self.queries:
            results = store.query(query, use_default_graph_as_union=True)
            assert isinstance(results, QuerySolutions)
            for row in results:
                focus = _rdflib_node(row["this"])
                value = row["value"] if "value" in [v.value for v in results.variables] else None
                file, line = index.locate(focus) if isinstance(focus, URIRef | BNode) else (None, None)
                named = index.named_subject(focus)
                found.append(
                    Problem(
                        check=self.name,
                        message=self.message,
                        subject=str(named) if named is not None else _shown(row["this"]),
                        value=_shown(value) if value is not None else None,
                        path=self.path,
                        file=file,
                        line=line,
                    )
                )
        return list(dict.fromkeys(found))


def split_core_shapes(shapes: Graph, shape_prefix: str) -> tuple[Graph, list[CompiledShape]]:
    """The shapes without the property shapes compiled to SPARQL, and those compiled shapes."""
    compiled: list[CompiledShape] = []
    taken: set[Node] = set()
    for node_shape, property_shape in sorted(shapes.subject_objects(SH.property), key=str):
        if not isinstance(property_shape, URIRef) or not str(property_shape).startswith(shape_prefix):
            continue
        try:
            target = _target(shapes, node_shape)
            compiled.append(_compile(shapes, property_shape, target, shape_prefix))
        except NotCompiled:
            continue
        taken.add(property_shape)
    rest = Graph()
    for prefix, namespace in shapes.namespaces():
        rest.bind(prefix, namespace)
    for s, p, o in shapes:
        if s in taken or (p == SH.property and o in taken):
            continue
        rest.add((s, p, o))
    return rest, sorted(compiled, key=lambda c: c.name)


def _target(shapes: Graph, node_shape: Node) -> str:
    """A graph pattern binding ?this to each focus node of `node_shape`."""
    patterns = [
        f"{{ ?this {_TYPE}/{_SUBCLASS}* {_term(c)} }}" for c in shapes.objects(node_shape, SH.targetClass)
    ]
    patterns += [f"{{ ?this {_term(p)} [] }}" for p in shapes.objects(node_shape, SH.targetSubjectsOf)]
    patterns += [f"{{ [] {_term(p)} ?this }}" for p in shapes.objects(node_shape, SH.targetObjectsOf)]
    if not patterns or (node_shape, SH.targetNode, None) in shapes:
        raise NotCompiled(f"{node_shape}: no target the compiler reads")
    return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(patterns)} }} }}"


def _compile(shapes: Graph, shape: URIRef, target: str, shape_prefix: str) -> CompiledShape:
    unknown = {p for p in shapes.predicates(shape, None) if p not in _KNOWN}
    if unknown:
        raise NotCompiled(f"{shape}: {sorted(map(str, unknown))}")
    path_node = shapes.value(shape, SH.path)
    path = _path(shapes, path_node)
    value = f"?this {path} ?value"

    def number(predicate: URIRef) -> int | None:
        return _integer(shapes.value(shape, predicate))

    queries = []
    low, high = number(SH.minCount), number(SH.maxCount)
    if low == 1:  # the common case, without counting
        queries.append(f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ {value} }} }}")
        low = None
    if low is not None or high is not None:
        queries.append(_count_query(target, value, "", low, high))
    if (cls := shapes.value(shape, SH["class"])) is not None:
        queries.append(
            f"SELECT DISTINCT ?this ?value WHERE {{ {target} {value} "
            f"FILTER NOT EXISTS {{ ?value {_TYPE}/{_SUBCLASS}* {_term(cls)} }} }}"
        )
    if (datatype := shapes.value(shape, SH.datatype)) is not None:
        # An ill-typed literal of the right datatype fails too: the cast of its lexical form is unbound.
        queries.append(
            f"SELECT DISTINCT ?this ?value WHERE {{ {target} {value} "
            f"BIND({_term(datatype)}(STR(?value)) AS ?cast) "
            f"FILTER (!isLiteral(?value) || DATATYPE(?value) != {_term(datatype)} || !BOUND(?cast)) }}"
        )
    if (members := shapes.value(shape, SH["in"])) is not None:
        allowed = " || ".join(f"sameTerm(?value, {_term(m)})" for m in Collection(shapes, members))
        queries.append(
            f"SELECT DISTINCT ?this ?value WHERE {{ {target} {value} FILTER (!({allowed or 'false'})) }}"
        )
    if (kind := shapes.value(shape, SH.nodeKind)) is not None:
        if kind != SH.IRI:
            raise NotCompiled(f"{shape}: sh:nodeKind {kind}")
        queries.append(f"SELECT DISTINCT ?this ?value WHERE {{ {target} {value} FILTER (!isIRI(?value)) }}")
    if (pattern := shapes.value(shape, SH.pattern)) is not None:
        if "(?" in str(pattern):
            raise NotCompiled(f"{shape}: look-around or inline flags in sh:pattern")
        queries.append(
            f"SELECT DISTINCT ?this ?value WHERE {{ {target} {value} "
            f"FILTER (isBlank(?value) || !REGEX(STR(?value), {_term(RdfLiteral(str(pattern)))})) }}"
        )
    if (negated := shapes.value(shape, SH["not"])) is not None:
        forbidden = shapes.value(negated, SH.pattern)
        if set(shapes.predicates(negated, None)) != {SH.pattern} or "(?" in str(forbidden):
            raise NotCompiled(f"{shape}: sh:not other than of a plain sh:pattern")
        queries.append(
            f"SELECT DISTINCT ?this ?value WHERE {{ {target} {value} "
            f"FILTER (!isBlank(?value) && REGEX(STR(?value), {_term(RdfLiteral(str(forbidden)))})) }}"
        )
    if (length := number(SH.minLength)) is not None:
        queries.append(
            f"SELECT DISTINCT ?this ?value WHERE {{ {target} {value} "
            f"FILTER (isBlank(?value) || STRLEN(STR(?value)) < {length}) }}"
        )
    for predicate, operator in ((SH.minInclusive, ">="), (SH.maxInclusive, "<=")):
        if (bound := shapes.value(shape, predicate)) is not None:
            queries.append(
                f"SELECT DISTINCT ?this ?value WHERE {{ {target} {value} "
                f"FILTER (!COALESCE(?value {operator} {_term(bound)}, false)) }}"
            )
    if (qualified := shapes.value(shape, SH.qualifiedValueShape)) is not None:
        queries.append(_qualified_query(shapes, shape, qualified, target, value))
    if not queries:
        raise NotCompiled(f"{shape}: no constraint")
    message = shapes.value(shape, SH.message)
    return CompiledShape(
        str(shape).removeprefix(shape_prefix),
        str(message) if message is not None else "violates this shape",
        str(path_node) if isinstance(path_node, URIRef) else None,
        tuple(queries),
    )


def _qualified_query(shapes: Graph, shape: URIRef, qualified: Node, target: str, value: str) -> str:
    """Too few or too many values conforming to a `[ sh:languageIn (...) ]` qualified value shape."""
    if set(shapes.predicates(qualified, None)) != {SH.languageIn}:
        raise NotCompiled(f"{shape}: qualified value shape other than sh:languageIn")
    languages = Collection(shapes, _node(shapes.value(qualified, SH.languageIn)))
    conforms = " || ".join(f"langMatches(LANG(?value), {_term(lang)})" for lang in languages)
    return _count_query(
        target,
        value,
        f"FILTER (isLiteral(?value) && ({conforms or 'false'}))",
        _integer(shapes.value(shape, SH.qualifiedMinCount)),
        _integer(shapes.value(shape, SH.qualifiedMaxCount)),
    )


def _count_query(target: str, value: str, condition: str, low: int | None, high: int | None) -> str:
    """Focus nodes whose number of distinct values (meeting `condition`) is below `low` or above `high`."""
    tests = []
    if low is not None:
        tests.append(f"?n < {low}")
    if high is not None:
        tests.append(f"?n > {high}")
    return (
        f"SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {target} "
        f"OPTIONAL {{ {value} {condition} }} }} GROUP BY ?this }} FILTER ({' || '.join(tests)}) }}"
    )


def _path(shapes: Graph, node: Node | None) -> str:
    """A SHACL path as a SPARQL property path: a predicate, a sequence list or an alternative."""
    if isinstance(node, URIRef):
        return _term(node)
    if node is None:
        raise NotCompiled("a property shape without sh:path")
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(shapes, step) for step in Collection(shapes, alternatives)) + ")"
    if (node, RDF.first, None) in shapes:
        return "(" + "/".join(_path(shapes, step) for step in Collection(shapes, node)) + ")"
    raise NotCompiled(f"a path the compiler does not read: {node}")


def _integer(node: Node | None) -> int | None:
    if node is None:
        return None
    if not isinstance(node, RdfLiteral) or not isinstance(node.toPython(), int):
        raise NotCompiled(f"a count that is not an integer: {node}")
    return int(node.toPython())


def _node(node: Node | None) -> Node:
    if node is None:
        raise NotCompiled("a list the shape does not give")
    return node


def _term(node: Node) -> str:
    """A term in SPARQL syntax."""
    if isinstance(node, URIRef | RdfLiteral):
        return node.n3()
    raise NotCompiled(f"a blank node where the compiler needs an IRI or literal: {node}")


def _rdflib_node(term: object) -> URIRef | BNode | None:
    """The store's term as rdflib's (the store keeps the sources' blank node labels)."""
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    return None


def _shown(term: object) -> str | None:
    if isinstance(term, BlankNode):
        return "(blank node)"
    if isinstance(term, NamedNode | Literal):
        return term.value
    return None
