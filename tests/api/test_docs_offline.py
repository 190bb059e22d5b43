"""The API documentation pages work offline: no script or stylesheet from another host."""

import re

import httpx
import pytest


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_page_loads_nothing_from_elsewhere(server: str, path: str) -> None:
    page = httpx.get(server + path, timeout=30)
    assert page.status_code == 200
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", page.text)
    assert references, "the docs page references its scripts"
    external = [ref for ref in references if re.match(r"(?:https?:)?//", ref) and "127.0.0.1" not in ref]
    assert external == []
    for ref in references:
        if ref.startswith("/"):
            assert httpx.get(server + ref, timeout=30).status_code == 200, ref
