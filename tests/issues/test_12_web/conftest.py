"""The issue-12 web tests run on the browser tests' fixtures: one `govlex serve` and Debian's Chromium."""

from browser.conftest import browser, site

__all__ = ["browser", "site"]
