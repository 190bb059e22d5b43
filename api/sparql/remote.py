"""Running endpoint queries on a remote SPARQL 1.1 server, answered exactly as the embedded engine does.

The query has already passed `guard.check_query`, so nothing that reaches the server can update it,
federate, or name a graph it does not hold. Answers are read in the server's JSON or N-Triples and
re-written with the same cap and serialisers as the embedded engine.
"""

import asyncio

import httpx
from govlex.api.sparql.guard import QueryRefused
from govlex.api.sparql.render import Answer, Job, render
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


class RemoteEngine:
    """The endpoint's engine over a SPARQL server at `url` (its query endpoint)."""

    def __init__(self, url: str, timeout: float, prefixes: dict[str, str], graphs: set[str]) -> None:
        self.url, self.timeout, self.prefixes, self.graphs = url, timeout, prefixes, graphs
        self.client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False)

    async def run(self, job: Job) -> Answer:
        """Send `job` to the server and re-serialise its answer, or raise `QueryRefused`."""
        params = [("default-graph-uri", g) for g in job.default_graphs or ()]
        params += [("named-graph-uri", g) for g in job.named_graphs or ()]
        try:
            response = await self.client.post(
                self.url,
                params=params,
                content=job.query.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query", "Accept": _ACCEPT},
            )
        except httpx.TimeoutException:
            raise QueryRefused(
                503, "Time limit exceeded", f"the query ran longer than the limit of {self.timeout:g} s"
            ) from None
        except httpx.HTTPError:
            raise QueryRefused(
                502, "Store unreachable", "the SPARQL server behind this endpoint is unreachable"
            ) from None
        if response.status_code == 400:
            raise QueryRefused(400, "Query rejected by the store", response.text[:2000])
        if response.status_code >= 300:
            raise QueryRefused(502, "Store error", f"the SPARQL server answered {response.status_code}")
        return await asyncio.to_thread(self._render, response, job)

    def _render(self, response: httpx.Response, job: Job) -> Answer:
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == "application/n-triples":
            result: object = (quad.triple for quad in parse(response.content, format=RdfFormat.N_TRIPLES))
        else:
            result = parse_query_results(response.content, format=QueryResultsFormat.JSON)
        return render(result, job, self.prefixes)

    async def start(self) -> None:
        """Nothing to start: the server is already running."""

    async def close(self) -> None:
        await self.client.aclose()
