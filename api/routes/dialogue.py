"""`/api/dialogue`: the dialogue with its rounds, working groups, term tallies, events, risks, scenarios and
response mechanisms; and any one of those records by kind and slug."""

from typing import Any

from fastapi import APIRouter
from govlex.api.deps import StoreDep
from govlex.api.problems import PROBLEM_RESPONSES

from govlex.dialogue import Dialogue, get_dialogue, get_record
from govlex.entities import Entity
from govlex.namespace import DCT, GLX_NS, id_iri

router = APIRouter(prefix="/api", tags=["dialogue"])


def _ref(kind: str, slug: str, en: str, zh: str = "") -> dict[str, str]:
    return {"iri": str(id_iri(kind, slug)), "slug": slug, "label_en": en, "label_zh": zh}


def _property(prefix: str, local: str, en: str, zh: str) -> dict[str, str]:
    return {"iri": prefix + local, "slug": local, "label_en": en, "label_zh": zh}


ENTITY_EXAMPLE: dict[str, Any] = {
    "iri": str(id_iri("round", "9")),
    "slug": "9",
    "kind": "round",
    "label_en": "Round 9",
    "label_zh": "第九轮对话",
    "types": [_property(GLX_NS, "DialogueRound", "Dialogue round", "对话轮次")],
    "comment_en": "CISS and Brookings experts discussed the first six terms of the terminology work.",
    "comment_zh": "",
    "facts": [
        {
            "property": _property(DCT, "date", "date", ""),
            "value": "2024-02",
            "lang": "",
        },
        {"property": _property(GLX_NS, "place", "place", "地点"), "value": "Munich", "lang": "en"},
    ],
    "links": [
        {
            "property": _property(GLX_NS, "discussed", "discussed", "讨论了"),
            "target": _ref("concept", "lethality", "lethality", "致命性"),
            "kind": "concept",
            "inverse": False,
        }
    ],
    "citations": [
        {
            "source": _ref(
                "source",
                "ciss-brookings-interim-2024",
                "The China-U.S. Track II Dialogue on Artificial Intelligence and International Security: Interim Report",
            ),
            "locator": "Part II, Standardizing AI Terminology",
            "url": "https://ciss.tsinghua.edu.cn/info/CISSReports/7041",
            "verification": "verified",
        }
    ],
    "verification": "",
}


@router.get(
    "/dialogue",
    response_model=Dialogue,
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "dialogue": None,
                        "rounds": [ENTITY_EXAMPLE],
                        "working_groups": [],
                        "tallies": [],
                        "events": [],
                        "risks": [],
                        "scenarios": [],
                        "mechanisms": [],
                        "pathways": [],
                    }
                }
            }
        }
    },
)
def dialogue(store: StoreDep) -> Dialogue:
    """The dialogue: rounds in order, working groups, term tallies, official-track events, risks, scenarios."""
    return get_dialogue(store)


@router.get(
    "/dialogue/{kind}/{slug}",
    response_model=Entity,
    responses={200: {"content": {"application/json": {"example": ENTITY_EXAMPLE}}}, **PROBLEM_RESPONSES},
)
def record(kind: str, slug: str, store: StoreDep) -> Entity:
    """One record of the dialogue by kind (round, working-group, tally, event, risk, scenario,
    response-mechanism) and slug, with its facts, links both ways and citations."""
    return get_record(store, kind, slug)
