"""The `govlex` command line, run as a subprocess the way a user runs it."""

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import FIXTURES, VALID_BASE, run_cli


@pytest.fixture(scope="module")
def build_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {"GOVLEX_BUILD_DIR": str(tmp_path_factory.mktemp("cli") / "build")}
    assert run_cli("build", env=env).returncode == 0
    return env


@pytest.mark.parametrize("command", ["validate", "build", "query", "export", "stats"])
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "Usage" in result.stdout


def test_validate_passes_on_bundled_data() -> None:
    result = run_cli("validate")
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_validate_reports_shape_file_and_subject() -> None:
    fixture = FIXTURES / "invalid" / "SourceJurisdiction--unknown.ttl"
    result = run_cli("validate", "--no-reasoner", "-d", str(VALID_BASE), "-d", str(fixture))
    assert result.returncode == 1
    assert "SourceJurisdiction" in result.stderr
    assert fixture.name in result.stderr
    assert "id/source/elsewhere" in result.stderr


def test_broken_turtle_gives_one_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix glx: <https://w3id.org/govlex/ontology#> .\n\nglx:a glx:b glx:e .\nglx:c glx:d .\n",
        encoding="utf-8",
    )
    result = run_cli("validate", "-d", str(broken))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{broken}:4" in result.stderr.replace("\n", "")


def test_invalid_utf8_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "latin1.ttl"
    broken.write_bytes('<urn:a> <urn:b> "caf\xe9" .\n'.encode("latin-1"))
    result = run_cli("validate", "-d", str(broken))
    assert result.returncode == 1
    assert "not valid UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_query_named_as_csv(build_env: dict[str, str]) -> None:
    result = run_cli("query", "concepts-with-labels", "-o", "csv", env=build_env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"concept", "en", "zh"} <= set(rows[0])
    assert all(row["concept"].startswith("https://w3id.org/govlex/id/concept/") for row in rows)


def test_query_from_stdin_as_json(build_env: dict[str, str]) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/govlex/ontology#Concept> }"
    result = run_cli("query", "-", "-o", "json", env=build_env, input_text=query)
    assert result.returncode == 0, result.stderr
    count = int(json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"])
    listed = run_cli("query", "concepts-with-labels", "-o", "csv", env=build_env).stdout
    assert count == len(list(csv.DictReader(io.StringIO(listed))))


def test_unknown_query_lists_the_known_ones(build_env: dict[str, str]) -> None:
    result = run_cli("query", "no-such-query", env=build_env)
    assert result.returncode == 1
    assert "concepts-with-labels" in result.stderr


def test_query_parameter_errors_are_clear(build_env: dict[str, str]) -> None:
    result = run_cli("query", "concept-interpretations", "-p", "colour=blue", env=build_env)
    assert result.returncode == 1
    assert "concept" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("turtle", "@prefix"),
        ("jsonld", "@id"),
        ("rdfxml", "rdf:RDF"),
        ("ntriples", "> ."),
        ("trig", "GRAPH"),
        ("nquads", "graph/data>"),
    ],
)
def test_export_formats_parse_back(build_env: dict[str, str], fmt: str, marker: str, tmp_path: Path) -> None:
    from rdflib import Dataset

    out = tmp_path / f"export.{fmt}"
    result = run_cli("export", "-f", fmt, "-o", str(out), env=build_env)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert marker in text or (fmt == "trig" and "{" in text)
    parsed = Dataset()
    parsed.parse(
        data=text,
        format={
            "turtle": "turtle",
            "jsonld": "json-ld",
            "rdfxml": "xml",
            "ntriples": "nt",
            "trig": "trig",
            "nquads": "nquads",
        }[fmt],
    )
    assert len(parsed) > 100 or sum(len(g) for g in parsed.graphs()) > 100


def test_stats_coverage(build_env: dict[str, str]) -> None:
    result = run_cli("stats", "--coverage", env=build_env)
    assert result.returncode == 0, result.stderr
    assert "Concept" in result.stdout and "coverage" in result.stdout
    # Issue 12: per scheme and overall, with the reliability distribution and the verified share.
    assert "all concepts" in result.stdout and "round 9" in result.stdout
    assert "interpretations verified on official or reputable-secondary evidence:" in result.stdout


def test_query_with_parameter(build_env: dict[str, str]) -> None:
    concept = "https://w3id.org/govlex/id/concept/lethality"
    result = run_cli(
        "query", "concept-interpretations", "-p", f"concept={concept}", "-o", "csv", env=build_env
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["country"] for row in rows} == {"US", "CN"}
    assert all(row["_concept_iri"] == concept for row in rows)
