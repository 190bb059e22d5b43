"""`govlex publish glossary`: the bilingual glossary as PDF, DOCX or printable HTML, from the current build."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govlex.cli.common import console, reports_errors
from govlex.curation.glossary_model import Lang, Order, SideChoice

app = typer.Typer(help="Publish documents from the current build.", no_args_is_help=True)


class Format(StrEnum):
    pdf = "pdf"
    docx = "docx"
    html = "html"


class GlossaryName(StrEnum):
    us = "us"
    cn = "cn"
    joint = "joint"
    all = "all"


@app.command("glossary")
@reports_errors
def publish_glossary(
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="pdf, docx or html.")] = Format.pdf,
    glossary: Annotated[
        GlossaryName, typer.Option("--glossary", help="Which glossary (all: every concept).")
    ] = (GlossaryName.us),
    side: Annotated[
        SideChoice, typer.Option("--side", help="Whose readings: us, cn or both side by side.")
    ] = SideChoice.both,
    lang: Annotated[Lang, typer.Option("--lang", help="Languages of the text: en, zh or both.")] = Lang.both,
    order: Annotated[Order, typer.Option("--order", help="Order of the headings.")] = Order.glossary,
) -> None:
    """Write the glossary as a publication: title page, contents, entries, source notes and indexes."""
    from govlex.curation.publish import publication

    payload = publication(fmt.value, glossary.value, side, lang, order)
    from govlex.staging import merged_folder

    with merged_folder(out.parent.resolve()) as staging:
        (staging / out.name).write_bytes(payload)
    console.print(f"wrote {out} ({len(payload)} bytes)")
