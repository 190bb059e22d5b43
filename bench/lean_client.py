"""A lean HTTP/1.1 load client for the SPARQL benchmarks: keep-alive connections over asyncio streams
with minimal parsing (status line, `Content-Length` or chunked body).

On a 2-core machine the client shares the CPUs with the server it measures; httpx's AsyncClient spends
about as much CPU per request as the server does on `ASK {}`, so at 200 clients it measured itself.
This client costs a fraction of that, and the same client drives every server compared.
"""

import asyncio
from urllib.parse import urlencode, urlsplit


class Connection:
    """One keep-alive connection to `url`'s host, reopened when the server closes it."""

    def __init__(self, url: str, accept: str = "application/sparql-results+json") -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path, self.accept = parts.path or "/", accept
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def request_bytes(self, query: str) -> bytes:
        """The whole POST of `query` as a form, ready to send (build it once per query text)."""
        body = urlencode({"query": query}).encode()
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: {self.accept}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    async def send(self, request: bytes) -> tuple[int, bytes]:
        """Send a prepared request; its status and body. Raises OSError or IncompleteReadError when the
        connection fails (the caller counts it; the next call reconnects)."""
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        try:
            self.writer.write(request)
            head = await self.reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            lower = head.lower()
            if b"transfer-encoding: chunked" in lower:
                body = await self._chunked()
            else:
                at = lower.find(b"content-length:")
                length = int(head[at + 15 : head.index(b"\r\n", at)]) if at >= 0 else 0
                body = await self.reader.readexactly(length)
            if b"connection: close" in lower:
                self.close()
            return status, body
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            self.close()
            raise

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts: list[bytes] = []
        while True:
            size = int((await self.reader.readline()).split(b";")[0], 16)
            if size == 0:
                await self.reader.readline()
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None
