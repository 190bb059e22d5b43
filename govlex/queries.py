"""The named SPARQL queries in `queries/`: their `#+` metadata, their kinds, and safe parameter binding.

File names decide the kind (the convention `queries/README.md` states): `*-violation.rq` is a quality
gate that must return no rows, `construct-*.rq` builds derived triples, anything else is a named
query served by the CLI and the API. Parameters follow grlc: a variable `?_name` is a literal
parameter and `?_name_iri` an IRI parameter; values are bound by SEP-0007 substitution in the
store, never pasted into the query text.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, Variable

from govlex.errors import InputError, UnknownName
from govlex.paths import resource_dir

BoundTerm = NamedNode | BlankNode | Literal | Triple
"""What a parameter can be bound to (pyoxigraph's substitution accepts any RDF term)."""

_META = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(r"\?_(\w+)")


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its name, whether it takes an IRI, and its description."""

    name: str
    variable: str
    is_iri: bool
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """One `.rq` file with what its `#+` lines say about it."""

    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def kind(self) -> str:
        if self.name.endswith("-violation"):
            return "violation"
        if self.name.startswith("construct-"):
            return "construct"
        return "named"

    def bindings(self, values: dict[str, str]) -> dict[Variable, BoundTerm]:
        """Turn user-supplied strings into store terms for this query's parameters.

        Unknown or missing parameters raise `ValueError` naming what the query takes.
        """
        known = {p.name: p for p in self.parameters}
        unknown = set(values) - set(known)
        if unknown:
            raise ValueError(
                f"query {self.name!r} has no parameter {', '.join(sorted(unknown))}; "
                f"it takes: {', '.join(known) or '(none)'}"
            )
        missing = [name for name in known if name not in values]
        if missing:
            raise ValueError(f"query {self.name!r} needs parameter(s): {', '.join(missing)}")
        bound: dict[Variable, BoundTerm] = {}
        for name, raw in values.items():
            parameter = known[name]
            try:
                bound[Variable(parameter.variable)] = NamedNode(raw) if parameter.is_iri else Literal(raw)
            except ValueError as err:
                raise ValueError(f"parameter {name!r}: {raw!r} is not a valid IRI ({err})") from None
        return bound


def parse_query_file(path: Path) -> NamedQuery:
    """Read one `.rq` file and its `#+ summary:`, `#+ description:`, `#+ tags:` and `#+ param_<name>:` lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(path, f"cannot read query: {err}") from None
    meta: dict[str, str] = {}
    for line in text.splitlines():
        match = _META.match(line.strip())
        if match:
            meta[match.group(1)] = match.group(2).strip()
    if "summary" not in meta:
        raise InputError(path, "a named query needs a '#+ summary: …' line")
    seen: dict[str, Parameter] = {}
    for variable in _PARAM.findall(_strip_comments(text)):
        is_iri = variable.endswith("_iri")
        name = variable.removesuffix("_iri")
        seen.setdefault(name, Parameter(name, "_" + variable, is_iri, meta.get(f"param_{name}", "")))
    _check_projected(path, text, seen.values())
    tags = tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip())
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=meta["summary"],
        description=meta.get("description", ""),
        parameters=tuple(seen.values()),
        tags=tags,
    )


_PROJECTION = re.compile(r"\bSELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)


def _check_projected(path: Path, text: str, parameters: Iterable[Parameter]) -> None:
    """SEP-0007 substitution in pyoxigraph binds only projected variables, so a SELECT must list its parameters."""
    match = _PROJECTION.search(_strip_comments(text))
    if match is None or "*" in match.group(1):
        return
    projected = set(re.findall(r"\?(\w+)", match.group(1)))
    missing = [f"?{p.variable}" for p in parameters if p.variable not in projected]
    if missing:
        raise InputError(
            path, f"parameter(s) {', '.join(missing)} must be listed in the SELECT clause to be bound"
        )


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


class QueryRegistry:
    """All queries in a folder, looked up by name; an unknown name lists the names that exist."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or resource_dir("queries")
        self._queries = {q.name: q for q in map(parse_query_file, sorted(self.folder.glob("*.rq")))}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._queries.values())

    def get(self, name: str) -> NamedQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise UnknownName("query", name, list(self._queries)) from None

    def of_kind(self, kind: str) -> list[NamedQuery]:
        return [q for q in self._queries.values() if q.kind == kind]
