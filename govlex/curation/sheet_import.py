"""`govlex sheet import`: a curator's workbook back into the Turtle of `data/`, checked first, written all or nothing.

Reading collects *every* problem (sheet, row, column, value, what is wrong, a suggestion) before
anything else happens. The statements the workbook stands for then replace the ones it owns in
the current files; the result is validated like `govlex validate` (SHACL, gates, reasoner) on a
copy; the change is described per entry in words; only then do the changed files reach `data/`.
"""

import csv
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef

from govlex.curation.cells import CellError, closest, parse_reference, parse_value, split
from govlex.curation.data_files import CuratedData, mapping_file_for, read_data
from govlex.curation.sheet_export import controlled_lists, ontology_individuals
from govlex.curation.sheet_model import (
    CITATION_COLUMNS,
    CITATIONS_SHEET,
    CLAIM_COLUMNS,
    CLAIMS_SHEET,
    CONCEPTS,
    ENTITY_SHEETS,
    MAPPINGS,
    SHEET_NAMES,
    Column,
    Sheet,
    Value,
)
from govlex.curation.turtle_text import Canon, Triple, TurtleFile, canonical_triples, rewrite, term_text
from govlex.errors import GovlexError, InputError
from govlex.namespace import GLX, ID_BASE
from govlex.problems import Problem
from govlex.staging import merged_folder


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong in the workbook, located by sheet, row and column."""

    sheet: str
    row: int
    column: str
    value: str
    message: str
    suggestion: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.sheet}, row {self.row}" + (f", column '{self.column}'" if self.column else "")
        shown = f" `{self.value}`" if self.value else ""
        advice = f"; did you mean `{self.suggestion}`?" if self.suggestion else ""
        advice += f"; {self.hint}" if self.hint else ""
        return f"{where}:{shown} {self.message}{advice}"


class SheetInvalid(GovlexError):
    """The workbook has problems; nothing was written."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the workbook; nothing was written")


class ResultInvalid(GovlexError):
    """The workbook reads, but the data it gives fails validation; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            f"the imported data fails validation with {len(problems)} problem(s); nothing was written"
        )


Rows = dict[str, list[tuple[int, dict[str, str]]]]


def read_rows(path: Path) -> Rows:
    """The rows of a workbook (.xlsx) or a folder of CSVs, by sheet, with their row numbers."""
    if path.is_dir():
        return {p.stem: _csv_rows(p) for p in sorted(path.glob("*.csv"))}
    if not path.is_file():
        raise InputError(path, "no such workbook or folder")
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as err:
        raise InputError(path, f"not a readable .xlsx workbook ({err})") from None
    rows: Rows = {}
    for sheet in book.worksheets:
        if sheet.title not in SHEET_NAMES:
            continue
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            continue
        headers = [str(h).strip() if h is not None else "" for h in values[0]]
        rows[sheet.title] = [
            (number, {h: _cell(v) for h, v in zip(headers, row, strict=False) if h})
            for number, row in enumerate(values[1:], start=2)
            if any(v not in (None, "") for v in row)
        ]
        rows[sheet.title].insert(0, (1, {h: h for h in headers if h}))
    book.close()
    return rows


def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        lines = list(reader)
    if not lines:
        return []
    headers = [h.strip() for h in lines[0]]
    out = [(1, {h: h for h in headers if h})]
    for number, line in enumerate(lines[1:], start=2):
        if any(cell.strip() for cell in line):
            out.append((number, {h: cell for h, cell in zip(headers, line, strict=False) if h}))
    return out


def _cell(value: object) -> str:
    """A cell's value as text; a date Excel turned into a date object goes back to ISO form."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Decoded:
    """What the workbook stands for: the owned statements, by entry."""

    triples: set[Triple] = field(default_factory=set)
    entries: dict[URIRef, Sheet] = field(default_factory=dict)
    problems: list[SheetProblem] = field(default_factory=list)


class _Reader:
    """Turns rows into statements, collecting every problem instead of stopping at the first."""

    def __init__(self, data: CuratedData, rows: Rows) -> None:
        self.data = data
        self.rows = rows
        self.namespaces = data.namespaces
        self.out = Decoded()
        self.lists = controlled_lists(data, ontology_individuals())
        owned_subjects = set(data.sheet_of)
        # What a reference may name: what the data has outside the workbook's reach, plus the workbook's rows.
        self.known: set[URIRef] = {s for s in data.subjects if s not in owned_subjects}
        self.known |= {URIRef(ID_BASE + "scheme/criteria")}

    def problem(
        self,
        sheet: str,
        row: int,
        column: str,
        value: str,
        message: str,
        suggestion: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.out.problems.append(SheetProblem(sheet, row, column, value, message, suggestion, hint))

    def run(self) -> Decoded:
        for name in SHEET_NAMES:
            if name not in self.rows:
                self.problem(
                    name, 1, "", "", f"the sheet '{name}' is missing; export a fresh workbook to start from"
                )
        subjects: dict[str, list[tuple[int, dict[str, str], URIRef]]] = {}
        for sheet in ENTITY_SHEETS:
            subjects[sheet.name] = self._subjects(sheet)
        for sheet in ENTITY_SHEETS:
            for number, row, subject in subjects[sheet.name]:
                self._entity(sheet, number, row, subject)
        self._citations()
        self._claims()
        return self.out

    def _headers(self, name: str, columns: Iterable[Column]) -> list[tuple[int, dict[str, str]]]:
        rows = self.rows.get(name, [])
        if not rows:
            return []
        headers = set(rows[0][1])
        expected = [column.header for column in columns]
        for header in sorted(headers - set(expected)):
            self.problem(name, 1, header, header, "unknown column", closest(header, expected))
        for header in expected:
            if header not in headers:
                self.problem(name, 1, header, "", "a column is missing; export a fresh workbook to see it")
        return rows[1:]

    def _subjects(self, sheet: Sheet) -> list[tuple[int, dict[str, str], URIRef]]:
        found: list[tuple[int, dict[str, str], URIRef]] = []
        seen: dict[URIRef, int] = {}
        slug_column = sheet.columns[0]
        for number, row in self._headers(sheet.name, sheet.columns):
            text = row.get("slug", "").strip()
            if not text:
                self.problem(sheet.name, number, "slug", "", "every row needs a slug")
                continue
            try:
                subject = parse_reference(text, slug_column.namespace, self.namespaces)
            except CellError as err:
                self.problem(sheet.name, number, "slug", text, str(err), err.suggestion, err.hint)
                continue
            if subject in seen:
                self.problem(sheet.name, number, "slug", text, f"the same slug as row {seen[subject]}")
                continue
            other = self.data.sheet_of.get(subject)
            if subject in self.known or (other is not None and other is not sheet):
                self.problem(
                    sheet.name, number, "slug", text, "this identifier already names another kind of entry"
                )
                continue
            seen[subject] = number
            found.append((number, row, subject))
            self.known.add(subject)
            self.out.entries[subject] = sheet
        return found

    def _values(self, sheet: str, number: int, column: Column, text: str) -> list[URIRef | Literal]:
        values: list[URIRef | Literal] = []
        for part in split(column, text):
            try:
                value = parse_value(column, part, self.namespaces)
            except CellError as err:
                self.problem(sheet, number, column.header, part, str(err), err.suggestion, err.hint)
                continue
            if not self._allowed(sheet, number, column, part, value):
                continue
            values.append(value)
        if (
            column.required
            and not values
            and not any(
                p.row == number and p.sheet == sheet and p.column == column.header for p in self.out.problems
            )
        ):
            self.problem(sheet, number, column.header, "", "this column is required")
        return values

    def _allowed(self, sheet: str, number: int, column: Column, part: str, value: URIRef | Literal) -> bool:
        if column.choices:
            allowed = self.lists[column.choices]
            local = str(value).split("#")[-1].rsplit("/", 1)[-1] if isinstance(value, URIRef) else str(value)
            if local not in allowed:
                self.problem(
                    sheet,
                    number,
                    column.header,
                    part,
                    f"not one of the allowed values ({', '.join(allowed)})",
                    closest(part, allowed),
                )
                return False
            return True
        if isinstance(value, URIRef) and value.startswith(ID_BASE) and value not in self.known:
            kind = value[len(ID_BASE) :].split("/", 1)[0]
            candidates = [
                str(s)[len(ID_BASE) + len(kind) + 1 :]
                for s in self.known
                if str(s).startswith(f"{ID_BASE}{kind}/")
            ]
            self.problem(
                sheet,
                number,
                column.header,
                part,
                f"unknown {kind}",
                closest(part.split(":")[-1], candidates),
            )
            return False
        return True

    def _entity(self, sheet: Sheet, number: int, row: dict[str, str], subject: URIRef) -> None:
        triples = self.out.triples
        if not any(column.predicate == RDF.type for column in sheet.columns):
            triples.add((subject, RDF.type, sheet.classes[0]))
        for column in sheet.columns[1:]:
            text = row.get(column.header, "")
            if column.value == Value.TURTLE:
                triples.update(self._turtle(sheet.name, number, subject, text))
                continue
            values = self._values(sheet.name, number, column, text)
            if not column.multi and len(values) > 1:
                self.problem(sheet.name, number, column.header, text, "takes one value only")
            assert column.predicate is not None
            triples.update((subject, column.predicate, v) for v in values)
        if sheet is MAPPINGS:
            fields = {p: o for s, p, o in triples if s == subject}
            concept, predicate, obj = (
                fields.get(p) for p in (GLX.mappingSubject, GLX.mappingPredicate, GLX.mappingObject)
            )
            if isinstance(concept, URIRef) and isinstance(predicate, URIRef) and isinstance(obj, URIRef):
                triples.add((concept, predicate, obj))

    def _turtle(self, sheet: str, number: int, subject: URIRef, text: str) -> set[Triple]:
        if not text.strip():
            return set()
        header = "".join(f"@prefix {n}: <{iri}> .\n" for n, iri in self.namespaces.items())
        graph = Graph()
        try:
            graph.parse(data=f"{header}<{subject}> {text} .\n", format="turtle")
        except Exception as err:  # rdflib raises several unrelated types for malformed Turtle
            self.problem(
                sheet,
                number,
                "other",
                text[:60],
                f"not Turtle: {str(err).splitlines()[0][:120]}",
                hint="keep this cell as exported",
            )
            return set()
        return {t for t in canonical_triples(graph) if t[0] == subject}

    def _citation(
        self, sheet: str, number: int, row: dict[str, str], verification_header: str
    ) -> Canon | None:
        columns = {column.header: column for column in CITATION_COLUMNS}
        source = self._values(sheet, number, columns["source"], row.get("source", ""))
        locator = self._values(sheet, number, columns["locator"], row.get("locator", ""))
        verification = self._values(
            sheet,
            number,
            replace(columns["verification"], header=verification_header),
            row.get(verification_header, ""),
        )
        if not source or not locator:
            return None
        fields: list[tuple[URIRef, Canon]] = [
            (RDF.type, GLX.Citation),
            (GLX.source, source[0]),
            (GLX.locator, locator[0]),
        ]
        fields += [(GLX.verification, v) for v in verification]
        return ("[]", frozenset(fields))

    def _citations(self) -> None:
        for number, row in self._headers(CITATIONS_SHEET, CITATION_COLUMNS):
            text = row.get("cited by", "").strip()
            try:
                owner = parse_reference(text, None, self.namespaces) if text else None
            except CellError as err:
                self.problem(CITATIONS_SHEET, number, "cited by", text, str(err), err.suggestion, err.hint)
                owner = None
            if owner is None and not text:
                self.problem(CITATIONS_SHEET, number, "cited by", "", "this column is required")
            elif owner is not None and owner not in self.out.entries:
                names = [term_text(s, self.namespaces) for s in self.out.entries]
                self.problem(
                    CITATIONS_SHEET,
                    number,
                    "cited by",
                    text,
                    "no row of the workbook has this identifier",
                    closest(text, names),
                )
                owner = None
            citation = self._citation(CITATIONS_SHEET, number, row, "verification")
            if owner is not None and citation is not None:
                self.out.triples.add((owner, GLX.citation, citation))

    def _claims(self) -> None:
        columns = {column.header: column for column in CLAIM_COLUMNS}
        for number, row in self._headers(CLAIMS_SHEET, CLAIM_COLUMNS):
            system = self._values(CLAIMS_SHEET, number, columns["system"], row.get("system", ""))
            criterion = self._values(CLAIMS_SHEET, number, columns["criterion"], row.get("criterion", ""))
            verification = self._values(
                CLAIMS_SHEET, number, columns["verification"], row.get("verification", "")
            )
            citation = self._citation(CLAIMS_SHEET, number, row, "citation verification")
            if system and system[0] not in self.out.entries:
                self.problem(
                    CLAIMS_SHEET, number, "system", row.get("system", ""), "not a row of 'reference systems'"
                )
                continue
            if system and criterion and citation is not None:
                fields: list[tuple[URIRef, Canon]] = [
                    (RDF.type, GLX.CriterionClaim),
                    (GLX.claimedCriterion, criterion[0]),
                    (GLX.citation, citation),
                ]
                fields += [(GLX.verification, v) for v in verification]
                self.out.triples.add((system[0], GLX.claim, ("[]", frozenset(fields))))  # type: ignore[arg-type]


def decode(rows: Rows, data: CuratedData) -> Decoded:
    """The statements the workbook stands for, and every problem found reading it."""
    return _Reader(data, rows).run()


@dataclass
class Plan:
    """What an import would do: the new text of each changed file, and the change in words per entry."""

    texts: dict[Path, str]
    changes: dict[str, list[str]]


def plan(decoded: Decoded, data: CuratedData) -> Plan:
    """New file texts holding the workbook's statements in place of the owned ones, and the changes in words."""
    order = {c.predicate: i for sheet in ENTITY_SHEETS for i, c in enumerate(sheet.columns) if c.predicate}
    file_of: dict[Triple, Path] = {}
    type_file: dict[URIRef, Path] = {}
    for path, turtle in data.files.items():
        for triple in turtle.triples():
            file_of.setdefault(triple, path)
            if triple[1] == RDF.type:
                type_file.setdefault(triple[0], path)
    wanted: dict[Path, set[Triple]] = {
        path: {t for t in turtle.triples() if not data.owns(t)} for path, turtle in data.files.items()
    }
    fields = _fields(decoded)
    for subject, sheet in decoded.entries.items():
        if subject not in type_file:
            type_file[subject] = data.root / _default_file(sheet, fields.get(subject, {}), data)
    mapping_home: dict[tuple[Canon | None, Canon | None], Path] = {
        (fields[s].get(GLX.mappingSubject), fields[s].get(GLX.mappingObject)): type_file[s]
        for s, sheet in decoded.entries.items()
        if sheet is MAPPINGS
    }
    for triple in decoded.triples:
        subject, predicate, obj = triple
        home = file_of.get(triple)
        if home is None and predicate in SKOS_MATCH_PREDICATES:
            home = mapping_home.get((subject, obj))  # a mapping's direct SKOS triple goes beside its node
        if home is None:
            home = type_file.get(subject) or data.root / CONCEPTS.default_file
        wanted.setdefault(home, set()).add(triple)
    texts: dict[Path, str] = {}
    for path, triples in wanted.items():
        turtle = data.files.get(path) or TurtleFile(_new_file_header(path, data))
        text = rewrite(turtle, triples, order, data.namespaces)
        if path not in data.files or text != turtle.text:
            texts[path] = text
    return Plan(texts, describe(data, decoded))


def plan_additions(additions: set[Triple], data: CuratedData) -> Plan:
    """New file texts with `additions` placed beside their subjects' other statements (a TBX import's labels)."""
    order = {c.predicate: i for sheet in ENTITY_SHEETS for i, c in enumerate(sheet.columns) if c.predicate}
    home: dict[URIRef, Path] = {}
    for path, turtle in data.files.items():
        for subject, predicate, _ in turtle.triples():
            if predicate == RDF.type:
                home.setdefault(subject, path)
    wanted = {path: turtle.triples() for path, turtle in data.files.items()}
    changes: dict[str, list[str]] = {}
    for triple in sorted(additions, key=str):
        target = home.get(triple[0])
        if target is None or triple in wanted[target]:
            continue
        wanted[target].add(triple)
        name = term_text(triple[0], data.namespaces)
        changes.setdefault(name, []).append(f"added {term_text(triple[1], data.namespaces)}: “{triple[2]}”")
    texts = {}
    for path, triples in wanted.items():
        text = rewrite(data.files[path], triples, order, data.namespaces)
        if text != data.files[path].text:
            texts[path] = text
    return Plan(texts, changes)


def apply_plan(the_plan: Plan, data: CuratedData, dry_run: bool = False, reason: bool = True) -> Plan:
    """Validate the plan's result on a copy; unless `dry_run`, write it; raises ResultInvalid, writing nothing."""
    if the_plan.texts:
        problems = validate_plan(the_plan, data, reason=reason)
        if problems:
            raise ResultInvalid(problems)
        if not dry_run:
            write_plan(the_plan, data.root)
    return the_plan


def _fields(decoded: Decoded) -> dict[URIRef, dict[URIRef, Canon]]:
    """One value per property of each entry (enough to place a new entry's file)."""
    fields: dict[URIRef, dict[URIRef, Canon]] = {}
    for s, p, o in decoded.triples:
        fields.setdefault(s, {})[p] = o
    return fields


def _default_file(sheet: Sheet, fields: dict[URIRef, Canon], data: CuratedData) -> str:
    if sheet is MAPPINGS:
        target = fields.get(GLX.mappingObject)
        return mapping_file_for(data, target) if isinstance(target, URIRef) else "mappings/other.ttl"
    concept = fields.get(GLX.interprets)
    slug = str(concept).rsplit("/", 1)[-1] if concept else "unsorted"
    return sheet.default_file.format(concept=slug)


def _new_file_header(path: Path, data: CuratedData) -> str:
    if path.parent.name == "interpretations":
        return f"# Readings of concept:{path.stem}.\n"
    return "# Written by `govlex sheet import`.\n"


def describe(data: CuratedData, decoded: Decoded) -> dict[str, list[str]]:
    """Per entry (`kind slug`), what the import adds, changes and removes, in words."""
    before: dict[URIRef, set[tuple[URIRef, Canon]]] = {}
    for s, p, o in data.triples():
        if data.owns((s, p, o)):
            before.setdefault(s, set()).add((p, o))
    after: dict[URIRef, set[tuple[URIRef, Canon]]] = {}
    for s, p, o in decoded.triples:
        after.setdefault(s, set()).add((p, o))
    namespaces = data.namespaces
    changes: dict[str, list[str]] = {}
    for subject in sorted(set(before) | set(after), key=str):
        old, new = before.get(subject, set()), after.get(subject, set())
        if old == new:
            continue
        sheet = decoded.entries.get(subject) or data.sheet_of.get(subject)
        name = term_text(subject, namespaces)
        lines: list[str] = []
        if not old:
            lines.append("new entry")
        elif not new:
            lines.append("removed")
        for label, removed, added in _by_field(sheet, old - new, new - old, namespaces):
            if len(removed) == 1 and len(added) == 1:
                lines.append(f"changed {label}: {removed[0]} → {added[0]}")
            else:
                lines += [f"removed {label}: {value}" for value in removed]
                lines += [f"added {label}: {value}" for value in added]
        changes[name] = lines
    return changes


SKOS_MATCH_PREDICATES = frozenset(
    URIRef("http://www.w3.org/2004/02/skos/core#" + name)
    for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)


def _by_field(
    sheet: Sheet | None,
    removed: set[tuple[URIRef, Canon]],
    added: set[tuple[URIRef, Canon]],
    ns: dict[str, str],
) -> list[tuple[str, list[str], list[str]]]:
    def label(p: URIRef, o: Canon) -> str:
        if p == GLX.citation:
            return "citation"
        if p == GLX.claim:
            return "claim"
        for column in sheet.columns if sheet else ():
            if column.predicate == p and (
                column.lang is None or (isinstance(o, Literal) and o.language == column.lang)
            ):
                return column.header
        return term_text(p, ns)

    def shown(o: Canon) -> str:
        if isinstance(o, Literal):
            return f"“{o}”"
        if isinstance(o, tuple):
            parts = {p: q for p, q in o[1]}
            if GLX.source in parts:
                return f"{term_text(parts[GLX.source], ns)}, {parts.get(GLX.locator, '')}"
            if GLX.claimedCriterion in parts:
                return term_text(parts[GLX.claimedCriterion], ns)
        return term_text(o, ns)

    fields: dict[str, tuple[list[str], list[str]]] = {}
    for (p, o), index in [(po, 0) for po in sorted(removed, key=str)] + [
        (po, 1) for po in sorted(added, key=str)
    ]:
        fields.setdefault(label(p, o), ([], []))[index].append(shown(o))
    return [(name, pair[0], pair[1]) for name, pair in fields.items()]


def validate_plan(the_plan: Plan, data: CuratedData, reason: bool = True) -> list[Problem]:
    """Run `govlex validate`'s checks over the data as the import would leave it (on a copy)."""
    from govlex.loading import data_files, load_sources
    from govlex.validation import validate_sources

    with tempfile.TemporaryDirectory(prefix="govlex-import-") as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data.root, copy)
        for path, text in the_plan.texts.items():
            target = copy / path.relative_to(data.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        outcome = validate_sources(load_sources(data=data_files(copy)), reason=reason)
        return [
            replace(p, file=data.root / p.file.relative_to(copy))
            if p.file and p.file.is_relative_to(copy)
            else p
            for p in outcome.problems
        ]


def write_plan(the_plan: Plan, root: Path) -> None:
    """Move the changed files into `root` together, once all of them are written."""
    with merged_folder(root, manifest=False) as staging:
        for path, text in the_plan.texts.items():
            target = staging / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def import_workbook(
    source: Path, data_dir: Path | None = None, dry_run: bool = False, reason: bool = True
) -> Plan:
    """Read, check, validate and (unless `dry_run`) write; raises SheetInvalid or ResultInvalid, writing nothing."""
    data = read_data(data_dir)
    decoded = decode(read_rows(source), data)
    if decoded.problems:
        raise SheetInvalid(decoded.problems)
    return apply_plan(plan(decoded, data), data, dry_run=dry_run, reason=reason)
