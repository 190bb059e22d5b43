"""The FastAPI app: `create_app` composes the routers; nothing else lives here.

`govlex serve` runs `create_app(Settings(...))` under uvicorn; tests build a fresh app the same way.
The web pages (owned elsewhere) join through `govlex.api.routes.pages.router` when that module exists.
"""

import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from govlex.api import problems
from govlex.api.routes import concepts, linked_data, parties, queries, rounds, sources, sparql, stats
from govlex.api.service import open_service
from govlex.api.settings import Settings

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
        async with open_service(settings) as service:
            app.state.service = service
            yield

    app = FastAPI(title="govlex", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "Accept"],
        allow_credentials=False,
        expose_headers=["X-Result-Truncated"],
    )
    problems.install(app)
    for module in (sparql, concepts, sources, rounds, parties, queries, stats, linked_data):
        app.include_router(module.router)
    if importlib.util.find_spec("govlex.api.routes.pages") is not None:
        app.include_router(importlib.import_module("govlex.api.routes.pages").router)
    return app
