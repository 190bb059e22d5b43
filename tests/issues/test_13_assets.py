"""Issue 13: no third-party code in git. The pages' static files and the printed glossary's stylesheet in the
repository are the ones govlex wrote, each declared in its folder's README.md (api/static/,
govlex/curation/templates/); everything else comes from npm at install time into a git-ignored folder."""

import json
import re
import subprocess

from helpers import ROOT

# The folders whose tracked assets govlex wrote, each listed with origin govlex in the folder's README.md:
# the pages' static files and the printed glossary's templates.
OWN_ASSET_FOLDERS = ("api/static", "govlex/curation/templates")
# What browsers load or that carries someone else's code: scripts, styles, fonts, images, source maps.
ASSET = re.compile(r"\.(js|mjs|css|map|woff2?|ttf|otf|eot|svg|png|gif|jpe?g|wasm)$")


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def _declared_own_files(folder: str) -> set[str]:
    """Files of `folder` whose row in its README's first table says their origin is govlex."""
    readme = ROOT / folder / "README.md"
    text = readme.read_text() if readme.is_file() else ""
    return set(re.findall(r"^\| `([^`|]+)` \|[^|]*\| govlex \|", text, re.M))


def test_tracked_static_assets_are_all_govlex_own() -> None:
    tracked = [name for name in _git("ls-files").stdout.splitlines() if ASSET.search(name)]
    assert tracked, "expected the pages' own stylesheet and script"
    # Screenshots of govlex's own pages illustrate the docs; nothing else is tracked outside OWN_ASSET_FOLDERS.
    outside = [
        name
        for name in tracked
        if not name.startswith(tuple(f"{folder}/" for folder in OWN_ASSET_FOLDERS))
        and not re.match(r"docs/images/[\w-]+\.png$", name)
    ]
    assert not outside, f"assets tracked outside {', '.join(OWN_ASSET_FOLDERS)}: {outside}"
    for folder in OWN_ASSET_FOLDERS:
        own = _declared_own_files(folder)
        foreign = [
            name
            for name in tracked
            if name.startswith(f"{folder}/") and name.removeprefix(f"{folder}/") not in own
        ]
        assert not foreign, (
            f"tracked files in {folder}/ not declared as govlex's own in {folder}/README.md: {foreign}; "
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
