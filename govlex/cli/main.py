"""The `govlex` application: composes the command modules of this package.

Command groups added by other modules register here, one line each.
"""

from typing import Annotated

import typer

from govlex import progress
from govlex.cli import check, compare, export, history, link, publish, query, serve, sheet, stats, tbx, viz

app = typer.Typer(
    name="govlex",
    help="govlex: AI governance concepts of the China–U.S. Track II dialogue, as a knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def options(
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress bars (they are drawn only on a terminal anyway)."),
    ] = False,
) -> None:
    """Options for every command."""
    progress.quiet = quiet


app.command("validate")(check.validate)
app.command("build")(check.build_command)
app.command("query")(query.query)
app.command("export")(export.export_command)
app.command("stats")(stats.stats)
app.command("compare")(compare.compare)
app.command("overlap")(compare.overlap_command)
app.command("classify")(compare.classify)
app.command("serve")(serve.serve)
app.command("push")(serve.push)
app.add_typer(link.app, name="link")
app.command("viz")(viz.viz)
app.command("site")(viz.site)
app.command("release")(history.release)
app.command("diff")(history.diff)
app.command("convergence")(history.convergence)
app.add_typer(sheet.app, name="sheet")
app.command("import")(tbx.import_command)
app.add_typer(publish.app, name="publish")

if __name__ == "__main__":
    app()
