"""Issue 13: the interface's text lives only in the message catalogue.

No template and no module of `govlex/`, `api/` or `viz/` writes interface text inline: no Chinese in a
template, no `pick(…)` of literal strings, no Chinese in a string of code (docstrings hold doctests,
whose Chinese is data). Two places hold Chinese that is data, not interface text: `api/routes/`, whose
Chinese strings are OpenAPI examples of the answers, and a line that says so with the comment
`# data, not interface text`. A string a page, view or publication shows is asked for by name
(`t('name')` in a template, `text`, `both`, `named`, `both_named` in code; see `govlex.messages`)."""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT

# Han ideographs as written in the file: an escape such as "\u3400" (a code point range in a regex) is
# code, and full-width punctuation alone (the "；" joining Chinese labels) is typography, not text.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LITERAL_PICK = re.compile(r"""\bpick\(\s*['"{]""")
DATA_MARK = "# data, not interface text"
TEMPLATES = sorted(
    [*(ROOT / "api" / "templates").glob("*.html"), *(ROOT / "govlex").rglob("templates/*.html")]
)
EXAMPLES = ROOT / "api" / "routes"
MODULES = sorted(
    p
    for folder in ("govlex", "api", "viz")
    for p in (ROOT / folder).rglob("*.py")
    if EXAMPLES not in p.parents
)


def template_faults(path: Path, root: Path = ROOT) -> Iterator[str]:
    """`file:line: what` for each line of a template that writes interface text inline."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.relative_to(root)}:{number}"
        if LITERAL_PICK.search(line):
            yield f"{where}: pick(…) of literal strings; ask the catalogue with t('name')"
        if HAN.search(line):
            yield f"{where}: Chinese text inline ({HAN.findall(line)[0]}…); put it in the catalogue"


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def module_faults(path: Path, root: Path = ROOT) -> Iterator[str]:
    """`file:line: what` for each string of code (not a docstring) holding Chinese interface text."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, str(path))
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docstrings:
            continue
        written = ast.get_source_segment(source, node) or ""
        if HAN.search(written) and DATA_MARK not in lines[node.lineno - 1]:
            where = f"{path.relative_to(root)}:{node.lineno}"
            yield f"{where}: Chinese text inline ({node.value[:30]!r}); put it in the catalogue"


def test_the_files_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in [*TEMPLATES, *MODULES]}
    assert {"api/templates/base.html", "govlex/curation/templates/glossary.html", "viz/style.py"} <= names
    assert {"govlex/curation/glossary_model.py", "api/entity_pages.py", "govlex/vocabulary.py"} <= names
    assert not any(name.startswith("api/routes/") for name in names)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_template_writes_no_interface_text_inline(path: Path) -> None:
    faults = list(template_faults(path))
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_module_writes_no_chinese_interface_text_inline(path: Path) -> None:
    faults = list(module_faults(path))
    assert not faults, "\n".join(faults)


def test_the_checks_see_inline_text(tmp_path: Path) -> None:
    template = tmp_path / "page.html"
    template.write_text("<p>{{ t('home') }}</p>\n<p>{{ pick('Show', '显示') }}</p>\n", encoding="utf-8")
    assert [f.split(": ")[0] for f in template_faults(template, tmp_path)] == ["page.html:2", "page.html:2"]
    module = tmp_path / "m.py"
    module.write_text(
        '"""Doctest data: 自主."""\n\nNAMES = {"us": ("U.S.", "美方")}\nEXAMPLE = "甲"  # data, not interface text\n',
        encoding="utf-8",
    )
    faults = list(module_faults(module, tmp_path))
    assert faults == ["m.py:3: Chinese text inline ('美方'); put it in the catalogue"]
