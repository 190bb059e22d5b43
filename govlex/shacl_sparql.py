"""SHACL's SPARQL-based constraints run on the embedded store (Oxigraph) instead of inside pySHACL.

pySHACL evaluates each `sh:sparql` constraint once per focus node with rdflib's SPARQL engine, in
Python: a constraint that compares a concept with every other one (unique labels) grows with N², and
took minutes at a thousand concepts. Here the same constraint, with the same name and message, runs
on Oxigraph: in one query for all focus nodes (`?this` joined with the target) where the body has no
sub-select, EXISTS or MINUS, else once per focus node with `$this` pre-bound by substitution (so filters
that mention `$this` see it bound, as SHACL's pre-binding requires). Focus nodes are the instances of the shape's
`sh:targetClass` and its subclasses; they are named by IRIs in govlex (a blank-node focus is reported
as a problem rather than skipped). `tests/test_shacl_sparql.py` checks that both engines report the
same results.
"""

import re
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, QuerySolutions, Store
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from govlex.loading import SourceIndex
from govlex.problems import Problem

_THIS = re.compile(r"\$this\b")
_PROJECTION = re.compile(r"SELECT\s+(DISTINCT\s+)?(.*?)\s+WHERE", re.IGNORECASE | re.DOTALL)
_VALUE = re.compile(r"\{[?$]value\}")
_NESTED = re.compile(r"\b(SELECT|EXISTS|MINUS)\b", re.IGNORECASE)


@dataclass(frozen=True)
class StoreConstraint:
    """One named `sh:SPARQLConstraint` of a node shape with a target class."""

    name: str
    message: str
    target: URIRef
    prefixes: str
    select: str

    def query_for(self, focus: URIRef) -> str:
        """The constraint's query with `$this` replaced by `focus`, projecting everything but `$this`."""
        body = _THIS.sub(f"<{focus}>", self.select)

        def project(match: re.Match[str]) -> str:
            variables = [v for v in match.group(2).split() if v != f"<{focus}>"] or ["*"]
            return f"SELECT {match.group(1) or ''}{' '.join(variables)} WHERE"

        return self.prefixes + _PROJECTION.sub(project, body, count=1)

    def batch_query(self) -> str | None:
        """The constraint for every focus node at once (`?this` joined with the target), where that means the
        same as SHACL's pre-binding: not when the body holds a sub-select, EXISTS or MINUS, whose inner
        patterns would not see `?this` bound from outside."""
        projection = _PROJECTION.search(self.select)
        if projection is None or _NESTED.search(self.select[projection.end() :]):
            return None
        targeted = _THIS.sub("?this", self.select)
        focus = f"{{ SELECT DISTINCT ?this WHERE {{ {self._focus_pattern()} }} }}"
        return self.prefixes + re.sub(
            r"WHERE\s*\{", lambda _: f"WHERE {{ {focus} ", targeted, count=1, flags=re.I
        )

    def problems(self, store: Store, index: SourceIndex) -> list[Problem]:
        """What the constraint finds for each focus node in the union of the store's graphs."""
        batch = self.batch_query()
        if batch is not None:
            results = store.query(batch, use_default_graph_as_union=True)
            assert isinstance(results, QuerySolutions)
            return self._found(results, index)
        found: list[Problem] = []
        for focus in self.focus_nodes(store):
            if not isinstance(focus, NamedNode):
                found.append(Problem(self.name, "this node must be named by an IRI", subject="(blank node)"))
                continue
            results = store.query(self.query_for(URIRef(focus.value)), use_default_graph_as_union=True)
            assert isinstance(results, QuerySolutions)
            found.extend(self._found(results, index, focus))
        return found

    def _found(
        self, results: QuerySolutions, index: SourceIndex, focus: NamedNode | None = None
    ) -> list[Problem]:
        """One problem per solution, for `focus` or (batched) the solution's `?this`."""
        found: list[Problem] = []
        projects_value = "value" in [v.value for v in results.variables]
        for row in results:
            this = focus or row["this"]
            if not isinstance(this, NamedNode):
                found.append(Problem(self.name, "this node must be named by an IRI", subject="(blank node)"))
                continue
            subject = URIRef(this.value)
            file, line = index.locate(subject)
            # SHACL: where ?value is unbound, the result's value is the focus node itself.
            value = (row["value"] if projects_value else None) or this
            shown = value.value if isinstance(value, NamedNode | Literal) else None
            message = _VALUE.sub(shown or "", self.message)
            found.append(Problem(self.name, message, str(subject), shown, None, file, line))
        return found

    def _focus_pattern(self) -> str:
        return f"?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{self.target}>"

    def focus_nodes(self, store: Store) -> list[object]:
        query = f"SELECT DISTINCT ?this WHERE {{ {self._focus_pattern()} }}"
        results = store.query(query, use_default_graph_as_union=True)
        assert isinstance(results, QuerySolutions)
        return [row["this"] for row in results]


def split_sparql_constraints(shapes: Graph, shape_prefix: str) -> tuple[Graph, list[StoreConstraint]]:
    """The shapes without the SPARQL constraints of target-class node shapes, and those constraints."""
    rest = Graph()
    for prefix, namespace in shapes.namespaces():
        rest.bind(prefix, namespace)
    taken = set()
    constraints = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        target = shapes.value(shape, SH.targetClass)
        select = shapes.value(constraint, SH.select)
        if not isinstance(target, URIRef) or not isinstance(constraint, URIRef) or select is None:
            continue
        taken.add((shape, SH.sparql, constraint))
        constraints.append(
            StoreConstraint(
                name=str(constraint).removeprefix(shape_prefix),
                message=str(shapes.value(constraint, SH.message) or "violates this constraint"),
                target=target,
                prefixes=_prefixes(shapes, constraint),
                select=str(select),
            )
        )
    for triple in shapes:
        if triple not in taken:
            rest.add(triple)
    return rest, sorted(constraints, key=lambda c: c.name)


def _prefixes(shapes: Graph, constraint: URIRef) -> str:
    """The PREFIX lines a constraint's `sh:prefixes` declare."""
    lines = []
    for owner in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))
