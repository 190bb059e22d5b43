"""Issue 13: users install what they use. Each optional library a command imports belongs to the extra the
CLI names when it is missing, and a missing one gives a one-line error naming the extra."""

import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

from helpers import ROOT

from govlex.cli.common import EXTRA_OF_MODULE


def _requirements(extra: str, extras: dict[str, list[str]]) -> set[str]:
    """Distribution names an extra installs, following `govlex[...]` references to other extras."""
    names: set[str] = set()
    for requirement in extras[extra]:
        found = re.match(r"([A-Za-z0-9_.-]+)(?:\[([^\]]*)\])?", requirement)
        assert found is not None, requirement
        name, inner_extras = found.group(1), found.group(2) or ""
        if name == "govlex":
            for inner in inner_extras.split(","):
                names |= _requirements(inner.strip(), extras)
        else:
            names.add(name.lower().replace("_", "-"))
    return names


def test_every_optional_module_is_in_the_extra_that_is_named() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    distributions = packages_distributions()
    for module, extra in EXTRA_OF_MODULE.items():
        provided_by = {name.lower().replace("_", "-") for name in distributions[module]}
        assert provided_by & _requirements(extra, extras), f"{module} is not installed by govlex[{extra}]"
    # What the test suite installs covers every extra a user can be told to install.
    assert set(EXTRA_OF_MODULE.values()) <= {
        e for e in extras if _requirements(e, extras) <= _requirements("test", extras)
    }


def test_a_missing_extra_is_one_line_naming_it() -> None:
    # The same process as `govlex serve`, with uvicorn made unimportable as if the extra were not installed.
    code = "import sys; sys.modules['uvicorn'] = None; from govlex.cli.main import app; app(['serve'])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "pip install 'govlex[serve]'" in result.stderr and "uvicorn" in result.stderr
