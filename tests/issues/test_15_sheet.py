"""Issue 15, part 1: the spreadsheet round trip (`govlex sheet export` / `govlex sheet import`), on copies of data/."""

import shutil
from pathlib import Path

import pytest
from helpers import ROOT, run_cli
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

DATA = ROOT / "data"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


@pytest.fixture
def workbook(tmp_path: Path, data_copy: Path) -> Path:
    path = tmp_path / "glossary.xlsx"
    result = run_cli("sheet", "export", str(path), "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    return path


def set_cell(sheet: Worksheet, key_column: str, key: str, column: str, value: str) -> int:
    """Write `value` into `column` of the row whose `key_column` is `key`; returns the row number."""
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index(key_column)].value == key:
            row[headers.index(column)].value = value
            return row[0].row
    raise AssertionError(f"no row with {key_column}={key}")


def append_row(sheet: Worksheet, values: dict[str, str]) -> int:
    headers = [cell.value for cell in sheet[1]]
    number = sheet.max_row + 1
    for header, value in values.items():
        sheet.cell(number, headers.index(header) + 1, value)
    return number


def test_export_then_import_changes_no_byte(workbook: Path, data_copy: Path) -> None:
    before = snapshot(data_copy)
    result = run_cli("sheet", "import", str(workbook), "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert "no change" in result.stdout
    assert snapshot(data_copy) == before


def test_the_workbook_is_what_a_curator_expects(workbook: Path) -> None:
    book = load_workbook(workbook)
    assert {
        "concepts",
        "interpretations",
        "sources",
        "rounds",
        "criteria",
        "reference systems",
        "claims",
        "mappings",
        "citations",
    } <= set(book.sheetnames)
    concepts = book["concepts"]
    assert concepts.freeze_panes == "B2"
    assert all(cell.comment is not None and cell.comment.text for cell in concepts[1])
    labels = {row[0].value: row[2].value for row in concepts.iter_rows(min_row=2)}
    assert labels["autonomous-weapons-systems"] == "自主武器系统"
    interpretations = book["interpretations"]
    ranges = {
        str(rule.sqref).split(":")[0][0]: rule.formula1
        for rule in interpretations.data_validations.dataValidation
    }
    headers = [cell.value for cell in interpretations[1]]
    status_letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[headers.index("status")]
    assert status_letter in ranges
    choices = [
        c.value for c in book["lists"][ranges[status_letter].split("!")[1].replace("$", "")] for c in c
    ]
    assert "statusDiscussed" in choices


def test_csv_round_trip(tmp_path: Path, data_copy: Path) -> None:
    before = snapshot(data_copy)
    folder = tmp_path / "csv"
    assert run_cli("sheet", "export", "--csv", str(folder), "--data-dir", str(data_copy)).returncode == 0
    assert (folder / "concepts.csv").read_text(encoding="utf-8").count("自主武器系统") >= 1
    result = run_cli("sheet", "import", str(folder), "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert snapshot(data_copy) == before


def test_ten_mistakes_get_ten_messages_and_nothing_is_written(workbook: Path, data_copy: Path) -> None:
    book = load_workbook(workbook)
    rows = {
        "broader": set_cell(book["concepts"], "slug", "fully-autonomous", "broader", "autonomus"),
        "label zh": set_cell(book["concepts"], "slug", "lethality", "label zh", "lethality"),
        "status": set_cell(
            book["interpretations"], "slug", "lethality--cn-ccw-2018", "status", "statusProposd"
        ),
        "side": set_cell(book["interpretations"], "slug", "lethality--cn-ccw-2017", "side", "china"),
        "issued": set_cell(book["sources"], "slug", "brookings-ai-glossary-us", "issued", "April 2024"),
        "jurisdiction": set_cell(
            book["sources"], "slug", "ciss-brookings-interim-2024", "jurisdiction", "USA"
        ),
        "number": set_cell(book["rounds"], "slug", "1", "number", "one"),
        "confidence": set_cell(
            book["mappings"], "slug", "autonomy--closeMatch--vair-Autonomy", "confidence", "1.5"
        ),
    }
    rows["cited by"] = append_row(
        book["citations"],
        {
            "cited by": "interp:lethality--us-dodd-3000-09-2021",
            "source": "dodd-3000-09-2012",
            "locator": "Para. 1",
        },
    )
    rows["slug"] = append_row(
        book["interpretations"],
        {
            "slug": "lethality--cn-ccw-2018",
            "type": "Interpretation",
            "concept": "lethality",
            "side": "cn",
            "stated by": "prc-mfa",
            "statement en": "A second row with the same slug.",
            "status": "statusProposed",
        },
    )
    book.save(workbook)
    before = snapshot(data_copy)
    result = run_cli("sheet", "import", str(workbook), "--data-dir", str(data_copy))
    assert result.returncode == 1
    messages = [line for line in result.stderr.splitlines() if ", row " in line]
    assert len(messages) == 10, result.stderr
    for column, row in rows.items():
        assert any(f"row {row}, column '{column}'" in m for m in messages), (column, row, result.stderr)
    assert any("`autonomus` unknown concept; did you mean `autonomy`?" in m for m in messages), messages
    assert any("`statusProposd`" in m and "did you mean `statusProposed`" in m for m in messages)
    assert any("did you mean `interp:lethality--us-dodd-3000-09-2012`" in m for m in messages)
    assert "10 problem(s) in the workbook; nothing was written" in result.stderr
    assert snapshot(data_copy) == before


def test_fix_a_chinese_label_and_add_a_reading(workbook: Path, data_copy: Path) -> None:
    book = load_workbook(workbook)
    set_cell(book["concepts"], "slug", "autonomy", "label zh", "自主")
    set_cell(book["concepts"], "slug", "autonomy", "alt labels zh", "自主性")
    append_row(
        book["interpretations"],
        {
            "slug": "autonomy--cn-curation-example",
            "type": "Interpretation",
            "concept": "autonomy",
            "side": "cn",
            "stated by": "prc-mfa",
            "statement en": "An example reading added from the workbook.",
            "statement zh": "从工作簿添加的示例解读。",
            "status": "statusRecorded",
            "verification": "unverified",
        },
    )
    append_row(
        book["citations"],
        {
            "cited by": "interp:autonomy--cn-curation-example",
            "source": "cn-ccw-2018-position",
            "locator": "Section on characteristics",
            "verification": "unverified",
        },
    )
    book.save(workbook)
    before = snapshot(data_copy)
    dry = run_cli("sheet", "import", str(workbook), "--dry-run", "--data-dir", str(data_copy))
    assert dry.returncode == 0, dry.stderr
    assert "changed label zh: “自主性” → “自主”" in dry.stdout
    assert "interp:autonomy--cn-curation-example" in dry.stdout
    assert snapshot(data_copy) == before
    result = run_cli("sheet", "import", str(workbook), "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    after = snapshot(data_copy)
    assert {name for name in after if after[name] != before.get(name)} == {
        "concepts.ttl",
        "interpretations/autonomy.ttl",
    }
    old_lines = before["concepts.ttl"].decode().splitlines()
    new_lines = after["concepts.ttl"].decode().splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed == [
        (
            '    skos:prefLabel "autonomy"@en , "自主性"@zh-Hans ;',
            '    skos:prefLabel "autonomy"@en , "自主"@zh-Hans ;',
        ),
        (
            '    skos:altLabel "autonomous operation"@en , "自主"@zh-Hans ;',
            '    skos:altLabel "autonomous operation"@en , "自主性"@zh-Hans ;',
        ),
    ]
    added = after["interpretations/autonomy.ttl"].decode()
    assert added.startswith(before["interpretations/autonomy.ttl"].decode())
    assert "interp:autonomy--cn-curation-example a glx:Interpretation ;" in added
    assert run_cli("validate", "--no-reasoner", "--data", str(data_copy)).returncode == 0


def test_a_result_that_fails_validation_writes_nothing(workbook: Path, data_copy: Path) -> None:
    book = load_workbook(workbook)
    set_cell(book["concepts"], "slug", "autonomy", "label en", "automation")  # the label of another concept
    book.save(workbook)
    before = snapshot(data_copy)
    result = run_cli("sheet", "import", str(workbook), "--no-reasoner", "--data-dir", str(data_copy))
    assert result.returncode == 1
    assert "fails validation" in result.stderr
    assert snapshot(data_copy) == before
