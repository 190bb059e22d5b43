"""Issue 13: the core does not import the web layer, and one read layer reads the store.

The core is every module of `govlex/` but the command line (`govlex.cli` composes the core with the
web layer and the views, importing them where a command needs them). It never imports `govlex.api`
(routes, templates, links, the static site) nor `govlex.viz` (the graph and overlap views), so it
runs, and is tested, without either.

The web layer, the views and the command line only format what the read layer (`govlex.catalog` and
the core modules beside it) returns: none of their modules queries a store, except the two whose job
is to run a query the user wrote. A reading has one model, `catalog.Interpretation`, whether a page
shows it or the reasoner's verdicts and the overlap measures compare it.
"""

import ast
import typing
from pathlib import Path

import pytest

from govlex import catalog
from govlex.reasoning import results

REPO = Path(__file__).resolve().parents[2]
CORE = REPO / "govlex"
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


# The layers that format what the read layer returns.
FORMATTING = sorted(
    p
    for folder in ("api", "viz", "govlex/cli")
    for p in (REPO / folder).rglob("*.py")
    if ".venv" not in p.parts
)
# The modules whose job is to run a query the user wrote, on the store as it is.
RUN_USERS_QUERIES = {
    "api/sparql/workers.py": "the SPARQL endpoint evaluating the client's query (in a worker or inline)",
    "govlex/cli/query.py": "`govlex query`, a named query or the user's own",
}
# The methods through which a query reaches a store (`QueryStore.select`, `construct`; pyoxigraph's `query`).
QUERY_METHODS = {"select", "construct", "query", "ask"}


def store_queries(path: Path) -> list[str]:
    """Each call in `path` of a method that sends a query to a store, as 'line: call'."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        f"{node.lineno}: {ast.unparse(node.func)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in QUERY_METHODS
    ]


def test_the_formatting_layers_are_found() -> None:
    names = {p.relative_to(REPO).as_posix() for p in FORMATTING}
    assert {"api/routes/pages.py", "api/site.py", "viz/network.py", "govlex/cli/compare.py"} <= names
    assert set(RUN_USERS_QUERIES) <= names


@pytest.mark.parametrize("path", FORMATTING, ids=lambda p: p.relative_to(REPO).as_posix())
def test_a_formatting_module_queries_no_store(path: Path) -> None:
    if path.relative_to(REPO).as_posix() in RUN_USERS_QUERIES:
        assert store_queries(path), f"{path.relative_to(REPO)} no longer runs queries: drop its exception"
        return
    found = store_queries(path)
    assert not found, (
        f"{path.relative_to(REPO)} queries the store itself (read it through the read layer): {found}"
    )


def test_the_check_sees_a_query(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "def f(store):\n    return store.select('SELECT * WHERE { ?s ?p ?o }')\n", encoding="utf-8"
    )
    assert store_queries(module) == ["2: store.select"]
    module.write_text(
        "def f(service, s):\n    return service.store.construct(Q, {'s': s})\n", encoding="utf-8"
    )
    assert store_queries(module) == ["2: service.store.construct"]


def test_a_reading_has_one_model() -> None:
    assert not hasattr(results, "Reading"), "the reasoner's own model of a reading is back"
    assert typing.get_type_hints(results.ScopeData)["readings"] == dict[str, catalog.Interpretation]
    assert typing.get_type_hints(results.Choice)["readings"] == tuple[catalog.Interpretation, ...]
