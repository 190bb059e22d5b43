"""`govlex validate` and `govlex build`."""

from pathlib import Path
from typing import Annotated

import typer

from govlex.build import BuildFailed, build
from govlex.cli.common import console, err_console, reports_errors
from govlex.errors import writing_to
from govlex.loading import data_files, load_sources
from govlex.namespace import DATA_GRAPH
from govlex.paths import build_dir, resource_dir
from govlex.problems import print_report
from govlex.progress import bars
from govlex.reasoning.definitions import ScopeMethod
from govlex.validation import validate_sources

DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data", "-d", help="Validate these Turtle files (or folders) instead of the bundled data/."
    ),
]
OntologyOption = Annotated[
    Path | None, typer.Option("--ontology", help="Use this ontology file instead of ontology/govlex.ttl.")
]
NoReasonerOption = Annotated[
    bool, typer.Option("--no-reasoner", help="Skip the OWL reasoner (for machines without Java).")
]
ReasonerOption = Annotated[
    ScopeMethod,
    typer.Option(
        "--reasoner",
        help="How definitions are classified: structurally over criteria sets (fast), or by HermiT over "
        "generated OWL classes (slow; the same conclusions). HermiT checks consistency either way.",
    ),
]


def _expand(paths: list[Path] | None) -> list[Path] | None:
    if not paths:
        return None
    files: list[Path] = []
    for path in paths:
        files.extend(data_files(path) if path.is_dir() else [path])
    return files


@reports_errors
def validate(
    data: DataOption = None,
    ontology: OntologyOption = None,
    no_reasoner: NoReasonerOption = False,
    reasoner: ReasonerOption = ScopeMethod.structural,
) -> None:
    """Run every guard over the data: parsing, SHACL shapes, violation queries and the OWL reasoner."""
    with bars() as progress:
        sources = load_sources(data=_expand(data), ontology=ontology, progress=progress)
        outcome = validate_sources(sources, reason=not no_reasoner, method=reasoner, progress=progress)
    root = resource_dir("data").parent
    if not outcome.ok:
        print_report(outcome.problems, err_console, root)
        raise typer.Exit(1)
    checks = "SHACL, violation queries" + ("" if no_reasoner else " and the reasoner")
    console.print(
        f"[green]valid[/]: {len(sources.files)} file(s), {sources.triples_in(DATA_GRAPH)} data triples pass {checks}"
    )


@reports_errors
def build_command(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Build folder (default: build/).")] = None,
    no_reasoner: NoReasonerOption = False,
    reasoner: ReasonerOption = ScopeMethod.structural,
) -> None:
    """Validate, reason and write the dataset (TriG, N-Quads, manifest) into the build folder, all or nothing."""
    try:
        with writing_to(out or build_dir()), bars() as progress:
            result = build(out, reason=not no_reasoner, method=reasoner, progress=progress)
    except BuildFailed as failed:
        print_report(failed.problems, err_console, resource_dir("data").parent)
        err_console.print(f"[bold red]error:[/] {failed}")
        raise typer.Exit(1) from None
    console.print(f"[green]built[/] {result.directory} ({result.manifest['triples']} triples)")
