"""`/api/sources`: the documents interpretations cite, filtered and sorted, and one document with what cites it."""

from typing import Annotated

from fastapi import APIRouter, Query
from govlex.api.deps import StoreDep
from govlex.api.problems import PROBLEM_RESPONSES

from govlex import catalog, documents

router = APIRouter(prefix="/api", tags=["sources"])

_EXAMPLE = {
    "iri": "https://w3id.org/govlex/id/source/dodd-3000-09-2023",
    "slug": "dodd-3000-09-2023",
    "title_en": "DoD Directive 3000.09, Autonomy in Weapon Systems (2023)",
    "title_zh": "",
    "issuer": {
        "iri": "https://w3id.org/govlex/id/agent/us-dod",
        "slug": "us-dod",
        "label_en": "U.S. Department of Defense",
        "label_zh": "美国国防部",
    },
    "issued": "2023-01-25",
    "jurisdiction": "US",
    "document_type": "directiveDocument",
    "identifier": "DoDD 3000.09",
    "url": "https://www.esd.whs.mil/DD/",
    "verification": "verified",
}
_DETAIL_EXAMPLE = {
    "source": _EXAMPLE,
    "comment_en": "Reissues and cancels the 2012 directive; effective 25 January 2023 …",
    "comment_zh": "",
    "checked_on": ["https://www.cnas.org/press/press-note/noteworthy-dod-autonomous-weapons-policy"],
    "citing": [
        {
            "subject": {
                "iri": "https://w3id.org/govlex/id/interpretation/autonomous-weapons-systems--us-dodd-3000-09-2023",
                "slug": "autonomous-weapons-systems--us-dodd-3000-09-2023",
                "label_en": "autonomous-weapons-systems--us-dodd-3000-09-2023",
                "label_zh": "",
            },
            "kind": "interpretation",
            "concept": {
                "iri": "https://w3id.org/govlex/id/concept/autonomous-weapons-systems",
                "slug": "autonomous-weapons-systems",
                "label_en": "autonomous weapons systems",
                "label_zh": "自主武器系统",
            },
            "criterion": None,
            "locator": "Glossary, G.2 Definitions",
            "verification": "verified",
        }
    ],
}


@router.get(
    "/sources",
    response_model=list[catalog.Source],
    responses={200: {"content": {"application/json": {"example": [_EXAMPLE]}}}},
)
def list_sources(
    store: StoreDep,
    jurisdiction: Annotated[
        str | None, Query(description="CN, US, INT or EU.", examples=["CN"], max_length=16)
    ] = None,
    document_type: Annotated[
        str | None,
        Query(
            alias="type",
            description="Document type by local name: lawDocument, directiveDocument, standardDocument, "
            "positionPaperDocument, declarationDocument, glossaryDocument, frameworkDocument, reportDocument.",
            examples=["directiveDocument"],
            max_length=64,
        ),
    ] = None,
    issuer: Annotated[
        str | None, Query(description="Issuer by slug.", examples=["us-dod"], max_length=128)
    ] = None,
    year: Annotated[
        str | None, Query(pattern=r"^\d{4}$", description="Year issued.", examples=["2023"])
    ] = None,
    sort: Annotated[
        str, Query(pattern="^(title|date|-date)$", description="title, date (oldest first) or -date.")
    ] = "title",
) -> tuple[catalog.Source, ...]:
    """Source documents with issuer, date, jurisdiction, type, identifier and URL, filtered and sorted."""
    return documents.filter_sources(
        catalog.list_sources(store), jurisdiction, document_type, issuer, year, sort
    )


@router.get(
    "/sources/{slug}",
    response_model=documents.SourceDetail,
    responses={
        200: {"content": {"application/json": {"example": _DETAIL_EXAMPLE}}},
        **PROBLEM_RESPONSES,
    },
)
def get_source(slug: str, store: StoreDep) -> documents.SourceDetail:
    """One document: its record, notes, where it was checked, and every statement citing it with the locator."""
    return documents.get_source(store, slug)
