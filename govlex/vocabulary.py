"""The words pages use for the model's own terms: controlled values (statuses, divergence kinds, document
types) and properties, in English and Chinese, read from the ontology's `rdfs:label`s.

Pages never show a local name such as `criterionDivergence`: `term_name` gives the ontology's label in
the page's language. The few properties govlex reuses from other vocabularies (Dublin Core, PROV,
SKOS, RDFS) have their names here, since their labels are not in our ontology.
"""

import re
from functools import cache

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from govlex.messages import both_named
from govlex.namespace import DCT, FOAF, GLX_NS, ORG, PROV, RDFS, SKOS
from govlex.paths import ontology_file

RDFS_LABEL = RDFS + "label"
# Reused properties a page may name, by IRI: their name in the message catalogue, whose `property.<name>`
# says them in English and Chinese (govlex.messages).
REUSED_NAMES: dict[str, str] = {
    DCT + "date": "dct:date",
    DCT + "issued": "dct:issued",
    DCT + "identifier": "dct:identifier",
    DCT + "source": "dct:source",
    PROV + "wasAssociatedWith": "prov:wasAssociatedWith",
    RDFS + "seeAlso": "rdfs:seeAlso",
    SKOS + "definition": "skos:definition",
    SKOS + "altLabel": "skos:altLabel",
    SKOS + "inScheme": "skos:inScheme",
    SKOS + "topConceptOf": "skos:topConceptOf",
    SKOS + "scopeNote": "skos:scopeNote",
    FOAF + "homepage": "foaf:homepage",
    ORG + "memberOf": "org:memberOf",
}


@cache
def ontology_labels() -> dict[str, tuple[str, str]]:
    """Every labelled term of the ontology file, by IRI: (English label, Chinese label)."""
    english: dict[str, str] = {}
    chinese: dict[str, str] = {}
    with ontology_file().open("rb") as stream:
        for triple in parse(stream, format=RdfFormat.TURTLE):
            label = triple.object
            if triple.predicate.value != RDFS_LABEL or not isinstance(triple.subject, NamedNode):
                continue
            if isinstance(label, Literal):
                language = (label.language or "").lower()
                target = chinese if language.startswith("zh") else english
                target.setdefault(triple.subject.value, label.value)
    return {iri: (english.get(iri, ""), chinese.get(iri, "")) for iri in english.keys() | chinese.keys()}


def words(local: str) -> str:
    """A camelCase local name as lower-case words: the last resort for a term nobody labelled.

    >>> words("wasAssociatedWith")
    'was associated with'
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()


def term_name(term: str, lang: str = "en") -> str:
    """A model term (full IRI, or a glx: local name such as `statusDivergent`) in words in `lang`.

    >>> term_name("criterionDivergence"), term_name("directiveDocument", "zh")
    ('criterion added or missing', '指令')
    """
    iri = term if "://" in term else GLX_NS + term
    reused = both_named("property", REUSED_NAMES[iri]) if iri in REUSED_NAMES else ("", "")
    en, zh = ontology_labels().get(iri) or reused
    chosen = (zh or en) if lang == "zh" else (en or zh)
    return chosen or words(iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
