"""Real server processes for tests: `govlex serve` and `oxigraph serve` on free ports, each with its own
temporary folders, so tests can run beside other test sessions on the same machine."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def running(
    command: list[str], ready_url: str, log: Path, env: dict[str, str] | None = None
) -> Iterator[None]:
    """Run `command` until the block ends, once `ready_url` answers."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        try:
            _wait(ready_url, process, log)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def govlex_server(tmp: Path, build: Path, *flags: str) -> Iterator[str]:
    """`govlex serve` on a copy of `build` (its on-disk store is written there), yielding its base URL."""
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
        command, f"{base}/sparql?query=ASK%7B%7D", tmp / "serve.log", {"GOVLEX_BUILD_DIR": str(private)}
    ):
        yield base


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
