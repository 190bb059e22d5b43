"""Issue 14, REST: documents, rounds, dialogue records, criteria, reference systems by slug, and the
reasoning answers (`/api/compare`, `/api/overlap`, `/api/classify`) equal to the command line's JSON,
all from a real `govlex serve` read with httpx."""

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers import run_cli
from servers import govlex_server

from govlex.build import NQUADS
from govlex.reasoning.results import ScopeData
from govlex.store import EmbeddedStore, store_from_nquads

AWS = "autonomous-weapons-systems"
ID = "https://w3id.org/govlex/id/"


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with govlex_server(tmp_path_factory.mktemp("serve-14"), built) as url:
        yield url


@pytest.fixture(scope="module")
def data(built: Path) -> ScopeData:
    return ScopeData.from_store(EmbeddedStore(store_from_nquads(built / NQUADS)))


def get(server: str, path: str, **params: str | list[str]) -> httpx.Response:
    return httpx.get(server + path, params=params, timeout=60)


def test_a_document_lists_what_cites_it_with_locators(server: str) -> None:
    body = get(server, "/api/sources/dodd-3000-09-2023").json()
    assert body["source"]["identifier"] == "DoDD 3000.09"
    readings = [c for c in body["citing"] if c["kind"] == "interpretation"]
    assert readings and all(c["locator"] and c["concept"] for c in readings)
    assert f"{ID}interpretation/{AWS}--us-dodd-3000-09-2023" in {c["subject"]["iri"] for c in readings}


def test_documents_filter_and_sort(server: str) -> None:
    everything = get(server, "/api/sources").json()
    chinese = get(server, "/api/sources", jurisdiction="CN").json()
    assert chinese and all(s["jurisdiction"] == "CN" for s in chinese)
    assert len(chinese) < len(everything)
    directives = get(server, "/api/sources", type="directiveDocument").json()
    assert directives and all(s["document_type"] == "directiveDocument" for s in directives)
    by_dod = get(server, "/api/sources", issuer="us-dod", year="2023").json()
    assert by_dod and all(s["issuer"]["slug"] == "us-dod" and s["issued"].startswith("2023") for s in by_dod)
    newest = [s["issued"] for s in get(server, "/api/sources", sort="-date").json() if s["issued"]]
    assert newest == sorted(newest, reverse=True)
    assert get(server, "/api/sources", sort="sideways").status_code == 422


def test_a_round_and_the_dialogue(server: str) -> None:
    round_9 = get(server, "/api/rounds/9").json()
    assert {
        link["target"]["slug"] for link in round_9["links"] if link["property"]["slug"] == "discussed"
    } >= {
        "lethality",
        AWS,
    }
    assert round_9["citations"][0]["locator"]
    dialogue = get(server, "/api/dialogue").json()
    numbers = [int(r["slug"]) for r in dialogue["rounds"]]
    assert numbers == sorted(numbers) and 9 in numbers
    assert dialogue["risks"] and dialogue["scenarios"] and dialogue["tallies"] and dialogue["events"]
    assert dialogue["pathways"] and all(p["kind"] == "finding" for p in dialogue["pathways"])
    scenario = get(server, "/api/dialogue/scenario/heterogeneous-uav-swarms").json()
    assert "intelligent-swarm-systems" in {link["target"]["slug"] for link in scenario["links"]}
    assert get(server, "/api/dialogue/planet/x").status_code == 404
    assert get(server, "/api/rounds/99").status_code == 404


def test_a_criterion_by_side_and_its_systems(server: str, data: ScopeData) -> None:
    slug = "selects-targets-without-human-intervention"
    body = get(server, f"/api/criteria/{slug}").json()
    requiring = {r["reading"]["iri"] for r in body["requiring"]}
    assert requiring == {
        r.iri for r in data.readings.values() if ID + "criterion/" + slug in r.criterion_iris
    }
    assert {r["side"] for r in body["requiring"]} >= {"US", "CN"}
    assert all(c["citations"] for c in body["exhibited_by"])
    assert get(server, "/api/criteria/nothing").json()["known"]


def test_a_system_gives_the_classify_answer(server: str, data: ScopeData) -> None:
    body = get(server, "/api/systems/iai-harpy").json()
    system = ID + "system/iai-harpy"
    assert {r["reading"]["iri"] for r in body["covered_by"]} == {
        r.iri for r in data.readings.values() if system in r.system_iris
    }
    for uncovered in body["not_covered_by"]:
        reading = data.readings[uncovered["reading"]["reading"]["iri"]]
        assert {m["iri"] for m in uncovered["missing"]} == reading.criterion_iris - data.exhibits[system]
        assert uncovered["missing"]


def test_compare_overlap_classify_equal_the_command_line(server: str, built: Path) -> None:
    env = {"GOVLEX_BUILD_DIR": str(built)}
    cases = [
        (
            "/api/compare",
            {"a": f"{AWS}@us", "b": f"{AWS}@cn"},
            ["compare", f"{AWS}@us", f"{AWS}@cn", "-f", "json"],
        ),
        (
            "/api/overlap",
            {"of": "concepts", "party": "cn"},
            ["overlap", "--of", "concepts", "--party", "cn", "-f", "json"],
        ),
        ("/api/overlap", {"glossary": ["us"]}, ["overlap", "--glossary", "us", "-f", "json"]),
    ]
    for path, params, command in cases:
        cli = run_cli(*command, env=env)
        assert cli.returncode == 0, cli.stderr
        assert get(server, path, **params).json() == json.loads(cli.stdout), path
    classified = get(server, "/api/classify/iai-harpy").json()
    assert classified["covering"] == sum(r["covers"] for r in classified["readings"]) > 0


def test_reasoning_routes_refuse_bad_input_clearly(server: str) -> None:
    mixed = get(server, "/api/compare", a=AWS, b=f"interp:{AWS}--cn-ccw-2018")
    assert mixed.status_code == 400 and "not one of each" in mixed.json()["detail"]
    assert get(server, "/api/compare", a="nothing", b=AWS).status_code == 404
    assert get(server, "/api/overlap", glossary="nowhere").status_code == 404
    assert get(server, "/api/overlap", party="mars").status_code == 422
    assert get(server, "/api/classify/no-such-system").json()["known"]


def test_every_new_route_has_an_example(server: str) -> None:
    paths = get(server, "/openapi.json").json()["paths"]
    for path in (
        "/api/sources/{slug}",
        "/api/rounds/{slug}",
        "/api/dialogue",
        "/api/dialogue/{kind}/{slug}",
        "/api/criteria/{slug}",
        "/api/systems/{slug}",
        "/api/compare",
        "/api/overlap",
        "/api/classify/{system}",
    ):
        content = paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        assert content.get("example"), path
