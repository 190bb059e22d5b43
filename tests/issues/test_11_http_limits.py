"""Issue 11, defect 9: request sizes bind at the connection, before the HTTP parser holds the bytes, and
every refusal is an `application/problem+json` 4xx: a long URL 414, long headers 431, a large body 413;
a path or query string that is not UTF-8 text 400; odd static paths 404, never 500."""

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servers import govlex_process

PROBLEM = "application/problem+json"
MAX_URL, MAX_HEADERS, MAX_BODY = 16_384, 32_768, 1_000_000  # the settings' defaults


@pytest.fixture(scope="module")
def served(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """Base URL and process id of `govlex serve` with the default limits."""
    with govlex_process(tmp_path_factory.mktemp("limits"), built) as (base, process):
        yield base, process.pid


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, object] = response.json()
    assert body["status"] == status
    return body


def raw_exchange(base: str, head: bytes, chunks: Iterator[bytes]) -> tuple[bytes, int]:
    """Send `head`, then `chunks` until the server stops reading; its answer and the bytes sent."""
    host, port = base.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        try:
            sock.sendall(head)
            sent += len(head)
            for chunk in chunks:
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = b""
        try:
            while part := sock.recv(65536):
                answer += part
        except ConnectionResetError:
            pass
    return answer, sent


def endless(size: int, total: int) -> Iterator[bytes]:
    for _ in range(total // size):
        yield b"a" * size


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_headers_within_the_limit_are_served(served: tuple[str, int]) -> None:
    base, _ = served
    response = httpx.get(f"{base}/api/stats", headers={"X-Padding": "a" * 10_000}, timeout=30)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [100_000, MAX_HEADERS + 100])
def test_large_headers_get_431(served: tuple[str, int], size: int) -> None:
    base, _ = served
    response = httpx.get(f"{base}/api/stats", headers={"X-Padding": "a" * size}, timeout=30)
    body = assert_problem(response, 431)
    assert str(MAX_HEADERS) in str(body["detail"])


def test_a_50_mb_header_is_refused_after_the_limit_not_read_to_its_end(served: tuple[str, int]) -> None:
    base, _ = served
    head = b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Padding: "
    answer, sent = raw_exchange(base, head, endless(65536, 50_000_000))
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert PROBLEM.encode() in answer
    assert sent < 10_000_000  # the server closed long before the header's end


def test_unfinished_huge_headers_do_not_grow_the_server(served: tuple[str, int]) -> None:
    base, pid = served
    host, port = base.removeprefix("http://").split(":")
    before = rss_kib(pid)
    sockets = []
    for _ in range(10):  # ten clients each start a 40 MB header and never finish it
        sock = socket.create_connection((host, int(port)), timeout=30)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ")
        sockets.append(sock)
    sent = 0
    for sock in sockets:
        try:
            for chunk in endless(65536, 4_000_000):
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
    time.sleep(0.5)
    grown_mib = (rss_kib(pid) - before) / 1024
    for sock in sockets:
        sock.close()
    assert grown_mib < 20, f"the server grew by {grown_mib:.0f} MiB"


def test_a_1_mb_url_gets_414(served: tuple[str, int]) -> None:
    base, _ = served  # httpx refuses to send such a URL, so it goes over a plain socket
    answer, _ = raw_exchange(
        base, b"GET /search?q=" + b"a" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", iter(())
    )
    assert answer.startswith(b"HTTP/1.1 414 "), answer[:200]
    assert f"content-type: {PROBLEM}".encode() in answer
    assert str(MAX_URL).encode() in answer


def test_a_url_just_over_the_limit_gets_414(served: tuple[str, int]) -> None:
    base, _ = served
    response = httpx.get(f"{base}/search", params={"q": "a" * MAX_URL}, timeout=30)
    assert_problem(response, 414)


def test_a_large_body_gets_413_before_it_is_read(served: tuple[str, int]) -> None:
    base, _ = served
    head = (
        f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {50_000_000}\r\n\r\n"
    ).encode()
    answer, sent = raw_exchange(base, head, endless(65536, 50_000_000))
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert sent < 10_000_000


def test_a_large_chunked_body_gets_413(served: tuple[str, int]) -> None:
    base, _ = served

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"#" * 65536

    response = httpx.post(
        f"{base}/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert_problem(response, 413)


@pytest.mark.parametrize(
    "path",
    ["/search?q=%FF", "/api/concepts?q=%C3%28", "/sparql?query=ASK%7B%7D%FF", "/concepts?lang=%80"],
)
def test_invalid_utf8_in_the_query_string_gets_400(served: tuple[str, int], path: str) -> None:
    base, _ = served
    body = assert_problem(httpx.get(f"{base}{path}", timeout=30), 400)
    assert "UTF-8" in str(body["detail"])


@pytest.mark.parametrize("path", ["/static/site.css%00", "/concept/%FFx", "/static/%0Aa"])
def test_control_characters_or_invalid_utf8_in_the_path_get_400(served: tuple[str, int], path: str) -> None:
    base, _ = served
    assert_problem(httpx.get(f"{base}{path}", timeout=30), 400)


def test_a_static_path_too_long_for_the_file_system_is_not_found(served: tuple[str, int]) -> None:
    base, _ = served
    assert_problem(httpx.get(f"{base}/static/" + "a/" * 3000 + "site.css", timeout=30), 404)
    assert_problem(httpx.get(f"{base}/static/" + "x" * 5000, timeout=30), 404)
    assert httpx.get(f"{base}/static/site.css", timeout=30).status_code == 200


def test_a_large_body_on_a_kept_alive_connection_gets_413_too(served: tuple[str, int]) -> None:
    base, _ = served
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"GET /api/parties HTTP/1.1\r\nHost: x\r\n\r\n")
        first = b""
        while b"\r\n\r\n" not in first:
            first += sock.recv(65536)
        head, body = first.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 200 ")
        length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
        while len(body) < length:  # the whole first answer, so the next read is the second's
            body += sock.recv(65536)
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 5000000\r\n\r\n"
        )
        second = sock.recv(65536)
    assert second.startswith(b"HTTP/1.1 413 "), second[:100]
    assert PROBLEM.encode() in second
