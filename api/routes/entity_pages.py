"""The HTML pages of the whole graph: documents (index and one), the dialogue and its records, criteria and
reference systems, in English or Chinese (`?lang=zh`). What each shows comes from `govlex.api.entity_pages`,
which the static site renders too."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from govlex.api.deps import StoreDep
from govlex.api.entity_pages import (
    PageSpec,
    criterion_page,
    dialogue_page,
    record_page,
    source_page,
    sources_page,
    system_page,
)
from govlex.api.links import RECORD_KINDS, ServedLinks
from govlex.api.templating import render

from govlex.documents import SORTS

router = APIRouter(tags=["pages"], include_in_schema=False)

Lang = Annotated[str, Query(pattern="^(en|zh)$")]


def _render(make: Callable[[], PageSpec], lang: str) -> HTMLResponse:
    """The page `make` describes; an unknown name reaches the one error handler (a 404 page naming what exists)."""
    links = ServedLinks(lang=lang)
    spec = make()
    return HTMLResponse(render(spec.template, links, here=(spec.name, spec.args), **spec.context))


@router.get("/sources", response_class=HTMLResponse)
def sources(
    store: StoreDep,
    lang: Lang = "en",
    jurisdiction: Annotated[str, Query(max_length=16)] = "",
    type: Annotated[str, Query(max_length=64)] = "",
    issuer: Annotated[str, Query(max_length=128)] = "",
    year: Annotated[str, Query(pattern=r"^(\d{4})?$")] = "",
    sort: Annotated[str, Query(pattern="^(" + "|".join(SORTS) + ")$")] = "date",
) -> HTMLResponse:
    """Every source document, filterable by jurisdiction, type, issuer and year, sortable by date."""
    filters = {"jurisdiction": jurisdiction, "type": type, "issuer": issuer, "year": year}
    return _render(lambda: sources_page(store, lang, filters, sort), lang)


@router.get("/source/{slug}", response_class=HTMLResponse)
def source(slug: str, store: StoreDep, lang: Lang = "en") -> HTMLResponse:
    """One document: its record, evidence, and every reading and fact citing it, by concept."""
    return _render(lambda: source_page(store, slug, lang), lang)


@router.get("/dialogue", response_class=HTMLResponse)
def dialogue(store: StoreDep, lang: Lang = "en") -> HTMLResponse:
    """The dialogue: rounds in time order, working groups, term tallies, events, risks and scenarios."""
    return _render(lambda: dialogue_page(store, lang), lang)


@router.get("/criterion/{slug}", response_class=HTMLResponse)
def criterion(slug: str, store: StoreDep, lang: Lang = "en") -> HTMLResponse:
    """One criterion: the readings requiring it on each side and the systems exhibiting it."""
    return _render(lambda: criterion_page(store, slug, lang), lang)


@router.get("/system/{slug}", response_class=HTMLResponse)
def system(slug: str, store: StoreDep, lang: Lang = "en") -> HTMLResponse:
    """One reference system: its sourced claims, who covers it, and what it lacks for the rest."""
    return _render(lambda: system_page(store, slug, lang), lang)


def _record_route(kind: str) -> Callable[..., HTMLResponse]:
    def record(slug: str, store: StoreDep, lang: Lang = "en") -> HTMLResponse:
        return _render(lambda: record_page(store, kind, slug, lang), lang)

    record.__doc__ = f"One {kind}: its facts, links both ways and citations."
    return record


for _kind in RECORD_KINDS:
    router.add_api_route(
        f"/{_kind}/{{slug}}", _record_route(_kind), response_class=HTMLResponse, methods=["GET"]
    )
