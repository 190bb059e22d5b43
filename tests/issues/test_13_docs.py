"""Issue 13: the documentation site builds strictly, its CLI reference is the application's, the README
stays short, and no page names shared material by one machine's path."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from govlex.cli.reference import markdown

MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|home|root|Users|tmp)/\w")


def _tracked_markdown() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True, check=True)
    return listed.stdout.split()


def test_markdown_names_no_path_of_one_machine() -> None:
    offenders = [
        f"{name}:{number}: {line.strip()}"
        for name in _tracked_markdown()
        for number, line in enumerate((ROOT / name).read_text().splitlines(), 1)
        if MACHINE_PATH.search(line)
    ]
    assert not offenders, "\n".join(offenders)


def test_cli_reference_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text() == markdown(), (
        "docs/cli.md is stale: python -m govlex.cli.reference > docs/cli.md (make docs does it)"
    )
    assert "## `govlex serve`" in markdown() and "### `govlex link add`" in markdown()


@pytest.mark.slow
def test_docs_site_builds_strictly(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "decisions" / "0001-reification" / "index.html").is_file()
    assert (tmp_path / "site" / "cli" / "index.html").is_file()


def test_readme_is_for_arrivals() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 150
    assert "make run" in readme and "make test" in readme
