"""A browser page that records its console errors and every request, and saves screenshots."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from helpers import ROOT
from playwright.sync_api import Page

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Watched:
    """A page with what it logged and requested since it opened."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests that went anywhere but this machine or the page's own files."""
        return [url for url in self.requests if not _local(url)]

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def _local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "about", "blob", "file"}:
        return True
    return parts.scheme in {"http", "https", "ws"} and parts.hostname in LOCAL_HOSTS
