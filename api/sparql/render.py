"""Turn a store's answer (solutions, boolean or triples) into a capped document in the negotiated format.

Shared by the query workers (embedded store) and the remote engine, so both answer identically. The
cap binds in rows and in bytes: rows are read one by one and reading stops once the document would
pass `max_bytes`, so a worker never sends (and the main process never holds) more than that.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
    max_bytes: int = 16_000_000
    cheap: bool = False
    """The guard found it cheap: the reserved lane may run it."""
    inline: bool = False
    """The guard proved it cheap by its form: the server may answer it itself (`inline`)."""


@dataclass(frozen=True)
class Answer:
    """A complete response document; `truncated` says which cap cut the results ("" when none did)."""

    body: bytes
    media: str
    truncated: str = ""


def render(result: object, job: Job, prefixes: dict[str, str] | None = None) -> Answer:
    """Serialise `result` for `job`, reading at most `job.cap` rows or triples and `job.max_bytes` bytes."""
    if isinstance(result, QueryBoolean):
        return Answer(write_boolean(bool(result), job.result_format), RESULT_MEDIA[job.result_format])
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        keys = list(result.variables)
        rows, truncated = _bounded(([solution[k] for k in keys] for solution in result), job)
        body = write_solutions(variables, rows, job.result_format)
        while len(body) > job.max_bytes:  # escaping made it longer than measured: halve until it fits
            rows, truncated = rows[: len(rows) // 2], f"max-bytes={job.max_bytes}"
            body = write_solutions(variables, rows, job.result_format)
        return Answer(body, RESULT_MEDIA[job.result_format], truncated)
    triples, truncated = _bounded(([t] for t in result), job)  # type: ignore[attr-defined]
    flat: list[Triple] = [row[0] for row in triples]  # type: ignore[misc]
    body = write_triples(flat, job.graph_format, prefixes)
    while len(body) > job.max_bytes:
        flat, truncated = flat[: len(flat) // 2], f"max-bytes={job.max_bytes}"
        body = write_triples(flat, job.graph_format, prefixes)
    return Answer(body, GRAPH_MEDIA[job.graph_format][0], truncated)


def truncation_header(answer: Answer) -> dict[str, str]:
    """The `X-Result-Truncated` header of a cut answer (none for a whole one)."""
    return {"X-Result-Truncated": f"true; {answer.truncated}"} if answer.truncated else {}


def _bounded(rows: Iterator[list[Any]], job: Job) -> tuple[list[list[Any]], str]:
    """The first rows of `rows` within the row cap and (measured by their terms' text) the byte cap."""
    kept: list[list[Any]] = []
    size = 0
    for row in rows:
        if len(kept) == job.cap:
            return kept, f"cap={job.cap}"
        size += sum(len(str(term)) for term in row if term is not None) + 16
        if size > job.max_bytes:
            return kept, f"max-bytes={job.max_bytes}"
        kept.append(row)
    return kept, ""
