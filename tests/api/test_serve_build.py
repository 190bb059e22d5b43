"""`govlex serve` brings a stale build up to date before it serves, in a child `govlex build`."""

import json
import shutil
import sys
from pathlib import Path

import httpx
from servers import free_port, running

from govlex.build import MANIFEST, input_hash


def test_serve_rebuilds_a_stale_build_then_serves_it(built: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    shutil.copytree(built, build)
    manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    (build / MANIFEST).write_text(json.dumps({**manifest, "input_hash": "stale"}), encoding="utf-8")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "govlex.cli.main",
        "serve",
        "--port",
        str(port),
        "--build-dir",
        str(build),
    ]
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with running(command, f"{base}/sparql?query=ASK%7B%7D", log, {"GOVLEX_BUILD_DIR": str(build)}):
        stats = httpx.get(f"{base}/api/stats", timeout=30).json()
    assert json.loads((build / MANIFEST).read_text(encoding="utf-8"))["input_hash"] == input_hash()
    output = log.read_text(encoding="utf-8")
    assert "building first" in output
    assert f"built {build}" in output.replace("\n", "")  # what `govlex build` prints: it ran as a child
    assert stats["build"]["input_hash"] == input_hash()  # the service runs on the fresh build
    assert stats["counts"]
