"""Errors as `application/problem+json` (RFC 9457), for every route, with no traceback or file path."""

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


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document."""

    async def unknown_name(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, UnknownName)
        return problem(404, "Not found", str(exc), known=exc.known)

    async def refused(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, QueryRefused)
        headers = {"Retry-After": "1"} if exc.status in {429, 503} else None
        response = problem(exc.status, exc.title, exc.detail)
        if headers:
            response.headers.update(headers)
        return response

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        response = problem(exc.status_code, _title(exc.status_code), str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return problem(
            422,
            "Invalid request",
            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors),
            errors=errors,
        )

    async def store_error(request: Request, exc: Exception) -> JSONResponse:
        return problem(502, "Store error", "the SPARQL server behind this service could not answer")

    app.add_exception_handler(UnknownName, unknown_name)
    app.add_exception_handler(QueryRefused, refused)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StoreError, store_error)


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
