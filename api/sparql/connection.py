"""Proved-cheap queries answered at the connection, before the ASGI app: the request's bytes go from the
HTTP parser to the guard and the inline path (`inline.py`), and the whole response leaves in one write.

On a cheap query the ASGI stack was most of the server's work: a py-spy profile gave about half of the
CPU per request to uvicorn's request cycle and Starlette's middleware, a quarter to the two socket
writes of a response (head, then body), and only a quarter to parsing, evaluating and rendering.

What this path answers is narrow on purpose, so that its answer is the app's, byte for byte:

- by the head (`ConnectionAnswers.hold`): `GET /sparql?query=…`, or `POST /sparql` of a form or of an
  `application/sparql-query` body of at most `HELD_BODY` bytes with no query string; HTTP/1.1 with
  keep-alive; no `Origin` (CORS stays the middleware's), no `Expect`, no `Transfer-Encoding`, none of the
  headers read here given twice;
- by the request (`ConnectionAnswers.response`): only the `query` parameter, percent-encoded UTF-8; the
  query passes the guard (`protocol.checked`, the same checks as the route) and is proved cheap by its
  form; and the inline path answers it (it has at most `inline_rows` matches).

Everything else is handed to the app as it came (`api/admission.py` replays the parser's events), and
the app answers it as before: errors and refusals in their negotiated forms, CORS, the service
description, queries for the workers. Nothing is refused here, so this path cannot refuse differently.
"""

from dataclasses import dataclass
from typing import Any

from govlex.api.admission import encoding_fault
from govlex.api.sparql.guard import QueryRefused
from govlex.api.sparql.protocol import protocol_job, query_pairs
from govlex.api.sparql.render import Answer, truncation_header

HELD_BODY = 65_536
"""Largest body held for this path (uvicorn's own high-water mark); a longer one goes to the app."""
_FORM, _QUERY = b"application/x-www-form-urlencoded", b"application/sparql-query"
_READ = {b"accept", b"content-type", b"content-length"}
_FORWARDED = {b"origin", b"expect", b"transfer-encoding", b"upgrade"}


@dataclass(frozen=True)
class Held:
    """A request this path may answer once its body is in: its query string and the headers it reads."""

    query_string: bytes
    accept: str | None
    media: bytes | None
    """The body's media type (form or query); None for a GET."""


class ConnectionAnswers:
    """Answers to proved-cheap queries for the connection protocol; `app` is the FastAPI app, whose
    `state.service` (set once the app has started, replaced on each new build) runs them."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def hold(self, method: bytes, url: bytes, headers: list[tuple[bytes, bytes]]) -> Held | None:
        """What to keep of a request whose head this path may answer; None to hand it to the app."""
        if method == b"GET":
            if not url.startswith(b"/sparql?") or b"#" in url:
                return None
        elif method != b"POST" or url != b"/sparql":
            return None
        seen: dict[bytes, bytes] = {}
        for name, value in headers:  # names arrive lower-cased (uvicorn's on_header)
            if name in _FORWARDED or (name in _READ and name in seen):
                return None
            seen[name] = value
        declared = seen.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > HELD_BODY or (method == b"GET" and int(declared)):
            return None
        media = None
        if method == b"POST":
            media = seen.get(b"content-type", b"").split(b";")[0].strip().lower()
            if media not in {_FORM, _QUERY}:
                return None
        accept = seen.get(b"accept")
        query_string = url.partition(b"?")[2]
        return Held(query_string, None if accept is None else accept.decode("latin-1"), media)

    def response(self, held: Held, body: bytes, default_headers: list[tuple[bytes, bytes]]) -> bytes | None:
        """The whole HTTP response to `held` with `body`, or None to hand the request to the app."""
        service = getattr(self.app.state, "service", None)
        if service is None:
            return None
        body_query = None
        try:
            if held.media is None:
                if encoding_fault(b"/sparql", held.query_string) is not None:
                    return None
                pairs = query_pairs(held.query_string)
            elif held.media == _FORM:
                pairs = query_pairs(body)
            else:
                pairs, body_query = [], body.decode("utf-8")
            if body_query is None and [name for name, _ in pairs] != ["query"]:
                return None
            job = protocol_job(pairs, body_query, held.accept, service.settings)
            if job is None or not job.inline:
                return None
            answer = service.engine.answer_now(job)
        except (QueryRefused, UnicodeDecodeError):
            return None  # the app refuses it, in the form the client negotiates
        return None if answer is None else response_bytes(answer, default_headers)


def response_bytes(answer: Answer, default_headers: list[tuple[bytes, bytes]]) -> bytes:
    """`answer` as the route sends it through uvicorn: its default headers (`date`, `server`), then the
    route's headers and Starlette's `content-length` and `content-type`, in that order. The CORS
    middleware adds `Origin` to `Vary` on every response to a request without `Origin`."""
    lines = [b"HTTP/1.1 200 OK\r\n"]
    lines += [name + b": " + value + b"\r\n" for name, value in default_headers]
    headers = {"vary": "Accept, Origin", **{k.lower(): v for k, v in truncation_header(answer).items()}}
    headers |= {"content-length": str(len(answer.body)), "content-type": answer.media}
    lines += [f"{name}: {value}\r\n".encode("latin-1") for name, value in headers.items()]
    lines += [b"\r\n", answer.body]
    return b"".join(lines)
