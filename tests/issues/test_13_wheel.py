"""Issue 13: the wheel carries every package and every page file, and an installed wheel validates, builds
and serves from a fresh virtual environment outside the checkout."""

import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import httpx
import pytest
from helpers import ROOT
from servers import free_port, running

AWS = "autonomous-weapons-systems"


def _setuptools() -> dict:
    config: dict = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    return config


def _package_name(folder: Path, package_dir: dict[str, str]) -> str | None:
    """The dotted name `folder` installs as, through the longest matching package-dir entry."""
    relative = folder.relative_to(ROOT).as_posix()
    best = max(
        (name for name, path in package_dir.items() if relative == path or relative.startswith(path + "/")),
        key=lambda name: len(package_dir[name]),
        default=None,
    )
    if best is None:
        return None
    rest = relative[len(package_dir[best]) :].strip("/")
    return ".".join([best, *rest.split("/")]) if rest else best


def test_every_python_package_is_listed() -> None:
    config = _setuptools()
    folders = sorted(
        init.parent for top in ("govlex", "api", "viz") for init in (ROOT / top).rglob("__init__.py")
    )
    names = {_package_name(folder, config["package-dir"]) for folder in folders}
    assert "govlex.api.routes" in names  # the mapping renames api/ to govlex.api
    missing = names - set(config["packages"])
    assert not missing, f"packages missing from pyproject.toml [tool.setuptools] packages: {sorted(missing)}"


def _clean_copy(out: Path) -> Path:
    """The tracked files plus the installed web assets, as a fresh clone after `make` has them: what a wheel
    is built from, so untracked files and setuptools' leftovers in the checkout cannot slip in."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    vendor = ROOT / "api" / "static" / "vendor"
    assert vendor.is_dir(), "api/static/vendor/ is missing: run scripts/web-assets (make does)"
    names = [name for name in tracked.stdout.decode().split("\0") if name]
    names += [path.relative_to(ROOT).as_posix() for path in vendor.rglob("*") if path.is_file()]
    for name in names:
        if (ROOT / name).is_file():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, out / name)
    return out


def _build_wheel(source: Path, out: Path) -> Path:
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"),
            *("-w", str(out), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = out.glob("govlex-*.whl")
    return wheel


@pytest.mark.slow
def test_installed_wheel_validates_builds_and_serves(tmp_path: Path) -> None:
    wheel = _build_wheel(_clean_copy(tmp_path / "source"), tmp_path / "wheels")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for page_file in (
        "govlex/api/templates/concept.html",
        "govlex/api/static/site.css",
        "govlex/api/static/vendor/codemirror/codemirror.js",
        "govlex/api/routes/sparql.py",
        "govlex/locale/zh/LC_MESSAGES/messages.po",
    ):
        assert page_file in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    bin_dir = env_dir / "bin"
    install = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", f"{wheel}[serve]"],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert install.returncode == 0, install.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    build = tmp_path / "build"
    env = {"GOVLEX_BUILD_DIR": str(build), "HOME": str(tmp_path), "PATH": f"{bin_dir}:/usr/bin:/bin"}

    def govlex(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "govlex"), *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    validated = govlex("validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = govlex("build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (build / "govlex.nq").is_file()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(bin_dir / "govlex"), "serve", "--port", str(port), "--query-workers", "1"]
    with (
        running(command, f"{base}/sparql?query=ASK%7B%7D", tmp_path / "serve.log", env),
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        home = client.get("/")
        assert home.status_code == 200 and "govlex" in home.text
        concept = client.get(f"/concept/{AWS}")
        assert concept.status_code == 200 and "自主武器系统" in concept.text
        assert client.get("/static/site.css").status_code == 200
        editor = client.get("/query")
        assert editor.status_code == 200 and "static/vendor/codemirror/codemirror.js" in editor.text
        assert client.get("/static/vendor/codemirror/codemirror.js").status_code == 200
        ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ask.status_code == 200 and ask.json()["boolean"] is True
        listed = client.get("/api/concepts", params={"limit": 100}).json()
        assert AWS in {item["slug"] for item in listed["items"]}
        turtle = client.get(f"/id/concept/{AWS}", headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
        assert "skos:prefLabel" in turtle.text or "prefLabel" in turtle.text
