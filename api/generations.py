"""Serving the build across rebuilds: the embedded service follows the build folder and switches to each
new build whole, without a moment in which it serves none.

Each build is served as a generation: its own on-disk store (`govlex.store_generations`, leased), its
own worker pool and its own `Service`. Every `build_check_interval` seconds the follower reads the
build's manifest and the loaded vocabularies; when they changed, it makes the new store, starts a pool
on it, and only then publishes the new `Service` (`on_switch`, one assignment): a request sees the old
build or the new one. The old generation answers the queries it already took, then stops its workers
and gives up its lease, and store folders nobody holds any more are removed.
"""

import asyncio
import logging
import weakref
from collections.abc import Callable, Coroutine
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from govlex.api.service import Engine, Service, worker_lanes
from govlex.api.settings import Settings
from govlex.api.sparql.render import Answer, Job
from pyoxigraph import Store

from govlex.build import read_manifest
from govlex.linking.registry import Registry
from govlex.paths import build_dir, external_dir, stores_dir
from govlex.queries import QueryRegistry
from govlex.store import EmbeddedStore
from govlex.store_generations import Lease, lease_store, remove_unused, store_key

log = logging.getLogger("govlex.serve")


class DrainingEngine:
    """An engine that counts the queries it is running, so that it can be closed once they are done;
    queries that reach it after that go to its successor."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.graphs = engine, engine.graphs
        self.running = 0
        self.done = asyncio.Event()
        self.done.set()
        self.successor: Engine | None = None

    async def run(self, job: Job) -> Answer:
        if self.successor is not None:  # draining: only the queries already running stay here
            return await self.successor.run(job)
        self.running += 1
        self.done.clear()
        try:
            return await self.engine.run(job)
        finally:
            self.running -= 1
            if self.running == 0:
                self.done.set()

    def answer_now(self, job: Job) -> Answer | None:
        # Synchronous: it cannot overlap the close, so nothing needs counting.
        return (self.successor or self.engine).answer_now(job)

    async def start(self) -> None:
        await self.engine.start()

    async def close(self) -> None:
        await self.engine.close()

    async def drain(self, successor: Engine) -> None:
        """Send new queries to `successor`; close once the running ones are answered."""
        self.successor = successor
        await self.done.wait()
        await self.engine.close()


@dataclass
class Generation:
    """One build being served: its service, its engine and its lease on the store."""

    service: Service
    engine: DrainingEngine
    lease: Lease


def lease_build_store(settings: Settings) -> Lease:
    """A lease on the store of the build now in the build folder (made when missing)."""
    build = settings.build_dir or build_dir()
    vocabularies = Registry(external_dir(settings.build_dir))
    return lease_store(build, vocabularies.fingerprint(), vocabularies.quads_files(), stores_dir(build))


def wanted_key(settings: Settings) -> str | None:
    """The key of the store the build folder asks for now; None while it holds no complete build."""
    manifest = read_manifest(settings.build_dir or build_dir())
    if manifest is None:
        return None
    return store_key(manifest, Registry(external_dir(settings.build_dir)).fingerprint())


async def open_generation(settings: Settings, lease: Lease) -> Generation:
    """The service of the store `lease` holds, its workers started. It holds the lease twice: for its
    workers, until `retire`, and for its store, until the last request that read it is gone."""
    store = EmbeddedStore(Store.read_only(str(lease.path)), key=lease.key)
    lease.hold()
    weakref.finalize(store, lease.release)
    lease.hold()
    graphs = set(store.graphs())
    lanes = worker_lanes(settings, str(lease.path), graphs)
    engine = DrainingEngine(lanes)
    try:
        await engine.start()
    except BaseException:
        await lanes.close()
        lease.release()
        raise
    service = Service(settings, store, engine, frozenset(graphs), lease.manifest, QueryRegistry())
    return Generation(service, engine, lease)


class BuildFollower:
    """The generations of one embedded service: the current one, and the ones still draining."""

    def __init__(self, settings: Settings, on_switch: Callable[[Service], None] | None) -> None:
        self.settings, self.on_switch = settings, on_switch
        self.current: Generation | None = None
        self.tasks: set[asyncio.Task[None]] = set()
        self.draining: set[tuple[DrainingEngine, Lease]] = set()
        self.loop = asyncio.get_running_loop()

    async def start(self) -> Service:
        """Serve the build in the build folder now; follow it when `on_switch` was given."""
        self.current = await self._open()
        await asyncio.to_thread(remove_unused, self.current.lease.path.parent)
        if self.on_switch is not None and self.settings.build_check_interval > 0:
            self._spawn(self._follow())
        return self.current.service

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:  # retrieved here, and said
            log.error("serving across builds: %s: %s", type(task.exception()).__name__, task.exception())

    async def _follow(self) -> None:
        while True:
            await asyncio.sleep(self.settings.build_check_interval)
            try:
                key = await asyncio.to_thread(wanted_key, self.settings)
                if key is not None and self.current is not None and key != self.current.lease.key:
                    await self.switch()
            except Exception as err:  # a build that is half there now is complete at the next look
                log.warning("not switching to the new build yet: %s: %s", type(err).__name__, err)

    async def _open(self) -> Generation:
        lease = await asyncio.to_thread(lease_build_store, self.settings)
        lease.on_close = self._collect  # once a generation is gone, its store can go
        try:
            return await open_generation(self.settings, lease)
        finally:
            lease.release()  # the generation holds it now

    def _collect(self) -> None:
        """Remove the store folders nobody holds (called by the last release of a lease, any thread)."""
        with suppress(RuntimeError):  # the loop has closed: the next start cleans up
            self.loop.call_soon_threadsafe(lambda: self._spawn(self._remove_unused()))

    async def _remove_unused(self) -> None:
        await asyncio.to_thread(remove_unused, stores_dir(self.settings.build_dir or build_dir()))

    async def switch(self) -> None:
        """Serve the build now in the build folder; the old generation drains in the background."""
        fresh = await self._open()
        old, self.current = self.current, fresh
        assert self.on_switch is not None and old is not None
        self.on_switch(fresh.service)
        log.warning("now serving build %s", fresh.lease.manifest.get("input_hash", "?"))
        retiring = (old.engine, old.lease)
        old.service.store.retire_derived()  # requests still using it compute what they need themselves
        del old  # its service (and store) lives on only in the requests still using it
        self.draining.add(retiring)
        self._spawn(self._retire(*retiring, fresh.engine))

    async def _retire(self, engine: DrainingEngine, lease: Lease, successor: Engine) -> None:
        try:
            await engine.drain(successor)
        finally:
            lease.release()  # the workers' hold; the store's ends when its last request is gone
            self.draining.discard((engine, lease))

    async def close(self) -> None:
        """Stop following and stop every generation's workers."""
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        current = [(self.current.engine, self.current.lease)] if self.current else []
        for engine, lease in [*self.draining, *current]:
            lease.on_close = None
            await engine.close()
            lease.release()
