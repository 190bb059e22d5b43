"""What changed between two states of the data, said in words per entity (not triples).

`compare(a, b)` matches entities by IRI and, within an entity, values by what they say (see
`snapshot`), so identical data gives no change whatever its blank nodes are called. A property that
lost one value and gained one in the same language reads as "changed from … to …"; otherwise the
values added and removed are listed.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from govlex.history.snapshot import Entity, Snapshot

# Kinds in the order a reader of the dialogue's record looks for them; others follow alphabetically.
KIND_ORDER = (
    "Concept",
    "Interpretation",
    "JointInterpretation",
    "Criterion",
    "DialogueRound",
    "Mapping",
    "SourceDocument",
    "Glossary",
)

WORDS = {
    "skos:prefLabel": "preferred label",
    "skos:altLabel": "alternative label",
    "skos:definition": "definition",
    "skos:scopeNote": "scope note",
    "skos:changeNote": "change note",
    "skos:historyNote": "history note",
    "skos:inScheme": "glossary",
    "skos:broader": "broader concept",
    "skos:narrower": "narrower concept",
    "skos:related": "related concept",
    "glx:status": "status",
    "glx:statement": "statement",
    "glx:requiresCriterion": "criterion",
    "glx:citation": "citation",
    "glx:interprets": "concept read",
    "glx:party": "party",
    "glx:discussed": "concept discussed",
    "glx:verification": "verification",
    "owl:deprecated": "deprecated",
    "dct:isReplacedBy": "replaced by",
    "dct:title": "title",
    "dct:issued": "date",
    "rdfs:label": "label",
    "rdfs:comment": "comment",
}

# What to say about a new or removed entity, in this order, where it has them.
SUMMARY_PROPERTIES = (
    "skos:prefLabel",
    "rdfs:label",
    "dct:title",
    "glx:interprets",
    "glx:party",
    "skos:inScheme",
)

_LANGUAGE = re.compile(r'"@([A-Za-z-]+)$')


class Action(StrEnum):
    added = "added"
    removed = "removed"
    changed = "changed"


@dataclass(frozen=True)
class PropertyChange:
    """One property of one entity: the values it lost and gained, and that change in words."""

    predicate: str
    removed: tuple[str, ...]
    added: tuple[str, ...]

    @property
    def words(self) -> str:
        """'preferred label (zh-Hans) changed from "a" to "b"', 'glossary: added glossary/cn', …"""
        name = WORDS.get(self.predicate, self.predicate)
        if self.predicate == "owl:deprecated":
            return "deprecated" if '"true"' in self.added else "no longer deprecated"
        if len(self.removed) == 1 and len(self.added) == 1:
            language = _language(self.added[0])
            if language == _language(self.removed[0]):
                qualified = f"{name} ({language})" if language else name
                return f"{qualified} changed from {self.removed[0]} to {self.added[0]}"
        parts = []
        if self.added:
            parts.append("added " + ", ".join(self.added))
        if self.removed:
            parts.append("removed " + ", ".join(self.removed))
        return f"{name}: {'; '.join(parts)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "property": self.predicate,
            "words": self.words,
            "added": list(self.added),
            "removed": list(self.removed),
        }


@dataclass(frozen=True)
class EntityChange:
    """One entity added, removed or changed, with its property changes (for `changed`)."""

    iri: str
    name: str
    kind: str
    action: Action
    summary: str = ""
    properties: tuple[PropertyChange, ...] = ()

    @property
    def words(self) -> str:
        """The change as one sentence."""
        if self.action is Action.changed:
            return f"{self.name}: " + "; ".join(p.words for p in self.properties)
        return f"{self.action.value} {self.name}" + (f" ({self.summary})" if self.summary else "")

    def as_dict(self) -> dict[str, object]:
        return {
            "iri": self.iri,
            "name": self.name,
            "kind": self.kind,
            "change": self.action.value,
            "words": self.words,
            "summary": self.summary,
            "properties": [p.as_dict() for p in self.properties],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "EntityChange":
        """The change `as_dict` wrote (a release's `changes.json`)."""
        properties = tuple(
            PropertyChange(p["property"], tuple(p["removed"]), tuple(p["added"])) for p in data["properties"]
        )
        return cls(
            data["iri"], data["name"], data["kind"], Action(data["change"]), data["summary"], properties
        )


@dataclass(frozen=True)
class Changes:
    """Everything that changed from `before` to `after`, ordered by kind and name."""

    before: str
    after: str
    entities: tuple[EntityChange, ...] = field(default_factory=tuple)

    def counts(self) -> dict[str, int]:
        counted = Counter(change.action.value for change in self.entities)
        return {action.value: counted.get(action.value, 0) for action in Action}

    def by_kind(self) -> dict[str, list[EntityChange]]:
        grouped: dict[str, list[EntityChange]] = {}
        for change in self.entities:
            grouped.setdefault(change.kind, []).append(change)
        return grouped

    def about(self, iri: str) -> list[EntityChange]:
        """The changes of one entity (e.g. a concept), for its history."""
        return [change for change in self.entities if change.iri == iri]

    def as_text(self) -> str:
        counts = self.counts()
        lines = [
            f"Changes from {self.before} to {self.after}: "
            + ", ".join(f"{n} {action}" for action, n in counts.items())
        ]
        if not self.entities:
            lines.append("No change: the two states hold the same data.")
        for kind, changes in self.by_kind().items():
            lines.append("")
            lines.append(kind)
            lines.extend(f"  {change.words}" for change in changes)
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict[str, object]:
        return {
            "from": self.before,
            "to": self.after,
            "counts": self.counts(),
            "changes": [change.as_dict() for change in self.entities],
        }


def compare(before: Snapshot, after: Snapshot) -> Changes:
    """The entity changes from `before` to `after`.

    >>> from govlex.history.snapshot import Entity, Snapshot
    >>> a = Entity("https://w3id.org/govlex/id/concept/x", frozenset({"glx:Concept"}),
    ...     {"skos:prefLabel": frozenset({'"X"@en', '"甲"@zh-Hans'})})
    >>> b = Entity(a.iri, a.kinds, {"skos:prefLabel": frozenset({'"X"@en', '"乙"@zh-Hans'})})
    >>> print(compare(Snapshot("1", {a.iri: a}), Snapshot("2", {b.iri: b})).entities[0].words)
    concept/x: preferred label (zh-Hans) changed from "甲"@zh-Hans to "乙"@zh-Hans
    """
    changes: list[EntityChange] = []
    for iri in before.entities.keys() | after.entities.keys():
        old, new = before.entities.get(iri), after.entities.get(iri)
        if old is None and new is not None:
            changes.append(EntityChange(iri, new.name, new.kind, Action.added, _summary(new)))
        elif new is None and old is not None:
            changes.append(EntityChange(iri, old.name, old.kind, Action.removed, _summary(old)))
        elif old is not None and new is not None:
            properties = _property_changes(old, new)
            if properties:
                changes.append(EntityChange(iri, new.name, new.kind, Action.changed, properties=properties))
    changes.sort(key=lambda c: (_kind_rank(c.kind), c.kind, c.name))
    return Changes(before.label, after.label, tuple(changes))


def _property_changes(old: Entity, new: Entity) -> tuple[PropertyChange, ...]:
    found = []
    if old.kinds != new.kinds:
        found.append(
            PropertyChange(
                "rdf:type", tuple(sorted(old.kinds - new.kinds)), tuple(sorted(new.kinds - old.kinds))
            )
        )
    # Deprecation first: it is what a reader of the change needs to know before anything else.
    for prop in sorted(old.values.keys() | new.values.keys(), key=lambda p: (p != "owl:deprecated", p)):
        was, now = old.values.get(prop, frozenset()), new.values.get(prop, frozenset())
        if was != now:
            found.append(PropertyChange(prop, tuple(sorted(was - now)), tuple(sorted(now - was))))
    return tuple(found)


def _summary(entity: Entity) -> str:
    said = []
    for prop in SUMMARY_PROPERTIES:
        values = entity.values.get(prop)
        if values:
            said.append(f"{WORDS.get(prop, prop)}: {', '.join(sorted(values))}")
    return "; ".join(said)


def _language(value: str) -> str:
    found = _LANGUAGE.search(value)
    return found.group(1) if found else ""


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
