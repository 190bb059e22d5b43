"""Reading an external vocabulary's bytes from a local path or, at `link add` time only, from a URL.

The bytes stay on disk (the file itself, or the download written into a folder chunk by chunk), so a
vocabulary of any size costs no more memory than a chunk. Both are bounded, because a vocabulary comes from whoever publishes it: at most `FetchLimits.max_bytes`
(checked against a declared Content-Length first, then while reading), and a download must finish
within `FetchLimits.seconds` in total — a per-read timeout alone lets a server that drips a byte now
and then hold the command for ever.
"""

import asyncio
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from govlex.errors import GovlexError, InputError

URL_SCHEMES = ("http://", "https://")
# Ask for RDF; servers that negotiate content (w3id.org redirects do) then send a parseable format.
ACCEPT = "text/turtle, application/n-triples, application/rdf+xml, application/ld+json;q=0.9, */*;q=0.1"
MAX_REDIRECTS = 10
CHUNK = 1 << 20


@dataclass(frozen=True)
class FetchLimits:
    """How much a vocabulary may weigh and how long its download may take (`govlex link add` options)."""

    max_bytes: int = 64 * 1024 * 1024
    """Largest source accepted, in bytes; parsing streams, in flat memory (docs/linking.md)."""
    seconds: float = 120.0
    """Whole download, from connecting to the last byte."""


@dataclass(frozen=True)
class Fetched:
    """A source's bytes on disk: where they came from, the file holding them, their SHA-256 and size,
    and any media type the server gave. `downloaded` files are the caller's to `discard`."""

    source: str
    path: Path
    sha256: str
    size: int
    media_type: str | None = None
    downloaded: bool = False

    @property
    def is_url(self) -> bool:
        return self.source.startswith(URL_SCHEMES)

    def head(self, count: int = 4096) -> bytes:
        """The first `count` bytes (enough to tell the syntax)."""
        with self.path.open("rb") as stream:
            return stream.read(count)

    def discard(self) -> None:
        """Remove a downloaded copy; a local file is left alone."""
        if self.downloaded:
            self.path.unlink(missing_ok=True)


class TooLarge(GovlexError):
    """A source over the size limit."""

    def __init__(self, source: str, limit: int) -> None:
        super().__init__(
            f"{source}: larger than the limit of {limit:,} bytes "
            "(raise it with --max-bytes or GOVLEX_LINK_MAX_BYTES)"
        )


def fetch(source: str, limits: FetchLimits | None = None, folder: Path | None = None) -> Fetched:
    """Read `source`, a file path or an http(s) URL, within `limits`; a failure raises a `GovlexError` naming it.

    A download is written into `folder` (default: the system's temporary folder).
    """
    limits = limits or FetchLimits()
    if source.startswith(URL_SCHEMES):
        return _fetch_url(source, limits, folder)
    path = Path(source)
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("rb") as stream:
            # A FIFO or a device (/dev/zero) would never end or never start: only regular files.
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise InputError(path, "not a regular file")
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limits.max_bytes:
                    raise TooLarge(str(path), limits.max_bytes)
                digest.update(chunk)
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror}") from None
    return Fetched(str(path.resolve()), path.resolve(), digest.hexdigest(), size)


def _fetch_url(url: str, limits: FetchLimits, folder: Path | None) -> Fetched:
    handle, name = tempfile.mkstemp(prefix=".download-", dir=folder)
    target, complete = Path(name), False
    try:
        with os.fdopen(handle, "wb") as stream:
            fetched = asyncio.run(
                asyncio.wait_for(_download(url, limits, stream, target), timeout=limits.seconds)
            )
        complete = True
        return fetched
    except TimeoutError:
        raise GovlexError(
            f"cannot download {url}: not complete after {limits.seconds:g} s "
            "(the total time limit; raise it with --timeout or GOVLEX_LINK_TIMEOUT)"
        ) from None
    except httpx.HTTPStatusError as err:
        raise GovlexError(f"cannot download {url}: the server answered {err.response.status_code}") from None
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        # httpx messages can run over several lines; the first says what went wrong.
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise GovlexError(f"cannot download {url}: {reason}") from None
    finally:
        if not complete:
            target.unlink(missing_ok=True)


async def _download(url: str, limits: FetchLimits, stream: BinaryIO, target: Path) -> Fetched:
    # identity: a compressed body would be inflated before it is counted, a chunk at a time.
    headers = {"Accept": ACCEPT, "Accept-Encoding": "identity"}
    async with (
        httpx.AsyncClient(
            follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=limits.seconds
        ) as client,
        client.stream("GET", url, headers=headers) as response,
    ):
        response.raise_for_status()
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            raise TooLarge(url, limits.max_bytes)
        digest, size = hashlib.sha256(), 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limits.max_bytes:
                raise TooLarge(url, limits.max_bytes)
            digest.update(chunk)
            stream.write(chunk)
        media_type = response.headers.get("content-type", "").split(";")[0].strip() or None
        return Fetched(url, target, digest.hexdigest(), size, media_type, downloaded=True)
