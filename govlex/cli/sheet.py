"""`govlex sheet export|import`: the curated data as a workbook (or CSVs) and back, checked and all or nothing."""

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from govlex.cli.common import console, err_console, reports_errors
from govlex.paths import resource_dir

app = typer.Typer(
    help="Curate in a spreadsheet: export the data as a workbook, import the edited workbook.",
    no_args_is_help=True,
)

DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", help="The data folder to read and write (default: the bundled data/)."),
]


@app.command("export")
@reports_errors
def export_sheet(
    file: Annotated[Path | None, typer.Argument(help="The workbook to write (.xlsx).")] = None,
    csv_dir: Annotated[
        Path | None, typer.Option("--csv", help="Also (or instead) write one CSV per sheet here.")
    ] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Write the curated data as one workbook with a sheet per kind of entry (and/or CSVs)."""
    from govlex.curation.data_files import read_data
    from govlex.curation.sheet_export import write_csv, write_workbook

    if file is None and csv_dir is None:
        raise typer.BadParameter("give a FILE.xlsx, --csv DIR, or both")
    data = read_data(data_dir)
    if file is not None:
        tables = write_workbook(file, data)
        console.print(f"wrote {file}: " + ", ".join(f"{len(t.rows)} {t.name}" for t in tables))
    if csv_dir is not None:
        write_csv(csv_dir, data)
        console.print(f"wrote one CSV per sheet into {csv_dir}")


@app.command("import")
@reports_errors
def import_sheet(
    source: Annotated[Path, typer.Argument(help="The edited workbook (.xlsx) or a folder of CSVs.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and show the changes; write nothing.")
    ] = False,
    no_reasoner: Annotated[
        bool, typer.Option("--no-reasoner", help="Skip the OWL reasoner (no Java).")
    ] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Check the workbook, validate the result like `govlex validate`, show the changes, then write data/."""
    from govlex.curation.sheet_import import ResultInvalid, SheetInvalid, import_workbook
    from govlex.problems import print_report

    try:
        plan = import_workbook(source, data_dir, dry_run=dry_run, reason=not no_reasoner)
    except SheetInvalid as invalid:
        for problem in invalid.problems:
            err_console.print(escape(str(problem)), highlight=False, soft_wrap=True)
        err_console.print(f"[bold red]error:[/] {invalid}")
        raise typer.Exit(1) from None
    except ResultInvalid as invalid:
        print_report(invalid.problems, err_console, (data_dir or resource_dir("data")).parent)
        err_console.print(f"[bold red]error:[/] {invalid}")
        raise typer.Exit(1) from None
    if not plan.texts:
        console.print("no change: the workbook says what data/ already says")
        return
    for entry, lines in plan.changes.items():
        console.print(f"[bold]{escape(entry)}[/]", highlight=False)
        for line in lines:
            console.print(f"  {escape(line)}", highlight=False, soft_wrap=True)
    files = ", ".join(sorted(str(p.name) for p in plan.texts))
    verb = "would write" if dry_run else "wrote"
    console.print(f"{verb} {len(plan.texts)} file(s): {files}")
