"""The FastAPI app: `create_app` composes the routers; nothing else lives here.

`govlex serve` runs `create_app(Settings(...))` under uvicorn; tests build a fresh app the same way.
The interactive API docs (`/docs`, `/redoc`) come from fastapi-offline, which ships Swagger UI and
ReDoc inside the package: FastAPI's own docs pages load them from a CDN.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from govlex.api import problems
from govlex.api.admission import EncodingCheck
from govlex.api.routes import (
    concepts,
    criteria,
    dialogue,
    downloads,
    entity_pages,
    history,
    linked_data,
    pages,
    parties,
    queries,
    reasoning,
    releases,
    rounds,
    sources,
    sparql,
    stats,
    systems,
)
from govlex.api.service import Service, open_service
from govlex.api.settings import Settings
from govlex.api.sparql.openapi import sparql_path_item
from govlex.api.warming import warm

from govlex import __version__

DESCRIPTION = """AI-governance concepts of the China–U.S. Track II Dialogue on AI and International Security,
both sides' interpretations side by side, in English and Chinese, each traced to its source.

* `/sparql`: SPARQL 1.1 Protocol endpoint (read-only, time-limited, capped).
* `/api/...`: this REST API; errors are `application/problem+json`.
* `/id/...`: linked data for every `https://w3id.org/govlex/id/...` IRI, by content negotiation.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """A fresh app serving `settings` (default: from the environment)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        def switch(service: Service) -> None:  # a new build: later requests get its service
            app.state.service = service
            warm(service.store)

        async with open_service(settings, on_switch=switch) as first:
            switch(first)
            del first  # no reference here, so an old build's store is let go once its requests end
            yield

    app = FastAPIOffline(title="govlex", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "Accept"],
        allow_credentials=False,
        expose_headers=["X-Result-Truncated"],
    )
    app.add_middleware(EncodingCheck)  # added last, so it runs first
    problems.install(app)
    for module in (
        sparql,
        concepts,
        sources,
        rounds,
        parties,
        queries,
        stats,
        linked_data,
        pages,
        releases,
        history,
        downloads,
    ):
        app.include_router(module.router)
    for module in (dialogue, criteria, systems, reasoning, entity_pages):
        app.include_router(module.router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            schema["paths"] = {"/sparql": sparql_path_item(), **schema["paths"]}
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
    return app
