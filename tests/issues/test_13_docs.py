"""Issue 13: the documentation names shared material relative to the repository, never by one machine's path."""

import re
import subprocess

from helpers import ROOT

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
