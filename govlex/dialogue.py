"""The dialogue for readers: its rounds in time order, working groups, term tallies, official-track events,
the risks the reports name, the scenarios studied, the response mechanisms planned and the pathways
for AI security governance the reports set out.

Everything is read as `govlex.entities.Entity`, so each item carries its sourced citations; the
dialogue page and `/api/dialogue` show this one reading.
"""

from dataclasses import dataclass

from govlex.catalog import GLX_NS, slug_of
from govlex.entities import Entity, get_entity, kind_of
from govlex.errors import UnknownName
from govlex.store import QueryStore

# The kinds of the dialogue's records, each with its class (the IRI's kind is the page's kind).
DIALOGUE_KINDS = {
    "round": "DialogueRound",
    "working-group": "WorkingGroup",
    "tally": "TermTally",
    "event": "Event",
    "risk": "Risk",
    "scenario": "Scenario",
    "response-mechanism": "ResponseMechanism",
}


@dataclass(frozen=True)
class Dialogue:
    """The dialogue and everything recorded about it."""

    dialogue: Entity | None
    rounds: tuple[Entity, ...]
    working_groups: tuple[Entity, ...]
    tallies: tuple[Entity, ...]
    events: tuple[Entity, ...]
    risks: tuple[Entity, ...]
    scenarios: tuple[Entity, ...]
    mechanisms: tuple[Entity, ...]
    pathways: tuple[Entity, ...] = ()
    """The pathways for AI security governance the reports name (`glx:GovernancePathway` findings)."""


def _iris_of_class(store: QueryStore, class_local: str) -> list[str]:
    rows = store.select(f"SELECT DISTINCT ?s WHERE {{ ?s a <{GLX_NS}{class_local}> FILTER(isIRI(?s)) }}")
    return [r["s"].value for r in rows if kind_of(r["s"].value)]


def members(store: QueryStore, class_local: str) -> tuple[Entity, ...]:
    """Every govlex individual of `glx:{class_local}`, read in full."""
    found = [get_entity(store, kind_of(iri), slug_of(iri)) for iri in _iris_of_class(store, class_local)]
    return tuple(sorted(found, key=_order))


def _order(entity: Entity) -> tuple[int, str, str]:
    number = entity.fact("roundNumber")
    return (int(number) if number.isdigit() else 0, entity.fact("date"), entity.label_en.lower())


def get_dialogue(store: QueryStore) -> Dialogue:
    """The dialogue with its rounds (in order), groups, tallies, events (by date), risks, scenarios, mechanisms."""
    dialogues = members(store, "Dialogue")
    return Dialogue(
        dialogue=dialogues[0] if dialogues else None,
        rounds=members(store, "DialogueRound"),
        working_groups=members(store, "WorkingGroup"),
        tallies=members(store, "TermTally"),
        events=members(store, "Event"),
        risks=members(store, "Risk"),
        scenarios=members(store, "Scenario"),
        mechanisms=members(store, "ResponseMechanism"),
        pathways=members(store, "GovernancePathway"),
    )


def get_record(store: QueryStore, kind: str, slug: str) -> Entity:
    """One of the dialogue's records (`round`, `risk`, `scenario`, …) by slug; `UnknownName` when the kind
    is not one of `DIALOGUE_KINDS` or the slug names nothing of that class."""
    if kind not in DIALOGUE_KINDS:
        raise UnknownName("kind of dialogue record", kind, list(DIALOGUE_KINDS))
    iris = _iris_of_class(store, DIALOGUE_KINDS[kind])
    known = [slug_of(iri) for iri in iris if kind_of(iri) == kind]
    if slug not in known:
        raise UnknownName(kind, slug, known)
    return get_entity(store, kind, slug)
