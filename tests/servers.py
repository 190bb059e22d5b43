"""Real server processes for tests: `govlex serve`, `oxigraph serve` and Virtuoso on free ports, each with
its own temporary folders, so tests can run beside other test sessions on the same machine."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start:\n{log.read_text(errors='replace')}")


WARMED = 3
"""How many "… is ready" lines `govlex serve` logs once its start-up warming is done (`govlex.api.warming`)."""


def wait_until_warm(log: Path, seconds: float = 600) -> str:
    """Wait until the `govlex serve` writing `log` has logged every start-up computation as ready (so
    what it asks of its store afterwards is what requests ask); the log's text."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if text.count(" is ready (") + text.count("could not be computed ahead") >= WARMED:
            return text
        time.sleep(0.2)
    raise RuntimeError(f"the server's start-up warming did not finish:\n{log.read_text(errors='replace')}")


@contextmanager
def running(
    command: list[str], ready_url: str, log: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` until the block ends, once `ready_url` answers; yields its process."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        try:
            _wait(ready_url, process, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def govlex_server(tmp: Path, build: Path, *flags: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`govlex serve` on a copy of `build` (its on-disk store is written beside it), yielding its base URL;
    `env` adds `GOVLEX_*` settings."""
    with govlex_process(tmp, build, *flags, env=env) as (base, _):
        yield base


@contextmanager
def govlex_process(
    tmp: Path, build: Path, *flags: str, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`govlex_server`, yielding its base URL and its process; `env` adds environment variables."""
    port = free_port()
    private = tmp / "build"
    if not private.exists():
        shutil.copytree(build, private)
    command = [
        sys.executable,
        "-m",
        "govlex.cli.main",
        "serve",
        "--port",
        str(port),
        "--build-dir",
        str(private),
        *flags,
    ]
    base = f"http://127.0.0.1:{port}"
    with running(
        command,
        f"{base}/sparql?query=ASK%7B%7D",
        tmp / "serve.log",
        {"GOVLEX_BUILD_DIR": str(private), **(env or {})},
    ) as process:
        yield base, process


@contextmanager
def oxigraph_server(tmp: Path) -> Iterator[str]:
    """A real `oxigraph serve` over a fresh folder, union default graph, yielding its base URL."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the oxigraph binary is missing: pip install oxigraph")
    port = free_port()
    command = [
        binary,
        "serve",
        "--location",
        str(tmp / "oxigraph"),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/query?query=ASK%7B%7D", tmp / "oxigraph.log"):
        yield base


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its HTTP base URL, its SQL (isql) address and its process; the `dba`
    password is `dba`, a fresh database's, acceptable only because both ports listen on 127.0.0.1."""

    base: str
    sql_address: str
    process: subprocess.Popen[bytes]

    def sql(self, statements: str) -> str:
        """Run SQL `statements` as `dba` with Virtuoso's isql; their output, or RuntimeError."""
        done = subprocess.run(
            ["isql-vt", self.sql_address, "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed on {statements!r}:\n{done.stdout}{done.stderr}")
        return done.stdout

    def publish(self, graphs: Iterable[str]) -> None:
        """Let anonymous SPARQL read `graphs` and nothing else (Virtuoso's graph-level security), so its
        default graph is their union, as on the embedded store, without Virtuoso's own system graphs."""
        grants = "".join(f"DB.DBA.RDF_GRAPH_USER_PERMS_SET ('{g}', 'nobody', 1);" for g in graphs)
        self.sql(f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0);{grants}")


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 20
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = {db}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 20
MaxClientConnections = 20

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""
"""A minimal virtuoso.ini: every file in one folder, both ports on loopback, no system service involved.
`ResultSetMaxRows` is raised from Virtuoso's usual 10,000 so that Virtuoso never cuts an answer
silently: govlex applies its own cap."""


@contextmanager
def virtuoso_server(tmp: Path, buffers: int = 10_000) -> Iterator[Virtuoso]:
    """A real Virtuoso open source server (`virtuoso-t`, Debian's virtuoso-opensource-7-bin) over a fresh
    database in `tmp`, in the foreground under this process; `buffers` 8 kB pages of cache."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("virtuoso-t is missing: scripts/system-deps --test installs it")
    db = tmp / "virtuoso"
    db.mkdir()
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            db=db, sql_port=sql_port, http_port=http_port, buffers=buffers, dirty=buffers * 3 // 4
        )
    )
    base = f"http://127.0.0.1:{http_port}"
    command = [binary, "+configfile", str(ini), "+foreground"]
    with running(command, f"{base}/sparql?query=ASK%7B%7D", tmp / "virtuoso.out") as process:
        yield Virtuoso(base, f"127.0.0.1:{sql_port}", process)


@dataclass(frozen=True)
class Remote:
    """A remote store under test: its own query endpoint, and `govlex serve --store` over it."""

    name: str
    endpoint: str
    served: str


def push(build: Path, url: str, *flags: str, env: dict[str, str] | None = None) -> None:
    """`govlex push` of `build` to the Graph Store endpoint `url` (`flags` and `env` added); fails if refused."""
    pushed = subprocess.run(
        [sys.executable, "-m", "govlex.cli.main", "push", url, *flags],
        capture_output=True,
        text=True,
        env={**os.environ, "GOVLEX_BUILD_DIR": str(build), **(env or {})},
        timeout=300,
        check=False,
    )
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr


@contextmanager
def pushed_oxigraph(tmp: Path, build: Path) -> Iterator[str]:
    """`oxigraph_server` holding `build`, loaded with `govlex push`; yields its base URL."""
    with oxigraph_server(tmp) as url:
        push(build, f"{url}/store")
        yield url


@contextmanager
def counting_proxy(target: str) -> Iterator[tuple[str, list[str]]]:
    """A plain HTTP proxy on a free port that forwards every request to `target` (a base URL) and records
    each request's method, path and body; yields its base URL and that record. A test reads how many
    round trips a server behind it made."""
    seen: list[str] = []
    client = httpx.Client(timeout=60, trust_env=False)

    class Forward(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(f"{self.command} {self.path} {body.decode('utf-8', 'replace')}")
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
            answer = client.request(self.command, target + self.path, content=body, headers=headers)
            self.send_response(answer.status_code)
            self.send_header("Content-Type", answer.headers.get("content-type", "application/octet-stream"))
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = _forward

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        client.close()


@contextmanager
def loopback_listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP port on 127.0.0.1 that records the first bytes of every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                seen.append(conn.recv(100) or b"(connected)")
            except OSError:
                seen.append(b"(connected)")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], seen
    finally:
        stop.set()
        thread.join()
        sock.close()


@contextmanager
def govlex_data_server(tmp: Path, data: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`govlex serve --data` on a private copy of an N-Quads file (the server writes its store beside it)."""
    port = free_port()
    copy = tmp / data.name
    shutil.copyfile(data, copy)
    command = [sys.executable, "-m", "govlex.cli.main", "serve", "--port", str(port), "--data", str(copy)]
    command += ["--query-workers", "1"]
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/sparql?query=ASK%7B%7D", tmp / "serve.log", env):
        yield base


@contextmanager
def steady_load(base: str, clients: int = 2) -> Iterator[list[int]]:
    """Clients asking `/sparql` and `/api/stats` in a loop until the block ends; yields the statuses seen."""
    statuses: list[int] = []
    stop = threading.Event()

    def load() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                statuses.append(client.get("/sparql", params={"query": "ASK {}"}).status_code)
                statuses.append(client.get("/api/stats").status_code)

    threads = [threading.Thread(target=load) for _ in range(clients)]
    for thread in threads:
        thread.start()
    try:
        yield statuses
    finally:
        stop.set()
        for thread in threads:
            thread.join()
