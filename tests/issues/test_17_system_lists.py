"""Issue 17: a reference system's page lists a bounded number of readings (at 10,000 concepts thousands
cover a system and thousands do not), with the totals, and reads the system without the links pointing
at it; the API still lists every reading."""

from dataclasses import replace
from pathlib import Path

import pytest

from govlex.criteria import get_system
from govlex.entities import get_entity
from govlex.reasoning.results import scope_data
from govlex.store import EmbeddedStore, QueryStore, store_from_nquads

SYSTEM = "iai-harpy"


@pytest.fixture(scope="module")
def bundled(built: Path) -> QueryStore:
    return EmbeddedStore(store_from_nquads(built / "govlex.nq"))


def test_listed_readings_are_the_first_covering_and_the_nearest_not_covering(bundled: QueryStore) -> None:
    every = get_system(bundled, SYSTEM)
    assert len(every.covered_by) == every.covered_total >= 1
    assert len(every.not_covered_by) == every.not_covered_total >= 2
    one = get_system(bundled, SYSTEM, listed=1)
    assert (one.covered_total, one.not_covered_total) == (every.covered_total, every.not_covered_total)
    assert one.covered_by == every.covered_by[:1]
    assert len(one.not_covered_by) == 1
    fewest = min(len(u.missing) for u in every.not_covered_by)
    assert len(one.not_covered_by[0].missing) == fewest
    assert one.not_covered_by[0] in every.not_covered_by
    # Every reading with criteria is in exactly one of the two counts.
    with_criteria = [r for r in scope_data(bundled).readings.values() if r.criteria]
    assert every.covered_total + every.not_covered_total == len(with_criteria)


def test_a_system_read_without_incoming_links_differs_only_by_them(bundled: QueryStore) -> None:
    whole = get_entity(bundled, "system", SYSTEM)
    own = get_entity(bundled, "system", SYSTEM, incoming=False)
    assert any(link.inverse for link in whole.links)  # readings cover it: there is something to leave out
    assert own == replace(whole, links=tuple(link for link in whole.links if not link.inverse))
