"""Shared dependencies of the routers, as `Annotated` aliases: the service, its store and its settings."""

from typing import Annotated

from fastapi import Depends, Request
from govlex.api.service import Service
from govlex.api.settings import Settings

from govlex.store import QueryStore


def service_of(request: Request) -> Service:
    """The service the app opened at start-up."""
    service: Service = request.app.state.service
    return service


async def get_service(request: Request) -> Service:
    """`service_of` as a dependency (async: a plain function would cost a thread hop per request)."""
    return service_of(request)


ServiceDep = Annotated[Service, Depends(get_service)]


async def get_store(service: ServiceDep) -> QueryStore:
    """The store every read goes through (embedded or remote)."""
    return service.store


async def get_settings(service: ServiceDep) -> Settings:
    """The settings the app runs with."""
    return service.settings


StoreDep = Annotated[QueryStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
