"""One entry point for every publication format, shared by the CLI and the web downloads."""

from govlex.curation.glossary_model import Lang, Order, SideChoice, glossary_document
from govlex.store import QueryStore

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


def publication(
    fmt: str,
    glossary: str = "us",
    side: SideChoice = SideChoice.both,
    lang: Lang = Lang.both,
    order: Order = Order.glossary,
    store: QueryStore | None = None,
    build: str | None = None,
) -> bytes:
    """The glossary in `fmt` (pdf, docx or html) from `store` (default: the current build)."""
    if store is None or build is None:
        from govlex.build import current_build, current_store
        from govlex.store import EmbeddedStore

        build = str(current_build().manifest["input_hash"])
        store = EmbeddedStore(current_store())
    document = glossary_document(store, glossary, side, lang, order, build)
    if fmt == "pdf":
        from govlex.curation.glossary_html import glossary_pdf

        return glossary_pdf(document)
    if fmt == "docx":
        from govlex.curation.glossary_docx import glossary_docx

        return glossary_docx(document)
    from govlex.curation.glossary_html import glossary_html

    return glossary_html(document).encode("utf-8")
