"""`govlex export --tbx`: the glossary as TBX-Basic (ISO 30042:2019, DCA style), for terminology tools.

One `conceptEntry` per concept: the subject field, its glossaries (`customerSubset`) and the sides
that read it (`projectSubset`), relations as `relatedConcept` references, the divergence note; a
`langSec` for English and one for Chinese, each with the preferred term (fullForm or abbreviation,
preferredTerm) and the alternative ones (admittedTerm), govlex's editorial definition and each side's
reading as a definition with its sources and locators, scope notes as contexts.
"""

import re
from xml.etree import ElementTree as ET

from govlex.catalog import Citation, Concept, Interpretation, get_concept, search_index
from govlex.store import QueryStore

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SUBJECT_FIELD = "Artificial intelligence and international security"
LANGS = {"en": "en", "zh": "zh-Hans"}
SIDE_NAMES = {"US": "U.S. reading", "CN": "Chinese reading", "joint": "Joint reading"}


def entry_id(slug: str) -> str:
    """An XML ID for a concept: its slug, prefixed when the slug is not a valid NCName.

    >>> entry_id("autonomy"), entry_id("9-terms")
    ('autonomy', 'c-9-terms')
    """
    return slug if re.fullmatch(r"[A-Za-z_][\w.-]*", slug) else f"c-{slug}"


def term_type(term: str) -> str:
    """`abbreviation` for an all-capital short form such as AWS or LAWS, else `fullForm`.

    >>> term_type("LAWS"), term_type("lethal autonomous weapons systems")
    ('abbreviation', 'fullForm')
    """
    return "abbreviation" if re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}s?", term) else "fullForm"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(
        parent, f"{{{TBX_NS}}}{tag}", {k.replace("_", ":"): v for k, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def _source_text(citation: Citation) -> str:
    mark = "" if citation.verification == "verified" else " [unverified]"
    title = citation.source.label_en or citation.source.slug
    return f"{title}, {citation.locator}{mark}" if citation.locator else f"{title}{mark}"


def _reading(parent: ET.Element, reading: Interpretation, lang: str) -> None:
    statement = reading.statement_en if lang == "en" else reading.statement_zh
    if not statement:
        return
    group = _sub(parent, "descripGrp")
    _sub(group, "descrip", statement, type="definition")
    for citation in reading.citations:
        _sub(group, "admin", _source_text(citation), type="source")
    stated = ", ".join(ref.label_en or ref.slug for ref in reading.stated_by)
    _sub(group, "note", f"{SIDE_NAMES.get(reading.side, 'Reading')} ({reading.status}), stated by {stated}")


def _term(parent: ET.Element, text: str, preferred: bool) -> None:
    section = _sub(parent, "termSec")
    _sub(section, "term", text)
    _sub(section, "termNote", term_type(text) if preferred else _alt_type(text), type="termType")
    status = "preferredTerm-admn-sts" if preferred else "admittedTerm-admn-sts"
    _sub(section, "termNote", status, type="administrativeStatus")


def _alt_type(text: str) -> str:
    return "abbreviation" if term_type(text) == "abbreviation" else "variant"


def concept_entry(body: ET.Element, concept: Concept) -> None:
    """Append one `conceptEntry` for `concept` to `body`."""
    entry = _sub(body, "conceptEntry", id=entry_id(concept.slug))
    _sub(entry, "descrip", SUBJECT_FIELD, type="subjectField")
    for glossary in concept.glossaries:
        _sub(entry, "admin", f"glossary:{glossary.slug}", type="customerSubset")
    for side in sorted({reading.side for reading in concept.interpretations}):
        _sub(entry, "admin", f"side:{side}", type="projectSubset")
    for relation in concept.relations:
        _sub(
            entry,
            "ref",
            f"{relation.kind}: {relation.target.label_en}",
            type="relatedConcept",
            target=entry_id(relation.target.slug),
        )
    if concept.divergence_note_en:
        _sub(entry, "note", f"How the sides differ: {concept.divergence_note_en}")
    for key, tag in LANGS.items():
        preferred = concept.label_en if key == "en" else concept.label_zh
        if not preferred:
            continue
        section = _sub(entry, "langSec", xml_lang=tag)
        for definition in concept.definitions:
            if definition.lang.startswith(key):
                group = _sub(section, "descripGrp")
                _sub(group, "descrip", definition.value, type="definition")
                _sub(group, "admin", "govlex editors", type="source")
        for reading in concept.interpretations:
            _reading(section, reading, key)
        for note in concept.scope_notes:
            if note.lang.startswith(key):
                _sub(section, "descrip", note.value, type="context")
        _term(section, preferred, preferred=True)
        for alt in concept.alt_labels:
            if alt.lang.startswith(key) and alt.value != preferred:
                _term(section, alt.value, preferred=False)


def tbx_document(store: QueryStore, build_hash: str = "", glossary: str | None = None) -> bytes:
    """The TBX-Basic document of every concept (or those of one glossary), as UTF-8 bytes."""
    ET.register_namespace("", TBX_NS)
    root = ET.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    header = _sub(_sub(root, "tbxHeader"), "fileDesc")
    _sub(
        _sub(header, "titleStmt"), "title", "govlex: AI governance terms of the China–U.S. Track II dialogue"
    )
    publication = _sub(header, "publicationStmt")
    _sub(publication, "p", "Exported by govlex (https://w3id.org/govlex). Data licence: CC BY 4.0.")
    source = _sub(header, "sourceDesc")
    _sub(source, "p", f"govlex build {build_hash}".strip())
    body = _sub(_sub(root, "text"), "body")
    wanted = _entry_slugs(store, glossary)
    concepts = [get_concept(store, slug) for slug in wanted]
    known = {concept.slug for concept in concepts}
    for concept in concepts:
        # A relation to a concept outside the export would be a dangling IDREF; keep only those inside.
        kept = tuple(r for r in concept.relations if r.target.slug in known)
        concept_entry(body, Concept(**{**concept.__dict__, "relations": kept}))
    ET.indent(root, space="  ")
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(root, encoding="utf-8", xml_declaration=False)
        + b"\n"
    )


def _entry_slugs(store: QueryStore, glossary: str | None) -> list[str]:
    summaries = search_index(store).summaries
    return sorted(s.slug for s in summaries if glossary is None or glossary in s.glossaries)
