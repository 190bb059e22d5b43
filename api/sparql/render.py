"""Turn a store's answer (solutions, boolean or triples) into a capped document in the negotiated format.

Shared by the query workers (embedded store) and the remote engine, so both answer identically.
"""

from dataclasses import dataclass
from itertools import islice

from govlex.api.sparql.formats import GRAPH_MEDIA, RESULT_MEDIA, write_boolean, write_solutions, write_triples
from pyoxigraph import QueryBoolean, QuerySolutions, Triple


@dataclass(frozen=True)
class Job:
    """One query to run: text, protocol dataset (None = the store's default), formats and row cap."""

    query: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    result_format: str
    graph_format: str
    cap: int


@dataclass(frozen=True)
class Answer:
    """A complete response document; `truncated` when the cap cut the results."""

    body: bytes
    media: str
    truncated: bool = False


def render(result: object, job: Job, prefixes: dict[str, str] | None = None) -> Answer:
    """Serialise `result` for `job`, reading at most `job.cap` rows or triples."""
    if isinstance(result, QueryBoolean):
        return Answer(write_boolean(bool(result), job.result_format), RESULT_MEDIA[job.result_format])
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        keys = list(result.variables)
        rows = [[solution[k] for k in keys] for solution in islice(result, job.cap + 1)]
        truncated = len(rows) > job.cap
        body = write_solutions(variables, rows[: job.cap], job.result_format)
        return Answer(body, RESULT_MEDIA[job.result_format], truncated)
    triples: list[Triple] = list(islice(result, job.cap + 1))  # type: ignore[call-overload]
    truncated = len(triples) > job.cap
    body = write_triples(triples[: job.cap], job.graph_format, prefixes)
    return Answer(body, GRAPH_MEDIA[job.graph_format][0], truncated)
