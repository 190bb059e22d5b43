"""Any govlex individual read as a page reads it: labels, notes, literal facts, links to other things
(both directions, with the linking property's own label), citations with locators, verification.

`get_entity` serves the kinds that need no layout of their own (rounds, risks, scenarios, events,
working groups, term tallies, response mechanisms, people, organisations) and is the base the
document, criterion and reference-system readers (`govlex.documents`, `govlex.criteria`) build on.
Like `govlex.catalog`, it reads any `QueryStore` and returns frozen dataclasses.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from govlex.catalog import (
    DCT,
    FOAF,
    GLX_NS,
    PREFIXES,
    RDF_TYPE,
    RDFS,
    SKOS,
    Citation,
    Ref,
    _labels_of,
    _lang,
    _pick,
    slug_of,
)
from govlex.errors import UnknownName
from govlex.namespace import ID_BASE, OWL, RDF
from govlex.store import QueryStore, Term, values_clause

# Shown in the page's head, not as facts: names, notes, types, citations, verification.
_OWN_PROPERTIES = {
    SKOS + "prefLabel",
    RDFS + "label",
    DCT + "title",
    FOAF + "name",
    RDFS + "comment",
    RDF_TYPE,
    GLX_NS + "citation",
    GLX_NS + "verification",
}
# Build bookkeeping, not facts about the thing: reification of inferences, OWL's own typing.
_HIDDEN_NAMESPACES = (RDF, OWL)


@dataclass(frozen=True)
class Fact:
    """A literal value of the entity under one property (a date, a place, a count)."""

    property: Ref
    value: str
    lang: str = ""


@dataclass(frozen=True)
class Link:
    """Another thing this one is linked to; `inverse` when the link is stated from the other end."""

    property: Ref
    target: Ref
    kind: str
    """The target's kind (`concept`, `round`, … from its IRI), '' for something outside govlex."""
    inverse: bool = False


@dataclass(frozen=True)
class Entity:
    """One individual with everything a page about it shows."""

    iri: str
    slug: str
    kind: str
    label_en: str
    label_zh: str
    types: tuple[Ref, ...]
    comment_en: str
    comment_zh: str
    facts: tuple[Fact, ...]
    links: tuple[Link, ...]
    citations: tuple[Citation, ...]
    verification: str

    def linked(self, property_local: str, inverse: bool = False) -> tuple[Ref, ...]:
        """The targets of one property (by local name, e.g. 'discussed'), in label order."""
        return tuple(
            link.target
            for link in self.links
            if slug_of(link.property.iri) == property_local and link.inverse == inverse
        )

    def fact(self, property_local: str, lang: str = "") -> str:
        """The value of one literal property (by local name), in `lang` when given and present."""
        values = [f for f in self.facts if slug_of(f.property.iri) == property_local]
        preferred = [f for f in values if lang and f.lang.lower().startswith(lang)]
        return (preferred or values or [Fact(Ref("", "", ""), "")])[0].value


def kind_of(iri: str) -> str:
    """The kind of a govlex individual, from its IRI; '' for anything else.

    >>> kind_of("https://w3id.org/govlex/id/round/9"), kind_of("https://example.org/x")
    ('round', '')
    """
    if not iri.startswith(ID_BASE):
        return ""
    return iri[len(ID_BASE) :].split("/", 1)[0]


def entity_iri(kind: str, slug: str) -> NamedNode:
    """The IRI of `kind`/`slug`; `UnknownName` when it cannot be one."""
    try:
        return NamedNode(f"{ID_BASE}{kind}/{slug}")
    except ValueError:
        raise UnknownName(kind, slug, []) from None


def slugs_by_kind(store: QueryStore) -> dict[str, list[str]]:
    """The slugs of every individual the store describes, by kind (`…/id/<kind>/<slug>`), in one pass
    over the store: `known_slugs` per kind passes over every triple each time (a minute per kind at
    3 million triples, for the static site's twenty kinds)."""
    prefix = values_clause({"prefix": Literal(ID_BASE)})
    rows = store.select(
        f"SELECT DISTINCT ?s WHERE {{ {prefix} ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?prefix)) }}"
    )
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        kind, within, _ = row["s"].value.removeprefix(ID_BASE).partition("/")
        if within:
            found[kind].add(slug_of(row["s"].value))
    return {kind: sorted(slugs) for kind, slugs in found.items()}


def known_slugs(store: QueryStore, kind: str, limit: int | None = None) -> list[str]:
    """The slugs of every individual of `kind` the store describes (of some `limit` of them, if given)."""
    # The prefix is bound inside the pattern: a trailing VALUES (how bindings reach a remote store)
    # would join only after the FILTER had run without it.
    prefix = values_clause({"prefix": Literal(f"{ID_BASE}{kind}/")})
    rows = store.select(
        f"SELECT DISTINCT ?s WHERE {{ {prefix} ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?prefix)) }}"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    return sorted({slug_of(row["s"].value) for row in rows})


_DESCRIBE = """CONSTRUCT { ?s ?p ?o . ?o ?p2 ?o2 } WHERE {
  ?s ?p ?o OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2 }
}"""


def describe(store: QueryStore, subject: NamedNode) -> list[Triple]:
    """What `/id/` and the static site serve about `subject`: its triples, and those of its blank nodes
    (citations, claims)."""
    return store.construct(_DESCRIBE, {"s": subject})


def english_labels(store: QueryStore, iris: Collection[str]) -> dict[str, str]:
    """The English (else any) label of each of `iris` that has one, in one query."""
    if not iris:
        return {}
    values = " ".join(str(NamedNode(iri)) for iri in sorted(iris))
    rows = store.select(
        f"""SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }}
        VALUES ?p {{ <{SKOS}prefLabel> <{RDFS}label> <{DCT}title> <{FOAF}name> }} ?x ?p ?label }}
        ORDER BY DESC(LANGMATCHES(LANG(?label), "en"))"""
    )
    labels: dict[str, str] = {}
    for row in rows:
        labels.setdefault(row["x"].value, row["label"].value)
    return labels


_CITATIONS = (
    PREFIXES
    + """SELECT ?s ?cit ?src ?locator ?verification ?url WHERE {
  ?s glx:citation ?cit . ?cit glx:source ?src .
  OPTIONAL { ?cit glx:locator ?locator } OPTIONAL { ?cit glx:verification ?verification }
  OPTIONAL { ?src glx:url ?url } }"""
)


def citations_of(store: QueryStore, subject: NamedNode | BlankNode) -> tuple[Citation, ...]:
    """The citations of `subject` (source, locator, official URL, verification), by source title."""
    rows = store.select(_CITATIONS, {"s": subject})
    labels = _labels_of(store, "?s glx:citation/glx:source ?x", {"s": subject})
    found = {
        (row["src"].value, _text(row, "locator")): Citation(
            labels.ref(row["src"].value), _text(row, "locator"), _text(row, "url"), _text(row, "verification")
        )
        for row in rows
    }
    return tuple(sorted(found.values(), key=lambda c: (c.source.label_en.lower(), c.locator)))


def _text(row: dict[str, Term], name: str) -> str:
    return row[name].value if name in row else ""


def get_entity(store: QueryStore, kind: str, slug: str, incoming: bool = True) -> Entity:
    """The individual `id/{kind}/{slug}`; `UnknownName` listing that kind's slugs when it is not there.

    With `incoming=False`, without the links pointing at it (a reference system at 10,000 concepts is
    covered by about 900 readings, which its page lists by other means)."""
    iri = entity_iri(kind, slug)
    bind: dict[str, Term] = {"s": iri}
    own = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", bind)
    if not own:
        raise UnknownName(kind, slug, known_slugs(store, kind))
    pointing = store.select("SELECT ?s ?x ?p WHERE { ?x ?p ?s FILTER(isIRI(?x)) }", bind) if incoming else []
    # One small query per pattern: pyoxigraph plans their UNION much slower.
    labels = _labels_of(store, "?s ?q ?x", bind)
    for pattern in ("?x ?q ?s", "?s ?x ?y", "?y ?x ?s") if incoming else ("?s ?x ?y",):
        labels.by_iri.update(_labels_of(store, pattern, bind).by_iri)
    props: dict[str, list[Term]] = defaultdict(list)
    for row in own:
        props[row["p"].value].append(row["o"])
    facts, links = [], []
    for prop, objects in props.items():
        if prop in _OWN_PROPERTIES or prop.startswith(_HIDDEN_NAMESPACES):
            continue
        for o in objects:
            if isinstance(o, Literal):
                facts.append(Fact(labels.ref(prop), o.value, _lang(o)))
            elif isinstance(o, NamedNode):
                links.append(Link(labels.ref(prop), labels.ref(o.value), kind_of(o.value)))
    for row in pointing:
        prop, source = row["p"].value, row["x"].value
        if prop.startswith(_HIDDEN_NAMESPACES) or kind_of(source) in ("", "inference"):
            continue
        links.append(Link(labels.ref(prop), labels.ref(source), kind_of(source), inverse=True))
    names = props[SKOS + "prefLabel"] + props[RDFS + "label"] + props[FOAF + "name"] + props[DCT + "title"]
    comments = props[RDFS + "comment"]
    verification = next((o.value for o in props[GLX_NS + "verification"]), "")
    return Entity(
        iri=iri.value,
        slug=slug,
        kind=kind,
        label_en=_pick(names, "en") or next((n.value for n in names if not _lang(n)), slug),
        label_zh=_pick(names, "zh"),
        types=tuple(
            sorted(
                {labels.ref(t.value) for t in props[RDF_TYPE] if t.value.startswith(GLX_NS)},
                key=lambda r: r.slug,
            )
        ),
        comment_en=_pick(comments, "en"),
        comment_zh=_pick(comments, "zh"),
        facts=tuple(sorted(set(facts), key=lambda f: (f.property.label_en, f.lang, f.value))),
        links=tuple(
            sorted(set(links), key=lambda x: (x.inverse, x.property.label_en, x.target.label_en.lower()))
        ),
        citations=citations_of(store, iri),
        verification=verification,
    )
