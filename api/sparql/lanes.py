"""Two lanes of query workers, so that expensive queries cannot starve cheap ones.

The guard marks a query cheap when it is one group of at most one triple pattern (`ASK {}`, a lookup
of one subject's values). A cheap query takes an idle worker of either pool, the reserved one first;
when none is idle it waits for the reserved pool (as long as any query may wait), where it may run only
briefly. One that overruns that short limit (the guess was wrong) runs again on the general pool with
the full limit, so a wrong guess costs the reserved lane at most that short limit, and expensive
queries never reach it.

Before either lane, a query the guard proves cheap by its form is answered by the server process
itself (`inline`), without a worker.
"""

from govlex.api.sparql.guard import QueryRefused
from govlex.api.sparql.inline import InlineAnswers
from govlex.api.sparql.render import Answer, Job
from govlex.api.sparql.workers import WorkerPool


class Lanes:
    """The endpoint's engine over a general pool and, when `express` is given, a reserved one."""

    def __init__(
        self, general: WorkerPool, express: WorkerPool | None, inline: InlineAnswers | None = None
    ) -> None:
        self.general, self.express, self.inline = general, express, inline
        self.graphs = general.graphs

    async def run(self, job: Job) -> Answer:
        """Answer `job` inline when proved cheap, else on the reserved lane when it is cheap, else (or when
        that lane gives up) on the general one."""
        answer = self.answer_now(job)
        if answer is not None:
            return answer
        if job.cheap and self.express is not None:
            if self.express.idle.empty() and not self.general.idle.empty():
                return await self.general.run(job)
            try:
                return await self.express.run(job)
            except QueryRefused as refused:
                if refused.status != 503 or refused.title == "Busy":
                    raise
        return await self.general.run(job)

    def answer_now(self, job: Job) -> Answer | None:
        """The inline answer to `job`, given at once without a worker; None when there is none."""
        return self.inline.answer(job) if self.inline is not None else None

    async def start(self) -> None:
        await self.general.start()
        if self.express is not None:
            await self.express.start()
        if self.inline is not None:
            await self.inline.open()

    async def close(self) -> None:
        if self.inline is not None:
            self.inline.close()
        await self.general.close()
        if self.express is not None:
            await self.express.close()
