"""`govlex import --tbx FILE`: a TBX-Basic termbase read into candidates for review, matched to govlex concepts.

Each `conceptEntry` becomes a candidate: its terms by language (with type and status), definitions
and subject field, and the govlex concept it matches by label (the same normalised keys the search
uses: an exact key match first, then the closest label by edit distance). Nothing is written unless
the curator accepts: then only the terms a matched concept lacks are added to it, as alternative
labels, through the same checked, all-or-nothing path as `govlex sheet import`.
"""

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import SKOS, Literal, URIRef

from govlex.catalog import normalise, search_index
from govlex.curation.turtle_text import Triple
from govlex.errors import GovlexError, InputError
from govlex.namespace import PREFIXES
from govlex.store import QueryStore

TBX_NS = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FUZZY_MIN = 90.0


@dataclass(frozen=True)
class TbxTerm:
    text: str
    lang: str
    preferred: bool
    term_type: str


@dataclass
class Candidate:
    """One concept entry of the file, and the govlex concept it seems to be."""

    entry_id: str
    terms: list[TbxTerm] = field(default_factory=list)
    definitions: list[tuple[str, str]] = field(default_factory=list)  # (lang, text)
    subject_field: str = ""
    match: str | None = None
    score: float = 0.0
    matched_on: str = ""
    new_terms: list[TbxTerm] = field(default_factory=list)


def _lang(tag: str) -> str:
    """A TBX language tag as govlex writes it: zh and zh-CN are zh-Hans; others keep their primary subtag."""
    primary = tag.split("-")[0].lower()
    return "zh-Hans" if primary == "zh" else primary


def read_tbx(path: Path) -> list[Candidate]:
    """The concept entries of a TBX file (any TBX-Basic, DCA style); an unreadable file is an InputError."""
    try:
        from lxml import etree
    except ImportError:
        raise GovlexError("reading TBX needs lxml: pip install 'govlex[publish]'") from None
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, etree.XMLSyntaxError) as err:
        raise InputError(path, f"not readable as XML: {err}") from None
    root = tree.getroot()
    if root.tag != f"{TBX_NS}tbx":
        raise InputError(
            path, f"not a TBX document (root element {root.tag}, expected tbx in {TBX_NS[1:-1]})"
        )
    candidates = []
    for entry in root.iter(f"{TBX_NS}conceptEntry"):
        candidate = Candidate(entry.get("id", ""))
        for descrip in entry.findall(f"{TBX_NS}descrip[@type='subjectField']"):
            candidate.subject_field = "".join(descrip.itertext()).strip()
        for section in entry.findall(f"{TBX_NS}langSec"):
            lang = _lang(section.get(XML_LANG, ""))
            for descrip in section.iter(f"{TBX_NS}descrip"):
                if descrip.get("type") == "definition":
                    candidate.definitions.append((lang, " ".join("".join(descrip.itertext()).split())))
            for term_section in section.findall(f"{TBX_NS}termSec"):
                term = term_section.find(f"{TBX_NS}term")
                if term is None:
                    continue
                notes = {
                    note.get("type"): (note.text or "").strip()
                    for note in term_section.findall(f"{TBX_NS}termNote")
                }
                status = notes.get("administrativeStatus", "")
                candidate.terms.append(
                    TbxTerm(
                        " ".join("".join(term.itertext()).split()),
                        lang,
                        status.startswith("preferredTerm"),
                        notes.get("termType", ""),
                    )
                )
        candidates.append(candidate)
    return candidates


def match(candidates: list[Candidate], store: QueryStore) -> list[Candidate]:
    """Each candidate's best govlex concept by label, and the terms that concept lacks."""
    from rapidfuzz import fuzz, process

    index = search_index(store)
    by_key: dict[str, str] = {}
    labels_of: dict[str, set[str]] = {}
    for key, slug, label, _ in index.entries:
        by_key.setdefault(key, slug)
        labels_of.setdefault(slug, set()).add(label)
    keys = list(by_key)
    for candidate in candidates:
        for term in sorted(candidate.terms, key=lambda t: not t.preferred):
            key = normalise(term.text)
            if key in by_key:
                candidate.match, candidate.score, candidate.matched_on = by_key[key], 1.0, term.text
                break
            best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN) if key else None
            if best and best[1] / 100 > candidate.score:
                candidate.match, candidate.score, candidate.matched_on = (
                    by_key[best[0]],
                    best[1] / 100,
                    term.text,
                )
        if candidate.match:
            known = labels_of.get(candidate.match, set())
            candidate.new_terms = [t for t in candidate.terms if t.text not in known]
    return candidates


def accepted_triples(candidates: list[Candidate]) -> set[Triple]:
    """The alternative labels accepting the exact matches would add (fuzzy matches need a curator's eye)."""
    concept = PREFIXES["concept"]
    return {
        (URIRef(concept + c.match), SKOS.altLabel, Literal(t.text, lang=t.lang))
        for c in candidates
        if c.match and c.score == 1.0
        for t in c.new_terms
        if t.lang in ("en", "zh-Hans")
    }
