"""Issue 15, part 4: the glossary downloads of a real `govlex serve`, made on request and cached per build."""

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from docx import Document
from helpers import ROOT
from lxml import etree
from openpyxl import load_workbook
from servers import govlex_server

SCHEMA = ROOT.parent / "shared" / "external" / "tbx-basic" / "TBXcoreStructV03_TBX-Basic_integrated.rng"


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with govlex_server(tmp_path_factory.mktemp("downloads"), built) as url:
        yield url


def get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=300)


def test_pages_offer_the_downloads(server: str) -> None:
    home = get(f"{server}/").text
    for fmt in ("pdf", "docx", "xlsx", "tbx"):
        assert f'href="/downloads/glossary-us.{fmt}"' in home
    concept = get(f"{server}/concept/autonomous-weapons-systems").text  # listed in the U.S. glossary
    assert 'href="/downloads/glossary-us.pdf"' in concept


def test_tbx_is_valid_and_cached_by_build(server: str) -> None:
    first = get(f"{server}/downloads/glossary-us.tbx")
    assert first.status_code == 200
    assert first.headers["x-govlex-cache"] == "miss"
    assert 'filename="glossary-us.tbx"' in first.headers["content-disposition"]
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.fromstring(first.content).getroottree()), schema.error_log
    second = get(f"{server}/downloads/glossary-us.tbx")
    assert second.headers["x-govlex-cache"] == "hit"
    assert second.content == first.content
    build_hash = get(f"{server}/api/stats").json()["build"]["input_hash"]
    assert build_hash in first.text


def test_pdf_docx_and_xlsx(server: str) -> None:
    pdf = get(f"{server}/downloads/glossary-us.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    docx = get(f"{server}/downloads/glossary-us.docx")
    assert docx.status_code == 200
    headings = [
        p for p in Document(io.BytesIO(docx.content)).paragraphs if p.style and p.style.name == "Heading 1"
    ]
    assert len(headings) > 10
    xlsx = get(f"{server}/downloads/glossary-us.xlsx")
    assert xlsx.status_code == 200 and zipfile.is_zipfile(io.BytesIO(xlsx.content))
    book = load_workbook(io.BytesIO(xlsx.content))
    glossaries = [row[5].value for row in book["concepts"].iter_rows(min_row=2)]
    assert glossaries and all("us" in (g or "").split(" | ") for g in glossaries)


def test_unknown_glossary_or_format_is_a_clear_404(server: str) -> None:
    missing = get(f"{server}/downloads/glossary-eu.pdf")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.json()["known"] == ["all", "cn", "joint", "us"]  # UnknownName lists them sorted
    assert get(f"{server}/downloads/glossary-us.exe").status_code in (404, 422)
    assert re.search(r"glossary", missing.json()["detail"])
