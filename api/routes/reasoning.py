"""`/api/compare`, `/api/overlap`, `/api/classify/{system}`: the reasoning and overlap answers of
`govlex compare -f json`, `govlex overlap -f json` and `govlex classify`, from the same code
(`govlex.reasoning.verdicts`) over the build's conclusions."""

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query
from govlex.api.deps import StoreDep
from govlex.api.problems import PROBLEM_RESPONSES
from govlex.api.sparql.guard import QueryRefused

from govlex.errors import GovlexError, UnknownName
from govlex.namespace import ID_BASE
from govlex.reasoning import verdicts
from govlex.reasoning.results import scope_data

router = APIRouter(prefix="/api", tags=["reasoning and overlap"])
T = TypeVar("T")

_ID = ID_BASE
_US = _ID + "interpretation/autonomous-weapons-systems--us-dodd-3000-09-2023"
_CN = _ID + "interpretation/autonomous-weapons-systems--cn-ccw-2018"
_SET = {"score": 0.5, "shared": [_ID + "criterion/weapon-system"], "only_a": [], "only_b": []}
_COMPARE_EXAMPLE = {
    "a": {
        "iri": _US,
        "kind": "interpretation",
        "label": "autonomous weapons systems · US · …",
        "readings": [],
        "note": None,
    },
    "b": {
        "iri": _CN,
        "kind": "interpretation",
        "label": "autonomous weapons systems · CN · …",
        "readings": [],
        "note": None,
    },
    "verdicts": [{"a": _US, "b": _CN, "scope": "broader in scope", "because": "B also requires: …"}],
    "overlap": {
        "a": _US,
        "b": _CN,
        "intension": _SET,
        "extension": _SET,
        "text": {"score": 0.2, "shared_terms": []},
    },
    "labels": {_ID + "criterion/weapon-system": "is a weapon system"},
    "reasoner": "HermiT",
}
_OVERLAP_EXAMPLE = {
    "items": [{"iri": _US, "label": "…"}, {"iri": _CN, "label": "…"}],
    "matrices": {
        "intension": [[1.0, 0.5], [0.5, 1.0]],
        "extension": [[1.0, 0.5], [0.5, 1.0]],
        "text": [[1.0, 0.2], [0.2, 1.0]],
    },
    "pairs": [_COMPARE_EXAMPLE["overlap"]],
    "labels": {_ID + "criterion/weapon-system": "is a weapon system"},
}
_CLASSIFY_EXAMPLE = {
    "system": {"iri": _ID + "system/iai-harpy", "label": "IAI Harpy loitering anti-radar munition"},
    "exhibits": [
        {
            "criterion": _ID + "criterion/weapon-system",
            "label": "is a weapon system",
            "claimed_in": ["Losing Humanity, …"],
        }
    ],
    "readings": [
        {
            "iri": _US,
            "concept": _ID + "concept/autonomous-weapons-systems",
            "party": "us",
            "covers": True,
            "criteria": [_ID + "criterion/weapon-system"],
            "missing": [],
        }
    ],
    "covering": 1,
    "labels": {_ID + "criterion/weapon-system": "is a weapon system"},
    "reasoner": "HermiT",
}
_BAD_REQUEST: dict[int | str, dict[str, Any]] = {
    400: {"description": "A name of the wrong kind, an unknown party or language (problem document)."}
}
Language = Annotated[
    Literal["en", "zh-Hans"],
    Query(description="Compare statements in English or Chinese (character n-grams)."),
]


def _answer(compute: Callable[[], T]) -> T:
    """Run `compute`; an unknown name stays a 404, any other input error becomes a 400 problem."""
    try:
        return compute()
    except UnknownName:
        raise
    except GovlexError as err:
        raise QueryRefused(400, "Bad request", str(err)) from None


@router.get(
    "/compare",
    responses={
        200: {"content": {"application/json": {"example": _COMPARE_EXAMPLE}}},
        **PROBLEM_RESPONSES,
        **_BAD_REQUEST,
    },
)
def compare(
    store: StoreDep,
    a: Annotated[
        str,
        Query(
            description="A concept or interpretation: IRI, interp:slug, slug, or concept@us|cn|joint.",
            examples=["autonomous-weapons-systems@us"],
            max_length=512,
        ),
    ],
    b: Annotated[
        str,
        Query(
            description="The other one, named the same ways.",
            examples=["autonomous-weapons-systems@cn"],
            max_length=512,
        ),
    ],
    language: Language = "en",
) -> dict[str, object]:
    """Two concepts or two interpretations: each reading pair's scope verdict and the overlap with its parts (as `govlex compare -f json`)."""
    return _answer(lambda: verdicts.compare(scope_data(store), a, b, language).as_dict())


@router.get(
    "/overlap",
    responses={
        200: {"content": {"application/json": {"example": _OVERLAP_EXAMPLE}}},
        **PROBLEM_RESPONSES,
        **_BAD_REQUEST,
    },
)
def overlap(
    store: StoreDep,
    of: Annotated[
        Literal["interpretations", "concepts"], Query(description="Compare interpretations or concepts.")
    ] = "interpretations",
    glossary: Annotated[
        list[str] | None,
        Query(description="Only concepts in these glossaries (slug or IRI).", examples=[["us"]]),
    ] = None,
    party: Annotated[
        Literal["us", "cn", "joint"] | None, Query(description="Only readings by this party.")
    ] = None,
    language: Language = "en",
    with_criteria: Annotated[
        bool, Query(description="Only interpretations (or concepts) that list criteria.")
    ] = True,
) -> dict[str, object]:
    """Pairwise overlap (intension, extension, text, each with its parts) and the matrices (as `govlex overlap -f json`)."""
    return _answer(
        lambda: verdicts.overlaps(scope_data(store), of, glossary, party, language, with_criteria).as_dict()
    )


@router.get(
    "/classify/{system}",
    responses={200: {"content": {"application/json": {"example": _CLASSIFY_EXAMPLE}}}, **PROBLEM_RESPONSES},
)
def classify(system: str, store: StoreDep) -> dict[str, object]:
    """Which interpretations cover a reference system (slug, `system:slug`, IRI or label) and, for the others, the criteria it was not shown to meet."""
    return _answer(lambda: verdicts.classify(scope_data(store), system).as_dict())
