"""Releases at their stable IRIs: `/release` lists them, `/release/X.Y.Z` describes one (DCAT, by content
negotiation; HTML for browsers), `/release/X.Y.Z/<file>` serves its files byte for byte, and
`/release/X.Y.Z/changes.atom` its changes as a feed. Releases live in `paths.releases_dir()`
(`$GOVLEX_RELEASES_DIR`) and never change, so what is read from them is kept once read.
"""

from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from govlex.api.routes.history import id_path, page, release_feed
from govlex.api.sparql.formats import GRAPH_MEDIA, GRAPH_TYPES, negotiate, write_triples
from govlex.api.sparql.guard import QueryRefused
from pyoxigraph import RdfFormat, Triple, parse

from govlex.history.release import (
    CHANGES_TEXT,
    DESCRIPTION,
    change_logs,
    release_files,
    releases,
)
from govlex.namespace import PREFIXES
from govlex.paths import releases_dir

router = APIRouter(tags=["releases"], include_in_schema=False)

_HTML = {"text/html": "html", "application/xhtml+xml": "html"}
_PREFIXES = {**PREFIXES, "dcat": "http://www.w3.org/ns/dcat#", "spdx": "http://spdx.org/rdf/terms#"}


@cache
def _description(path: Path, size: int) -> tuple[Triple, ...]:
    # Keyed by size too, so a release folder replaced in a test (or by hand) is read again.
    return tuple(quad.triple for quad in parse(path=str(path), format=RdfFormat.TURTLE))


def description(version: str) -> tuple[Triple, ...]:
    """The triples of a release's `release.ttl`."""
    path = releases_dir() / version / DESCRIPTION
    return _description(path, path.stat().st_size)


def catalog_triples() -> list[Triple]:
    """Every release's description, for the dataset's VoID/DCAT description."""
    return [triple for version in releases() for triple in description(version)]


def _known(version: str) -> None:
    if version not in releases():
        raise QueryRefused(
            404, "Not found", f"no release {version!r}; releases: {', '.join(releases()) or '(none)'}"
        )


def _rdf_or_html(request: Request, triples: list[Triple], html: Response) -> Response:
    fmt = negotiate(request.headers.get("accept"), {**_HTML, **GRAPH_TYPES}, "turtle")
    if fmt == "html":
        html.headers["Vary"] = "Accept"
        return html
    body = write_triples(triples, fmt, _PREFIXES)
    return Response(body, media_type=GRAPH_MEDIA[fmt][0], headers={"Vary": "Accept"})


@router.get("/release")
@router.get("/release/")
def release_list(request: Request, lang: str = "en") -> Response:
    """Every release, newest first (HTML), or all their DCAT descriptions (RDF by Accept)."""
    logs = list(reversed(change_logs()))
    html = page("releases.html", "zh" if lang == "zh" else "en", ("releases", {}), logs=logs)
    return _rdf_or_html(request, catalog_triples(), html)


@router.get("/release/{version}")
@router.get("/release/{version}/")
def release_page(version: str, request: Request, lang: str = "en") -> Response:
    """One release: its DCAT description (RDF by Accept), or a page with its files, checksums and change log."""
    _known(version)
    log = next(log for log in change_logs() if log.version == version)
    files = release_files(version)
    html = page(
        "release.html",
        "zh" if lang == "zh" else "en",
        ("release", {"version": version}),
        log=log,
        files=files,
        sizes={name: (releases_dir() / version / name).stat().st_size for name in files},
        changes_text=(releases_dir() / version / CHANGES_TEXT).read_text(encoding="utf-8"),
        id_path=id_path,
    )
    return _rdf_or_html(request, list(description(version)), html)


@router.get("/release/{version}/changes.atom")
def release_changes_feed(version: str, request: Request) -> Response:
    """One release's changes as an Atom feed, an entry per entity changed."""
    _known(version)
    log = next(log for log in change_logs() if log.version == version)
    return Response(release_feed(log, str(request.base_url).rstrip("/")), media_type="application/atom+xml")


@router.get("/release/{version}/{name}")
def release_file(version: str, name: str) -> Response:
    """A file of a release, exactly as released (its SHA-256 is in the release's description)."""
    _known(version)
    files = release_files(version)
    if name == DESCRIPTION:
        return FileResponse(releases_dir() / version / name, media_type="text/turtle")
    if name not in files:
        raise QueryRefused(
            404,
            "Not found",
            f"release {version} has no file {name!r}; files: {', '.join(sorted(files))}, {DESCRIPTION}",
        )
    return FileResponse(releases_dir() / version / name, media_type=files[name][0])
