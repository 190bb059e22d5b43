"""A pool of query worker processes over one on-disk store opened read-only.

pyoxigraph cannot interrupt a running query, so queries run in child processes: when one overruns the
time limit its process is killed and replaced, and the event loop never runs a query itself. All
workers open the same on-disk store read-only, so the data is held once (in the page cache), not once
per worker. The parent waits on a worker's socket with `loop.add_reader`, no thread per request.

Workers are plain `python -c` subprocesses, not `multiprocessing` children: those re-import the
parent's `__main__` (the whole CLI) in every worker, which cost ~60 MB each.

A worker first cuts itself off the network (`sandbox`), then answers jobs on a thread with a large
stack, so the parser's recursion has room far beyond what the guard's depth limit lets through.

Workers die with their server, however it ends (SIGKILL included): each asks the kernel for SIGKILL
when its parent goes (`PR_SET_PDEATHSIG`). That signal follows the parent *thread* that started the
worker, so every worker is started from one thread that lives as long as the server process
(`_SPAWNER`), never from a pool thread that might end first.
"""

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from govlex.api.sparql.guard import QueryRefused
from govlex.api.sparql.render import Answer, Job
from govlex.api.sparql.sandbox import NetworkNotIsolated

if TYPE_CHECKING:
    from pyoxigraph import Store

# A worker answers ("ok", Answer) or ("error", status, title, detail).
Reply = tuple[object, ...]

STARTS = 3  # attempts at starting a replacement worker before the pool gives up
log = logging.getLogger("govlex.serve")


def stop_server(reason: str) -> None:
    """What a pool that cannot replace its workers does by default: say why, and stop the server
    (SIGTERM: uvicorn shuts down cleanly), rather than answer 503 to every query until restarted."""
    log.critical("stopping: %s", reason)
    os.kill(os.getpid(), signal.SIGTERM)


# Stack of the thread that parses and evaluates (only the pages it touches are ever allocated).
WORKER_STACK_BYTES = 512 * 1024 * 1024


# Starts every worker: its one thread lives until the server process ends (see the module's docstring).
_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govlex-worker-spawner")
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when the thread that started it ends; exit now if `parent`
    (the server's pid) is already gone, which the kernel would not report."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:
        os._exit(1)


def worker_entry() -> None:
    """Entry point of a worker subprocess: `argv` = socket fd, store path, prefixes as JSON, server pid,
    memory budget in bytes (0: none)."""
    from govlex.api.sparql.sandbox import isolate_network

    # First, while the process has a single thread: afterwards no query can open a connection.
    network = isolate_network()
    # After the namespace: the kernel clears the parent-death signal when credentials change.
    die_with_parent(int(sys.argv[4]))
    fd, path, prefixes = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    threading.stack_size(WORKER_STACK_BYTES)
    budget = int(sys.argv[5])
    thread = threading.Thread(target=worker_main, args=(Connection(fd), path, prefixes, network, budget))
    thread.start()
    thread.join()


def worker_main(
    conn: Connection, path: str, prefixes: dict[str, str], network: str = "", budget: int = 0
) -> None:
    """The loop of one worker process: open the store, then answer jobs until the socket closes.

    The ready message carries why the worker still has network access ("" when it has none).
    """
    from pyoxigraph import Store

    store = Store.read_only(path)
    if budget:
        limit_memory(budget)
    conn.send(("ready", network))
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(evaluate(store, job, prefixes))


def evaluate(store: "Store", job: Job, prefixes: dict[str, str]) -> Reply:
    """Run `job` on `store` and render its answer: ("ok", Answer) or ("error", status, title, detail)."""
    from govlex.api.sparql.render import render
    from pyoxigraph import NamedNode

    try:
        kwargs: dict[str, object] = {}
        if job.default_graphs is not None:
            kwargs["default_graph"] = [NamedNode(g) for g in job.default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs is not None:
            kwargs["named_graphs"] = [NamedNode(g) for g in job.named_graphs]
        return ("ok", render(store.query(job.query, **kwargs), job, prefixes))  # type: ignore[arg-type]
    except SyntaxError as err:
        return ("error", 400, "SPARQL syntax error", str(err))
    except MemoryError:  # Python's allocations; the store's (Rust) abort the process instead
        return ("error", *MEMORY_EXCEEDED)
    except (ValueError, TypeError) as err:
        return ("error", 400, "Query not accepted", str(err))
    except Exception as err:  # the server's fault (store, writer): a logged 500, not a 400
        return ("error", 500, "Query failed", f"{type(err).__name__}: {err}")


def limit_memory(budget: int) -> None:
    """Let this process's address space grow at most `budget` bytes beyond its size now (RLIMIT_AS).

    Counted from the size once the store is open, because the size at rest (the reserved thread stack,
    the store's caches and mappings) differs between machines while what a query may add should not.
    """
    import resource
    from pathlib import Path

    status = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
    size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + budget, resource.RLIM_INFINITY))


MEMORY_EXCEEDED = (
    503,
    "Memory limit exceeded",
    "the query needed more memory than a query worker may use (worker_memory_mb); it was stopped",
)


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, path: str, prefixes: dict[str, str], memory_budget: int = 0) -> None:
        parent, child = socket.socketpair()
        code = "from govlex.api.sparql.workers import worker_entry; worker_entry()"
        self.process = subprocess.Popen(
            # -P: never import from the working directory (a `govlex/` folder there would shadow the package).
            [
                sys.executable,
                "-P",
                "-c",
                code,
                str(child.fileno()),
                path,
                json.dumps(prefixes),
                str(os.getpid()),
                str(memory_budget),
            ],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
            # A store allocation over the memory limit aborts the worker; one line says so, not a backtrace.
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
        child.close()
        self.conn = Connection(parent.detach())

    async def receive(self, timeout: float) -> Reply:
        """The next message from the worker, or TimeoutError after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, readable)
        try:
            await asyncio.wait_for(ready, timeout)
        finally:
            loop.remove_reader(fd)
            # uvloop's add_reader makes the socket non-blocking; recv and send need it blocking, or a
            # reply longer than what has arrived so far fails with BlockingIOError.
            os.set_blocking(fd, True)
        reply: Reply = self.conn.recv()
        return reply

    def kill(self) -> None:
        self.process.kill()
        self.conn.close()
        self.process.wait(timeout=5)


class WorkerPool:
    """`size` workers; requests wait for an idle one (at most `queue_limit` waiting, else 503)."""

    def __init__(
        self,
        path: str,
        size: int,
        timeout: float,
        queue_limit: int,
        prefixes: dict[str, str],
        graphs: set[str],
        *,
        on_failure: Callable[[str], None] = stop_server,
        allow_network: bool = False,
        wait_timeout: float | None = None,
        niceness: int = 0,
        memory_budget: int = 0,
    ) -> None:
        self.path, self.size, self.timeout, self.queue_limit = path, size, timeout, queue_limit
        self.allow_network = allow_network
        # How long a job may wait for an idle worker; None: the time limit covers waiting and running.
        self.wait_timeout = wait_timeout
        # CPU priority of the workers (higher: yields the CPU to the reserved lane and the event loop).
        self.niceness = niceness
        self.memory_budget = memory_budget  # bytes a worker's address space may grow once ready (0: any)
        self.prefixes, self.graphs = prefixes, graphs
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        # A started spare replaces a killed worker at once, so a timeout does not shrink the pool.
        self.spares: asyncio.Queue[Worker] = asyncio.Queue()
        self.waiting = 0
        self.replacing: set[asyncio.Task[None]] = set()
        self.workers: set[Worker] = set()
        self.active = 0  # workers serving queries (idle or busy), spares not counted
        self.on_failure = on_failure
        self.failure: str | None = None  # why workers can no longer be started, once they cannot

    async def start(self) -> None:
        """Start every worker and one spare, and wait until each has opened the store."""
        workers = await asyncio.gather(*(self._new_worker() for _ in range(self.size + 1)))
        self.spares.put_nowait(workers[0])
        for worker in workers[1:]:
            self.idle.put_nowait(worker)
        self.active = self.size

    async def _new_worker(self) -> Worker:
        loop = asyncio.get_running_loop()
        starting = asyncio.ensure_future(
            loop.run_in_executor(_SPAWNER, Worker, self.path, self.prefixes, self.memory_budget)
        )
        try:
            worker = await asyncio.shield(starting)
        except asyncio.CancelledError:
            # The thread starts the process whatever happens to this task (the pool closing): kill
            # it once it exists, or it outlives the pool, unknown to it, holding the store open.
            starting.add_done_callback(_kill_started)
            raise
        self.workers.add(worker)
        try:
            ready = await worker.receive(timeout=60)  # ("ready", network) once it has opened the store
        except BaseException as err:
            self.workers.discard(worker)
            await asyncio.to_thread(worker.kill)  # reaped, not left a zombie
            if isinstance(err, EOFError):
                raise EOFError(f"it exited with code {worker.process.returncode} opening the store") from None
            raise
        network = str(ready[1]) if len(ready) > 1 else "no report"
        if network and not self.allow_network:
            self.workers.discard(worker)
            await asyncio.to_thread(worker.kill)
            raise NetworkNotIsolated(f"a query worker kept network access ({network})")
        if self.niceness:  # once started: a replacement starts at full speed, queries yield the CPU
            # Linux keeps a priority per thread, and queries run on the worker's second thread.
            for thread in os.listdir(f"/proc/{worker.process.pid}/task"):
                os.setpriority(os.PRIO_PROCESS, int(thread), self.niceness)
        return worker

    def _retire(self, worker: Worker) -> None:
        """Kill `worker`; a ready spare takes its place at once, and a new spare starts in the background."""
        self.workers.discard(worker)
        self.active -= 1
        if not self.spares.empty():
            self.idle.put_nowait(self.spares.get_nowait())
            self.active += 1
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self.replacing.add(task)
        task.add_done_callback(self.replacing.discard)

    async def _replace(self, worker: Worker) -> None:
        await asyncio.to_thread(worker.kill)
        for attempt in range(1, STARTS + 1):
            try:
                fresh = await self._new_worker()
                break
            except Exception as err:  # whatever it is, the pool must learn it here, not in a lost task
                reason = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
                log.warning(
                    "query worker %d of %d over %s did not start: %s", attempt, STARTS, self.path, reason
                )
                await asyncio.sleep(0.2 * attempt)
        else:
            self.failure = f"no query worker could be started over {self.path} ({reason})"
            self.on_failure(self.failure)
            return
        # Fill the pool first (when no spare was ready), then the spare slot.
        if self.active < self.size:
            self.idle.put_nowait(fresh)
            self.active += 1
        else:
            self.spares.put_nowait(fresh)

    async def run(self, job: Job) -> Answer:
        """Run `job` on an idle worker within the time limit, or raise `QueryRefused`."""
        if self.failure is not None:
            raise QueryRefused(503, "Query workers failed", "the service cannot run queries and is stopping")
        if self.waiting >= self.queue_limit:
            raise QueryRefused(503, "Busy", "too many queries are waiting; retry shortly")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        self.waiting += 1
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.wait_timeout or self.timeout)
        except TimeoutError:
            raise QueryRefused(503, "Busy", "no query worker became free within the time limit") from None
        finally:
            self.waiting -= 1
        if self.wait_timeout is not None:  # the time limit counts from here, not from the request
            deadline = loop.time() + self.timeout
        try:
            worker.conn.send(job)
            reply = await worker.receive(max(deadline - loop.time(), 0.001))
        except TimeoutError:
            self._retire(worker)
            raise QueryRefused(
                503,
                "Time limit exceeded",
                f"the query ran longer than the limit of {self.timeout:g} s and was stopped",
            ) from None
        except (EOFError, OSError, asyncio.CancelledError) as err:
            self._retire(worker)
            if isinstance(err, asyncio.CancelledError):
                raise
            if await _ended_by(worker) == -signal.SIGABRT:  # how Rust reports a failed allocation
                raise QueryRefused(*MEMORY_EXCEEDED) from None
            raise QueryRefused(
                503, "Query worker lost", "the query stopped its worker; it was replaced"
            ) from None
        self.idle.put_nowait(worker)
        return answer_of(reply)

    async def close(self) -> None:
        """Stop every worker."""
        for task in list(self.replacing):
            task.cancel()
        await asyncio.gather(*self.replacing, return_exceptions=True)
        for worker in list(self.workers):
            await asyncio.to_thread(worker.kill)
        self.workers.clear()


def answer_of(reply: Reply) -> Answer:
    """The answer in `reply`, or the `QueryRefused` it reports."""
    if reply[0] == "ok":
        answer = reply[1]
        assert isinstance(answer, Answer)
        return answer
    _, status, title, detail = reply
    raise QueryRefused(int(status), str(title), _without_paths(str(detail)))  # type: ignore[call-overload]


async def _ended_by(worker: Worker) -> int | None:
    """The exit status of a worker whose socket closed (it is exiting): negative for a signal."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        await asyncio.to_thread(worker.process.wait, 2)
    return worker.process.returncode


def _kill_started(starting: "asyncio.Future[Worker]") -> None:
    if not starting.cancelled() and starting.exception() is None:
        starting.result().kill()


def _without_paths(message: str) -> str:
    """Error messages go to the public: keep local file paths out of them."""
    home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return message.replace(home, "…")
