"""Issue 13: one vocabulary. Namespace IRIs and prefixes are written once, in `govlex/namespace.py`; no
module reads `GLX._NS`, and the read side's SPARQL prologue is derived from the same prefixes."""

import ast
import re
from pathlib import Path

from helpers import ROOT

from govlex import catalog, namespace

SOURCES = [path for top in ("govlex", "api", "viz", "bench") for path in sorted((ROOT / top).rglob("*.py"))]
NAMESPACE_MODULE = ROOT / "govlex" / "namespace.py"
PREFIX_LINE = re.compile(r"PREFIX\s+[\w-]*:\s*<([^>]+)>", re.I)
# Every namespace IRI namespace.py defines (the govlex bases and the standard vocabularies).
KNOWN = sorted(
    {value for name, value in vars(namespace).items() if name.isupper() and isinstance(value, str)}
    | set(namespace.PREFIXES.values()),
    key=len,
    reverse=True,
)


def _literal_namespace(node: ast.expr) -> str | None:
    """The namespace a constant spells, for `"…#"`, `NamedNode("…#type")`, `Namespace("…")` and the like."""
    if isinstance(node, ast.Call) and node.args:
        node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return next((iri for iri in KNOWN if node.value.startswith(iri) and iri.endswith(("#", "/"))), None)
    return None


def _declared_prefixes(node: ast.AST) -> list[str]:
    """Namespaces a string in `node` declares with a SPARQL `PREFIX p: <…>` line."""
    return [
        match
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and isinstance(child.value, str)
        for match in PREFIX_LINE.findall(child.value)
        if match in KNOWN
    ]


def test_no_module_spells_a_namespace_of_its_own() -> None:
    offenders = []
    for path in SOURCES:
        if path == NAMESPACE_MODULE:
            continue
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                iri = _literal_namespace(node.value)
                if iri:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} spells {iri}")
        offenders += [f"{path.relative_to(ROOT)} declares PREFIX <{iri}>" for iri in _declared_prefixes(tree)]
    assert not offenders, "import these from govlex.namespace instead:\n" + "\n".join(offenders)


def test_nobody_reads_the_private_namespace_attribute() -> None:
    readers = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*SOURCES, *sorted((ROOT / "tests").rglob("*.py"))]
        if path != NAMESPACE_MODULE
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "GLX._NS" in line and path != Path(__file__)
    ]
    assert not readers, f"use govlex.namespace.GLX_NS: {readers}"


def test_read_side_prologue_is_derived_from_the_prefixes() -> None:
    assert catalog.PREFIXES == namespace.SPARQL_PROLOGUE
    for prefix, iri in namespace.PREFIXES.items():
        assert f"PREFIX {prefix}: <{iri}>\n" in catalog.PREFIXES
    assert str(namespace.GLX.Concept) == namespace.GLX_NS + "Concept"
