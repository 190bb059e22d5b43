"""Issue 18: convergence of the two sides' readings over time, on the history test world and the bundled data."""

import json
from pathlib import Path

import pytest
from helpers import run_cli

from govlex.errors import GovlexError
from govlex.history.convergence import convergence, valid_since
from govlex.history.snapshot import store_of_nquads
from govlex.overlap import Measure
from govlex.reasoning.results import ScopeData

AUTONOMOUS_WEAPON = "https://w3id.org/govlex/id/concept/test-autonomous-weapon"


def _world(releases: Path) -> ScopeData:
    return ScopeData.from_store(store_of_nquads(releases / "0.2.0" / "govlex.nq"))


def test_each_point_compares_each_sides_latest_reading_as_of_its_date(releases: Path) -> None:
    (series,) = convergence(_world(releases), AUTONOMOUS_WEAPON)
    # U.S. 2012 and 2023 require {selects, engages}; China 2018 adds {unstoppable, evolves}, China 2022
    # only {unstoppable}. Before China's first reading (2018) there is nothing to compare.
    assert [(p.date, p.us.split("--")[1], p.cn.split("--")[1]) for p in series.points] == [
        ("2018-04-11", "us-2012", "cn-2018"),
        ("2022-07-25", "us-2012", "cn-2022"),
        ("2023-01-25", "us-2023", "cn-2022"),
    ]
    assert [p.distance(Measure.intension) for p in series.points] == [0.5, 0.3333, 0.3333]
    assert series.trend(Measure.intension) == ("closer", -0.1667, "2022-07-25")


def test_since_starts_from_the_state_at_that_date(releases: Path) -> None:
    (series,) = convergence(_world(releases), AUTONOMOUS_WEAPON, since="2020")
    assert [p.date for p in series.points] == ["2020", "2022-07-25", "2023-01-25"]
    assert series.points[0].cn.endswith("cn-2018")
    with pytest.raises(GovlexError, match="YYYY-MM-DD"):
        valid_since("20-01-2020")


def test_concepts_read_by_one_side_only_have_no_series(releases: Path) -> None:
    found = {s.concept.rsplit("/", 1)[-1] for s in convergence(_world(releases))}
    assert found == {"test-autonomous-weapon"}  # test-weapon and test-old-term have U.S. readings only


def test_convergence_draws_for_the_bundled_autonomous_weapons_systems(built: Path, tmp_path: Path) -> None:
    done = run_cli(
        "convergence",
        "autonomous-weapons-systems",
        "-f",
        "json",
        "--plot",
        str(tmp_path / "figures"),
        env={"GOVLEX_BUILD_DIR": str(built)},
    )
    assert done.returncode == 0, done.stderr
    (series,) = json.loads(done.stdout)
    used_us = {p["us"] for p in series["points"]}
    used_cn = {p["cn"] for p in series["points"]}
    # The U.S. directive of 2012 and its 2023 revision are both in data/; China's readings of 2022 and
    # 2024 are not (data/ holds China's 2018 position paper for this concept), so none is shown.
    assert {
        "autonomous-weapons-systems--us-dodd-3000-09-2012",
        "autonomous-weapons-systems--us-dodd-3000-09-2023",
    } <= used_us
    assert "autonomous-weapons-systems--cn-ccw-2018" in used_cn
    data = ScopeData.from_store(store_of_nquads(built / "govlex.nq"))
    assert used_cn <= {r.slug for r in data.readings.values() if r.side.name == "cn"}
    dates = [p["date"] for p in series["points"]]
    assert dates == sorted(dates) and dates[0] == "2018-04-11"  # no point before China's first reading
    for suffix in ("png", "svg"):
        figure = tmp_path / "figures" / f"autonomous-weapons-systems.{suffix}"
        assert figure.stat().st_size > 1000
    assert (tmp_path / "figures" / "autonomous-weapons-systems.png").read_bytes()[:4] == b"\x89PNG"


def test_a_withdrawn_reading_is_no_sides_reading(releases: Path) -> None:
    withdrawn = frozenset({"https://w3id.org/govlex/id/interpretation/test-autonomous-weapon--cn-2022"})
    (series,) = convergence(_world(releases), AUTONOMOUS_WEAPON, withdrawn=withdrawn)
    assert [(p.date, p.cn.split("--")[1]) for p in series.points] == [
        ("2018-04-11", "cn-2018"),
        ("2023-01-25", "cn-2018"),
    ]
    assert series.trend(Measure.intension) == ("unchanged", 0.0, "")
