"""`govlex viz` (the graph and overlap views written to a folder) and `govlex site` (the static site)."""

from pathlib import Path
from typing import Annotated

import typer

from govlex.build import current_store
from govlex.cli.common import console, reports_errors
from govlex.errors import writing_to
from govlex.progress import bars
from govlex.staging import merged_folder
from govlex.store import EmbeddedStore


@reports_errors
def viz(
    out: Annotated[Path, typer.Argument(help="Folder to write the views into.")] = Path("views"),
    concept: Annotated[
        list[str] | None,
        typer.Option(
            "--concept", "-c", help="Per-concept views only for this concept slug (repeat); default all."
        ),
    ] = None,
) -> None:
    """Write the graph and overlap views (HTML that works offline, PNG and SVG) into a folder."""
    from govlex.viz.views import write_views

    store = EmbeddedStore(current_store())
    # a failure midway leaves `out` as it was
    with writing_to(out), merged_folder(out) as staging, bars() as progress:
        written = write_views(store, staging, concept or None, progress=progress)
    console.print(f"{len(written)} files in {out}/ — open {out / 'graph' / 'network.html'}")


@reports_errors
def site(out: Annotated[Path, typer.Argument(help="Folder to write the site into.")]) -> None:
    """Write a complete static site of the glossary (pages in English and Chinese, graphs, overlap views)."""
    from govlex.api.site import write_site

    store = EmbeddedStore(current_store())
    # a failure midway leaves `out` as it was
    with writing_to(out), merged_folder(out) as staging, bars() as progress:
        result = write_site(store, staging, progress=progress)
    console.print(
        f"{len(result.pages)} pages, {len(result.files)} files in {out}/ — open {out / 'index.html'}"
    )
