"""Reading an external vocabulary's bytes from a local path or, at `link add` time only, from a URL."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import httpx

from govlex.errors import GovlexError, InputError

URL_SCHEMES = ("http://", "https://")
TIMEOUT_SECONDS = 60.0
# Ask for RDF; servers that negotiate content (w3id.org redirects do) then send a parseable format.
ACCEPT = "text/turtle, application/n-triples, application/rdf+xml, application/ld+json;q=0.9, */*;q=0.1"


@dataclass(frozen=True)
class Fetched:
    """The raw bytes of a source, where they came from, their SHA-256 and any media type the server gave."""

    source: str
    data: bytes
    media_type: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_url(self) -> bool:
        return self.source.startswith(URL_SCHEMES)


def fetch(source: str) -> Fetched:
    """Read `source`, a file path or an http(s) URL; a failure raises a `GovlexError` naming it."""
    if source.startswith(URL_SCHEMES):
        return _fetch_url(source)
    path = Path(source)
    try:
        return Fetched(str(path.resolve()), path.read_bytes())
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror}") from None


def _fetch_url(url: str) -> Fetched:
    try:
        response = httpx.get(url, headers={"Accept": ACCEPT}, follow_redirects=True, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
    except httpx.HTTPError as err:
        raise GovlexError(f"cannot download {url}: {err}") from None
    media_type = response.headers.get("content-type", "").split(";")[0].strip() or None
    return Fetched(url, response.content, media_type)
