"""`govlex serve` brings a stale build up to date before it serves, in a child `govlex build`."""

import json
import shutil
from pathlib import Path

import httpx
from servers import govlex_server

from govlex.build import MANIFEST, input_hash


def test_serve_rebuilds_a_stale_build_then_serves_it(built: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"  # the folder `govlex_server` serves from when it exists
    shutil.copytree(built, build)
    manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    (build / MANIFEST).write_text(json.dumps({**manifest, "input_hash": "stale"}), encoding="utf-8")
    with govlex_server(tmp_path, built) as base:
        stats = httpx.get(f"{base}/api/stats", timeout=30).json()
    assert json.loads((build / MANIFEST).read_text(encoding="utf-8"))["input_hash"] == input_hash()
    output = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "building first" in output
    assert f"built {build}" in output.replace("\n", "")  # what `govlex build` prints: it ran as a child
    assert stats["build"]["input_hash"] == input_hash()  # the service runs on the fresh build
    assert stats["counts"]
