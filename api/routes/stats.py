"""`/api/stats`: what the served graph holds."""

from typing import Any

from fastapi import APIRouter
from govlex.api.deps import ServiceDep

from govlex import catalog

router = APIRouter(prefix="/api", tags=["stats"])


@router.get(
    "/stats",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "counts": {"Concept": 8, "Interpretation": 20},
                        "graphs": ["https://w3id.org/govlex/graph/data"],
                        "build": {"input_hash": "…", "triples": 2400},
                    }
                }
            }
        }
    },
)
def stats(service: ServiceDep) -> dict[str, Any]:
    """Individuals per class, the named graphs, and the build the service runs on."""
    return {
        "counts": catalog.counts(service.store),
        "graphs": sorted(service.graphs),
        "build": service.manifest,
    }
