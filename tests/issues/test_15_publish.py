"""Issue 15, part 3: the printed bilingual glossary, read back from what was written (PDF, DOCX, HTML)."""

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from helpers import ROOT, run_cli
from rdflib import RDF, SKOS, Graph, Namespace

GLX = Namespace("https://w3id.org/govlex/ontology#")
US = Namespace("https://w3id.org/govlex/id/glossary/").us
ARTIFACTS = ROOT / "test-artifacts"
CJK = re.compile(r"[\u4e00-\u9fff]")


def us_terms() -> list[tuple[str, str]]:
    """(English, Chinese) preferred labels of every concept in the U.S. glossary, read from the Turtle itself."""
    graph = Graph().parse(ROOT / "data" / "concepts.ttl")
    terms = []
    for concept in graph.subjects(RDF.type, GLX.Concept):
        if (concept, SKOS.inScheme, US) in graph:
            labels = {label.language: str(label) for label in graph.objects(concept, SKOS.prefLabel)}
            terms.append((labels["en"], labels["zh-Hans"]))
    return sorted(terms)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("publish")
    written = {}
    for fmt in ("pdf", "docx", "html"):
        path = folder / f"glossary.{fmt}"
        result = run_cli("publish", "glossary", "--format", fmt, "--glossary", "us", "-o", str(path))
        assert result.returncode == 0, result.stderr
        written[fmt] = path
    return written


def test_pdf_text_has_both_scripts_and_every_heading(outputs: dict[str, Path]) -> None:
    text = subprocess.run(
        ["pdftotext", str(outputs["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert CJK.search(flat) and re.search(r"[A-Za-z]{4}", flat)
    terms = us_terms()
    assert len(terms) > 20
    for english, chinese in terms:
        assert english in flat, english
        assert chinese in flat, chinese
    for part in ("Contents", "Notes", "Index of English terms", "Index of Chinese terms (by pinyin)"):
        assert part in flat
    assert "zì zhǔ wǔ qì xì tǒng" in flat  # pinyin of 自主武器系统


def test_pdf_embeds_the_cjk_font(outputs: dict[str, Path]) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(outputs["pdf"])], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk), fonts  # the "emb" column


def test_pdf_has_page_links_and_first_pages_render(outputs: dict[str, Path]) -> None:
    info = subprocess.run(["pdfinfo", str(outputs["pdf"])], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 10  # type: ignore[union-attr]
    # The contents page (page 3) links every heading to its page: pdftohtml lists the links it finds.
    contents = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-f", "3", "-l", "3", str(outputs["pdf"])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(re.findall(r'<a href="[^"]*#\d+"', contents)) >= 10
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / "glossary-us"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "5", str(outputs["pdf"]), str(prefix)], check=True
    )
    pages = sorted(ARTIFACTS.glob("glossary-us-*.png"))
    assert len(pages) >= 5
    assert all(page.stat().st_size > 5000 for page in pages)


def test_docx_has_one_heading_per_term_and_named_styles(outputs: dict[str, Path]) -> None:
    document = Document(str(outputs["docx"]))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name in ("Heading 1", "Heading 2")
    ]
    terms = us_terms()
    assert len(headings) == len(terms)
    for english, _ in terms:
        assert any(heading == english or heading.endswith(f". {english}") for heading in headings), english
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Glossary Title", "Glossary Chinese Term", "Glossary Pinyin", "Glossary Section"} <= styles
    text = "\n".join(p.text for p in document.paragraphs)
    assert all(chinese in text for _, chinese in terms)
    body = document.element.xml
    assert 'TOC \\o "1-2"' in body  # a contents field Word fills in on opening
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert " PAGE " in footer and document.sections[0].header.paragraphs[0].text.startswith("Glossary of")


def test_html_prints_standalone(outputs: dict[str, Path]) -> None:
    html = outputs["html"].read_text(encoding="utf-8")
    assert "@page" in html and "<style>" in html
    external = re.findall(r'(?:src|href)="(?!#)([^"]+)"', html)
    assert external == []
    assert html.count('class="entry"') >= 10


def test_one_side_one_language_pinyin_order(tmp_path: Path) -> None:
    path = tmp_path / "cn.html"
    result = run_cli(
        "publish",
        "glossary",
        "--format",
        "html",
        "--side",
        "cn",
        "--lang",
        "zh",
        "--order",
        "pinyin",
        "-o",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    html = path.read_text(encoding="utf-8")
    assert "中方解读" in html and "美方解读" not in html
    assert "Index of English terms" not in html and "Index of Chinese terms" in html
    main = html[html.index("<main>") :]
    titles = re.findall(r'<span class="title"><span lang="zh-Hans">([^<]+)</span>', main)
    from govlex.pinyin import sort_key

    assert titles == sorted(titles, key=sort_key)
