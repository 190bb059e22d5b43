"""`govlex query`: run a named query, a `.rq` file or SPARQL from stdin over the current build."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Variable,
)
from rich.table import Table

from govlex.build import current_store
from govlex.cli.common import console, reports_errors
from govlex.errors import GovlexError
from govlex.queries import BoundTerm, NamedQuery, QueryRegistry, parse_query_file


class Output(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _parse_params(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise GovlexError(f"parameter {pair!r} must look like name=value")
        values[name] = value
    return values


@reports_errors
def query(
    name: Annotated[
        str | None,
        typer.Argument(help="A named query (see `govlex query --list`), a .rq file, or - for stdin."),
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Bind a parameter: name=value.")
    ] = None,
    output: Annotated[Output, typer.Option("--output", "-o", help="Output format.")] = Output.table,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries and exit.")] = False,
) -> None:
    """Run a SPARQL query over the current build of govlex."""
    registry = QueryRegistry()
    if list_queries or name is None:
        _print_list(registry)
        return
    named: NamedQuery | None = None
    if name == "-":
        text = sys.stdin.read()
    elif name.endswith(".rq") and Path(name).is_file():
        text = Path(name).read_text(encoding="utf-8")
        # A file with `#+` metadata is a named query in its own right, parameters and all.
        named = parse_query_file(Path(name)) if "#+" in text else None
    else:
        named = registry.get(name)
        text = named.text
    bindings = _bind(named, param or []) if named is not None else {}
    store = current_store()
    try:
        results = store.query(text, use_default_graph_as_union=True, substitutions=bindings or None)
    except SyntaxError as err:
        raise GovlexError(f"SPARQL syntax error: {err}") from None
    _print_results(results, output)


def _bind(named: NamedQuery, param: list[str]) -> dict[Variable, BoundTerm]:
    try:
        return named.bindings(_parse_params(param))
    except ValueError as err:
        raise GovlexError(str(err)) from None


def _print_list(registry: QueryRegistry) -> None:
    table = Table(title="named queries")
    table.add_column("name")
    table.add_column("kind")
    table.add_column("parameters")
    table.add_column("summary", overflow="fold")
    for named in registry:
        table.add_row(named.name, named.kind, ", ".join(p.name for p in named.parameters), named.summary)
    console.print(table)


def _print_results(results: object, output: Output) -> None:
    if isinstance(results, QueryBoolean):
        sys.stdout.write(("true" if bool(results) else "false") + "\n")
        return
    if isinstance(results, QuerySolutions):
        if output is Output.table:
            names = [v.value for v in results.variables]
            table = Table(*names)
            count = 0
            for row in results:
                table.add_row(*[(row[n].value if row[n] is not None else "") for n in names])
                count += 1
            console.print(table)
            console.print(f"{count} row(s)")
        else:
            fmt = QueryResultsFormat.CSV if output is Output.csv else QueryResultsFormat.JSON
            sys.stdout.buffer.write(results.serialize(format=fmt) or b"")
        return
    sys.stdout.buffer.write(results.serialize(format=RdfFormat.TURTLE))  # type: ignore[attr-defined]
