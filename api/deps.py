"""Shared dependencies of the routers, as `Annotated` aliases: the service, its store and its settings."""

from typing import Annotated

from fastapi import Depends, Request
from govlex.api.service import Service
from govlex.api.settings import Settings

from govlex.store import QueryStore


def get_service(request: Request) -> Service:
    """The service the app opened at start-up."""
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def get_store(service: ServiceDep) -> QueryStore:
    """The store every read goes through (embedded or remote)."""
    return service.store


def get_settings(service: ServiceDep) -> Settings:
    """The settings the app runs with."""
    return service.settings


StoreDep = Annotated[QueryStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
