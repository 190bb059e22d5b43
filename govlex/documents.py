"""Source documents for readers: one document with everything that cites it, and the filtered index.

`get_source` gives a document's record (`catalog.Source`), its notes and the pages its facts were
checked on, and every statement in the graph that cites it with the locator — readings grouped by the
concept they interpret, then criterion claims, rounds, events and the rest. `filter_sources` is the
index's filter and sort (jurisdiction, document type, issuer, year; by date or title).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from govlex.catalog import PREFIXES, RDFS, Ref, Source, _labels_of, list_sources
from govlex.entities import entity_iri, get_entity, kind_of, known_slugs
from govlex.errors import GovlexError, UnknownName
from govlex.store import QueryStore, Term

SORTS = ("date", "-date", "title")


@dataclass(frozen=True)
class Citing:
    """One statement that cites the document: who states it, what about, and where in the document."""

    subject: Ref
    """What the statement belongs to: an interpretation, a reference system, a round, an event, …"""
    kind: str
    """The subject's kind (`interpretation`, `system`, `round`, …)."""
    concept: Ref | None
    """For a reading, the concept it interprets."""
    criterion: Ref | None
    """For a criterion claim, the criterion the system is claimed to exhibit."""
    locator: str
    verification: str


@dataclass(frozen=True)
class SourceDetail:
    """A source document with its notes, where it was checked, and everything that cites it."""

    source: Source
    comment_en: str
    comment_zh: str
    checked_on: tuple[str, ...]
    """Pages (`rdfs:seeAlso`) the document's facts were checked on, possibly secondary."""
    citing: tuple[Citing, ...]


_CITING = (
    PREFIXES
    + """SELECT ?src ?s ?concept ?criterion ?locator ?verification WHERE {
  { ?s glx:citation ?cit . ?cit glx:source ?src . FILTER(isIRI(?s))
    OPTIONAL { ?s glx:interprets ?concept }
    OPTIONAL { ?cit glx:verification ?verification } }
  UNION
  { ?s glx:claim ?claim . ?claim glx:claimedCriterion ?criterion ; glx:citation ?cit . ?cit glx:source ?src .
    OPTIONAL { ?claim glx:verification ?verification } }
  OPTIONAL { ?cit glx:locator ?locator } }"""
)


def get_source(store: QueryStore, slug: str) -> SourceDetail:
    """One document in full; `UnknownName` listing the documents when `slug` is not one."""
    iri = entity_iri("source", slug).value
    found = [s for s in list_sources(store) if s.iri == iri]
    if not found:
        raise UnknownName("source", slug, known_slugs(store, "source"))
    entity = get_entity(store, "source", slug)
    bind: dict[str, Term] = {"src": entity_iri("source", slug)}
    # One small query per pattern: pyoxigraph plans their UNION thousands of times slower.
    labels = _labels_of(store, "?x glx:citation/glx:source ?src", bind)
    for pattern in (
        "?s glx:citation/glx:source ?src . ?s glx:interprets ?x",
        "?x glx:claim/glx:citation/glx:source ?src",
        "?s glx:claim ?claim . ?claim glx:citation/glx:source ?src ; glx:claimedCriterion ?x",
    ):
        labels.by_iri.update(_labels_of(store, pattern, bind).by_iri)
    citing = {
        Citing(
            subject=labels.ref(row["s"].value),
            kind=kind_of(row["s"].value),
            concept=labels.ref(row["concept"].value) if "concept" in row else None,
            criterion=labels.ref(row["criterion"].value) if "criterion" in row else None,
            locator=row["locator"].value if "locator" in row else "",
            verification=row["verification"].value if "verification" in row else "",
        )
        for row in store.select(_CITING, bind)
    }
    return SourceDetail(
        source=found[0],
        comment_en=entity.comment_en,
        comment_zh=entity.comment_zh,
        checked_on=tuple(
            sorted(link.target.iri for link in entity.links if link.property.iri == RDFS + "seeAlso")
        ),
        citing=tuple(
            sorted(
                citing,
                key=lambda c: (
                    c.concept is None,
                    (c.concept.label_en.lower() if c.concept else ""),
                    c.kind,
                    c.subject.label_en.lower(),
                    c.criterion.label_en.lower() if c.criterion else "",
                    c.locator,
                ),
            )
        ),
    )


def year_of(date: str) -> str:
    """The year of an ISO date, year-month or year ('' when undated).

    >>> year_of("2023-01-25"), year_of("2024"), year_of("")
    ('2023', '2024', '')
    """
    return date[:4] if date[:4].isdigit() else ""


def filter_sources(
    sources: Iterable[Source],
    jurisdiction: str | None = None,
    document_type: str | None = None,
    issuer: str | None = None,
    year: str | None = None,
    sort: str = "title",
) -> tuple[Source, ...]:
    """The documents that match every filter given (issuer by slug, type by local name such as
    `directiveDocument`), sorted by title, by date (`date`, undated last) or newest first (`-date`)."""
    if sort not in SORTS:
        raise GovlexError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    chosen = [
        s
        for s in sources
        if (not jurisdiction or s.jurisdiction.lower() == jurisdiction.lower())
        and (not document_type or s.document_type == document_type)
        and (not issuer or (s.issuer is not None and s.issuer.slug == issuer))
        and (not year or year_of(s.issued) == year)
    ]
    by_title = sorted(chosen, key=lambda s: s.title_en.lower())
    if sort == "title":
        return tuple(by_title)
    dated = sorted((s for s in by_title if s.issued), key=lambda s: s.issued, reverse=sort == "-date")
    return tuple(dated + [s for s in by_title if not s.issued])


@dataclass(frozen=True)
class SourceFacets:
    """The values the documents index can be filtered by, each with its label."""

    jurisdictions: tuple[str, ...]
    document_types: tuple[str, ...]
    issuers: tuple[Ref, ...]
    years: tuple[str, ...]


def source_facets(sources: Iterable[Source]) -> SourceFacets:
    """Every jurisdiction, document type, issuer and year the documents have."""
    listed = list(sources)
    issuers = {s.issuer.iri: s.issuer for s in listed if s.issuer is not None}
    return SourceFacets(
        jurisdictions=tuple(sorted({s.jurisdiction for s in listed if s.jurisdiction})),
        document_types=tuple(sorted({s.document_type for s in listed if s.document_type})),
        issuers=tuple(sorted(issuers.values(), key=lambda r: r.label_en.lower())),
        years=tuple(sorted({year_of(s.issued) for s in listed if year_of(s.issued)}, reverse=True)),
    )
