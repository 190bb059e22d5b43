"""The CLI and the server load the heavy libraries (plotting, graph pages, pinyin dictionaries, SHACL)
only when a command or a page uses them: a server that answers queries stays small (issue #5)."""

import json
import subprocess
import sys

HEAVY = ("matplotlib", "matplotlib_venn", "pyvis", "pypinyin", "pyshacl", "scipy", "pandas", "torch")


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def test_the_cli_and_the_app_start_without_heavy_libraries() -> None:
    loaded = loaded_after(
        "import govlex.cli.main\nfrom govlex.api.main import create_app\nfrom govlex.api.settings import Settings\n"
        "create_app(Settings())"
    )
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_the_libraries_load_when_used() -> None:
    loaded = loaded_after(
        "from govlex.pinyin import spelled\nspelled('自主')\nimport govlex.viz.figures\nimport govlex.viz.network"
    )
    assert {"pypinyin", "matplotlib", "matplotlib_venn", "pyvis"} <= loaded
