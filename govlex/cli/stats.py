"""`govlex stats`: counts by kind, language coverage and, with --coverage, content coverage per glossary."""

from typing import Annotated

import typer
from rich.table import Table

from govlex.build import current_store
from govlex.catalog import counts
from govlex.cli.common import console, reports_errors
from govlex.evidence import RELIABILITY_CODES
from govlex.stats import coverage, interpretations_verified, label_languages, unverified_count
from govlex.store import EmbeddedStore


@reports_errors
def stats(
    show_coverage: Annotated[
        bool, typer.Option("--coverage", help="Also show content coverage per glossary.")
    ] = False,
) -> None:
    """Summarise the current build: individuals per kind, prefLabel languages, unverified facts."""
    store = current_store()
    read = EmbeddedStore(store)
    kinds = Table("kind", "count", title="individuals by kind")
    for kind, count in counts(read).items():
        kinds.add_row(kind, str(count))
    console.print(kinds)
    languages = Table("language", "concepts with a prefLabel", title="label languages")
    for lang, count in label_languages(read).items():
        languages.add_row(lang, str(count))
    console.print(languages)
    console.print(f"unverified facts: {unverified_count(read)}")
    if show_coverage:
        table = Table(
            "glossary",
            "concepts",
            "both sides",
            "Chinese label",
            "Chinese statement",
            "all verified",
            *RELIABILITY_CODES,
            title="coverage (reliability codes count facts: statements, cited passages, source titles/dates/identifiers)",
        )
        for row in coverage(store):
            table.add_row(
                row.glossary,
                str(row.concepts),
                *(
                    f"{part} ({row.share(part):.0%})"
                    for part in (row.both_sides, row.chinese_labels, row.chinese_statements, row.verified)
                ),
                *(str(row.reliability[code]) for code in RELIABILITY_CODES),
            )
        console.print(table)
        verified, total = interpretations_verified(store)
        share = verified / total if total else 0.0
        console.print(
            f"interpretations verified on official or reputable-secondary evidence: {verified} of {total} ({share:.0%})"
        )
