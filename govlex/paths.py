"""Where govlex finds its resource folders and writes its build, in a checkout and in an installed wheel.

In a checkout (and an editable install) the folders are the top-level `ontology/`, `data/` and
`queries/`; a wheel carries copies of them as `govlex/_resources/*`. `resource_dir` is the one place
that knows this.
"""

import os
from importlib.resources import files
from pathlib import Path

RESOURCE_NAMES = ("ontology", "data", "queries")

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_ROOT = _PACKAGE_DIR.parent


def is_checkout() -> bool:
    """True when running from a source checkout (plain or editable install), not from a wheel."""
    return (_CHECKOUT_ROOT / "pyproject.toml").is_file() and (_CHECKOUT_ROOT / "ontology").is_dir()


def resource_dir(name: str) -> Path:
    """The folder of bundled resources called `name` (one of `RESOURCE_NAMES`).

    >>> resource_dir("ontology").joinpath("govlex.ttl").is_file()
    True
    """
    if name not in RESOURCE_NAMES:
        raise ValueError(f"unknown resource folder {name!r}; known: {', '.join(RESOURCE_NAMES)}")
    if is_checkout():
        return _CHECKOUT_ROOT / name
    return Path(str(files("govlex") / "_resources" / name))


def ontology_file() -> Path:
    """The OWL model."""
    return resource_dir("ontology") / "govlex.ttl"


def shapes_file() -> Path:
    """The SHACL shapes."""
    return resource_dir("ontology") / "shapes.ttl"


def build_dir() -> Path:
    """Where builds are written: `$GOVLEX_BUILD_DIR`, else `build/` in a checkout, else the user cache."""
    configured = os.environ.get("GOVLEX_BUILD_DIR")
    if configured:
        return Path(configured)
    if is_checkout():
        return _CHECKOUT_ROOT / "build"
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "govlex" / "build"


def external_dir(build: Path | None = None) -> Path:
    """Where loaded external vocabularies persist: `$GOVLEX_EXTERNAL_DIR`, else `external/` beside the build.

    Kept beside (not inside) the build folder, because a build is replaced wholesale when the
    sources change while loaded vocabularies must survive that.
    """
    configured = os.environ.get("GOVLEX_EXTERNAL_DIR")
    if configured:
        return Path(configured)
    return (build or build_dir()).parent / "external"


def stores_dir(build: Path | None = None) -> Path:
    """Where `govlex serve` keeps the on-disk stores it reads: `$GOVLEX_STORES_DIR`, else `stores/` beside
    the build. Kept outside the build folder, because a build replaces that folder whole while a server
    is still reading its store (`govlex.store_generations`)."""
    configured = os.environ.get("GOVLEX_STORES_DIR")
    if configured:
        return Path(configured)
    return (build or build_dir()).parent / "stores"
