"""Issue 2: an installed wheel (not only a checkout) finds ontology/, data/ and queries/ and validates."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import ROOT


def test_wheel_carries_resources_and_validates_from_elsewhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            str(ROOT),
            "-w",
            str(wheels),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("govlex-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert "govlex/_resources/ontology/govlex.ttl" in names
    assert "govlex/_resources/ontology/shapes.ttl" in names
    assert any(n.startswith("govlex/_resources/data/") and n.endswith(".ttl") for n in names)
    assert any(n.startswith("govlex/_resources/queries/") and n.endswith("-violation.rq") for n in names)
    assert "govlex/api/__init__.py" in names and "govlex/viz/__init__.py" in names

    # Run from an unrelated folder with only the unpacked wheel (plus installed dependencies) on the path.
    env = {**os.environ, "PYTHONPATH": str(site), "GOVLEX_BUILD_DIR": str(tmp_path / "build")}
    where = subprocess.run(
        [sys.executable, "-c", "from govlex.paths import resource_dir; print(resource_dir('data'))"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()) == site / "govlex" / "_resources" / "data"
    result = subprocess.run(
        [sys.executable, "-m", "govlex.cli.main", "validate", "--no-reasoner"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout
