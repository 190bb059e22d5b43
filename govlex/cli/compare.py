"""`govlex compare`, `govlex overlap` and `govlex classify`: definitions' scopes side by side, as read from the build.

The reasoner ran when the build was made; these commands only read its conclusions (`glx:covers`,
`glx:narrowerInScopeThan`, …) from the inferred graph, so they need no Java.
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
from govlex.errors import GovlexError, UnknownName
from govlex.overlap import Overlap, Profile, TextModel, overlap, overlap_matrix
from govlex.reasoning.results import PARTY_COUNTRIES, Choice, ScopeData, expand_name
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
    left, right = data.resolve(a), data.resolve(b)
    if left.is_concept != right.is_concept:
        raise GovlexError(f"compare two concepts or two interpretations, not one of each ({a!r}, {b!r})")
    for choice in (left, right):
        if choice.note:
            err_console.print(f"note: {choice.note}", highlight=False)
    profile_a, profile_b = _profile(data, left), _profile(data, right)
    model = TextModel([r.statements.get(language.value, "") for r in data.readings.values()], language.value)
    measured = overlap(profile_a, profile_b, model)
    verdicts = _verdicts(data, left, right)
    if output is Format.json:
        payload = {
            "a": _describe(data, left),
            "b": _describe(data, right),
            "verdicts": verdicts,
            "overlap": measured.as_dict(),
            "labels": {iri: data.label(iri) for iri in _iris(measured)},
            "reasoner": data.reasoner or None,
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    _print_side_by_side(data, left, right, measured, language.value)
    _print_verdicts(verdicts, data.reasoner)
    _print_measures(data, measured)


def _profile(data: ScopeData, choice: Choice) -> Profile:
    if choice.is_concept:
        return data.concept_profile(choice.iri)
    return data.profile(choice.readings[0])


def _verdicts(data: ScopeData, left: Choice, right: Choice) -> list[dict[str, str]]:
    """The verdict for each pair of readings (one pair for two interpretations)."""
    return [
        {
            "a": ra.iri,
            "b": rb.iri,
            "scope": data.verdict(ra, rb).scope.value,
            "because": data.verdict(ra, rb).explanation,
        }
        for ra in left.readings
        for rb in right.readings
        if ra.iri != rb.iri or not left.is_concept
    ]


def _describe(data: ScopeData, choice: Choice) -> dict[str, object]:
    return {
        "iri": choice.iri,
        "kind": "concept" if choice.is_concept else "interpretation",
        "label": data.label(choice.iri) if choice.is_concept else data.reading_label(choice.readings[0]),
        "readings": [
            {
                "iri": r.iri,
                "party": r.party,
                "statement": r.statements.get("en", ""),
                "sources": [str(c) for c in r.citations],
                "criteria": sorted(r.criteria),
                "covers": sorted(r.systems),
            }
            for r in choice.readings
        ],
        "note": choice.note or None,
    }


def _iris(measured: Overlap) -> set[str]:
    parts = (measured.intension, measured.extension)
    return {iri for part in parts for group in (part.shared, part.only_a, part.only_b) for iri in group}


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
    table.add_row("party", *(", ".join(sorted({r.party for r in c.readings})) or "—" for c in (left, right)))
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
    if party is not None and party not in PARTY_COUNTRIES:
        raise GovlexError(f"unknown party {party!r}; use one of {', '.join(PARTY_COUNTRIES)}")
    glossaries = {_glossary_iri(data, g) for g in glossary or []}

    def in_glossaries(concept: str) -> bool:
        return not glossaries or bool(data.concept_glossaries.get(concept, frozenset()) & glossaries)

    if of is Kind.interpretations:
        items = [
            data.profile(r)
            for r in sorted(data.readings.values(), key=lambda r: r.iri)
            if in_glossaries(r.concept) and (party is None or r.party == party)
        ]
    else:
        items = [data.concept_profile(c, party) for c in data.concepts() if in_glossaries(c)]
    if with_criteria:
        items = [item for item in items if item.criteria]
    matrix = overlap_matrix(items, language.value)
    if output is MatrixFormat.json:
        payload = matrix.as_dict()
        payload["labels"] = {iri: data.label(iri) for pair in matrix.pairs for iri in _iris(pair)}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
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


def _glossary_iri(data: ScopeData, name: str) -> str:
    iri = expand_name(name, "glossary")
    known = {g for gs in data.concept_glossaries.values() for g in gs}
    if iri not in known:
        raise UnknownName("glossary", name, [g.rsplit("/", 1)[-1] for g in known])
    return iri


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
    iri = _system_iri(data, system)
    exhibited = data.exhibits[iri]
    console.print(f"[bold]{data.label(iri)}[/] ({iri})")
    shown = Table("criterion it exhibits", "claimed in", title="criteria", expand=True)
    for criterion in sorted(exhibited, key=data.label):
        sources = data.claims.get((iri, criterion), ())
        shown.add_row(data.label(criterion), "\n".join(str(s) for s in sources) or "(no sourced claim)")
    console.print(shown)
    readings = sorted(
        (r for r in data.readings.values() if r.criteria), key=lambda r: (iri not in r.systems, r.iri)
    )
    table = Table("interpretation", "party", "covers?", "why", title="interpretations", expand=True)
    covering = 0
    for reading in readings:
        covered = iri in reading.systems
        covering += covered
        if not covered and not show_all:
            continue
        missing = reading.criteria - exhibited
        why = (
            "exhibits all its criteria: " + ", ".join(sorted(data.label(c) for c in reading.criteria))
            if covered
            else "not shown to exhibit: " + ", ".join(sorted(data.label(c) for c in missing))
        )
        table.add_row(reading.slug, reading.party, "yes" if covered else "no", why)
    console.print(table)
    if not data.reasoner:
        console.print("[yellow]this build ran without the reasoner: no coverings are known[/]")
    console.print(f"{covering} of {len(readings)} interpretations with criteria cover it")


def _system_iri(data: ScopeData, name: str) -> str:
    iri = expand_name(name, "system")
    if iri in data.exhibits:
        return iri
    by_label = {data.label(s).casefold(): s for s in data.exhibits}
    if name.casefold() in by_label:
        return by_label[name.casefold()]
    raise UnknownName("reference system", name, [s.rsplit("/", 1)[-1] for s in data.exhibits])
