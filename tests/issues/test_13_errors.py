"""Issue 13: one error path over HTTP. Browsers get the error page (escaped), API clients
`application/problem+json`; the server's own failures are logged 5xx, never the client's 400; negotiated
routes say `Vary: Accept`; a browser asking for a concept's IRI is sent to its page (303)."""

import logging
import socket
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import httpx
import pytest
from govlex.api.main import create_app
from govlex.api.sparql.render import Job
from govlex.api.sparql.workers import worker_main
from helpers import run_async
from pyoxigraph import Literal, NamedNode, Quad, Store
from servers import govlex_server

AWS = "autonomous-weapons-systems"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
HOSTILE = "<img src=x onerror=alert(1)>"


def varies_on_accept(response: httpx.Response) -> bool:
    return "accept" in {part.strip().lower() for part in response.headers.get("vary", "").split(",")}


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with govlex_server(tmp_path_factory.mktemp("serve-errors"), built, "--query-workers", "1") as url:
        yield url


@pytest.mark.parametrize(
    ("path", "echoed", "page"),
    [
        (f"/concept/{HOSTILE}", True, True),
        (f"/api/concepts/{HOSTILE}", True, False),
        (f"/graph/ego/{HOSTILE}.html", True, True),
        (f"/no/such/{HOSTILE}", False, False),
    ],
)
def test_browsers_get_the_escaped_error_page_and_clients_a_problem(
    server: str, path: str, echoed: bool, page: bool
) -> None:
    shown = httpx.get(server + path, headers=BROWSER)
    assert shown.status_code == 404 and shown.headers["content-type"].startswith("text/html")
    assert varies_on_accept(shown)
    assert "<h1>Not found</h1>" in shown.text
    assert HOSTILE not in shown.text
    assert ("&lt;img src=x onerror=alert(1)&gt;" in shown.text) is echoed

    problem = httpx.get(server + path, headers={"Accept": "application/json"})
    assert problem.status_code == 404 and problem.headers["content-type"] == "application/problem+json"
    assert problem.json()["status"] == 404 and varies_on_accept(problem)
    # Naming no preference, a client gets what the route serves: from a page route, its error page.
    for accept in ({}, {"Accept": "*/*"}):
        unsaid = httpx.get(server + path, headers=accept)
        assert unsaid.status_code == 404 and varies_on_accept(unsaid)
        wanted = "text/html" if page else "application/problem+json"
        assert unsaid.headers["content-type"].startswith(wanted)
        assert HOSTILE not in unsaid.text or not page  # JSON may carry the name; a page only escaped


def test_error_page_speaks_chinese(server: str) -> None:
    page = httpx.get(f"{server}/concept/no-such-thing", params={"lang": "zh"}, headers=BROWSER)
    assert page.status_code == 404 and "<h1>未找到</h1>" in page.text


def test_refused_query_keeps_its_status_on_both_paths(server: str) -> None:
    params = {"query": "SELECT * WHERE { ?s ?p "}
    page = httpx.get(f"{server}/sparql", params=params, headers=BROWSER)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    problem = httpx.get(
        f"{server}/sparql", params=params, headers={"Accept": "application/sparql-results+json"}
    )
    assert problem.status_code == 400 and problem.json()["title"] == "SPARQL syntax error"


def test_browser_asking_for_a_concept_iri_is_sent_to_its_page(server: str) -> None:
    seen = httpx.get(f"{server}/id/concept/{AWS}", headers=BROWSER)
    assert seen.status_code == 303 and seen.headers["location"] == f"/concept/{AWS}"
    assert varies_on_accept(seen)
    followed = httpx.get(f"{server}/id/concept/{AWS}", headers=BROWSER, follow_redirects=True)
    assert followed.status_code == 200 and str(followed.url) == f"{server}/concept/{AWS}"
    assert "自主武器系统" in followed.text
    # Data clients still get the description itself.
    turtle = httpx.get(f"{server}/id/concept/{AWS}", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and varies_on_accept(turtle)


@pytest.mark.parametrize(
    "path",
    [
        f"/id/concept/{AWS}",
        "/.well-known/void",
        "/sparql?query=ASK%7B%7D",
        f"/api/queries/concept-interpretations?concept=https://w3id.org/govlex/id/concept/{AWS}",
    ],
)
def test_negotiated_routes_vary_on_accept(server: str, path: str) -> None:
    response = httpx.get(server + path)
    assert response.status_code == 200 and varies_on_accept(response)


def test_worker_failure_that_is_the_servers_fault_is_a_500(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = Store(str(path))
    store.add(Quad(NamedNode("urn:x:s"), NamedNode("urn:x:p"), Literal("o")))
    store.flush()
    del store
    parent, child = socket.socketpair()
    ours, theirs = Connection(parent.detach()), Connection(child.detach())
    worker = threading.Thread(target=worker_main, args=(theirs, str(path), {}), daemon=True)
    worker.start()
    assert ours.recv()[0] == "ready"
    # A result format the writer does not know is a fault of the server's own code, not of the query.
    ours.send(Job("ASK { ?s ?p ?o }", None, None, "no-such-format", "turtle", 10))
    kind, status, title, _ = ours.recv()
    assert (kind, status, title) == ("error", 500, "Query failed")
    ours.send(Job("ASK { ?s ?p ", None, None, "json", "turtle", 10))
    assert ours.recv()[1] == 400  # while a malformed query stays the client's 400
    ours.close()
    worker.join(timeout=10)


def test_unforeseen_exception_is_a_logged_500_problem(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app()  # the real app and handlers, with one route that fails as a bug would

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals at /srv/x")

    async def ask(headers: dict[str, str]) -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/boom", headers=headers)

    with caplog.at_level(logging.ERROR, logger="govlex.api"):
        problem = run_async(ask({}))
        page = run_async(ask(BROWSER))
    assert problem.status_code == 500 and problem.headers["content-type"] == "application/problem+json"
    assert "secret" not in problem.text and "logged" in problem.json()["detail"]
    assert page.status_code == 500 and "<h1>Server error</h1>" in page.text and "secret" not in page.text
    assert any("GET /boom: 500" in record.getMessage() for record in caplog.records)
