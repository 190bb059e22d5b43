"""`govlex release`, `govlex diff` and `govlex convergence`: the record of change (see docs/history.md)."""

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govlex.cli.common import console, err_console, reports_errors
from govlex.errors import GovlexError

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
    from govlex.history.release import make_release
    from govlex.history.release import verify as verify_releases

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
    made = make_release(version, releases, data, reasoner, day)
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
