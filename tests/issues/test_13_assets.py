"""Issue 13: no third-party code in git. The pages' static files in the repository are the ones govlex wrote,
each declared in api/static/README.md; everything else comes from npm at install time into a git-ignored
folder."""

import json
import re
import subprocess

from helpers import ROOT

STATIC = ROOT / "api" / "static"
# What browsers load or that carries someone else's code: scripts, styles, fonts, images, source maps.
ASSET = re.compile(r"\.(js|mjs|css|map|woff2?|ttf|otf|eot|svg|png|gif|jpe?g|wasm)$")


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def _declared_own_files() -> set[str]:
    """Files of api/static/ whose row in its README's first table says their origin is govlex."""
    rows = re.findall(r"^\| `([^`|]+)` \|[^|]*\| govlex \|", (STATIC / "README.md").read_text(), re.M)
    return set(rows)


def test_tracked_static_assets_are_all_govlex_own() -> None:
    tracked = [name for name in _git("ls-files").stdout.splitlines() if ASSET.search(name)]
    assert tracked, "expected the pages' own stylesheet and script"
    # Screenshots of govlex's own pages illustrate the docs; nothing else is tracked outside api/static/.
    outside = [
        name
        for name in tracked
        if not name.startswith("api/static/") and not re.match(r"docs/images/[\w-]+\.png$", name)
    ]
    assert not outside, f"assets tracked outside api/static/: {outside}"
    own = _declared_own_files()
    foreign = [
        name
        for name in tracked
        if name.startswith("api/static/") and name.removeprefix("api/static/") not in own
    ]
    assert not foreign, (
        f"tracked files in api/static/ not declared as govlex's own in api/static/README.md: {foreign}; "
        "third-party code comes from npm (package.json, scripts/web-assets)"
    )


def test_installed_assets_and_node_modules_are_ignored() -> None:
    for path in ("api/static/vendor/codemirror/codemirror.js", "node_modules/codemirror/lib/codemirror.js"):
        assert _git("check-ignore", "--quiet", "--no-index", path).returncode == 0, (
            f"{path} is not git-ignored"
        )


def test_editor_is_pinned_by_the_lockfile() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]["codemirror"]
    entry = lock["packages"]["node_modules/codemirror"]
    assert entry["version"] == wanted and entry["integrity"].startswith("sha512-")
