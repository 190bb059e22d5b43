"""`govlex export`: the current build in Turtle, JSON-LD, RDF/XML, N-Triples, TriG or N-Quads."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from govlex.build import current_store
from govlex.cli.common import console, reports_errors
from govlex.export import ExportFormat, export
from govlex.progress import bars


@reports_errors
def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF format.")] = ExportFormat.turtle,
    graph: Annotated[
        str | None, typer.Option("--graph", "-g", help="Only this named graph: ontology, data or inferred.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
    sssom: Annotated[
        bool,
        typer.Option(
            "--sssom", help="Instead: every curated mapping to external vocabularies, as SSSOM TSV."
        ),
    ] = False,
    tbx: Annotated[
        bool, typer.Option("--tbx", help="Instead: every concept as TBX-Basic (ISO 30042, DCA style).")
    ] = False,
) -> None:
    """Export the whole dataset (or one graph) of the current build."""
    with bars() as progress, progress.stage("exporting"):
        payload = _payload(fmt, graph, sssom, tbx)
    if out is None:
        sys.stdout.buffer.write(payload)
    else:
        out.write_bytes(payload)
        console.print(f"wrote {out} ({len(payload)} bytes)")


def _payload(fmt: ExportFormat, graph: str | None, sssom: bool, tbx: bool) -> bytes:
    """The bytes the export writes: TBX, SSSOM or the dataset (or one graph) in `fmt`."""
    if tbx:
        from govlex.build import current_build
        from govlex.curation.tbx_export import tbx_document
        from govlex.store import EmbeddedStore

        build = current_build()
        payload = tbx_document(EmbeddedStore(current_store()), str(build.manifest["input_hash"]))
    elif sssom:
        from govlex.linking.service import curated_sssom

        payload = curated_sssom(current_store()).encode("utf-8")
    else:
        payload = export(current_store(), fmt, graph)
    return payload
