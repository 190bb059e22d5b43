"""The quality gates written in SPARQL: every `queries/*-violation.rq` must return no rows."""

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Store
from rdflib import URIRef

from govlex.loading import SourceIndex
from govlex.problems import Problem
from govlex.progress import SILENT, Reporter
from govlex.queries import NamedQuery, QueryRegistry


def run_violation_query(store: Store, query: NamedQuery, index: SourceIndex) -> list[Problem]:
    """Run one gate over the union of the store's graphs; each row it returns is a `Problem`.

    The first variable of the SELECT names the subject at fault; the others are shown as its value.
    """
    results = store.query(query.text, use_default_graph_as_union=True)
    assert isinstance(results, QuerySolutions)
    names = [v.value for v in results.variables]
    problems = []
    for row in results:
        terms = [row[name] for name in names]
        subject = _text(terms[0]) if terms else None
        rest = "; ".join(
            f"{n}={_text(t)}" for n, t in zip(names[1:], terms[1:], strict=True) if t is not None
        )
        file, line = index.locate(URIRef(subject)) if subject and subject.startswith("http") else (None, None)
        problems.append(
            Problem(
                check=query.name,
                message=query.summary,
                subject=subject,
                value=rest or None,
                file=file,
                line=line,
            )
        )
    return problems


def run_violation_queries(
    store: Store, index: SourceIndex, registry: QueryRegistry | None = None, progress: Reporter = SILENT
) -> list[Problem]:
    """Every gate in `queries/`."""
    registry = registry or QueryRegistry()
    problems: list[Problem] = []
    for query in progress.track(list(registry.of_kind("violation")), "SPARQL gates"):
        problems.extend(run_violation_query(store, query, index))
    return problems


def _text(term: NamedNode | BlankNode | Literal | None) -> str | None:
    if term is None:
        return None
    return term.value if not isinstance(term, BlankNode) else "(blank node)"
