"""`govlex compare`, `govlex overlap` and `govlex classify`: definitions' scopes side by side, as read from the build.

The reasoner ran when the build was made; these commands only read its conclusions (`glx:covers`,
`glx:narrowerInScopeThan`, …) from the inferred graph, so they need no Java. The answers come from
`govlex.reasoning.verdicts` (which the API serves too); this module only prints them.
"""

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from govlex.build import current_store
from govlex.cli.common import console, err_console, reports_errors
from govlex.overlap import Overlap
from govlex.reasoning import verdicts
from govlex.reasoning.results import Choice, ScopeData
from govlex.store import EmbeddedStore


class Format(StrEnum):
    table = "table"
    json = "json"


class MatrixFormat(StrEnum):
    csv = "csv"
    json = "json"


class Kind(StrEnum):
    interpretations = "interpretations"
    concepts = "concepts"


class Language(StrEnum):
    en = "en"
    zh = "zh-Hans"


LanguageOption = Annotated[
    Language,
    typer.Option("--language", "-l", help="Compare statements in English or Chinese (character n-grams)."),
]


def _scope_data() -> ScopeData:
    return ScopeData.from_store(EmbeddedStore(current_store()))


# ---------------------------------------------------------------- compare


@reports_errors
def compare(
    a: Annotated[
        str,
        typer.Argument(help="A concept or interpretation: IRI, interp:slug, slug, or concept@us|cn|joint."),
    ],
    b: Annotated[str, typer.Argument(help="The other one, named the same ways.")],
    output: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    language: LanguageOption = Language.en,
) -> None:
    """Two concepts or two interpretations side by side: criteria, covered systems, scope verdict, overlap."""
    data = _scope_data()
    result = verdicts.compare(data, a, b, language.value)
    for choice in (result.left, result.right):
        if choice.note:
            err_console.print(f"note: {choice.note}", highlight=False)
    if output is Format.json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    _print_side_by_side(data, result.left, result.right, result.measured, language.value)
    _print_verdicts(list(result.verdicts), data.reasoner)
    _print_measures(data, result.measured)


def _names(data: ScopeData, iris: frozenset[str]) -> str:
    return "\n".join(f"• {data.label(iri)}" for iri in sorted(iris, key=data.label)) or "—"


def _print_side_by_side(
    data: ScopeData, left: Choice, right: Choice, measured: Overlap, language: str
) -> None:
    table = Table(title="side by side", show_lines=True, expand=True)
    for column in ("", "A", "B"):
        table.add_column(column, overflow="fold")
    table.add_row("name", _short(left), _short(right))
    table.add_row("label", measured.a.label, measured.b.label)
    table.add_row(
        "party", *(", ".join(sorted({r.side.name for r in c.readings})) or "—" for c in (left, right))
    )
    table.add_row(
        "sources",
        *(
            "\n".join(sorted({str(cit) for r in c.readings for cit in r.citations})) or "—"
            for c in (left, right)
        ),
    )
    table.add_row(
        f"statement ({language})",
        measured.a.statements.get(language, "—"),
        measured.b.statements.get(language, "—"),
    )
    intension, extension = measured.intension, measured.extension
    table.add_row("criteria only here", _names(data, intension.only_a), _names(data, intension.only_b))
    table.add_row("criteria in both", _names(data, intension.shared), "(same)")
    table.add_row("systems covered only here", _names(data, extension.only_a), _names(data, extension.only_b))
    table.add_row("systems covered by both", _names(data, extension.shared), "(same)")
    console.print(table)


def _short(choice: Choice) -> str:
    if choice.is_concept:
        return f"concept {choice.iri.rsplit('/', 1)[-1]} ({len(choice.readings)} readings)"
    return choice.readings[0].slug


def _print_verdicts(verdicts: list[dict[str, str]], reasoner: str) -> None:
    by = f" (by {reasoner}, at build time)" if reasoner else ""
    table = Table(title=f"scope verdict{by}", expand=True)
    for column in ("A", "B", "scope of A against B", "because"):
        table.add_column(column, overflow="fold")
    for verdict in verdicts:
        table.add_row(
            verdict["a"].rsplit("/", 1)[-1],
            verdict["b"].rsplit("/", 1)[-1],
            verdict["scope"],
            verdict["because"],
        )
    console.print(table)


def _print_measures(data: ScopeData, measured: Overlap) -> None:
    table = Table("measure", "score", "shared", "only A", "only B", title="overlap", expand=True)
    for name, part in (
        ("intension (Jaccard of criteria)", measured.intension),
        ("extension (Jaccard of covered systems)", measured.extension),
    ):
        table.add_row(
            name,
            _score(part.score),
            f"{len(part.shared)}: " + ", ".join(sorted(data.label(i) for i in part.shared)),
            str(len(part.only_a)),
            str(len(part.only_b)),
        )
    terms = ", ".join(f"{t} {c:.2f}" for t, c in measured.text.shared_terms[:8])
    table.add_row("text (TF-IDF cosine of statements)", _score(measured.text.score), terms or "—", "", "")
    console.print(table)


def _score(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.2f}"


# ---------------------------------------------------------------- overlap


@reports_errors
def overlap_command(
    of: Annotated[
        Kind, typer.Option("--of", help="Compare interpretations or concepts.")
    ] = Kind.interpretations,
    glossary: Annotated[
        list[str] | None,
        typer.Option("--glossary", "-g", help="Only concepts in this glossary (slug or IRI)."),
    ] = None,
    party: Annotated[
        str | None, typer.Option("--party", "-p", help="Only readings by this party: us, cn or joint.")
    ] = None,
    output: Annotated[
        MatrixFormat, typer.Option("--format", "-f", help="CSV (one row per pair) or JSON.")
    ] = MatrixFormat.csv,
    language: LanguageOption = Language.en,
    with_criteria: Annotated[
        bool,
        typer.Option("--with-criteria/--all", help="Only interpretations (or concepts) that list criteria."),
    ] = True,
) -> None:
    """Pairwise overlap (intension, extension, text, each with its parts) of all interpretations or concepts."""
    data = _scope_data()
    result = verdicts.overlaps(data, of.value, glossary, party, language.value, with_criteria)
    matrix = result.matrix
    if output is MatrixFormat.json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(
        ["a", "b", "intension", "criteria_shared", "criteria_only_a", "criteria_only_b",
         "extension", "systems_shared", "systems_only_a", "systems_only_b", "text", "terms_shared"]
    )  # fmt: skip
    for pair in matrix.pairs:
        writer.writerow(
            [
                pair.a.iri.rsplit("/", 1)[-1],
                pair.b.iri.rsplit("/", 1)[-1],
                *_csv_part(
                    pair.intension.score, pair.intension.shared, pair.intension.only_a, pair.intension.only_b
                ),
                *_csv_part(
                    pair.extension.score, pair.extension.shared, pair.extension.only_a, pair.extension.only_b
                ),
                "" if pair.text.score is None else f"{pair.text.score:.4f}",
                ";".join(term for term, _ in pair.text.shared_terms),
            ]
        )


def _csv_part(score: float | None, *groups: frozenset[str]) -> list[str]:
    cells = ["" if score is None else f"{score:.4f}"]
    cells += [";".join(sorted(iri.rsplit("/", 1)[-1] for iri in group)) for group in groups]
    return cells


# ---------------------------------------------------------------- classify


@reports_errors
def classify(
    system: Annotated[
        str, typer.Argument(help="A reference system: IRI, system:slug, slug, or its English label.")
    ],
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Also list the interpretations that do not cover it, with what it lacks."),
    ] = False,
) -> None:
    """Which interpretations cover a reference system, and why: each required criterion with its source."""
    data = _scope_data()
    result = verdicts.classify(data, system)
    iri = result.system
    console.print(f"[bold]{data.label(iri)}[/] ({iri})")
    shown = Table("criterion it exhibits", "claimed in", title="criteria", expand=True)
    for criterion, sources in result.exhibited.items():
        shown.add_row(data.label(criterion), "\n".join(str(s) for s in sources) or "(no sourced claim)")
    console.print(shown)
    table = Table("interpretation", "party", "covers?", "why", title="interpretations", expand=True)
    for row in result.readings:
        if not row.covers and not show_all:
            continue
        reading = row.reading
        why = (
            "exhibits all its criteria: " + ", ".join(sorted(data.label(c) for c in reading.criterion_iris))
            if row.covers
            else "not shown to exhibit: " + ", ".join(sorted(data.label(c) for c in row.missing))
        )
        table.add_row(reading.slug, reading.side.name, "yes" if row.covers else "no", why)
    console.print(table)
    if not data.reasoner:
        console.print("[yellow]this build ran without the reasoner: no coverings are known[/]")
    console.print(f"{result.covering} of {len(result.readings)} interpretations with criteria cover it")
