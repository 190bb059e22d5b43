"""`govlex compare`, `overlap` and `classify` on the bundled data, run as a user runs them."""

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import run_cli

from govlex.build import NQUADS
from govlex.reasoning.results import ScopeData
from govlex.store import EmbeddedStore, store_from_nquads

INTERP = "https://w3id.org/govlex/id/interpretation/"
US_2023 = "autonomous-weapons-systems--us-dodd-3000-09-2023"
CN_2018 = "autonomous-weapons-systems--cn-ccw-2018"


@pytest.fixture(scope="module")
def env(built: Path) -> dict[str, str]:
    """Commands read the session's build of the bundled data; no Java on PATH, so nothing can reason."""
    empty = built.parent / "no-java-bin"
    empty.mkdir(exist_ok=True)
    return {"GOVLEX_BUILD_DIR": str(built), "PATH": str(empty)}


@pytest.fixture(scope="module")
def data(built: Path) -> ScopeData:
    return ScopeData.from_store(EmbeddedStore(store_from_nquads(built / NQUADS)))


@pytest.mark.parametrize("command", ["compare", "overlap", "classify"])
def test_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0 and "Usage" in result.stdout


def test_compare_by_party_prints_verdict_and_systems_without_java(
    env: dict[str, str], data: ScopeData
) -> None:
    wide = {**env, "COLUMNS": "400"}
    result = run_cli("compare", "autonomous-weapons-systems@us", "autonomous-weapons-systems@cn", env=wide)
    assert result.returncode == 0, result.stderr
    assert "side by side" in result.stdout and "scope verdict" in result.stdout and "HermiT" in result.stdout
    assert "readings; using" in result.stderr, "the choice among a side's several readings is said"
    us = data.resolve("autonomous-weapons-systems@us").readings[0]
    cn = data.resolve("autonomous-weapons-systems@cn").readings[0]
    assert data.verdict(us, cn).scope.value in result.stdout
    assert us.system_iris | cn.system_iris, "the bundled data has systems covered by these readings"
    for system in us.system_iris | cn.system_iris:
        assert data.label(system) in result.stdout


def test_compare_json_gives_the_reasoners_verdict_with_parts(env: dict[str, str], data: ScopeData) -> None:
    result = run_cli("compare", US_2023, f"interp:{CN_2018}", "-f", "json", env=env)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    us, cn = data.readings[INTERP + US_2023], data.readings[INTERP + CN_2018]
    [verdict] = payload["verdicts"]
    assert verdict["scope"] == data.verdict(us, cn).scope.value
    intension = payload["overlap"]["intension"]
    assert set(intension["only_b"]) == cn.criterion_iris - us.criterion_iris
    assert set(payload["overlap"]["extension"]["only_a"]) == us.system_iris - cn.system_iris
    assert set(payload["a"]["readings"][0]["covers"]) == us.system_iris
    assert payload["overlap"]["text"]["shared_terms"], "text similarity comes with its shared terms"


def test_compare_two_concepts_lists_verdicts_per_reading_pair(env: dict[str, str], data: ScopeData) -> None:
    result = run_cli(
        "compare", "autonomous-weapons-systems", "concept:weapons-systems", "-f", "json", env=env
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["a"]["kind"] == payload["b"]["kind"] == "concept"
    left = data.readings_of("https://w3id.org/govlex/id/concept/autonomous-weapons-systems")
    right = data.readings_of("https://w3id.org/govlex/id/concept/weapons-systems")
    assert len(payload["verdicts"]) == len(left) * len(right)


def test_compare_rejects_mixed_and_unknown_names(env: dict[str, str]) -> None:
    mixed = run_cli("compare", "autonomous-weapons-systems", US_2023, env=env)
    assert mixed.returncode == 1 and "not one of each" in mixed.stderr
    unknown = run_cli("compare", "autonomous-weapon-system", US_2023, env=env)
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert "autonomous-weapons-systems" in unknown.stderr, "close names are suggested"
    party = run_cli("compare", "autonomous-weapons-systems@eu", US_2023, env=env)
    assert party.returncode == 1 and "unknown party" in party.stderr


def test_overlap_csv_rows_carry_their_parts(env: dict[str, str]) -> None:
    result = run_cli("overlap", env=env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    items = {row["a"] for row in rows} | {row["b"] for row in rows}
    assert len(rows) == len(items) * (len(items) - 1) // 2
    for row in rows:
        parts = [
            len(row[k].split(";")) if row[k] else 0
            for k in ("criteria_shared", "criteria_only_a", "criteria_only_b")
        ]
        assert float(row["intension"]) == pytest.approx(parts[0] / sum(parts), abs=1e-4)


def test_overlap_json_for_concepts_by_party_is_a_symmetric_matrix(env: dict[str, str]) -> None:
    result = run_cli("overlap", "--of", "concepts", "--party", "cn", "-f", "json", env=env)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    size = len(payload["items"])
    assert size >= 2
    for matrix in payload["matrices"].values():
        assert len(matrix) == size
        assert all(matrix[i][j] == matrix[j][i] for i in range(size) for j in range(size))


def test_overlap_filters_by_glossary(env: dict[str, str], data: ScopeData) -> None:
    result = run_cli("overlap", "--glossary", "us", "-f", "json", env=env)
    assert result.returncode == 0, result.stderr
    for item in json.loads(result.stdout)["items"]:
        concept = data.readings[item["iri"]].concept
        assert "https://w3id.org/govlex/id/glossary/us" in data.concept_glossaries[concept]
    unknown = run_cli("overlap", "--glossary", "nowhere", env=env)
    assert unknown.returncode == 1 and "no glossary named 'nowhere'" in unknown.stderr


def test_classify_names_the_covering_interpretations_and_why(env: dict[str, str], data: ScopeData) -> None:
    covered = {s for r in data.readings.values() for s in r.system_iris}
    system = sorted(covered)[0]
    result = run_cli("classify", system.rsplit("/", 1)[-1], "--all", env=env)
    assert result.returncode == 0, result.stderr
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if line.count("│") >= 4}
    for reading in data.readings.values():
        if reading.criterion_iris and reading.slug in rows:
            assert (" yes " in rows[reading.slug]) == (system in reading.system_iris), reading.slug
    covering = sum(system in r.system_iris for r in data.readings.values())
    assert f"{covering} of" in result.stdout
    assert run_cli("classify", "no-such-system", env=env).returncode == 1


def test_build_without_java_says_how_to_install_it(tmp_path: Path) -> None:
    result = run_cli("build", env={"GOVLEX_BUILD_DIR": str(tmp_path / "build"), "PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "needs Java" in result.stderr and "Traceback" not in result.stderr
