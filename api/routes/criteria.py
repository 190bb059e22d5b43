"""`/api/criteria/{slug}`: one definitional criterion, the readings that require it and the systems claimed
to exhibit it."""

from fastapi import APIRouter
from govlex.api.deps import StoreDep
from govlex.api.problems import PROBLEM_RESPONSES

from govlex.criteria import CriterionDetail, get_criterion
from govlex.namespace import ID_BASE

router = APIRouter(prefix="/api", tags=["criteria and reference systems"])

_ID = ID_BASE
_EXAMPLE = {
    "criterion": {
        "iri": _ID + "criterion/selects-targets-without-human-intervention",
        "slug": "selects-targets-without-human-intervention",
        "label_en": "selects targets without human intervention",
        "label_zh": "无需人工干预即可选择目标",
    },
    "definition_en": "Once activated, the system itself chooses which specific targets to attack, without a human choosing them.",
    "definition_zh": "",
    "requiring": [
        {
            "reading": {
                "iri": _ID + "interpretation/autonomous-weapons-systems--us-dodd-3000-09-2023",
                "slug": "autonomous-weapons-systems--us-dodd-3000-09-2023",
                "label_en": "autonomous-weapons-systems--us-dodd-3000-09-2023",
                "label_zh": "",
            },
            "concept": {
                "iri": _ID + "concept/autonomous-weapons-systems",
                "slug": "autonomous-weapons-systems",
                "label_en": "autonomous weapons systems",
                "label_zh": "自主武器系统",
            },
            "side": "US",
        }
    ],
    "exhibited_by": [
        {
            "system": {
                "iri": _ID + "system/iai-harpy",
                "slug": "iai-harpy",
                "label_en": "IAI Harpy loitering anti-radar munition",
                "label_zh": "哈比反辐射无人机",
            },
            "criterion": {
                "iri": _ID + "criterion/selects-targets-without-human-intervention",
                "slug": "selects-targets-without-human-intervention",
                "label_en": "selects targets without human intervention",
                "label_zh": "无需人工干预即可选择目标",
            },
            "citations": [],
            "verification": "verified",
        }
    ],
    "excludes": [],
}


@router.get(
    "/criteria/{slug}",
    response_model=CriterionDetail,
    responses={200: {"content": {"application/json": {"example": _EXAMPLE}}}, **PROBLEM_RESPONSES},
)
def criterion(slug: str, store: StoreDep) -> CriterionDetail:
    """One criterion: definition, the readings requiring it (with their side), the systems exhibiting it (with the claim's sources)."""
    return get_criterion(store, slug)
