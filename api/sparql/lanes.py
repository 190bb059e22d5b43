"""Two lanes of query workers, so that expensive queries cannot starve cheap ones.

The guard marks a query cheap when it is one group of at most one triple pattern (`ASK {}`, a lookup
of one subject's values). Cheap queries go to a small pool reserved for them, with a short time limit;
one that overruns it (the guess was wrong) or finds the lane full runs again on the general pool with
the full limit, so a wrong guess costs the reserved lane at most that short limit.
"""

from govlex.api.sparql.guard import QueryRefused
from govlex.api.sparql.render import Answer, Job
from govlex.api.sparql.workers import WorkerPool


class Lanes:
    """The endpoint's engine over a general pool and, when `express` is given, a reserved one."""

    def __init__(self, general: WorkerPool, express: WorkerPool | None) -> None:
        self.general, self.express = general, express
        self.graphs = general.graphs

    async def run(self, job: Job) -> Answer:
        """Run `job` on the reserved lane when it is cheap, else (or when that lane gives up) on the general one."""
        if job.cheap and self.express is not None:
            try:
                return await self.express.run(job)
            except QueryRefused as refused:
                if refused.status != 503:
                    raise
        return await self.general.run(job)

    async def start(self) -> None:
        await self.general.start()
        if self.express is not None:
            await self.express.start()

    async def close(self) -> None:
        await self.general.close()
        if self.express is not None:
            await self.express.close()
