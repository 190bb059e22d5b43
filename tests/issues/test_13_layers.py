"""Issue 13: the core does not import the web layer.

The core is every module of `govlex/` but the command line (`govlex.cli` composes the core with the
web layer and the views, importing them where a command needs them). It never imports `govlex.api`
(routes, templates, links, the static site) nor `govlex.viz` (the graph and overlap views), so it
runs, and is tested, without either.
"""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "govlex"
OUTER = ("govlex.api", "govlex.viz")


def imported(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (a function's lazy import counts too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


CORE_MODULES = sorted(p for p in CORE.rglob("*.py") if "cli" not in p.relative_to(CORE).parts)


def test_the_core_is_found() -> None:
    names = {p.relative_to(CORE).as_posix() for p in CORE_MODULES}
    assert {"catalog.py", "store.py", "reasoning/results.py"} <= names
    assert not any(name.startswith("cli/") for name in names)


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: p.relative_to(CORE).as_posix())
def test_a_core_module_imports_no_web_layer(path: Path) -> None:
    outer = sorted(n for n in imported(path) if n in OUTER or n.startswith(tuple(o + "." for o in OUTER)))
    assert not outer, f"{path.relative_to(CORE.parent)} imports {', '.join(outer)}"


def test_the_check_sees_an_import_of_the_web_layer(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from govlex.api.links import ServedLinks\n", encoding="utf-8")
    assert "govlex.api.links" in imported(module)
    module.write_text("from govlex import api\n", encoding="utf-8")
    assert "govlex.api" in imported(module)
