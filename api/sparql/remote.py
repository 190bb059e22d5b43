"""Running endpoint queries on a remote SPARQL 1.1 server, answered exactly as the embedded engine does.

The query has already passed `guard.check_query`, so nothing that reaches the server can update it,
federate, or name a graph it does not hold. Answers are read in the server's JSON or N-Triples and
re-written with the same caps and serialisers as the embedded engine; the server's answer is read
up to a bound, so a huge one is refused rather than held in memory.
"""

import asyncio

import httpx
from govlex.api.sparql.guard import QueryRefused, analyse
from govlex.api.sparql.render import Answer, Job, render
from pyoxigraph import RdfFormat, parse

from govlex.store import read_query_results

_GRAPH_FORMS = {"CONSTRUCT", "DESCRIBE"}
_FORMS = {"SELECT", "ASK"} | _GRAPH_FORMS
# The server's JSON or N-Triples is longer than what is sent on: read up to this many times the byte cap.
_MAX_READ_FACTOR = 4


async def _read_bounded(response: httpx.Response, limit: int) -> bytes | None:
    """The body of `response`, or None once it passes `limit` bytes (never held whole)."""
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():  # decoded: a compressed bomb counts at full size
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class RemoteEngine:
    """The endpoint's engine over a SPARQL server at `url` (its query endpoint)."""

    def __init__(self, url: str, timeout: float, prefixes: dict[str, str], graphs: set[str]) -> None:
        self.url, self.timeout, self.prefixes, self.graphs = url, timeout, prefixes, graphs
        self.client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False)

    def answer_now(self, job: Job) -> Answer | None:
        """None: every answer comes from the remote server."""
        return None

    async def run(self, job: Job) -> Answer:
        """Send `job` to the server and re-serialise its answer, or raise `QueryRefused`."""
        # A form-encoded POST, the one POST form every server answers (Virtuoso 7.2 never answers a
        # direct application/sparql-query body); the protocol dataset goes in the same form.
        form = {
            "query": job.query,
            "default-graph-uri": list(job.default_graphs or ()),
            "named-graph-uri": list(job.named_graphs or ()),
        }
        # One format per form: offered both, Virtuoso answers a CONSTRUCT as a JSON table of s, p, o.
        query_form = next((w for w in analyse(job.query).words if w in _FORMS), "SELECT")
        accept = "application/n-triples" if query_form in _GRAPH_FORMS else "application/sparql-results+json"
        request = self.client.build_request("POST", self.url, data=form, headers={"Accept": accept})
        try:
            response = await self.client.send(request, stream=True)
            try:
                body = await _read_bounded(response, _MAX_READ_FACTOR * job.max_bytes)
            finally:
                await response.aclose()
        except httpx.TimeoutException:
            raise QueryRefused(
                503, "Time limit exceeded", f"the query ran longer than the limit of {self.timeout:g} s"
            ) from None
        except httpx.HTTPError:
            raise QueryRefused(
                502, "Store unreachable", "the SPARQL server behind this endpoint is unreachable"
            ) from None
        if body is None:
            raise QueryRefused(
                502,
                "Store answer too large",
                f"the SPARQL server's answer exceeds {_MAX_READ_FACTOR * job.max_bytes} bytes; "
                "ask for fewer rows (LIMIT)",
            )
        if response.status_code == 400:
            raise QueryRefused(400, "Query rejected by the store", body[:2000].decode("utf-8", "replace"))
        if response.status_code >= 300:
            raise QueryRefused(502, "Store error", f"the SPARQL server answered {response.status_code}")
        media = response.headers.get("content-type", "").split(";")[0].strip()
        return await asyncio.to_thread(self._render, body, media, job)

    def _render(self, body: bytes, media: str, job: Job) -> Answer:
        if media == "application/n-triples":
            result: object = (quad.triple for quad in parse(body, format=RdfFormat.N_TRIPLES))
        else:
            result = read_query_results(body)  # Virtuoso's dialect read too
        return render(result, job, self.prefixes)

    async def start(self) -> None:
        """Nothing to start: the server is already running."""

    async def close(self) -> None:
        await self.client.aclose()
