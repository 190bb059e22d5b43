"""What a request must be before the app sees it: a URL, headers and body within the settings' sizes,
and a path and query string that decode to UTF-8 text.

Sizes bind at the connection, as the bytes arrive and before uvicorn's HTTP parser (httptools)
accumulates them: `limited_protocol` counts the bytes of each request head (request line and headers)
and of each body, and answers an over-long URL with 414, over-long headers with 431 and an over-large
body with 413, each an `application/problem+json` document, then closes the connection. httptools has
no limit of its own, and uvicorn's h11 limit answers with a `text/plain` 400.

The same protocol answers the queries the guard proves cheap itself, before the app, when given
`answers` (`api/sparql/connection.py`): it holds such a request until its body is in, and hands
anything it does not answer to the app by replaying the parser's events.

Encoding is checked by `EncodingCheck`, the app's outermost middleware: the percent-decoded path and
query string must be UTF-8 without control characters (Starlette would silently replace bad bytes with
U+FFFD; a NUL reaches the file system as an error).
"""

import json
import logging
import re
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes

from govlex.api.settings import Settings
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

if TYPE_CHECKING:
    from govlex.api.sparql.connection import ConnectionAnswers, Held

PROBLEM = "application/problem+json"


def problem_bytes(status: int, title: str, detail: str) -> bytes:
    """A problem document (RFC 9457) as a JSON body."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return json.dumps(body).encode("utf-8")


class Refused(Exception):
    """A request refused at the connection: the status and the sentence the client gets."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


class LimitedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol with the request's URL, head and body sizes bounded."""

    max_url = 16_384
    max_headers = 32_768
    max_body = 1_000_000
    answers: "ConnectionAnswers | None" = None
    """Answers proved-cheap queries here, before the app (`api/sparql/connection.py`); None: never."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._refusal: Refused | None = None
        self._new_message()

    def _new_message(self) -> None:
        self._in_head, self._head_bytes, self._header_bytes, self._body_bytes = True, 0, 0, 0
        self._url_done = self._app_started = False
        self._held: Held | None = None  # a request kept from the app, for `answers`
        self._held_body = bytearray()

    def data_received(self, data: bytes) -> None:
        if self._refusal is not None:
            return
        if self._in_head:
            self._head_bytes += len(data)
            self._url_done = self._url_done or b"\n" in data  # the request line has ended
        super().data_received(data)
        # A head still unfinished past the limit is refused here, so the parser, which keeps an
        # unfinished header in its own buffer, never holds more than the limit and one read.
        if self._refusal is None and self._in_head and self._head_bytes > self.max_url + self.max_headers:
            self._refuse(self._too_many_headers() if self._url_done else self._too_long_url())

    def send_400_response(self, msg: str) -> None:
        # uvicorn calls this when the parser fails, including when one of the checks below raised.
        if self._refusal is not None:
            self._write_refusal(self._refusal)
        else:
            super().send_400_response(msg)

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.max_url:
            self._refusal = self._too_long_url()
            raise self._refusal

    def on_header(self, name: bytes, value: bytes) -> None:
        self._url_done = True
        self._header_bytes += len(name) + len(value) + 4
        if self._header_bytes > self.max_headers:
            self._refusal = self._too_many_headers()
            raise self._refusal
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        for name, value in self.headers:
            if name == b"content-length" and value.strip().isdigit() and int(value) > self.max_body:
                self._refusal = self._too_large_body()
                raise self._refusal
        if self._may_answer_here():
            assert self.answers is not None
            self._held = self.answers.hold(self.parser.get_method(), self.url, self.headers)
            if self._held is not None:
                return  # the app is not started: `on_message_complete` answers or hands it over
        super().on_headers_complete()
        self._app_started = True

    def on_body(self, body: bytes) -> None:
        self._body_bytes += len(body)
        if self._body_bytes > self.max_body:  # a chunked body with no declared length
            self._refusal = self._too_large_body()
            raise self._refusal
        if self._held is not None:
            self._held_body += body  # at most `connection.HELD_BODY`, as its length was declared
        else:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._held is not None:
            assert self.answers is not None
            body = bytes(self._held_body)
            response = self.answers.response(self._held, body, self.server_state.default_headers)
            if response is not None:
                self.transport.write(response)
                self.on_response_complete()  # as uvicorn does after a response: keep-alive timer, counts
                self._new_message()
                return
            # Not answered here: the app gets the parser's events as it would have, in order.
            self._held = None
            super().on_headers_complete()
            self._app_started = True
            if body:
                super().on_body(body)
        super().on_message_complete()
        self._new_message()

    def _may_answer_here(self) -> bool:
        """Whether `answers` may take this request: no response is pending before it on the connection
        (answers leave in request order), and nothing uvicorn does per request is switched on that this
        path would skip (an access log line, a concurrency limit, a root path)."""
        return (
            self.answers is not None
            and (self.cycle is None or self.cycle.response_complete)
            and not self.pipeline
            and not (self.access_log and self.access_logger.isEnabledFor(logging.INFO))
            and self.limit_concurrency is None
            and not self.root_path
            and self.parser.get_http_version() == "1.1"
            and self.parser.should_keep_alive()
            and not self.parser.should_upgrade()
        )

    def _refuse(self, refusal: Refused) -> None:
        self._refusal = refusal
        self._write_refusal(refusal)

    def _write_refusal(self, refusal: Refused) -> None:
        if self._app_started and self.cycle.response_started:
            self.transport.close()  # too late for a status: the answer is under way
            return
        body = problem_bytes(refusal.status, HTTPStatus(refusal.status).phrase, refusal.detail)
        head = (
            f"HTTP/1.1 {refusal.status} {HTTPStatus(refusal.status).phrase}\r\n"
            f"content-type: {PROBLEM}\r\ncontent-length: {len(body)}\r\nconnection: close\r\n\r\n"
        )
        self.transport.write(head.encode("ascii") + body)
        self.transport.close()

    def _too_long_url(self) -> Refused:
        return Refused(414, f"the request URL exceeds {self.max_url} bytes")

    def _too_many_headers(self) -> Refused:
        return Refused(431, f"the request headers exceed {self.max_headers} bytes")

    def _too_large_body(self) -> Refused:
        return Refused(413, f"the request body exceeds {self.max_body} bytes")


def limited_protocol(
    settings: Settings, answers: "ConnectionAnswers | None" = None
) -> type[LimitedHttpTools]:
    """The connection protocol `govlex serve` gives uvicorn, with `settings`' sizes and, when given,
    `answers` for the proved-cheap queries."""
    return type(
        "GovlexHttpProtocol",
        (LimitedHttpTools,),
        {
            "max_url": settings.max_url_length,
            "max_headers": settings.max_header_bytes,
            "max_body": settings.max_body_bytes,
            "answers": answers,
        },
    )


_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")


class EncodingCheck:
    """ASGI middleware: 400 for a path or query string that is not percent-encoded UTF-8 text."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            detail = encoding_fault(scope.get("raw_path") or scope["path"].encode(), scope["query_string"])
            if detail is not None:
                body = problem_bytes(400, "Invalid encoding", detail)
                headers = [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 400, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def encoding_fault(raw_path: bytes, query: bytes) -> str | None:
    """Why the path or query string is refused, or None.

    >>> encoding_fault(b"/search", b"q=%E8%87%AA%E4%B8%BB")
    >>> encoding_fault(b"/search", b"q=%FF")
    'the query string must be percent-encoded UTF-8'
    >>> encoding_fault(b"/static/site.css%00", b"")
    'the path must be UTF-8 text without control characters'
    """
    path = unquote_to_bytes(raw_path)
    if _CONTROL.search(path) or not _is_utf8(path):
        return "the path must be UTF-8 text without control characters"
    if not _is_utf8(unquote_to_bytes(query.replace(b"+", b" "))):
        return "the query string must be percent-encoded UTF-8"
    return None


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
