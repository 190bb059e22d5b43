"""One error path over HTTP: every failure becomes one `Problem` (RFC 9457) and one handler answers it,
as `application/problem+json` for API clients or as the error page (escaped) for browsers.

Failures that are the server's fault (5xx) are logged; their detail stays in the log when it could
describe internals. Routes raise (`UnknownName`, `QueryRefused`, ...) instead of building error responses.
"""

import logging
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from govlex.api.sparql.formats import negotiate
from govlex.api.sparql.guard import QueryRefused
from starlette.exceptions import HTTPException

from govlex.errors import UnknownName
from govlex.store import StoreError

PROBLEM = "application/problem+json"
# Every error response depends on the Accept header: HTML for browsers, problem+json otherwise.
NEGOTIATED = {"Vary": "Accept"}
_ERROR_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    PROBLEM: "json",
    "application/json": "json",
}
_SERVER_FAULT = "the server failed to answer; the failure is logged"

log = logging.getLogger("govlex.api")


@dataclass(frozen=True)
class Problem:
    """What went wrong, in RFC 9457's terms: `status`, `title`, `detail` and extension members."""

    status: int
    title: str
    detail: str
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        """The problem document."""
        return {
            "type": "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            **self.extra,
        }


def problem_of(exc: Exception) -> Problem:
    """The problem an exception stands for; anything unforeseen is the server's fault (500).

    >>> problem_of(UnknownName("concept", "x", ["autonomy"])).extra
    {'known': ['autonomy']}
    >>> problem_of(KeyError("x")).status
    500
    """
    if isinstance(exc, UnknownName):
        return Problem(404, "Not found", str(exc), {"known": exc.known})
    if isinstance(exc, QueryRefused):
        retry = {"Retry-After": "1"} if exc.status in {429, 503} else {}
        return Problem(exc.status, exc.title, exc.detail, headers=retry)
    if isinstance(exc, HTTPException):
        return Problem(
            exc.status_code, _title(exc.status_code), str(exc.detail), headers=dict(exc.headers or {})
        )
    if isinstance(exc, RequestValidationError):
        errors = [
            {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        detail = "; ".join(".".join(e["loc"]) + ": " + str(e["msg"]) for e in errors)  # type: ignore[arg-type]
        return Problem(422, "Invalid request", detail, {"errors": errors})
    if isinstance(exc, StoreError):
        return Problem(502, "Store error", "the SPARQL server behind this service could not answer")
    return Problem(500, "Internal server error", _SERVER_FAULT)


def respond(request: Request, problem: Problem) -> Response:
    """`problem` as the error page for a browser, as a problem document for everyone else.

    The Accept header decides; when it names neither (`*/*`, or none), a route whose answer is a page
    (an `HTMLResponse` route: pages, graph views) answers with the error page, any other with the document.
    """
    headers = {**problem.headers, **NEGOTIATED}
    page_route = getattr(request.scope.get("route"), "response_class", None) is HTMLResponse
    if negotiate(request.headers.get("accept"), _ERROR_FORMATS, "html" if page_route else "json") == "html":
        from govlex.api.links import ServedLinks  # Jinja only once a page is asked for
        from govlex.api.templating import render

        lang = "zh" if request.query_params.get("lang") == "zh" else "en"
        page = render("error.html", ServedLinks(lang=lang), here=("home", {}), problem=problem)
        return HTMLResponse(page, status_code=problem.status, headers=headers)
    return JSONResponse(problem.body(), status_code=problem.status, media_type=PROBLEM, headers=headers)


async def handle(request: Request, exc: Exception) -> Response:
    """The one exception handler: log what is the server's fault, then answer by Accept."""
    problem = problem_of(exc)
    if problem.status >= 500:
        log.error(
            "%s %s: %d %s: %s",
            request.method,
            request.url.path,
            problem.status,
            problem.title,
            problem.detail,
        )
        if problem.status == 500 and problem.detail != _SERVER_FAULT:
            problem = Problem(500, problem.title, _SERVER_FAULT, headers=problem.headers)
    return respond(request, problem)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {
        "description": "Unknown name; `known` lists the names that exist.",
        "content": {
            PROBLEM: {
                "example": Problem(
                    404,
                    "Not found",
                    "no concept named 'x'; known: autonomy, lethality",
                    {"known": ["autonomy", "lethality"]},
                ).body()
            }
        },
    },
}


def install(app: FastAPI) -> None:
    """Send every error, foreseen or not, through `handle`."""
    for kind in (UnknownName, QueryRefused, HTTPException, RequestValidationError, StoreError, Exception):
        app.add_exception_handler(kind, handle)


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
