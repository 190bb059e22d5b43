"""Issue 14: every page reachable from the home page shows labels, never a raw IRI, wherever the graph
has a label for it. Walks the links of a real `govlex serve` with httpx (the graph and overlap views,
the API, SPARQL and search are not pages of the graph: the overlap heat maps, 3 measures × every
concept × 2 languages at about 2 s each, would triple the walk); the cite block, which shows the
stable IRI on purpose, is left out."""

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
from pyoxigraph import NamedNode

from govlex.build import NQUADS
from govlex.store import EmbeddedStore, store_from_nquads

NOT_PAGES = (
    "/overlap",
    "/static/",
    "/graph/",
    "/overlap/",
    "/id/",
    "/api",
    "/docs",
    "/redoc",
    "/openapi",
    "/sparql",
    "/query",
    "/search",
)
IRI = re.compile(r"https?://[^\s<>\"'，。；]+")
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
)


class Reader(HTMLParser):
    """The links of a page and its visible text, without scripts, styles and the cite block."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self.stack: list[bool] = []  # per open element: whether its content is left out

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if tag in VOID_TAGS:
            return
        hidden = tag in ("script", "style", "title") or "cite" in (attributes.get("class") or "").split()
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


def _is_page(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return (
        url.startswith(origin)
        and not parts.path.startswith(NOT_PAGES)
        and not parts.path.endswith((".png", ".svg", ".html"))
    )


def test_no_page_shows_an_iri_that_has_a_label(site: str, built: Path) -> None:
    store = EmbeddedStore(store_from_nquads(built / NQUADS))

    def labelled(iri: str) -> bool:
        try:
            node = NamedNode(iri)
        except ValueError:
            return False
        return any(store.select(f"SELECT ?x ?l WHERE {{ ?x <{p}> ?l }}", {"x": node}) for p in LABELS)

    seen, queue, shown = {site + "/"}, deque([site + "/"]), []
    with httpx.Client(timeout=60) as client:
        while queue:
            url = queue.popleft()
            response = client.get(url)
            assert response.status_code == 200, url
            reader = Reader()
            reader.feed(response.text)
            shown += [(url, iri.rstrip(".,;:)")) for iri in IRI.findall(" ".join(reader.text))]
            for href in reader.links:
                target = urldefrag(urljoin(url, href))[0]
                if target not in seen and _is_page(target, site):
                    seen.add(target)
                    queue.append(target)
    kinds = {urlsplit(u).path.split("/")[1] for u in seen}
    assert {
        "concept",
        "source",
        "sources",
        "dialogue",
        "round",
        "risk",
        "scenario",
        "criterion",
        "system",
    } <= kinds
    raw = sorted({(url, iri) for url, iri in shown if labelled(iri)})
    assert raw == [], f"{len(raw)} labelled IRIs shown raw, e.g. {raw[:10]}"
