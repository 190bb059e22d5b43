"""A SPARQL Protocol request's parameters read into a `Job`: shared by the `/sparql` route and the
answers given at the connection (`api/sparql/connection.py`), so both read a request the same way.

The guard's reading of a query is cached per query text (`checked`): on a cheap query, tokenizing and
measuring it cost more than evaluating it (0.17 ms for `ASK {}` with three prefixes, 0.27 ms for a
one-pattern lookup), and clients repeat the same texts. Only short texts are cached, so the cache stays
small whatever clients send (a text of at most `CACHED_LENGTH` characters and what a job needs of its
reading, not the token list); refusals are not cached (they raise), so a refused text is read again.
"""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl

from govlex.api.settings import Settings
from govlex.api.sparql.formats import GRAPH_TYPES, RESULT_TYPES, negotiate
from govlex.api.sparql.guard import Analysis, QueryRefused, check_dataset, check_query
from govlex.api.sparql.render import Job

READ_ONLY = "this endpoint is read-only: SPARQL Update and Graph Store writes are refused"
CACHED_LENGTH = 4_096
"""Longest query text whose reading is cached: 1024 entries of at most this many characters."""


def query_pairs(raw: bytes) -> list[tuple[str, str]]:
    """The name/value pairs of a query string or form body; 400 unless percent-encoded UTF-8."""
    try:
        return parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise QueryRefused(400, "Invalid encoding", "parameters must be percent-encoded UTF-8") from None


@dataclass(frozen=True)
class Reading:
    """What a job needs of the guard's `Analysis` of a query it let through (small, so cheap to cache)."""

    from_graphs: tuple[str, ...]
    from_named: tuple[str, ...]
    cheap: bool
    inline: bool

    @classmethod
    def of(cls, analysis: Analysis) -> "Reading":
        return cls(tuple(analysis.from_graphs), tuple(analysis.from_named), analysis.cheap, analysis.inline)


@lru_cache(maxsize=1024)
def _checked_short(text: str, max_depth: int, max_length: int) -> Reading:
    return Reading.of(check_query(text, max_depth, max_length))


def checked(text: str, settings: Settings) -> Reading:
    """`check_query` of `text` under `settings`' limits (raises `QueryRefused` as it does), cached for
    short texts."""
    if len(text) <= CACHED_LENGTH:
        return _checked_short(text, settings.max_query_depth, settings.max_query_length)
    return Reading.of(check_query(text, settings.max_query_depth, settings.max_query_length))


def protocol_job(
    pairs: list[tuple[str, str]], body_query: str | None, accept: str | None, settings: Settings
) -> Job | None:
    """The job the parameters (and a query sent as the body) ask for; None when they hold no query."""
    names = {name for name, _ in pairs}
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        if "query" in names or body_query is not None:
            raise QueryRefused(
                400, "Conflicting request", "a request carries either a query or an update, not both"
            )
        raise QueryRefused(403, "Read-only endpoint", READ_ONLY)
    queries = [value for name, value in pairs if name == "query"]
    if body_query is not None:
        queries.append(body_query)
    if len(queries) > 1:
        raise QueryRefused(400, "Several queries", "exactly one query per request")
    if not queries:
        return None
    reading = checked(queries[0], settings)
    defaults = tuple(value for name, value in pairs if name == "default-graph-uri")
    named = tuple(value for name, value in pairs if name == "named-graph-uri")
    check_dataset([*defaults, *named])
    if not defaults and not named:  # the protocol's dataset overrides the query's FROM clauses
        defaults, named = reading.from_graphs, reading.from_named
    return Job(
        query=queries[0],
        default_graphs=defaults if defaults or named else None,
        named_graphs=named if defaults or named else None,
        result_format=negotiate(accept, RESULT_TYPES, "json"),
        graph_format=negotiate(accept, GRAPH_TYPES, "turtle"),
        cap=settings.result_cap,
        max_bytes=settings.max_result_bytes,
        cheap=reading.cheap,
        inline=reading.inline,
    )
