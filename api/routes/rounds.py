"""`/api/rounds`: the rounds of the dialogue and the concepts each discussed; one round in full."""

from fastapi import APIRouter
from govlex.api.deps import StoreDep
from govlex.api.problems import PROBLEM_RESPONSES
from govlex.api.routes.dialogue import ENTITY_EXAMPLE

from govlex import catalog
from govlex.dialogue import get_record
from govlex.entities import Entity

router = APIRouter(prefix="/api", tags=["rounds"])

_EXAMPLE = {
    "iri": "https://w3id.org/govlex/id/round/6",
    "slug": "6",
    "number": 6,
    "label_en": "Round 6",
    "label_zh": "第六轮对话",
    "date": "2022-04-07",
    "place_en": "video link",
    "place_zh": "视频连线",
    "concepts": [
        {
            "iri": "https://w3id.org/govlex/id/concept/autonomous-weapons-systems",
            "slug": "autonomous-weapons-systems",
            "label_en": "autonomous weapons systems",
            "label_zh": "自主武器系统",
        }
    ],
}


@router.get(
    "/rounds",
    response_model=list[catalog.Round],
    responses={200: {"content": {"application/json": {"example": [_EXAMPLE]}}}},
)
def list_rounds(store: StoreDep) -> tuple[catalog.Round, ...]:
    """Every dialogue round in order, with date, place and the concepts it discussed."""
    return catalog.list_rounds(store)


@router.get(
    "/rounds/{slug}",
    response_model=Entity,
    responses={200: {"content": {"application/json": {"example": ENTITY_EXAMPLE}}}, **PROBLEM_RESPONSES},
)
def get_round(slug: str, store: StoreDep) -> Entity:
    """One round: date, place, topics, concepts discussed, participants and the report that says so."""
    return get_record(store, "round", slug)
