"""The record of change on the web: `/changes` (a diff in words, HTML or JSON), `/changes.atom` (one entry per
release), `/convergence` (how far apart the sides' readings are over time, with figures).

"served" names the data this server holds; a release is named by its version (see `govlex.history`).
Figures import matplotlib on first use, like the other figure routes (`api/routes/pages.py`).
"""

import html
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal
from urllib.parse import urlencode
from xml.etree import ElementTree

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from govlex.api.deps import StoreDep
from govlex.api.links import ServedLinks
from govlex.api.sparql.formats import negotiate
from govlex.api.sparql.guard import QueryRefused
from govlex.api.templating import render
from pyoxigraph import Literal as RdfLiteral
from pyoxigraph import NamedNode, Triple

from govlex.catalog import get_concept
from govlex.errors import GovlexError, UnknownName
from govlex.history.convergence import Series, convergence, deprecated_resources
from govlex.history.diff import Changes, compare
from govlex.history.release import LoggedRelease, change_logs, release_snapshot, releases
from govlex.history.snapshot import Snapshot, snapshot_of
from govlex.namespace import DCT, ID_BASE, OWL, XSD
from govlex.reasoning.results import scope_data
from govlex.store import QueryStore

router = APIRouter(tags=["history"], include_in_schema=False)

Lang = Annotated[str, Query(pattern="^(en|zh)$")]
SERVED = "served"
ATOM = "http://www.w3.org/2005/Atom"


@dataclass
class HistoryLinks(ServedLinks):
    """Server paths, with the pages of the record of change besides the others."""

    PAGES: ClassVar[dict[str, str]] = {
        "releases": "/release",
        "release": "/release/{version}",
        "changes": "/changes",
        "convergence": "/convergence",
        "convergence_of": "/convergence/{slug}",
    }

    def page(self, name: str, lang: str | None = None, **args: str) -> str:
        if name not in self.PAGES:
            return super().page(name, lang, **args)
        lang = lang or self.lang
        path = self.PAGES[name].format(**args)
        query = {k: v for k, v in args.items() if "{" + k + "}" not in self.PAGES[name]}
        if lang != "en":
            query["lang"] = lang
        return path + ("?" + urlencode(query) if query else "")


def page(
    template: str, lang: str, here: tuple[str, dict[str, str]], status: int = 200, **context: object
) -> HTMLResponse:
    """A page of the record of change in the site's frame."""
    return HTMLResponse(render(template, HistoryLinks(lang=lang), here=here, **context), status_code=status)


def id_path(iri: str) -> str:
    """Where this server answers for a govlex IRI (`/id/...`), or the IRI itself."""
    return "/id/" + iri[len(ID_BASE) :] if iri.startswith(ID_BASE) else iri


# ---------------------------------------------------------------- changes


def _state(store: QueryStore, name: str) -> Snapshot:
    if name == SERVED:
        return store.derived("snapshot:served", lambda: snapshot_of(store, "served data"))
    if name not in releases():
        known = ", ".join([*releases(), SERVED])
        raise QueryRefused(404, "Not found", f"no release {name!r}; known: {known}")
    return store.derived(f"snapshot:{name}", lambda: release_snapshot(name))


def changes_between(store: QueryStore, before: str, after: str) -> Changes:
    """The diff of two states (`served` or a release version), computed once per store."""
    return store.derived(
        f"changes:{before}:{after}", lambda: compare(_state(store, before), _state(store, after))
    )


@router.get("/changes")
def changes_page(
    request: Request,
    store: StoreDep,
    before: Annotated[str | None, Query(alias="from")] = None,
    after: Annotated[str, Query(alias="to")] = SERVED,
    format: Literal["html", "json"] | None = None,
    lang: Lang = "en",
) -> Response:
    """What changed between two releases, or a release and the served data, in words per entity."""
    versions = releases()
    start = before or (versions[-1] if versions else None)
    wants = format or negotiate(
        request.headers.get("accept"), {"text/html": "html", "application/json": "json"}, "html"
    )
    if start is None:
        if wants == "json":
            return JSONResponse({"from": None, "to": after, "counts": {}, "changes": [], "releases": []})
        return page("changes.html", lang, ("changes", {}), changes=None, versions=versions, id_path=id_path)
    found = changes_between(store, start, after)
    if wants == "json":
        return JSONResponse({**found.as_dict(), "releases": versions})
    here = ("changes", {"from": start, "to": after})
    return page(
        "changes.html",
        lang,
        here,
        changes=found,
        versions=versions,
        id_path=id_path,
        before=start,
        after=after,
    )


def atom_feed(title: str, feed_id: str, link: str, entries: list[tuple[str, str, str, str, str]]) -> bytes:
    """An Atom 1.0 feed; each entry is (id, title, updated, link, text)."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    ElementTree.SubElement(feed, f"{{{ATOM}}}title").text = title
    ElementTree.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", href=link)
    ElementTree.SubElement(feed, f"{{{ATOM}}}updated").text = max(
        (e[2] for e in entries), default="1970-01-01T00:00:00Z"
    )
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    ElementTree.SubElement(author, f"{{{ATOM}}}name").text = "govlex editors"
    for entry_id, entry_title, updated, href, text in entries:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        ElementTree.SubElement(entry, f"{{{ATOM}}}id").text = entry_id
        ElementTree.SubElement(entry, f"{{{ATOM}}}title").text = entry_title
        ElementTree.SubElement(entry, f"{{{ATOM}}}updated").text = updated
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", href=href)
        ElementTree.SubElement(entry, f"{{{ATOM}}}content", type="text").text = text
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)


def _stamp(issued: str) -> str:
    return f"{issued or '1970-01-01'}T00:00:00Z"


def release_entry_text(log: LoggedRelease) -> str:
    """A release's changes as Skosmos lists them: new concepts, deprecated concepts, then everything else."""
    new = [c.name for c in log.changes if c.kind == "Concept" and c.action.value == "added"]
    deprecated = [
        c.name
        for c in log.changes
        if c.kind == "Concept" and any(p.words == "deprecated" for p in c.properties)
    ]
    lines = [
        f"New concepts: {', '.join(new) or 'none'}",
        f"Deprecated concepts: {', '.join(deprecated) or 'none'}",
        "",
    ]
    lines += [c.words for c in log.changes]
    return "\n".join(lines)


@router.get("/changes.atom")
def changes_feed(request: Request) -> Response:
    """One Atom entry per release: its new and deprecated concepts and every change in words."""
    base = str(request.base_url).rstrip("/")
    entries = [
        (
            f"https://w3id.org/govlex/release/{log.version}",
            f"govlex {log.version}: " + ", ".join(f"{n} {a}" for a, n in _counts(log).items()),
            _stamp(log.issued),
            f"{base}/release/{log.version}",
            release_entry_text(log),
        )
        for log in reversed(change_logs())
    ]
    body = atom_feed(
        "govlex releases and their changes", "https://w3id.org/govlex/releases", f"{base}/changes", entries
    )
    return Response(body, media_type="application/atom+xml")


def release_feed(log: LoggedRelease, base: str) -> bytes:
    """One release's changes, an Atom entry per entity changed."""
    entries = [
        (
            f"https://w3id.org/govlex/release/{log.version}#{change.name}",
            change.words,
            _stamp(log.issued),
            base + id_path(change.iri),
            change.words,
        )
        for change in log.changes
    ]
    return atom_feed(
        f"govlex {log.version}: changes since {log.before}",
        f"https://w3id.org/govlex/release/{log.version}/changes",
        f"{base}/release/{log.version}",
        entries,
    )


def _counts(log: LoggedRelease) -> dict[str, int]:
    return Changes(log.before, log.version, log.changes).counts()


# ---------------------------------------------------------------- convergence


def _series(store: QueryStore) -> list[Series]:
    return store.derived(
        "convergence", lambda: convergence(scope_data(store), withdrawn=deprecated_resources(store))
    )


@router.get("/convergence", response_class=HTMLResponse)
def convergence_page(store: StoreDep, lang: Lang = "en") -> HTMLResponse:
    """Every concept both sides read: how far apart their readings are and which way they moved."""
    return page("convergence.html", lang, ("convergence", {}), all_series=_series(store), one=None)


@router.get("/convergence/{name}.{fmt}")
def convergence_figure_file(name: str, fmt: Literal["png", "svg"], store: StoreDep) -> Response:
    """The summary (`summary`) or one concept's convergence figure, as PNG or SVG."""
    from govlex.viz.figures import convergence_figure, convergence_summary_figure, to_bytes  # on first use

    found = _series(store)
    figure = convergence_summary_figure(found) if name == "summary" else convergence_figure(_one(found, name))
    return Response(to_bytes(figure, fmt), media_type="image/png" if fmt == "png" else "image/svg+xml")


@router.get("/convergence/{slug}", response_class=HTMLResponse)
def concept_convergence_page(slug: str, store: StoreDep, lang: Lang = "en") -> HTMLResponse:
    """One concept: the two sides' latest readings at each date and the distance between them."""
    try:
        concept = get_concept(store, slug)
        series = _one(_series(store), slug)
    except UnknownName:
        raise
    except GovlexError as err:
        raise HTTPException(404, str(err)) from None
    return page(
        "convergence.html",
        lang,
        ("convergence_of", {"slug": slug}),
        all_series=[series],
        one=series,
        concept=concept,
    )


def _one(found: list[Series], slug: str) -> Series:
    for series in found:
        if series.concept.rsplit("/", 1)[-1] == slug:
            return series
    known = [s.concept.rsplit("/", 1)[-1] for s in found]
    raise UnknownName("concept read by both sides", slug, known)


# ---------------------------------------------------------------- deprecation on linked-data pages

OWL_DEPRECATED = OWL + "deprecated"
IS_REPLACED_BY = DCT + "isReplacedBy"
TRUE = RdfLiteral("true", datatype=NamedNode(XSD + "boolean"))


def replacements(subject: NamedNode, triples: list[Triple]) -> list[str] | None:
    """What replaced a deprecated resource (IRIs, possibly none), or None when it is not deprecated."""
    own = [t for t in triples if t.subject == subject]
    if not any(t.predicate.value == OWL_DEPRECATED and t.object == TRUE for t in own):
        return None
    return sorted(
        t.object.value for t in own if t.predicate.value == IS_REPLACED_BY and isinstance(t.object, NamedNode)
    )


def deprecation_html(subject: NamedNode, triples: list[Triple]) -> str:
    """A notice for a deprecated resource's linked-data page, linking what replaced it ('' when not deprecated)."""
    replaced = replacements(subject, triples)
    if replaced is None:
        return ""
    links = ", ".join(f'<a href="{html.escape(id_path(iri))}">{html.escape(iri)}</a>' for iri in replaced)
    by = f" Replaced by {links}." if links else ""
    return f'<p class="deprecated-notice" role="note"><strong>Deprecated.</strong>{by} This IRI keeps answering.</p>'


def successor_links(subject: NamedNode, triples: list[Triple]) -> dict[str, str]:
    """A `Link` header naming what replaced a deprecated resource, for clients that read no HTML."""
    replaced = replacements(subject, triples) or []
    return {"Link": ", ".join(f'<{iri}>; rel="successor-version"' for iri in replaced)} if replaced else {}


def last_release_with(store: QueryStore, iri: str) -> str | None:
    """The latest release whose data has `iri` as a subject, for an IRI the served data no longer holds."""
    for version in reversed(releases()):
        if iri in _state(store, version).entities:
            return version
    return None
