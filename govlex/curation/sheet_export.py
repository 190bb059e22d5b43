"""`govlex sheet export`: the curated data as a workbook a curator edits in Excel or LibreOffice (or CSVs).

Rows follow the order the Turtle files write their subjects; every statement lands in exactly one
cell (a column, the `citations` or `claims` sheet, or the `other` column), so importing the
workbook unchanged gives back the same statements and leaves `data/` byte for byte as it was.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Literal, URIRef

from govlex.curation.cells import cell_text, fits
from govlex.curation.data_files import CuratedData, read_data
from govlex.curation.sheet_model import (
    CITATION_COLUMNS,
    CITATIONS_SHEET,
    CLAIM_COLUMNS,
    CLAIMS_SHEET,
    ENTITY_SHEETS,
    SEPARATOR,
    Column,
    Sheet,
    Value,
)
from govlex.curation.turtle_text import Canon, term_text
from govlex.namespace import GLX
from govlex.staging import merged_folder

if TYPE_CHECKING:
    from openpyxl import Workbook


@dataclass
class Table:
    """One sheet's content as text: headers, notes and rows."""

    name: str
    note: str
    columns: tuple[Column, ...]
    rows: list[dict[str, str]] = field(default_factory=list)


def tables(data: CuratedData, glossary: str | None = None) -> list[Table]:
    """Every sheet of the workbook, filled from `data`; with `glossary`, only that glossary's concepts and readings."""
    namespaces = data.namespaces
    out = {sheet.name: Table(sheet.name, sheet.note, sheet.columns) for sheet in ENTITY_SHEETS}
    citations = Table(
        CITATIONS_SHEET, "One row per citation: which row cites which document, where.", CITATION_COLUMNS
    )
    claims = Table(
        CLAIMS_SHEET,
        "One row per criterion a reference system is claimed to exhibit, with its source.",
        CLAIM_COLUMNS,
    )
    for subject, described in data.subjects.items():
        sheet = data.sheet_of.get(subject)
        if sheet is None:
            continue
        row, other = _row(sheet, subject, described, namespaces)
        for predicate, objects in described.items():
            for obj in objects:
                if predicate == GLX.citation and _citation_row(obj, subject, namespaces, citations):
                    continue
                if predicate == GLX.claim and _claim_row(obj, subject, namespaces, claims):
                    continue
                if predicate in (GLX.citation, GLX.claim):
                    other.append((predicate, obj))
        row["other"] = " ;\n".join(f"{term_text(p, namespaces)} {term_text(o, namespaces)}" for p, o in other)
        out[sheet.name].rows.append(row)
    sheets = [*out.values(), citations, claims]
    return sheets if glossary in (None, "all") else _only(sheets, glossary, namespaces)


def _only(sheets: list[Table], glossary: str, namespaces: dict[str, str]) -> list[Table]:
    """The tables cut to one glossary: its concepts, their readings, mappings and citations (the rest whole)."""
    by_name = {table.name: table for table in sheets}
    kept = {
        row["slug"]
        for row in by_name["concepts"].rows
        if glossary in [part.strip() for part in row.get("glossaries", "").split(SEPARATOR.strip())]
    }
    by_name["concepts"].rows = [row for row in by_name["concepts"].rows if row["slug"] in kept]
    for name in ("interpretations", "mappings"):
        by_name[name].rows = [row for row in by_name[name].rows if row["concept"] in kept]
    owners = {f"concept:{slug}" for slug in kept} | {
        f"interp:{row['slug']}" for row in by_name["interpretations"].rows
    }
    dropped = ("concept:", "interp:")
    by_name[CITATIONS_SHEET].rows = [
        row
        for row in by_name[CITATIONS_SHEET].rows
        if row["cited by"] in owners or not row["cited by"].startswith(dropped)
    ]
    return sheets


def _row(
    sheet: Sheet, subject: URIRef, described: dict[URIRef, list[Canon]], namespaces: dict[str, str]
) -> tuple[dict[str, str], list[tuple[URIRef, Canon]]]:
    row: dict[str, str] = {}
    used: set[tuple[URIRef, Canon]] = set()
    for column in sheet.columns:
        if column.value == Value.SUBJECT:
            row[column.header] = cell_text(column, subject, namespaces)
            continue
        if column.predicate is None:
            continue
        values = [o for o in described.get(column.predicate, []) if fits(column, o)]
        if column.predicate == RDF.type and column.value == Value.REF:
            values = [o for o in values if o in sheet.classes]
        if len(values) > 1 and not column.multi:
            values = []  # several values in a one-value column: left to `other` so nothing is lost
        row[column.header] = SEPARATOR.join(cell_text(column, o, namespaces) for o in values)
        used.update((column.predicate, o) for o in values)
    if not any(column.predicate == RDF.type for column in sheet.columns):
        used.add((RDF.type, sheet.classes[0]))
    other = [
        (p, o)
        for p, objects in described.items()
        if p not in sheet.excluded and p not in (GLX.citation, GLX.claim)
        for o in objects
        if (p, o) not in used
    ]
    return row, other


def _fields(node: Canon) -> dict[URIRef, list[Canon]] | None:
    if not isinstance(node, tuple):
        return None
    fields: dict[URIRef, list[Canon]] = {}
    for p, o in node[1]:
        fields.setdefault(p, []).append(o)
    return fields


def _citation_cells(node: Canon, namespaces: dict[str, str]) -> dict[str, str] | None:
    """The citation's cells when it has exactly the shape the citations sheet writes, else None."""
    fields = _fields(node)
    if fields is None or fields.get(RDF.type) != [GLX.Citation]:
        return None
    if set(fields) - {RDF.type, GLX.source, GLX.locator, GLX.verification}:
        return None
    source, locator, verification = (fields.get(p, []) for p in (GLX.source, GLX.locator, GLX.verification))
    columns = {column.header: column for column in CITATION_COLUMNS}
    if len(source) != 1 or len(locator) != 1 or len(verification) > 1:
        return None
    if not (fits(columns["source"], source[0]) and fits(columns["locator"], locator[0])):
        return None
    if verification and not fits(columns["verification"], verification[0]):
        return None
    return {
        "source": cell_text(columns["source"], source[0], namespaces),
        "locator": str(locator[0]),
        "verification": str(verification[0]) if verification else "",
    }


def _citation_row(node: Canon, owner: URIRef, namespaces: dict[str, str], table: Table) -> bool:
    cells = _citation_cells(node, namespaces)
    if cells is None:
        return False
    table.rows.append({"cited by": term_text(owner, namespaces), **cells})
    return True


def _claim_row(node: Canon, system: URIRef, namespaces: dict[str, str], table: Table) -> bool:
    fields = _fields(node)
    if fields is None or fields.get(RDF.type) != [GLX.CriterionClaim]:
        return False
    if set(fields) - {RDF.type, GLX.claimedCriterion, GLX.verification, GLX.citation}:
        return False
    criterion, verification, citation = (
        fields.get(p, []) for p in (GLX.claimedCriterion, GLX.verification, GLX.citation)
    )
    if (
        len(criterion) != 1
        or not isinstance(criterion[0], URIRef)
        or len(verification) > 1
        or len(citation) != 1
    ):
        return False
    if verification and not (isinstance(verification[0], Literal) and verification[0].datatype is None):
        return False
    cells = _citation_cells(citation[0], namespaces)
    if cells is None:
        return False
    columns = {column.header: column for column in CLAIM_COLUMNS}
    table.rows.append(
        {
            "system": cell_text(columns["system"], system, namespaces),
            "criterion": cell_text(columns["criterion"], criterion[0], namespaces),
            "verification": str(verification[0]) if verification else "",
            "source": cells["source"],
            "locator": cells["locator"],
            "citation verification": cells["verification"],
        }
    )
    return True


def controlled_lists(
    data: CuratedData, ontology_individuals: dict[URIRef, list[URIRef]]
) -> dict[str, list[str]]:
    """The values each drop-down offers, named as the columns' `choices` name them."""

    def local(iri: URIRef) -> str:
        return iri.split("#")[-1].rsplit("/", 1)[-1]

    def typed(cls: URIRef) -> list[str]:
        return sorted(
            local(s)
            for s, sheet_described in data.subjects.items()
            if cls in sheet_described.get(RDF.type, [])
        )

    return {
        "verification": ["verified", "unverified"],
        "jurisdiction": ["CN", "US", "INT", "EU"],
        "status": sorted(local(i) for i in ontology_individuals.get(GLX.InterpretationStatus, [])),
        "divergence kind": sorted(local(i) for i in ontology_individuals.get(GLX.DivergenceKind, [])),
        "document type": sorted(local(i) for i in ontology_individuals.get(GLX.DocumentType, [])),
        "interpretation type": ["Interpretation", "JointInterpretation"],
        "mapping predicate": ["exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"],
        "side": typed(GLX.Party),
        # A concept's schemes: the glossaries, and the term lists a source gives (the round-9 terms).
        "glossary": sorted(typed(GLX.Glossary) + typed(GLX.TermList)),
    }


def ontology_individuals() -> dict[URIRef, list[URIRef]]:
    """The enumerations the T-box declares (statuses, divergence kinds, document types), by class."""
    from govlex.loading import parse_turtle
    from govlex.paths import ontology_file

    graph = parse_turtle(ontology_file())
    return {
        cls: sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
        for cls in (GLX.InterpretationStatus, GLX.DivergenceKind, GLX.DocumentType)
    }


README_ROWS = (
    "This workbook is the govlex glossary data, one sheet per kind of entry. Edit cells, add or delete rows,",
    "then run `govlex sheet import FILE.xlsx --dry-run` to see every problem and what would change.",
    f"Several values in one cell are separated by '{SEPARATOR.strip()}' (a pipe), e.g. 'us | cn'.",
    "A slug is the entry's identifier (lower-case words joined by '-'); references to other entries use slugs,",
    "or a CURIE such as party:us when the column's own kind does not fit. Hover a header to read its note.",
    "Chinese text in simplified characters. Dates as 2024-04-06, 2024-04 or 2024, as precise as checked.",
    "Keep the 'other' column as exported: it holds, in Turtle, statements the columns do not cover.",
)


def workbook(data: CuratedData, glossary: str | None = None) -> tuple["Workbook", list[Table]]:
    """The workbook of `data` (or of one glossary) in memory, and its tables."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheets = tables(data, glossary)
    lists = controlled_lists(data, ontology_individuals())
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "README"
    for number, line in enumerate(README_ROWS, start=1):
        readme.cell(number, 1, line)
    readme.column_dimensions["A"].width = 110
    list_sheet = book.create_sheet("lists")
    list_ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(sorted(lists.items()), start=1):
        letter = get_column_letter(index)
        list_sheet.cell(1, index, name)
        for row, value in enumerate(values, start=2):
            list_sheet.cell(row, index, value)
        list_ranges[name] = f"lists!${letter}$2:${letter}${max(len(values) + 1, 2)}"
    list_sheet.sheet_state = "hidden"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F3A5F")
    for table in sheets:
        sheet = book.create_sheet(table.name)
        for index, column in enumerate(table.columns, start=1):
            cell = sheet.cell(1, index, column.header)
            cell.font, cell.fill = header_font, header_fill
            many = f" Several values: separate with '{SEPARATOR.strip()}'." if column.multi else ""
            needed = " Required." if column.required else ""
            cell.comment = Comment(column.note + many + needed, "govlex", width=320, height=110)
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = 14 if column.value in (Value.SUBJECT, Value.REF) else 40
            if column.choices and not column.multi:
                rule = DataValidation(
                    type="list",
                    formula1=f"={list_ranges[column.choices]}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=column.header,
                    error=f"Choose one of the values of the list ({column.choices}).",
                )
                rule.add(f"{letter}2:{letter}{max(len(table.rows) + 500, 1000)}")
                sheet.add_data_validation(rule)
            # Text format for the whole column, so what a curator types (dates, codes) stays as written.
            sheet.column_dimensions[letter].number_format = "@"
        for row_number, cells in enumerate(table.rows, start=2):
            for index, column in enumerate(table.columns, start=1):
                value = cells.get(column.header, "")
                if value:  # empty cells are left unwritten: a 10,000-row workbook stays quick to write
                    sheet.cell(row_number, index, value).number_format = "@"
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = sheet.dimensions
    book.move_sheet("lists", offset=len(book.sheetnames))
    return book, sheets


def write_workbook(path: Path, data: CuratedData | None = None) -> list[Table]:
    """Write the workbook to `path` (all or nothing) and return its tables."""
    book, sheets = workbook(data or read_data())
    with merged_folder(path.parent.resolve()) as staging:
        book.save(staging / path.name)
    return sheets


def workbook_bytes(glossary: str | None = None) -> bytes:
    """The workbook of the bundled data (or of one glossary) as .xlsx bytes, for a download."""
    book, _ = workbook(read_data(), glossary)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(folder: Path, data: CuratedData | None = None) -> list[Table]:
    """Write one UTF-8 CSV per sheet into `folder` (all or nothing) and return the tables."""
    sheets = tables(data or read_data())
    with merged_folder(folder.resolve()) as staging:
        for table in sheets:
            with (staging / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=[column.header for column in table.columns])
                writer.writeheader()
                writer.writerows(table.rows)
    return sheets
