"""The running service's parts, opened at start-up and closed at shutdown: store, SPARQL engine, registry.

Embedded: the current build (rebuilt when the inputs' hash changed, `govlex.build.current_build`) is
copied once into an on-disk store of its own, outside the build folder, that the API reads and the
query workers share read-only; each later build gets its own store and the service switches to it
(`govlex.api.generations`). Remote: a SPARQL 1.1 server serves both.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from govlex.api.settings import Settings
from govlex.api.sparql.inline import InlineAnswers
from govlex.api.sparql.lanes import Lanes
from govlex.api.sparql.remote import RemoteEngine
from govlex.api.sparql.render import Answer, Job
from govlex.api.sparql.workers import WorkerPool
from pyoxigraph import Store

from govlex.build import current_build
from govlex.namespace import PREFIXES
from govlex.queries import QueryRegistry
from govlex.store import EmbeddedStore, QueryStore, RemoteStore, disk_store


class Engine(Protocol):
    """What the SPARQL endpoint runs queries on."""

    graphs: set[str]

    async def run(self, job: Job) -> Answer: ...

    def answer_now(self, job: Job) -> Answer | None:
        """The answer to `job` when the server can give it at once, without waiting (or None)."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class Service:
    """Everything a request handler may need, built once per app."""

    settings: Settings
    store: QueryStore
    engine: Engine
    graphs: frozenset[str]
    manifest: dict[str, object]
    queries: QueryRegistry


def prepare_data(data: Path) -> tuple[Path, str]:
    """The on-disk store of an N-Quads/N-Triples file (made next to it once per content), and its key."""
    data = data.resolve()
    info = data.stat()
    key = f"{data.name}-{info.st_size}-{info.st_mtime_ns}"
    return disk_store(data, data.with_name(data.name + ".oxigraph"), key), key


def _open_data(data: Path) -> tuple[EmbeddedStore, str, dict[str, object]]:
    path, key = prepare_data(data)
    return EmbeddedStore(Store.read_only(str(path)), key=key), str(path), {"data": data.name}


def worker_lanes(settings: Settings, path: str, graphs: set[str]) -> Lanes:
    """The general pool of query workers and the lane reserved for cheap queries."""

    def pool(size: int, timeout: float, queue_limit: int, **options: Any) -> WorkerPool:
        allow = settings.allow_worker_network
        options["memory_budget"] = settings.worker_memory_mb * 1024 * 1024
        return WorkerPool(path, size, timeout, queue_limit, PREFIXES, graphs, allow_network=allow, **options)

    inline = InlineAnswers(path, PREFIXES, settings.inline_rows) if settings.inline_rows else None
    if not settings.express_workers:
        general = pool(settings.query_workers, settings.query_timeout, settings.queue_limit)
        return Lanes(general, None, inline)
    # The general pool runs at a lower CPU priority, so expensive queries cannot take the CPU from the
    # reserved lane or the event loop either; cheap queries may wait as long as any query, but run
    # only briefly on the reserved lane.
    general = pool(
        settings.query_workers,
        settings.query_timeout,
        settings.queue_limit,
        niceness=settings.general_niceness,
    )
    express = pool(
        settings.express_workers,
        settings.express_timeout,
        settings.express_queue_limit,
        wait_timeout=settings.query_timeout,
    )
    return Lanes(general, express, inline)


@asynccontextmanager
async def open_service(
    settings: Settings, on_switch: Callable[[Service], None] | None = None
) -> AsyncIterator[Service]:
    """Open the store and the engine for `settings`; close them on exit.

    On the build (neither `store` nor `data` set), `on_switch` receives the service of each new build
    that `govlex build` writes while this one runs (`govlex.api.generations`); without it the service
    keeps the build it started with.
    """
    engine: Engine
    if not settings.store and settings.data is None:
        # Imported here: the follower builds on this module's `Service`.
        from govlex.api.generations import BuildFollower

        await asyncio.to_thread(current_build, settings.build_dir)  # `govlex serve` did it in a child
        follower = BuildFollower(settings, on_switch)
        try:
            yield await follower.start()
        finally:
            await follower.close()
        return
    if settings.store:
        store: QueryStore = RemoteStore(settings.store, timeout=settings.query_timeout)
        graphs = set(await asyncio.to_thread(store.graphs))
        manifest: dict[str, object] = {"store": settings.store}
        engine = RemoteEngine(settings.store, settings.query_timeout, PREFIXES, graphs)
    else:
        assert settings.data is not None
        store, path, manifest = await asyncio.to_thread(_open_data, settings.data)
        graphs = set(store.graphs())
        engine = worker_lanes(settings, path, graphs)
    await engine.start()
    try:
        yield Service(settings, store, engine, frozenset(graphs), manifest, QueryRegistry())
    finally:
        await engine.close()
