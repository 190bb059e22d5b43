"""`/api/sources`: the documents interpretations cite."""

from fastapi import APIRouter
from govlex.api.deps import StoreDep

from govlex import catalog

router = APIRouter(prefix="/api", tags=["sources"])

_EXAMPLE = {
    "iri": "https://w3id.org/govlex/id/source/dodd-3000-09-2023",
    "slug": "dodd-3000-09-2023",
    "title_en": "DoD Directive 3000.09, Autonomy in Weapon Systems",
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
    "url": "https://www.esd.whs.mil/",
    "verification": "verified",
}


@router.get(
    "/sources",
    response_model=list[catalog.Source],
    responses={200: {"content": {"application/json": {"example": [_EXAMPLE]}}}},
)
def list_sources(store: StoreDep) -> tuple[catalog.Source, ...]:
    """Every source document with issuer, date, jurisdiction, type, identifier and URL."""
    return catalog.list_sources(store)
