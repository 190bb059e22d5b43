"""Vocabularies loaded with `govlex link add` are served by `govlex serve`, each in its named graph."""

import shutil
from pathlib import Path

import httpx
from helpers import run_cli
from servers import govlex_server

TINY = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/tiny#Drone> a skos:Concept ; skos:prefLabel "Drone"@en .
"""


def test_linked_vocabulary_is_served_in_its_graph(built: Path, tmp_path: Path) -> None:
    shutil.copytree(built, tmp_path / "build")
    vocabulary = tmp_path / "tiny.ttl"
    vocabulary.write_text(TINY, encoding="utf-8")
    added = run_cli("link", "add", "tiny", str(vocabulary), env={"GOVLEX_BUILD_DIR": str(tmp_path / "build")})
    assert added.returncode == 0, added.stderr
    query = """SELECT ?label WHERE { GRAPH <https://w3id.org/govlex/graph/external/tiny> {
                 <https://example.org/tiny#Drone> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } }"""
    with govlex_server(tmp_path, built) as base:
        answer = httpx.get(f"{base}/sparql", params={"query": query}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert [b["label"]["value"] for b in answer.json()["results"]["bindings"]] == ["Drone"]
