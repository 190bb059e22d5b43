"""`/api/concepts` and `/api/search`: list, filter, search and read concepts."""

from typing import Annotated

from fastapi import APIRouter, Query
from govlex.api.deps import StoreDep
from govlex.api.problems import PROBLEM_RESPONSES

from govlex import catalog
from govlex.history.timeline import ConceptWithHistory, with_history

router = APIRouter(prefix="/api", tags=["concepts"])

_SUMMARY = {
    "slug": "autonomous-weapons-systems",
    "iri": "https://w3id.org/govlex/id/concept/autonomous-weapons-systems",
    "label_en": "autonomous weapons systems",
    "label_zh": "自主武器系统",
    "glossaries": ["us"],
    "parties": ["cn", "us"],
    "statuses": ["recorded"],
}


@router.get(
    "/concepts",
    response_model=catalog.Page,
    responses={
        200: {
            "content": {
                "application/json": {"example": {"items": [_SUMMARY], "total": 1, "offset": 0, "limit": 50}}
            }
        }
    },
)
def list_concepts(
    store: StoreDep,
    glossary: Annotated[
        str | None, Query(description="Glossary slug: `us`, `cn`, `joint`.", examples=["us"])
    ] = None,
    party: Annotated[
        str | None, Query(description="Only concepts a party has read: `cn`, `us`.", examples=["cn"])
    ] = None,
    status: Annotated[
        str | None,
        Query(
            description="Interpretation status: recorded, proposed, discussed, jointly-interpreted, divergent.",
            examples=["recorded"],
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            description="Search text: English, Chinese (simplified or traditional), pinyin.",
            examples=["zizhu wuqi"],
        ),
    ] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> catalog.Page:
    """List concepts, filtered by glossary, party, status and search text, one page at a time."""
    return catalog.list_concepts(store, glossary, party, status, q, offset, limit)


@router.get(
    "/search",
    response_model=list[catalog.SearchHit],
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": [
                        {
                            "concept": {k: _SUMMARY[k] for k in ("iri", "slug", "label_en", "label_zh")},
                            "matched": "自主武器系统",
                            "score": 205,
                        }
                    ]
                }
            }
        }
    },
)
def search(
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="Label text in any script or pinyin.",
            examples=["自主武器系統"],
        ),
    ],
) -> tuple[catalog.SearchHit, ...]:
    """Find concepts by label in English, simplified or traditional Chinese, or pinyin with or without tones."""
    return catalog.search(store, q)


@router.get(
    "/concepts/{slug}",
    response_model=ConceptWithHistory,
    responses={
        **PROBLEM_RESPONSES,
        200: {
            "content": {"application/json": {"example": {**_SUMMARY, "interpretations": [], "relations": []}}}
        },
    },
)
def get_concept(slug: str, store: StoreDep) -> ConceptWithHistory:
    """One concept: labels, every interpretation side by side with criteria and sources, relations, mappings, history."""
    described = catalog.concept_description(store, slug)
    return with_history(catalog.get_concept(store, slug, described), store, described=described)
