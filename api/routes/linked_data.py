"""Linked data: every `https://w3id.org/govlex/id/...` IRI served at `/id/...` by content negotiation
(Turtle, JSON-LD, RDF/XML, N-Triples for clients, or `?format=` for a download link; a browser is sent
with 303 See Other to the thing's page, and gets a table with labels where it has none), the dataset's
VoID and DCAT description at `/.well-known/void`, and the JSON-LD context at `/ns/context.jsonld`."""

import html
from typing import Annotated, Any
from typing import Literal as Choice

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from govlex.api.deps import ServiceDep
from govlex.api.links import ServedLinks
from govlex.api.routes import history, releases
from govlex.api.service import Service
from govlex.api.sparql.formats import GRAPH_MEDIA, GRAPH_TYPES, negotiate, write_triples
from govlex.api.sparql.guard import QueryRefused
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from govlex.catalog import counts
from govlex.entities import describe, english_labels, known_slugs
from govlex.namespace import DCAT, DCT, ID_BASE, PREFIXES, RDF_TYPE, RDFS, SKOS, VOID, XSD
from govlex.vocabulary import REUSED_NAMES, ontology_labels, term_name

router = APIRouter(tags=["linked data"])

# Kinds of resource with a page of their own: a browser asking for `/id/<kind>/<slug>` is sent there.
PAGES = {"concept": "/concept/{slug}"}

_RDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The resource's description, by Accept.",
        "content": {
            "text/turtle": {"example": "<https://w3id.org/govlex/id/concept/lethality> a glx:Concept ."},
            "application/ld+json": {},
            "application/rdf+xml": {},
            "application/n-triples": {},
            "text/html": {},
        },
    },
    404: {"description": "No such resource; `known` lists the resources of that kind."},
    410: {"description": "Published in a release but no longer in the served data; names that release."},
}


def wants_html(accept: str | None) -> bool:
    """Whether a client sending `accept` prefers a web page to RDF (browsers do)."""
    best = negotiate(accept, {"text/html": "html", "application/xhtml+xml": "html", **GRAPH_TYPES}, "turtle")
    return best == "html"


# `?format=` for links that cannot set Accept (a page's download links): name → GRAPH_TYPES format.
DOWNLOADS = {"ttl": "turtle", "jsonld": "jsonld", "rdf": "rdfxml", "nt": "ntriples"}


def _rdf_response(triples: list[Triple], request: Request, download: str | None = None) -> Response:
    fmt = DOWNLOADS[download] if download else negotiate(request.headers.get("accept"), GRAPH_TYPES, "turtle")
    body = write_triples(triples, fmt, PREFIXES)
    return Response(body, media_type=GRAPH_MEDIA[fmt][0], headers={"Vary": "Accept"})


@router.get("/id/{path:path}", responses=_RDF_RESPONSES, response_class=Response)
def resource(
    path: str,
    request: Request,
    service: ServiceDep,
    format: Annotated[
        Choice["ttl", "jsonld", "rdf", "nt"] | None,
        Query(description="Download in this format whatever the Accept header says."),
    ] = None,
    lang: Annotated[Choice["en", "zh"], Query(description="The page's language, for browsers.")] = "en",
) -> Response:
    """Describe one govlex resource (e.g. `concept/lethality`) in the format the Accept header (or `format`)
    asks for; a browser is redirected (303) to the resource's page."""
    try:
        subject = NamedNode(ID_BASE + path)
    except ValueError:
        raise QueryRefused(404, "Not found", f"{path!r} is not a govlex IRI path") from None
    triples = describe(service.store, subject)
    if not triples:
        released = history.last_release_with(service.store, subject.value)
        if released:  # it was published, so its IRI must not just vanish: say where it still is
            raise QueryRefused(
                410,
                "Gone",
                f"{subject.value} is not in the served data; it was last published in release {released}: "
                f"/release/{released}",
            )
        kind = path.split("/", 1)[0]
        raise QueryRefused(
            404,
            "Not found",
            f"no resource {ID_BASE + path}; known {kind}: {', '.join(_known(service, kind)) or '(none)'}",
        )
    if format is None and wants_html(request.headers.get("accept")):
        page = ServedLinks(lang=lang).thing(subject.value)
        if page:
            return RedirectResponse(page, status_code=303, headers={"Vary": "Accept"})
        return HTMLResponse(_html(subject, triples, _labels(service, triples)), headers={"Vary": "Accept"})
    response = _rdf_response(triples, request, format)
    response.headers.update(history.successor_links(subject, triples))  # a deprecated IRI names its successor
    return response


def _known(service: Service, kind: str) -> list[str]:
    return known_slugs(service.store, kind, limit=200)


def _labels(service: Service, triples: list[Triple]) -> dict[str, str]:
    """English (else any) labels of the IRIs in `triples`; properties and glx: values by the ontology's words."""
    iris = {
        t.value
        for triple in triples
        for t in (triple.subject, triple.predicate, triple.object)
        if isinstance(t, NamedNode)
    }
    labels = {iri: term_name(iri) for iri in iris if iri in ontology_labels() or iri in REUSED_NAMES}
    for iri, label in english_labels(service.store, iris).items():
        labels.setdefault(iri, label)
    return labels


def _link(term: NamedNode | BlankNode | Literal | Triple, labels: dict[str, str]) -> str:
    if isinstance(term, NamedNode):
        href = "/id/" + term.value[len(ID_BASE) :] if term.value.startswith(ID_BASE) else term.value
        return f'<a href="{html.escape(href)}">{html.escape(labels.get(term.value, term.value))}</a>'
    if isinstance(term, Literal) and term.language:
        return f'<span lang="{html.escape(term.language)}">{html.escape(term.value)}</span>'
    return html.escape(term.value if isinstance(term, Literal | BlankNode) else str(term))


def _html(subject: NamedNode, triples: list[Triple], names: dict[str, str]) -> str:
    labels = [
        t.object.value
        for t in triples
        if t.subject == subject
        and t.predicate.value in {SKOS + "prefLabel", RDFS + "label"}
        and isinstance(t.object, Literal)
    ]
    title = html.escape(" / ".join(labels) or subject.value)
    rows = "".join(
        f"<tr><td>{_link(t.subject, names) if t.subject != subject else ''}</td><td>{_link(t.predicate, names)}</td>"
        f"<td>{_link(t.object, names)}</td></tr>"
        for t in triples
    )
    path = html.escape("/id/" + subject.value[len(ID_BASE) :])
    alternates = " · ".join(
        f'<a href="{path}" type="{media}">{name}</a>'
        for name, media in (
            ("Turtle", "text/turtle"),
            ("JSON-LD", "application/ld+json"),
            ("RDF/XML", "application/rdf+xml"),
            ("N-Triples", "application/n-triples"),
        )
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f"<h1>{title}</h1>{history.deprecation_html(subject, triples)}<p><code>{html.escape(subject.value)}</code></p>"
        f"<table><thead><tr><th></th><th>property</th><th>value</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p>Also as (by Accept header): {alternates}. Query everything at <a href="/sparql">/sparql</a>.</p></body></html>'
    )


A = NamedNode(RDF_TYPE)
XSD_INTEGER = NamedNode(XSD + "integer")


@router.get("/.well-known/void", responses=_RDF_RESPONSES, response_class=Response)
def void(request: Request, service: ServiceDep) -> Response:
    """The dataset described in VoID and DCAT: size, named graphs, endpoint, licence, example resources."""
    base = service.settings.base_url.rstrip("/") or str(request.base_url).rstrip("/")
    dataset = NamedNode("https://w3id.org/govlex/dataset")
    triples = [
        Triple(dataset, A, NamedNode(VOID + "Dataset")),
        Triple(dataset, A, NamedNode(DCAT + "Dataset")),
        Triple(
            dataset,
            NamedNode(DCT + "title"),
            Literal("govlex: AI governance concepts of the China–U.S. Track II dialogue", language="en"),
        ),
        Triple(
            dataset, NamedNode(DCT + "license"), NamedNode("https://creativecommons.org/licenses/by/4.0/")
        ),
        Triple(dataset, NamedNode(VOID + "sparqlEndpoint"), NamedNode(base + "/sparql")),
        Triple(dataset, NamedNode(VOID + "uriSpace"), Literal(ID_BASE)),
        Triple(dataset, NamedNode(VOID + "vocabulary"), NamedNode(PREFIXES["glx"])),
        Triple(
            dataset,
            NamedNode(VOID + "exampleResource"),
            NamedNode(ID_BASE + "concept/autonomous-weapons-systems"),
        ),
    ]
    distribution = BlankNode()
    triples += [
        Triple(dataset, NamedNode(DCAT + "distribution"), distribution),
        Triple(distribution, A, NamedNode(DCAT + "Distribution")),
        Triple(distribution, NamedNode(DCAT + "accessURL"), NamedNode(base + "/sparql")),
        Triple(distribution, NamedNode(DCAT + "mediaType"), Literal("application/sparql-results+json")),
    ]
    triple_count = service.manifest.get("triples")
    if isinstance(triple_count, int):
        triples.append(
            Triple(
                dataset,
                NamedNode(VOID + "triples"),
                Literal(str(triple_count), datatype=XSD_INTEGER),
            )
        )
    for name, count in counts(service.store).items():
        partition = BlankNode()
        triples += [
            Triple(dataset, NamedNode(VOID + "classPartition"), partition),
            Triple(partition, NamedNode(VOID + "class"), NamedNode(PREFIXES["glx"] + name)),
            Triple(
                partition,
                NamedNode(VOID + "entities"),
                Literal(str(count), datatype=XSD_INTEGER),
            ),
        ]
    for graph in sorted(service.graphs):
        triples.append(Triple(dataset, NamedNode(VOID + "subset"), NamedNode(graph)))
    triples += releases.catalog_triples()  # each release: dct:hasVersion, its files and checksums
    return _rdf_response(triples, request)


@router.get(
    "/ns/context.jsonld",
    responses={
        200: {"content": {"application/ld+json": {"example": {"@context": {"glx": PREFIXES["glx"]}}}}}
    },
)
def context() -> JSONResponse:
    """The JSON-LD context of govlex: its prefixes, and language maps for the bilingual labels."""
    terms: dict[str, Any] = dict(PREFIXES)
    terms.update(
        {
            "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
            "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
            "statement": {"@id": "glx:statement", "@container": "@language"},
            "interprets": {"@id": "glx:interprets", "@type": "@id"},
            "party": {"@id": "glx:party", "@type": "@id"},
            "status": {"@id": "glx:status", "@type": "@id"},
            "requiresCriterion": {"@id": "glx:requiresCriterion", "@type": "@id"},
            "broader": {"@id": "skos:broader", "@type": "@id"},
            "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
        }
    )
    return JSONResponse({"@context": terms}, media_type="application/ld+json")
