"""The printed glossary as a Word document: every part carries a named style, so an editor restyles it in one place."""

import io

from govlex.catalog import Side
from govlex.curation.glossary_model import Entry, GlossaryDocument, Reading, side_title, status_word
from govlex.errors import GovlexError

CJK_FONT = "WenQuanYi Micro Hei"
STYLES = {
    # name: (based on, font, size in points, bold, italic, colour)
    "Glossary Title": ("Title", "Liberation Sans", 26, True, False, "1F3A5F"),
    "Glossary Chinese Term": ("Normal", CJK_FONT, 12, False, False, "1B1F24"),
    "Glossary Pinyin": ("Normal", "Liberation Serif", 10, False, True, "5A6B80"),
    "Glossary Alternative Terms": ("Normal", "Liberation Serif", 9, False, False, "3A4A5C"),
    "Glossary Reading": ("Normal", "Liberation Serif", 10, False, False, "1B1F24"),
    "Glossary Reading Meta": ("Normal", "Liberation Sans", 8, False, False, "5A6B80"),
    "Glossary Criterion": ("List Bullet", "Liberation Serif", 9, False, False, "1B1F24"),
    "Glossary Divergence": ("Normal", "Liberation Serif", 9.5, False, False, "1B1F24"),
    "Glossary Note": ("List Number", "Liberation Serif", 8.5, False, False, "1B1F24"),
    "Glossary Index Entry": ("Normal", "Liberation Serif", 9, False, False, "1B1F24"),
    "Glossary Section": ("Heading 1", "Liberation Sans", 15, True, False, "1F3A5F"),
}


def _styles(document) -> None:  # type: ignore[no-untyped-def]
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for name, (base, font, size, bold, italic, colour) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles[base]
        style.font.name, style.font.size, style.font.bold, style.font.italic = font, Pt(size), bold, italic
        style.font.color.rgb = RGBColor.from_string(colour)
        # East Asian text takes the CJK font, whatever the Latin font is.
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    for level in (1, 2):
        heading = document.styles[f"Heading {level}"]
        heading.font.color.rgb = RGBColor.from_string("1F3A5F")
        heading.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)


def _field(paragraph, code: str, placeholder: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (`PAGE`, `TOC …`) that Word fills in when the document opens or is updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):  # type: ignore[no-untyped-def]
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    run._r.append(instruction)
    run._r.append(char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(char("end"))


def _update_fields_on_open(word) -> None:  # type: ignore[no-untyped-def]
    """Ask Word to fill in the contents and page numbers when the file is opened."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    word.settings.element.append(update)


def _running_heads(word, title: str) -> None:  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = word.sections[0]
    section.different_first_page_header_footer = True  # the title page carries neither
    head = section.header.paragraphs[0]
    head.text = title
    head.style = word.styles["Glossary Reading Meta"]
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(foot, "PAGE", "1")


def _reading(cell, reading: Reading, show_en: bool, show_zh: bool) -> None:  # type: ignore[no-untyped-def]
    notes = "".join(f"[{n}]" for n in reading.notes)
    if show_en and reading.statement_en:
        cell.add_paragraph(f"{reading.statement_en} {notes}", style="Glossary Reading")
    if show_zh and reading.statement_zh:
        cell.add_paragraph(reading.statement_zh + ("" if show_en else f" {notes}"), style="Glossary Reading")
    status = status_word(reading.status)
    mark = "● checked" if reading.verified else "○ not checked"
    cell.add_paragraph(f"{reading.stated_by} · {status} · {mark}", style="Glossary Reading Meta")
    for en, zh in reading.criteria:
        cell.add_paragraph(
            " · ".join(t for t in (en if show_en else "", zh if show_zh else "") if t),
            style="Glossary Criterion",
        )


def _entry(
    word,
    entry: Entry,
    level: int,
    number: int | None,
    show_en: bool,
    show_zh: bool,  # type: ignore[no-untyped-def]
    sides: list[Side],
) -> None:
    title = entry.label_en if show_en else entry.label_zh
    word.add_heading(f"{number}. {title}" if number else title, level=level)
    if show_zh and entry.label_zh:
        word.add_paragraph(entry.label_zh, style="Glossary Chinese Term")
        word.add_paragraph(entry.pinyin, style="Glossary Pinyin")
    alternatives = (entry.alt_en if show_en else []) + (entry.alt_zh if show_zh else [])
    if alternatives:
        word.add_paragraph("Also: " + "; ".join(alternatives), style="Glossary Alternative Terms")
    if show_en and entry.definition_en:
        word.add_paragraph(f"Editors' definition: {entry.definition_en}", style="Glossary Reading")
    if entry.readings:
        table = word.add_table(rows=2, cols=len(sides))
        table.style = word.styles["Table Grid"]
        for column, side in enumerate(sides):
            table.cell(0, column).text = side_title(side, "en" if show_en else "zh")
            cell = table.cell(1, column)
            readings = [r for r in entry.readings if r.side == side]
            for reading in readings:
                _reading(cell, reading, show_en, show_zh)
            if not readings:
                cell.add_paragraph("No reading recorded.", style="Glossary Reading Meta")
        for reading in (r for r in entry.readings if r.side == "joint"):
            _reading(table.add_row().cells[0], reading, show_en, show_zh)
    divergence = [
        t for t in (entry.divergence_en if show_en else "", entry.divergence_zh if show_zh else "") if t
    ]
    for text in divergence:
        word.add_paragraph(
            f"How the readings differ: {text}" if text == entry.divergence_en else text,
            style="Glossary Divergence",
        )


def glossary_docx(document: GlossaryDocument) -> bytes:
    """The publication as .docx bytes: title page, entries (Heading 1 per heading, Heading 2 per sub-term),
    notes and indexes."""
    try:
        from docx import Document
        from docx.enum.text import WD_BREAK
    except ImportError:
        raise GovlexError("the DOCX needs python-docx: pip install 'govlex[publish]'") from None

    show_en, show_zh = document.lang.value in ("en", "both"), document.lang.value in ("zh", "both")
    word = Document()
    _styles(word)
    word.core_properties.title = document.title_en
    word.core_properties.author = "govlex editors"
    word.add_paragraph(document.title_en, style="Glossary Title")
    if document.title_zh:
        word.add_paragraph(document.title_zh, style="Glossary Chinese Term")
    word.add_paragraph(
        f"Bilingual reading edition prepared from govlex, {document.date}.", style="Glossary Reading"
    )
    if document.editors:
        word.add_paragraph(
            f"Glossary compiled by the {document.editors}; readings paraphrased by the govlex "
            "editors from the documents cited in the notes.",
            style="Glossary Reading",
        )
    word.add_paragraph(
        "● checked against a public copy of the source   ○ not checked", style="Glossary Reading Meta"
    )
    word.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    _running_heads(word, document.title_en)
    _update_fields_on_open(word)
    word.add_paragraph("Contents", style="Glossary Section")
    _field(
        word.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        "Right-click and choose Update Field to show the contents.",
    )
    word.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    for number, entry in enumerate(document.entries, start=1):
        _entry(word, entry, 1, number, show_en, show_zh, document.sides)
        for sub in entry.sub_terms:
            _entry(word, sub, 2, None, show_en, show_zh, document.sides)
    word.add_paragraph("Notes", style="Glossary Section")
    for note in document.notes:
        mark = "●" if note.verified else "○"
        issued = f" ({note.issued})" if note.issued else ""
        issuer = f"{note.issuer}, " if note.issuer else ""
        word.add_paragraph(
            f"[{note.number}] {mark} {issuer}{note.title}{issued}, {note.locator}.",
            style="Glossary Index Entry",
        )
    if show_en:
        word.add_paragraph("Index of English terms", style="Glossary Section")
        for term, _, preferred in document.english_index():
            word.add_paragraph(term if preferred else f"{term} (see the entry)", style="Glossary Index Entry")
    if show_zh:
        word.add_paragraph("Index of Chinese terms (by pinyin)", style="Glossary Section")
        for term, pinyin, _, _ in document.chinese_index():
            word.add_paragraph(f"{term}  {pinyin}", style="Glossary Index Entry")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
