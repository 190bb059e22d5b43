"""`/api/parties`: the sides of the dialogue."""

from fastapi import APIRouter
from govlex.api.deps import StoreDep

from govlex import catalog

router = APIRouter(prefix="/api", tags=["parties"])

_EXAMPLE = {
    "iri": "https://w3id.org/govlex/id/party/cn",
    "slug": "cn",
    "label_en": "Chinese side (CISS)",
    "label_zh": "中方（清华大学战略与安全研究中心）",
    "country": "CN",
    "organisation": {
        "iri": "https://w3id.org/govlex/id/agent/ciss",
        "slug": "ciss",
        "label_en": "Center for International Security and Strategy, Tsinghua University",
        "label_zh": "清华大学战略与安全研究中心",
    },
}


@router.get(
    "/parties",
    response_model=list[catalog.PartyInfo],
    responses={200: {"content": {"application/json": {"example": [_EXAMPLE]}}}},
)
def list_parties(store: StoreDep) -> tuple[catalog.PartyInfo, ...]:
    """The sides of the dialogue with their country and representing organisation."""
    return catalog.list_parties(store)
