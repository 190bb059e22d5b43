"""Queries answered by the server process itself, without the hop to a query worker: those the guard
proves cheap by their form (`guard.provably_cheap`: `ASK` or `SELECT` of at most one triple pattern,
no paths, no repeated variable, an offset of at most `guard.INLINE_OFFSET`).

The hop costs more than such a query (two socket messages, a pickled job and answer, a context switch
to another process on a busy CPU), and under load cheap queries waited behind it. What keeps this
path as safe as the workers':

- the same engine on the same store, opened read-only, and the workers' own evaluation and renderer
  (`workers.evaluate`): the answer is the one a worker gives, byte for byte, caps included;
- the form holds no SERVICE, no dataset clause and nothing recursive, so nothing in it can open a
  connection (the server process is not in the workers' network namespace) or nest deeply;
- at most `inline_rows` matches are read, after an offset bounded by the form: the work is a few
  index steps per row, far below the time limit. A query with more matches goes to the workers, which
  answer it under their time, memory and row limits.
"""

import asyncio
import logging
from dataclasses import replace

from govlex.api.sparql.render import Answer, Job
from govlex.api.sparql.workers import answer_of, evaluate
from pyoxigraph import Store

log = logging.getLogger("govlex.serve")


class InlineAnswers:
    """The server's own read-only handle on the store a worker pool serves, for provably cheap queries."""

    def __init__(self, path: str, prefixes: dict[str, str], rows: int) -> None:
        self.path, self.prefixes, self.rows = path, prefixes, rows
        self.store: Store | None = None

    async def open(self) -> None:
        self.store = await asyncio.to_thread(Store.read_only, self.path)

    def close(self) -> None:
        self.store = None  # the last reference: pyoxigraph closes the store

    def answer(self, job: Job) -> Answer | None:
        """The answer to `job` when it is proved cheap and has at most `rows` matches; else None.

        Raises `QueryRefused` as a worker's reply would (a syntax error is still the client's 400).
        """
        if self.store is None or not job.inline:
            return None
        bounded = replace(job, cap=min(job.cap, self.rows))
        try:
            reply = evaluate(self.store, bounded, self.prefixes)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as err:  # a panic in the engine (pyo3's PanicException is no Exception)
            log.error("inline query failed, sent to the workers: %s: %s", type(err).__name__, err)
            return None  # in a worker it costs only that worker
        answer = answer_of(reply)
        if bounded.cap < job.cap and answer.truncated == f"cap={bounded.cap}":
            return None  # more matches than this path reads: the workers answer with the full cap
        return answer
