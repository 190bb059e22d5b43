"""What a printed glossary holds, independent of its format: the entries in order, their notes and indexes.

`glossary_document` selects the concepts of one glossary (or all), groups sub-terms (narrower
concepts and parts) under their heading, orders the headings (the curated order of
`data/concepts.ttl`, alphabetically, or by pinyin), keeps the readings of the chosen side(s), and
numbers every citation once as a source note. The HTML/PDF and DOCX writers only lay this out.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from govlex.catalog import (
    Citation,
    Concept,
    Interpretation,
    Ref,
    Side,
    Source,
    get_concept,
    list_sources,
    search_index,
)
from govlex.messages import both, named
from govlex.namespace import sparql_prologue
from govlex.pinyin import sort_key, spelled
from govlex.store import QueryStore


class Order(StrEnum):
    glossary = "glossary"
    alphabetical = "alphabetical"
    pinyin = "pinyin"


class SideChoice(StrEnum):
    """Whose readings a publication shows: one `Side` (by its name) or both side by side."""

    us = "us"
    cn = "cn"
    both = "both"


class Lang(StrEnum):
    en = "en"
    zh = "zh"
    both = "both"


def side_title(side: str, lang: str) -> str:
    """The heading of a side's readings in `lang` (the message catalogue's `glossary_side.<side>`)."""
    return named("glossary_side", side, lang)


def status_word(status: str) -> str:
    """A reading's status as the publication says it (`glossary_status.<status>`), else as it is."""
    return named("glossary_status", status, "en")


@dataclass(frozen=True)
class Note:
    """A numbered source note: the document, where in it, and whether that was checked."""

    number: int
    title: str
    title_zh: str
    issuer: str
    issued: str
    locator: str
    verified: bool
    url: str


@dataclass
class Reading:
    """One side's reading as the document shows it, with the numbers of its source notes."""

    side: str  # "US", "CN" or "joint"
    statement_en: str
    statement_zh: str
    stated_by: str
    status: str
    criteria: list[tuple[str, str]]
    notes: list[int]
    verified: bool


@dataclass
class Entry:
    """A heading or a sub-term: labels, pinyin, readings by side, divergence note and editorial notes."""

    slug: str
    anchor: str
    label_en: str
    label_zh: str
    pinyin: str
    alt_en: list[str]
    alt_zh: list[str]
    definition_en: str
    definition_zh: str
    readings: list[Reading]
    divergence_en: str
    divergence_zh: str
    reference_notes: list[tuple[str, list[int]]]  # (scope note, its note numbers)
    sub_terms: list["Entry"] = field(default_factory=list)


@dataclass
class GlossaryDocument:
    """The whole publication."""

    title_en: str
    title_zh: str
    editors: str
    date: str
    build: str
    sides: list[Side]
    lang: Lang
    order: Order
    scope_en: str
    entries: list[Entry]
    notes: list[Note]

    def all_entries(self) -> list[Entry]:
        return [e for heading in self.entries for e in (heading, *heading.sub_terms)]

    def english_index(self) -> list[tuple[str, str, bool]]:
        """(term, anchor, preferred) for every English term, alphabetically."""
        items = [(e.label_en, e.anchor, True) for e in self.all_entries()]
        items += [(alt, e.anchor, False) for e in self.all_entries() for alt in e.alt_en]
        return sorted(items, key=lambda item: (item[0].casefold(), not item[2]))

    def chinese_index(self) -> list[tuple[str, str, str, bool]]:
        """(term, pinyin, anchor, preferred) for every Chinese term, by toneless pinyin."""
        items = [(e.label_zh, e.pinyin, e.anchor, True) for e in self.all_entries() if e.label_zh]
        items += [(alt, spelled(alt), e.anchor, False) for e in self.all_entries() for alt in e.alt_zh]
        return sorted(items, key=lambda item: (sort_key(item[0]), item[0]))


class _Notes:
    """Numbers each (source, locator) once, in order of first citation."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self.numbers: dict[tuple[str, str], int] = {}
        self.notes: list[Note] = []

    def number(self, citation: Citation) -> int:
        key = (citation.source.iri, citation.locator)
        if key not in self.numbers:
            source = self.sources.get(citation.source.iri)
            self.numbers[key] = len(self.notes) + 1
            self.notes.append(
                Note(
                    number=len(self.notes) + 1,
                    title=source.title_en if source else citation.source.label_en,
                    title_zh=source.title_zh if source else "",
                    issuer=source.issuer.label_en if source and source.issuer else "",
                    issued=source.issued if source else "",
                    locator=citation.locator,
                    verified=citation.verification == "verified",
                    url=citation.url,
                )
            )
        return self.numbers[key]


def _reading(reading: Interpretation, notes: _Notes) -> Reading:
    return Reading(
        side=reading.side,
        statement_en=reading.statement_en,
        statement_zh=reading.statement_zh,
        stated_by=", ".join(ref.label_en for ref in reading.stated_by),
        status=reading.status,
        criteria=[(ref.label_en, ref.label_zh) for ref in reading.criteria],
        notes=[notes.number(c) for c in reading.citations],
        verified=reading.verification == "verified",
    )


def _concept_citations(store: QueryStore, concept: Concept, sources: dict[str, Source]) -> list[Citation]:
    """The citations of the concept's own international reference notes (readings carry theirs)."""
    from pyoxigraph import NamedNode

    rows = store.select(
        sparql_prologue("glx")
        + """SELECT ?c ?src ?loc ?ver WHERE { ?c glx:citation ?cit . ?cit glx:source ?src ; glx:locator ?loc .
             OPTIONAL { ?cit glx:verification ?ver } } ORDER BY ?src ?loc""",
        {"c": NamedNode(concept.iri)},
    )
    citations = []
    for row in rows:
        iri = row["src"].value
        source = sources.get(iri)
        ref = Ref(iri, iri.rsplit("/", 1)[-1], source.title_en if source else iri)
        verification = row["ver"].value if row.get("ver") is not None else ""
        citations.append(Citation(ref, row["loc"].value, source.url if source else "", verification))
    return citations


def _entry(concept: Concept, sides: list[Side], notes: _Notes, cited: list[Citation]) -> Entry:
    def text(labels: tuple, lang: str) -> str:  # type: ignore[type-arg]
        return " ".join(label.value for label in labels if label.lang.startswith(lang))

    readings = [r for r in concept.interpretations if r.side in sides or r.side == "joint"]
    order = {"US": 0, "CN": 1, "joint": 2}
    return Entry(
        slug=concept.slug,
        anchor=f"term-{concept.slug}",
        label_en=concept.label_en,
        label_zh=concept.label_zh,
        pinyin=spelled(concept.label_zh) if concept.label_zh else "",
        alt_en=[a.value for a in concept.alt_labels if a.lang == "en"],
        alt_zh=[a.value for a in concept.alt_labels if a.lang.startswith("zh")],
        definition_en=text(concept.definitions, "en"),
        definition_zh=text(concept.definitions, "zh"),
        readings=[_reading(r, notes) for r in sorted(readings, key=lambda r: (order.get(r.side, 3), r.slug))],
        divergence_en=concept.divergence_note_en,
        divergence_zh=concept.divergence_note_zh,
        reference_notes=[
            (note.value, [notes.number(c) for c in cited])
            for note in concept.scope_notes
            if note.lang == "en"
        ],
    )


def curated_order() -> list[str]:
    """Concept slugs in the order `data/concepts.ttl` writes them (the curators' glossary order)."""
    from govlex.curation.data_files import read_data
    from govlex.curation.sheet_model import CONCEPTS

    data = read_data()
    return [str(s).rsplit("/", 1)[-1] for s, sheet in data.sheet_of.items() if sheet is CONCEPTS]


def _glossary_facts(store: QueryStore, glossary: str) -> tuple[str, str, str, str]:
    rows = store.select(
        sparql_prologue("skos", "dct", "glx", "rdfs")
        + """SELECT ?g ?label ?issued ?party WHERE {
             ?g skos:prefLabel ?label . OPTIONAL { ?g dct:issued ?issued }
             OPTIONAL { ?g glx:compiledBy/rdfs:label ?party FILTER(lang(?party) = "en") } }""",
        {"g": _glossary_node(glossary)},
    )
    en = next((r["label"].value for r in rows if getattr(r["label"], "language", "") == "en"), "")
    zh = next((r["label"].value for r in rows if getattr(r["label"], "language", "").startswith("zh")), "")
    issued = next((r["issued"].value for r in rows if r.get("issued") is not None), "")
    parties = sorted({r["party"].value for r in rows if r.get("party") is not None})
    return en, zh, issued, " and ".join(parties)


def _glossary_node(glossary: str):  # type: ignore[no-untyped-def]
    from pyoxigraph import NamedNode

    from govlex.namespace import id_iri

    return NamedNode(str(id_iri("glossary", glossary)))


def glossary_document(
    store: QueryStore,
    glossary: str = "us",
    side: SideChoice = SideChoice.both,
    lang: Lang = Lang.both,
    order: Order = Order.glossary,
    build: str = "",
) -> GlossaryDocument:
    """The publication of one glossary (`all` for every concept) for the chosen sides, languages and order."""
    summaries = search_index(store).summaries
    selected = [s.slug for s in summaries if glossary == "all" or glossary in s.glossaries]
    concepts = {slug: get_concept(store, slug) for slug in selected}
    sides = [Side.us, Side.cn] if side is SideChoice.both else [Side[side.value]]
    sources = {s.iri: s for s in list_sources(store)}
    notes = _Notes(sources)
    parent: dict[str, str] = {}
    for slug, concept in concepts.items():
        for relation in concept.relations:
            if relation.kind in ("broader", "part-of") and relation.target.slug in concepts:
                parent.setdefault(slug, relation.target.slug)
                break

    def top(slug: str) -> str:
        seen = {slug}
        while slug in parent and parent[slug] not in seen:
            slug = parent[slug]
            seen.add(slug)
        return slug

    file_order = {slug: i for i, slug in enumerate(curated_order())}
    keys = {
        Order.glossary: lambda s: (file_order.get(s, len(file_order)), s),
        Order.alphabetical: lambda s: (concepts[s].label_en.casefold(), s),
        Order.pinyin: lambda s: (sort_key(concepts[s].label_zh), s),
    }
    ordered = sorted(concepts, key=keys[order])
    headings = [slug for slug in ordered if top(slug) == slug]
    entries = []
    for slug in headings:
        entry = _entry(concepts[slug], sides, notes, _concept_citations(store, concepts[slug], sources))
        members = sorted(
            (s for s in concepts if s != slug and top(s) == slug), key=lambda s: file_order.get(s, 0)
        )
        entry.sub_terms = [
            _entry(concepts[s], sides, notes, _concept_citations(store, concepts[s], sources))
            for s in members
        ]
        entries.append(entry)
    if glossary == "all":
        title_en, title_zh, issued, editors = (
            *both("glossary_all_title"),
            "",
            "U.S. side (Brookings) and Chinese side (CISS)",
        )
    else:
        title_en, title_zh, issued, editors = _glossary_facts(store, glossary)
    return GlossaryDocument(
        title_en=title_en or glossary,
        title_zh=title_zh,
        editors=editors,
        date=date.today().isoformat(),
        build=build,
        sides=sides,
        lang=lang,
        order=order,
        scope_en=f"Original glossary issued {issued}." if issued else "",
        entries=entries,
        notes=notes.notes,
    )
