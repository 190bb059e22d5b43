"""`/api/systems/{slug}`: one reference system, its sourced claims, and which readings cover it (and what
it lacks for the others: the `govlex classify` answer)."""

from fastapi import APIRouter
from govlex.api.deps import StoreDep
from govlex.api.problems import PROBLEM_RESPONSES

from govlex.criteria import SystemDetail, get_system
from govlex.namespace import ID_BASE

router = APIRouter(prefix="/api", tags=["criteria and reference systems"])

_ID = ID_BASE
_HARPY = {
    "iri": _ID + "system/iai-harpy",
    "slug": "iai-harpy",
    "label_en": "IAI Harpy loitering anti-radar munition",
    "label_zh": "哈比反辐射无人机",
}
_AWS = {
    "iri": _ID + "concept/autonomous-weapons-systems",
    "slug": "autonomous-weapons-systems",
    "label_en": "autonomous weapons systems",
    "label_zh": "自主武器系统",
}
_EXAMPLE = {
    "system": _HARPY,
    "comment_en": "Israeli loitering munition that patrols an assigned area and attacks hostile radars …",
    "comment_zh": "",
    "claims": [
        {
            "system": _HARPY,
            "criterion": {
                "iri": _ID + "criterion/weapon-system",
                "slug": "weapon-system",
                "label_en": "is a weapon system",
                "label_zh": "属于武器系统",
            },
            "citations": [],
            "verification": "verified",
        }
    ],
    "covered_by": [
        {
            "reading": {
                "iri": _ID + "interpretation/autonomous-weapons-systems--us-dodd-3000-09-2023",
                "slug": "autonomous-weapons-systems--us-dodd-3000-09-2023",
                "label_en": "autonomous-weapons-systems--us-dodd-3000-09-2023",
                "label_zh": "",
            },
            "concept": _AWS,
            "side": "US",
        }
    ],
    "not_covered_by": [
        {
            "reading": {
                "reading": {
                    "iri": _ID + "interpretation/autonomous-weapons-systems--cn-ccw-2018",
                    "slug": "autonomous-weapons-systems--cn-ccw-2018",
                    "label_en": "autonomous-weapons-systems--cn-ccw-2018",
                    "label_zh": "",
                },
                "concept": _AWS,
                "side": "CN",
            },
            "missing": [
                {
                    "iri": _ID + "criterion/cannot-be-terminated",
                    "slug": "cannot-be-terminated",
                    "label_en": "cannot be terminated once started",
                    "label_zh": "",
                }
            ],
        }
    ],
    "reasoner": "HermiT",
    "covered_total": 1,
    "not_covered_total": 1,
}


@router.get(
    "/systems/{slug}",
    response_model=SystemDetail,
    responses={200: {"content": {"application/json": {"example": _EXAMPLE}}}, **PROBLEM_RESPONSES},
)
def system(slug: str, store: StoreDep) -> SystemDetail:
    """One reference system: its sourced claims, the readings covering it, and what it lacks for the others."""
    return get_system(store, slug)
