"""Errors as `application/problem+json` (RFC 9457), for every route, with no traceback or file path."""

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from govlex.api.sparql.guard import QueryRefused
from starlette.exceptions import HTTPException

from govlex.errors import UnknownName
from govlex.store import StoreError

PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem document with `status`, `title`, `detail` and any extension members."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {
        "description": "Unknown name; `known` lists the names that exist.",
        "content": {
            PROBLEM: {
                "example": {
                    "type": "about:blank",
                    "title": "Not found",
                    "status": 404,
                    "detail": "no concept named 'x'; known: autonomy, lethality",
                    "known": ["autonomy", "lethality"],
                }
            }
        },
    },
}


async def unknown_name(request: Request, exc: Exception) -> JSONResponse:
    """An unknown name: 404 listing the names that exist."""
    assert isinstance(exc, UnknownName)
    return problem(404, "Not found", str(exc), known=exc.known)


async def refused(request: Request, exc: Exception) -> JSONResponse:
    """A request the endpoint will not run, with the status the check chose."""
    assert isinstance(exc, QueryRefused)
    response = problem(exc.status, exc.title, exc.detail)
    if exc.status in {429, 503}:
        response.headers["Retry-After"] = "1"
    return response


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own errors (404 route, 405 method) as problem documents."""
    assert isinstance(exc, HTTPException)
    response = problem(exc.status_code, _title(exc.status_code), str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def invalid(request: Request, exc: Exception) -> JSONResponse:
    """Parameters that fail validation: 422 naming each field."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()
    ]
    detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)  # type: ignore[arg-type]
    return problem(422, "Invalid request", detail, errors=errors)


async def store_error(request: Request, exc: Exception) -> JSONResponse:
    """A remote store that failed: 502, without its internals."""
    return problem(502, "Store error", "the SPARQL server behind this service could not answer")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document."""
    app.add_exception_handler(UnknownName, unknown_name)
    app.add_exception_handler(QueryRefused, refused)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StoreError, store_error)


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
