"""The printed glossary as HTML (printable as is) and as PDF through WeasyPrint, from one template and stylesheet.

WeasyPrint rather than Typst: the HTML edition and the PDF then come from the same markup and CSS
(paged media gives the running heads, page numbers, TOC and index page references and PDF links and
bookmarks), and it runs offline on Debian's Pango with the fonts fontconfig finds, so the CJK font
from `scripts/system-deps` is embedded (subset) without a font path of our own.
"""

from importlib.resources import files

from jinja2 import Environment, StrictUndefined

from govlex.curation.glossary_model import GlossaryDocument, side_title, status_word
from govlex.errors import GovlexError
from govlex.messages import text

ORDER_WORDS = {"glossary": "as in the glossary", "alphabetical": "alphabetically", "pinyin": "by pinyin"}


def _template_text(name: str) -> str:
    return (files("govlex.curation") / "templates" / name).read_text(encoding="utf-8")


def glossary_html(document: GlossaryDocument) -> str:
    """The whole publication as one self-contained HTML page (styles inline, nothing loaded from elsewhere)."""
    environment = Environment(
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    environment.globals["hasattr"] = hasattr
    template = environment.from_string(_template_text("glossary.html"))
    return template.render(
        doc=document,
        css=_template_text("glossary.css"),
        side_title=side_title,
        status_word=status_word,
        no_chinese=text("glossary_no_chinese", "zh"),
        order_words=ORDER_WORDS,
    )


def glossary_pdf(document: GlossaryDocument) -> bytes:
    """The publication as PDF (A4, fonts embedded, links and bookmarks), laid out by WeasyPrint."""
    try:
        from weasyprint import HTML
    except ImportError:
        raise GovlexError("the PDF needs WeasyPrint: pip install 'govlex[publish]'") from None
    except OSError as err:  # WeasyPrint loads Pango when imported
        raise GovlexError(f"the PDF needs Pango ({err}); scripts/system-deps --test installs it") from None
    pdf = HTML(string=glossary_html(document)).write_pdf()
    assert pdf is not None
    return pdf
