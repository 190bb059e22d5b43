"""The answers of `govlex compare`, `overlap` and `classify` as data, for the command line and the API alike.

Each function reads a `ScopeData` (the build's readings, coverings and verdicts) and returns a plain
result whose `as_dict` is the JSON both `govlex … -f json` and `/api/compare`, `/api/overlap`,
`/api/classify/{system}` give; the command line draws its tables from the same results.
"""

from dataclasses import dataclass

from govlex.catalog import Citation, Interpretation
from govlex.errors import GovlexError, UnknownName
from govlex.overlap import Overlap, OverlapMatrix, Profile, TextModel, overlap, overlap_matrix
from govlex.reasoning.results import PARTY_NAMES, Choice, ScopeData, expand_name

LANGUAGES = ("en", "zh-Hans")


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise GovlexError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")


# ---------------------------------------------------------------- compare


@dataclass(frozen=True)
class Comparison:
    """Two concepts or two interpretations side by side: each reading pair's verdict and the overlap."""

    data: ScopeData
    left: Choice
    right: Choice
    measured: Overlap
    verdicts: tuple[dict[str, str], ...]

    def as_dict(self) -> dict[str, object]:
        """What `govlex compare -f json` prints and `/api/compare` answers."""
        return {
            "a": describe(self.data, self.left),
            "b": describe(self.data, self.right),
            "verdicts": list(self.verdicts),
            "overlap": self.measured.as_dict(),
            "labels": {iri: self.data.label(iri) for iri in overlap_iris(self.measured)},
            "reasoner": self.data.reasoner or None,
        }


def compare(data: ScopeData, a: str, b: str, language: str = "en") -> Comparison:
    """Resolve `a` and `b` (IRI, CURIE, slug, `concept@us|cn|joint`) and compare them.

    Naming one concept and one interpretation is an error; so is an unknown name (`UnknownName`).
    """
    _check_language(language)
    left, right = data.resolve(a), data.resolve(b)
    if left.is_concept != right.is_concept:
        raise GovlexError(f"compare two concepts or two interpretations, not one of each ({a!r}, {b!r})")
    model = TextModel([r.statements.get(language, "") for r in data.readings.values()], language)
    measured = overlap(_profile(data, left), _profile(data, right), model)
    return Comparison(data, left, right, measured, _verdicts(data, left, right))


def _profile(data: ScopeData, choice: Choice) -> Profile:
    if choice.is_concept:
        return data.concept_profile(choice.iri)
    return data.profile(choice.readings[0])


def _verdicts(data: ScopeData, left: Choice, right: Choice) -> tuple[dict[str, str], ...]:
    """The verdict for each pair of readings (one pair for two interpretations)."""
    found = []
    for ra in left.readings:
        for rb in right.readings:
            if ra.iri != rb.iri or not left.is_concept:
                verdict = data.verdict(ra, rb)
                found.append(
                    {"a": ra.iri, "b": rb.iri, "scope": verdict.scope.value, "because": verdict.explanation}
                )
    return tuple(found)


def describe(data: ScopeData, choice: Choice) -> dict[str, object]:
    """One side of a comparison: what was named, its label, and its readings with their parts."""
    return {
        "iri": choice.iri,
        "kind": "concept" if choice.is_concept else "interpretation",
        "label": data.label(choice.iri) if choice.is_concept else data.reading_label(choice.readings[0]),
        "readings": [
            {
                "iri": r.iri,
                "party": r.side.name,
                "statement": r.statements.get("en", ""),
                "sources": [str(c) for c in r.citations],
                "criteria": sorted(r.criterion_iris),
                "covers": sorted(r.system_iris),
            }
            for r in choice.readings
        ],
        "note": choice.note or None,
    }


def overlap_iris(measured: Overlap) -> set[str]:
    """The criteria and systems an overlap names in its parts."""
    parts = (measured.intension, measured.extension)
    return {iri for part in parts for group in (part.shared, part.only_a, part.only_b) for iri in group}


# ---------------------------------------------------------------- overlap


@dataclass(frozen=True)
class Overlaps:
    """Pairwise overlap of the interpretations or concepts a filter selected."""

    data: ScopeData
    matrix: OverlapMatrix

    def as_dict(self) -> dict[str, object]:
        """What `govlex overlap -f json` prints and `/api/overlap` answers: items, matrices, pairs, labels."""
        payload = self.matrix.as_dict()
        payload["labels"] = {
            iri: self.data.label(iri) for pair in self.matrix.pairs for iri in overlap_iris(pair)
        }
        return payload


def overlaps(
    data: ScopeData,
    of: str = "interpretations",
    glossaries: list[str] | None = None,
    party: str | None = None,
    language: str = "en",
    with_criteria: bool = True,
) -> Overlaps:
    """Every pair of interpretations (or concepts: the union of their readings, by `party` if given) in
    `glossaries` (slugs or IRIs; none = all), only those with criteria unless `with_criteria` is False."""
    _check_language(language)
    if of not in ("interpretations", "concepts"):
        raise GovlexError(f"unknown kind {of!r}; use interpretations or concepts")
    if party is not None and party not in PARTY_NAMES:
        raise GovlexError(f"unknown party {party!r}; use one of {', '.join(PARTY_NAMES)}")
    chosen = {glossary_iri(data, g) for g in glossaries or []}

    def in_glossaries(concept: str) -> bool:
        return not chosen or bool(data.concept_glossaries.get(concept, frozenset()) & chosen)

    if of == "interpretations":
        items = [
            data.profile(r)
            for r in sorted(data.readings.values(), key=lambda r: r.iri)
            if in_glossaries(r.concept) and (party is None or r.side.name == party)
        ]
    else:
        items = [data.concept_profile(c, party) for c in data.concepts() if in_glossaries(c)]
    if with_criteria:
        items = [item for item in items if item.criteria]
    return Overlaps(data, overlap_matrix(items, language))


def glossary_iri(data: ScopeData, name: str) -> str:
    """The IRI of a glossary named by slug, CURIE or IRI; `UnknownName` listing the glossaries otherwise."""
    iri = expand_name(name, "glossary")
    known = {g for gs in data.concept_glossaries.values() for g in gs}
    if iri not in known:
        raise UnknownName("glossary", name, [g.rsplit("/", 1)[-1] for g in known])
    return iri


# ---------------------------------------------------------------- classify


@dataclass(frozen=True)
class ClassifiedReading:
    """One interpretation with criteria, and whether the build found that it covers the system."""

    reading: Interpretation
    covers: bool
    missing: frozenset[str]
    """The criteria it requires that the system was not shown to exhibit (empty when it covers)."""


@dataclass(frozen=True)
class Classification:
    """Who covers a reference system and why: its sourced criteria, and per reading what it lacks."""

    data: ScopeData
    system: str
    exhibited: dict[str, tuple[Citation, ...]]
    """Each criterion the system is claimed to exhibit, with the sources of the claim."""
    readings: tuple[ClassifiedReading, ...]
    """Every interpretation with criteria: those that cover the system first."""

    @property
    def covering(self) -> int:
        return sum(r.covers for r in self.readings)

    def as_dict(self) -> dict[str, object]:
        """What `/api/classify/{system}` answers."""
        label = self.data.label
        return {
            "system": {"iri": self.system, "label": label(self.system)},
            "exhibits": [
                {"criterion": c, "label": label(c), "claimed_in": [str(s) for s in sources]}
                for c, sources in self.exhibited.items()
            ],
            "readings": [
                {
                    "iri": r.reading.iri,
                    "concept": r.reading.concept,
                    "party": r.reading.side.name,
                    "covers": r.covers,
                    "criteria": sorted(r.reading.criterion_iris),
                    "missing": sorted(r.missing),
                }
                for r in self.readings
            ],
            "covering": self.covering,
            "labels": {c: label(c) for r in self.readings for c in r.reading.criterion_iris},
            "reasoner": self.data.reasoner or None,
        }


def classify(data: ScopeData, name: str) -> Classification:
    """Classify the reference system `name` (IRI, `system:slug`, slug or English label) against every
    interpretation with criteria, as the build's reasoner found it."""
    iri = system_iri(data, name)
    exhibited = data.exhibits[iri]
    claims = {c: data.claims.get((iri, c), ()) for c in sorted(exhibited, key=data.label)}
    readings = sorted(
        (r for r in data.readings.values() if r.criteria), key=lambda r: (iri not in r.system_iris, r.iri)
    )
    classified = tuple(
        ClassifiedReading(
            r, iri in r.system_iris, frozenset() if iri in r.system_iris else r.criterion_iris - exhibited
        )
        for r in readings
    )
    return Classification(data, iri, claims, classified)


def system_iri(data: ScopeData, name: str) -> str:
    """The IRI of a reference system named by IRI, CURIE, slug or English label."""
    iri = expand_name(name, "system")
    if iri in data.exhibits:
        return iri
    by_label = {data.label(s).casefold(): s for s in data.exhibits}
    if name.casefold() in by_label:
        return by_label[name.casefold()]
    raise UnknownName("reference system", name, [s.rsplit("/", 1)[-1] for s in data.exhibits])
