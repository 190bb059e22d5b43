"""Issue 17, part 5: proved-cheap queries are answered in the connection protocol, before the ASGI app
(`api/sparql/connection.py`), and nothing else changes.

- Differential over real `govlex serve` processes: every request, cheap or hostile, gets byte for byte
  the same response (the `date` value aside) from a server that answers at the connection as from one
  that sends every request through the app (`GOVLEX_CONNECTION_ANSWERS=0`), one per connection, several
  on one kept-alive connection, and pipelined.
- Which path answered, counted in a real uvicorn server in this process: the proved-cheap requests at
  the connection; every request it cannot prove cheap (other parameters, CORS, hostile or malformed
  input, SERVICE, dataset clauses, updates, huge or non-UTF-8 text, HTTP/1.0…) by the app.
"""

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
from govlex.api.admission import limited_protocol
from govlex.api.main import create_app
from govlex.api.settings import Settings
from govlex.api.sparql.connection import ConnectionAnswers, Held
from govlex.api.sparql.guard import QueryRefused
from govlex.api.sparql.protocol import CACHED_LENGTH, checked
from servers import free_port, govlex_process

AWS = "https://w3id.org/govlex/id/concept/autonomous-weapons-systems"
SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
CAP = "3"  # a result cap both servers share, so that cut answers (X-Result-Truncated) are compared too
HOST = "Host: 127.0.0.1\r\n"


def get(query: str, *headers: str, extra: str = "", version: str = "1.1") -> bytes:
    target = "/sparql?" + urlencode({"query": query}) + extra
    return (
        f"GET {target} HTTP/{version}\r\n{HOST}{''.join(h + chr(13) + chr(10) for h in headers)}\r\n".encode()
    )


def post(body: bytes, media: str, *headers: str, target: str = "/sparql") -> bytes:
    head = f"POST {target} HTTP/1.1\r\n{HOST}Content-Type: {media}\r\nContent-Length: {len(body)}\r\n"
    return (head + "".join(h + "\r\n" for h in headers) + "\r\n").encode() + body


def form(query: str, *headers: str) -> bytes:
    return post(urlencode({"query": query}).encode(), "application/x-www-form-urlencoded", *headers)


LOOKUP = f'{SKOS}SELECT ?c WHERE {{ ?c skos:prefLabel "autonomous weapons systems"@en }}'
CHEAP = {
    "ask get": get("ASK {}"),
    "ask get, plus for space": b"GET /sparql?query=ASK+%7B%7D HTTP/1.1\r\n" + HOST.encode() + b"\r\n",
    "ask xml": get("ASK {}", "Accept: application/sparql-results+xml"),
    "ask csv": get("ASK WHERE { }", "Accept: text/csv"),
    "ask tsv": get("ASK {}", "Accept: text/tab-separated-values"),
    "ask q-values": get("ASK {}", "Accept: text/csv;q=0.5, application/sparql-results+xml"),
    "ask html accept": get("ASK {}", "Accept: text/html"),
    "ask any": get("ASK {}", "Accept: */*"),
    "lookup form": form(LOOKUP),
    "lookup query body": post(LOOKUP.encode(), "application/sparql-query"),
    "lookup form, charset": post(
        urlencode({"query": LOOKUP}).encode(), "application/x-www-form-urlencoded; charset=UTF-8"
    ),
    "subject lookup, cut": form(f"SELECT ?p ?o WHERE {{ <{AWS}> ?p ?o }}", "Accept: text/csv"),
    "everything, cut": get("SELECT * { ?s ?p ?o }", "Accept: application/sparql-results+xml"),
    "chinese label": get(f'{SKOS}SELECT ?c {{ ?c skos:prefLabel "自主武器系统"@zh-Hans }}'),
    "limit offset": get(
        f"SELECT ?o {{ <{AWS}> ?p ?o }} LIMIT 2 OFFSET 1", "Accept: text/tab-separated-values"
    ),
    "no match": form("SELECT * { <http://example.org/none> ?p ?o }"),
}
SERVICE = "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"
FORWARDED = {
    "origin (CORS)": get("ASK {}", "Origin: https://example.org"),
    "head": get("ASK {}").replace(b"GET", b"HEAD", 1),
    "http/1.0": get("ASK {}", version="1.0"),
    "connection close": get("ASK {}", "Connection: close"),
    "two accept headers": get("ASK {}", "Accept: text/csv", "Accept: application/json"),
    "another parameter": get("ASK {}", extra="&x=1"),
    "dataset parameter": get("ASK {}", extra="&default-graph-uri=http%3A%2F%2Fe%2Fg"),
    "file dataset parameter": get("ASK {}", extra="&named-graph-uri=file%3A%2F%2F%2Fetc%2Fpasswd"),
    "two queries": get("ASK {}", extra="&query=ASK%7B%7D"),
    "query in url and form": form("ASK {}").replace(b"POST /sparql ", b"POST /sparql?query=ASK%7B%7D ", 1),
    "not utf-8": b"GET /sparql?query=ASK%FF%7B%7D HTTP/1.1\r\n" + HOST.encode() + b"\r\n",
    "not utf-8 body": post(b"ASK {\xff}", "application/sparql-query"),
    "not utf-8 form": post(b"query=ASK%FF", "application/x-www-form-urlencoded"),
    "malformed": get("ASK {"),
    "malformed, for a browser": get("SELECT ?x { ?x", "Accept: text/html"),
    "empty": get(" "),
    "update": get("INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"),
    "update body": post(b"DROP ALL", "application/sparql-update"),
    "update parameter": post(b"update=DROP%20ALL", "application/x-www-form-urlencoded"),
    "service": get(SERVICE),
    "service in a form": form("ASK { SERVICE <http://127.0.0.1:1/> { } }"),
    "from file": get("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"),
    "from graph": get("SELECT * FROM <http://e/g> { ?s ?p ?o }"),
    "from named": form("ASK FROM NAMED <http://e/g> {}"),
    "codepoint escapes": get(r'SELECT * { ?s ?p "\u0022" }'),
    "two patterns": get(f"SELECT * {{ <{AWS}> ?p ?o . ?o ?q ?r }}"),
    "path": form(f"{SKOS}SELECT ?b {{ <{AWS}> skos:broader+ ?b }}"),
    "label lookup (paths, values)": form(
        f'{SKOS}SELECT ?c {{ VALUES ?l {{ "x"@en }} ?c skos:prefLabel|skos:altLabel ?l }}'
    ),
    "deep": get("ASK {" + "{" * 300 + "}" * 300 + "}"),
    "huge body": post(("ASK {" + " " * 200_000 + "}").encode(), "application/sparql-query"),
    "long query, under the body limit": form("ASK {" + "#" * 40_000 + "\n}"),
    "unsupported media": post(b"ASK {}", "text/plain"),
    "service description": b"GET /sparql HTTP/1.1\r\n" + HOST.encode() + b"Accept: text/turtle\r\n\r\n",
    "other path": get("ASK {}").replace(b"/sparql?", b"/sparql/?", 1),
    "encoded path": get("ASK {}").replace(b"/sparql?", b"/sparq%6C?", 1),
    "body on a get": get("ASK {}", "Content-Length: 2") + b"{}",
    "chunked": (
        b"POST /sparql HTTP/1.1\r\n" + HOST.encode() + b"Content-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n"
    ),
    "delete": b"DELETE /sparql HTTP/1.1\r\n" + HOST.encode() + b"\r\n",
}


# ---------------------------------------------------------------- raw HTTP


def read_response(stream: BinaryIO, head_only: bool) -> bytes:
    """One response from `stream`: its head and (unless the request was HEAD) its body."""
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        line = stream.readline()
        if not line:
            raise ConnectionError(f"the server closed the connection mid-response: {head!r}")
        head += line
    lower = head.lower()
    if head_only:
        return head
    if b"transfer-encoding: chunked" in lower:
        body = b""
        while size := int(stream.readline().split(b";")[0], 16):
            body += stream.read(size)
            stream.readline()
        stream.readline()
        return head + body
    match = re.search(rb"content-length: (\d+)", lower)
    return head + stream.read(int(match.group(1)) if match else 0)


def exchange(port: int, requests: list[bytes], together: bool = False) -> list[bytes]:
    """Send `requests` on one connection, each after the last answer or (`together`) all at once
    (pipelined); the responses with their `date` values blanked."""
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock, sock.makefile("rb") as stream:
        responses = []
        if together:
            sock.sendall(b"".join(requests))
        for request in requests:
            if not together:
                sock.sendall(request)
            responses.append(read_response(stream, request.startswith(b"HEAD ")))
    return [re.sub(rb"\r\ndate: [^\r]*", b"\r\ndate: -", response) for response in responses]


# ---------------------------------------------------------------- differential over `govlex serve`


@pytest.fixture(scope="module")
def two_servers(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, int]]:
    """Ports of two `govlex serve` on the same build: answering at the connection, and not."""
    flags = ("--result-cap", CAP)
    fast, slow = tmp_path_factory.mktemp("fast"), tmp_path_factory.mktemp("app")
    with (
        govlex_process(fast, built, *flags) as (fast_base, _),
        govlex_process(slow, built, *flags, env={"GOVLEX_CONNECTION_ANSWERS": "0"}) as (slow_base, _),
    ):
        yield int(fast_base.rsplit(":", 1)[1]), int(slow_base.rsplit(":", 1)[1])


@pytest.mark.parametrize("name", [*CHEAP, *FORWARDED])
def test_each_request_is_answered_as_the_app_answers_it(two_servers: tuple[int, int], name: str) -> None:
    request = {**CHEAP, **FORWARDED}[name]
    fast, slow = (exchange(port, [request])[0] for port in two_servers)
    if name == "service description":  # its blank nodes are new on every request, of varying length
        fast, slow = (re.sub(rb"_:\w+|content-length: \d+", b"-", response) for response in (fast, slow))
    assert fast == slow, name
    if name in CHEAP:  # a real answer, not an error both happen to share
        assert fast.startswith(b"HTTP/1.1 200 OK\r\n"), fast[:300]


def test_cut_answers_are_compared_too(two_servers: tuple[int, int]) -> None:
    fast = exchange(two_servers[0], [CHEAP["everything, cut"]])[0]
    assert b"\r\nx-result-truncated: true; cap=3\r\n" in fast
    assert fast.count(b"<result>") == 3


@pytest.mark.parametrize("together", [False, True], ids=["kept alive", "pipelined"])
def test_a_connection_carrying_both_kinds_gets_every_answer_in_order(
    two_servers: tuple[int, int], together: bool
) -> None:
    # Cheap requests around ones the app answers (a worker's, an error, CORS), on one connection.
    names = ["ask get", "path", "lookup form", "malformed", "origin (CORS)", "everything, cut", "lookup form"]
    names += ["label lookup (paths, values)", "ask csv", "head", "chinese label"]
    requests = [{**CHEAP, **FORWARDED}[name] for name in names]
    fast, slow = (exchange(port, requests, together) for port in two_servers)
    assert fast == slow
    alone = [exchange(two_servers[1], [request])[0] for request in requests]
    assert fast == alone  # and each is the answer it gets on a connection of its own


# ---------------------------------------------------------------- which path answered


class CountedAnswers(ConnectionAnswers):
    """The server's own `ConnectionAnswers`, counting the requests it answered."""

    answered = 0

    def response(self, held: Held, body: bytes, default_headers: list[tuple[bytes, bytes]]) -> bytes | None:
        out = super().response(held, body, default_headers)
        self.answered += out is not None
        return out


@contextmanager
def counted_server(data: Path, log_level: str = "warning") -> Iterator[tuple[int, CountedAnswers]]:
    """A real uvicorn server in this process over `data` with `govlex serve`'s protocol (an access log
    at `log_level`); its port and its counted answers."""
    settings = Settings(data=data, result_cap=int(CAP), query_workers=1, build_check_interval=0)
    app = create_app(settings)
    answers = CountedAnswers(app)
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level=log_level, http=limited_protocol(settings, answers)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    try:
        yield port, answers
    finally:
        server.should_exit = True
        thread.join(timeout=60)


@pytest.fixture(scope="module")
def data(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("counted") / "govlex.nq"
    shutil.copyfile(built / "govlex.nq", copy)
    return copy


@pytest.fixture(scope="module")
def counted(data: Path) -> Iterator[tuple[int, CountedAnswers]]:
    with counted_server(data) as served:  # no access log lines at "warning", as `govlex serve` runs
        yield served


def test_with_an_access_log_every_request_goes_through_the_app(data: Path) -> None:
    with counted_server(data, log_level="info") as (port, answers):
        response = exchange(port, [CHEAP["ask get"]])[0]
        assert response.endswith(b'{"head":{},"boolean":true}')
        assert answers.answered == 0  # uvicorn's request cycle writes the access log line


@pytest.mark.parametrize("name", CHEAP)
def test_proved_cheap_requests_are_answered_at_the_connection(
    counted: tuple[int, CountedAnswers], name: str
) -> None:
    port, answers = counted
    before = answers.answered
    response = exchange(port, [CHEAP[name]])[0]
    assert response.startswith(b"HTTP/1.1 200 OK\r\n"), response[:300]
    assert answers.answered == before + 1


@pytest.mark.parametrize("name", FORWARDED)
def test_everything_else_is_left_to_the_app(counted: tuple[int, CountedAnswers], name: str) -> None:
    port, answers = counted
    before = answers.answered
    response = exchange(port, [FORWARDED[name]])[0]
    assert answers.answered == before, name
    assert response.startswith(b"HTTP/1.1 "), response[:300]


def test_a_request_behind_one_the_app_is_answering_waits_its_turn(
    counted: tuple[int, CountedAnswers],
) -> None:
    """Pipelined behind a request the app answers, a cheap one goes to the app too, so that answers
    leave in the order asked; on its own connection it is answered at the connection."""
    port, answers = counted
    before = answers.answered
    responses = exchange(port, [FORWARDED["path"], CHEAP["ask get"]], together=True)
    assert [r.split(b"\r\n", 1)[0] for r in responses] == [b"HTTP/1.1 200 OK"] * 2
    assert responses[1].endswith(b'{"head":{},"boolean":true}')
    assert answers.answered == before


def test_the_endpoint_still_answers_an_ordinary_client(counted: tuple[int, CountedAnswers]) -> None:
    port, _ = counted
    response = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"})
    assert response.status_code == 200 and response.json() == {"head": {}, "boolean": True}
    assert response.headers["vary"] == "Accept, Origin"


def test_the_guards_reading_is_cached_for_short_queries_it_lets_through() -> None:
    settings = Settings()
    assert checked("ASK {}", settings) is checked("ASK {}", settings)
    assert checked("ASK {}", settings).inline
    for _ in range(2):  # a refusal is not cached: refused again, as the first time
        with pytest.raises(QueryRefused, match="SERVICE"):
            checked(SERVICE, settings)
    long = "ASK {" + " " * CACHED_LENGTH + "}"
    assert checked(long, settings) == checked(long, settings)
    assert checked(long, settings) is not checked(long, settings)
