"""`govlex release`, `govlex diff` and `govlex convergence`: the record of change (see docs/history.md)."""

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govlex.cli.common import console, err_console, reports_errors
from govlex.errors import GovlexError

if TYPE_CHECKING:
    from govlex.history.convergence import Series

ReleasesOption = Annotated[
    Path | None,
    typer.Option("--releases", help="Folder of releases [default: releases/, or $GOVLEX_RELEASES_DIR]."),
]


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


@reports_errors
def release(
    version: Annotated[str | None, typer.Argument(help="MAJOR.MINOR.PATCH of the new release.")] = None,
    releases: ReleasesOption = None,
    data: Annotated[
        Path | None, typer.Option(help="Release the Turtle files under this folder instead of data/.")
    ] = None,
    reasoner: Annotated[bool, typer.Option(help="Run the OWL reasoner (a release normally does).")] = True,
    issued: Annotated[
        str | None, typer.Option(help="Release date, YYYY-MM-DD [default: today, UTC].")
    ] = None,
    verify: Annotated[
        bool, typer.Option("--verify", help="Check every release's files against its checksums instead.")
    ] = False,
) -> None:
    """Write an immutable, citable release (DCAT description, checksums, change log) into releases/VERSION."""
    from govlex.build import BuildFailed
    from govlex.history.release import make_release
    from govlex.history.release import verify as verify_releases
    from govlex.paths import resource_dir
    from govlex.problems import print_report

    if verify:
        problems = verify_releases(releases)
        for problem in problems:
            err_console.print(problem, highlight=False, soft_wrap=True)
        if problems:
            raise typer.Exit(1)
        console.print("every release matches its checksums")
        return
    if version is None:
        raise GovlexError("name the version to release (MAJOR.MINOR.PATCH), or pass --verify")
    try:
        day = date.fromisoformat(issued) if issued else None
    except ValueError:
        raise GovlexError(f"--issued {issued!r}: not a date; write YYYY-MM-DD") from None
    try:
        made = make_release(version, releases, data, reasoner, day)
    except BuildFailed as failed:
        # The same report `govlex build` prints: each problem with its file, line and subject.
        print_report(failed.problems, err_console, resource_dir("data").parent)
        raise GovlexError(f"release {version} not written: {failed}") from None
    counts = made.changes.counts()
    since = f"since {made.previous}" if made.previous else "first release"
    console.print(
        f"release {made.version} written to {made.folder} ({since}: "
        + ", ".join(f"{n} {action}" for action, n in counts.items())
        + ")",
        highlight=False,
    )


@reports_errors
def diff(
    before: Annotated[str, typer.Argument(help="A release version, or `working` for the data now.")],
    after: Annotated[str, typer.Argument(help="A release version, or `working`.")] = "working",
    releases: ReleasesOption = None,
    data: Annotated[Path | None, typer.Option(help="Where `working` data lives [default: data/].")] = None,
    output: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
) -> None:
    """What changed between two releases, or a release and the working data, in words per entity."""
    from govlex.history.diff import compare
    from govlex.history.release import state

    changes = compare(state(before, releases, data), state(after, releases, data))
    if output is DiffFormat.json:
        typer.echo(json.dumps(changes.as_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(changes.as_text(), nl=False)


class ConvergenceFormat(StrEnum):
    table = "table"
    json = "json"


@reports_errors
def convergence(
    concept: Annotated[
        str | None,
        typer.Argument(help="A concept (slug, CURIE or IRI) [default: every concept both sides read]."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Start at this date (YYYY, YYYY-MM or YYYY-MM-DD): the state then, and what moved after."
        ),
    ] = None,
    output: Annotated[
        ConvergenceFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ConvergenceFormat.table,
    plot: Annotated[
        Path | None, typer.Option(help="Also draw the figures (PNG and SVG) into this folder.")
    ] = None,
) -> None:
    """How far apart the two sides' latest readings of each concept are at each date, and which way they moved."""
    from govlex.build import current_store
    from govlex.history.convergence import convergence as measure_convergence
    from govlex.history.convergence import deprecated_resources, valid_since
    from govlex.overlap import Measure
    from govlex.reasoning.results import ScopeData
    from govlex.store import EmbeddedStore

    store = EmbeddedStore(current_store())
    data = ScopeData.from_store(store)
    iri = data.resolve(concept).iri if concept else None
    if concept and iri not in data.concepts():
        raise GovlexError(f"{concept!r} names an interpretation; name its concept instead")
    found = measure_convergence(data, iri, valid_since(since) if since else "", deprecated_resources(store))
    if concept and not found:
        raise GovlexError(
            f"{concept!r} is not read by both the U.S. and the Chinese side, so there is nothing to compare"
        )
    if plot is not None:
        _plot(found, plot)
    if output is ConvergenceFormat.json:
        typer.echo(json.dumps([s.as_dict() for s in found], indent=2, ensure_ascii=False))
        return
    for series in found:
        console.print(f"[bold]{series.label}[/]", highlight=False)
        if not series.points:
            console.print("  no point: every reading of one side is undated", highlight=False)
        for point in series.points:
            distances = "  ".join(
                f"{m.value} {'n/a' if (d := point.distance(m)) is None else f'{d:.2f}'}" for m in Measure
            )
            console.print(
                f"  {point.date:<10}  {distances}   US {point.us}  |  CN {point.cn}", highlight=False
            )
        word, change, moved = series.trend()
        if change is not None:
            console.print(
                f"  intension: {word} ({change:+.2f}){f', last moved {moved}' if moved else ''}",
                highlight=False,
            )
        if series.undated:
            console.print(f"  left out, undated: {', '.join(series.undated)}", highlight=False)


def _plot(found: "list[Series]", folder: Path) -> None:
    """Each concept's figure and the summary, all or nothing (see govlex.staging)."""
    from govlex.staging import merged_folder
    from govlex.viz.figures import convergence_figure, convergence_summary_figure, save

    with merged_folder(folder) as staging:
        for series in found:
            if series.points:
                save(convergence_figure(series), staging / series.concept.rsplit("/", 1)[-1])
        if len(found) > 1:
            save(convergence_summary_figure(found), staging / "summary")
    err_console.print(f"figures written to {folder}", highlight=False)
