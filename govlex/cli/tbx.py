"""`govlex import --tbx FILE`: a termbase's entries as candidates matched to govlex concepts; `--accept` adds labels."""

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from govlex.cli.common import console, err_console, reports_errors


@reports_errors
def import_command(
    tbx: Annotated[Path, typer.Option("--tbx", help="A TBX-Basic file (ISO 30042, DCA style) to read.")],
    accept: Annotated[
        bool,
        typer.Option(
            "--accept", help="Add the terms exactly matched concepts lack, as alternative labels, to data/."
        ),
    ] = False,
    no_reasoner: Annotated[
        bool, typer.Option("--no-reasoner", help="Skip the OWL reasoner (no Java).")
    ] = False,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="The data folder to write (default: the bundled data/).")
    ] = None,
) -> None:
    """Read a termbase into candidates for review; nothing is written without --accept."""
    from govlex.build import current_store
    from govlex.curation.data_files import read_data
    from govlex.curation.sheet_import import ResultInvalid, apply_plan, plan_additions
    from govlex.curation.tbx_import import accepted_triples, match, read_tbx
    from govlex.problems import print_report
    from govlex.store import EmbeddedStore

    candidates = match(read_tbx(tbx), EmbeddedStore(current_store()))
    table = Table(title=f"{len(candidates)} entries in {tbx.name}", expand=True)
    for header in ("entry", "terms", "govlex concept", "score", "new terms"):
        table.add_column(header, overflow="fold")
    for c in candidates:
        terms = "; ".join(f"{t.text} ({t.lang}{', preferred' if t.preferred else ''})" for t in c.terms)
        new = "; ".join(f"{t.text} ({t.lang})" for t in c.new_terms)
        table.add_row(
            escape(c.entry_id), escape(terms), c.match or "(new: no match)", f"{c.score:.2f}", escape(new)
        )
    console.print(table)
    matched = sum(1 for c in candidates if c.match)
    console.print(
        f"{matched} of {len(candidates)} entries match a govlex concept; {len(candidates) - matched} are new"
    )
    if not accept:
        console.print(
            "nothing written (review, then run again with --accept to add the exact matches' new terms)"
        )
        return
    data = read_data(data_dir)
    try:
        plan = apply_plan(plan_additions(accepted_triples(candidates), data), data, reason=not no_reasoner)
    except ResultInvalid as invalid:
        print_report(invalid.problems, err_console, data.root.parent)
        err_console.print(f"[bold red]error:[/] {invalid}")
        raise typer.Exit(1) from None
    for entry, lines in plan.changes.items():
        console.print(f"[bold]{escape(entry)}[/]", highlight=False)
        for line in lines:
            console.print(f"  {escape(line)}", highlight=False)
    console.print(
        f"wrote {len(plan.texts)} file(s)" if plan.texts else "no change: every term is already there"
    )
