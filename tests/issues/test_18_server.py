"""Issue 18 against a real `govlex serve`: release IRIs keep resolving, the VoID description lists releases,
/changes and the Atom feeds say what changed, concept history in the API, deprecated IRIs keep answering."""

import hashlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF
from servers import govlex_data_server

from govlex.history.release import release_files, release_iri

ATOM = "{http://www.w3.org/2005/Atom}"


def test_release_iris_resolve_to_their_description_and_exact_files(
    history_server: str, releases: Path
) -> None:
    # 0.1.0 is the older release: a newer one exists, and its IRIs still answer with the same bytes.
    answer = httpx.get(f"{history_server}/release/0.1.0", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200, answer.text
    described = Graph().parse(data=answer.text, format="turtle")
    assert (release_iri("0.1.0"), RDF.type, DCAT.Dataset) in described
    assert (release_iri("0.1.0"), URIRef(str(DCAT) + "version"), Literal("0.1.0")) in described
    for name, (media, checksum) in release_files("0.1.0", releases).items():
        served = httpx.get(f"{history_server}/release/0.1.0/{name}")
        assert served.status_code == 200
        assert hashlib.sha256(served.content).hexdigest() == checksum
        assert served.headers["content-type"].split(";")[0] == media
    as_json_ld = httpx.get(f"{history_server}/release/0.2.0/", headers={"Accept": "application/ld+json"})
    graph = Graph().parse(data=as_json_ld.text, format="json-ld")
    assert (release_iri("0.2.0"), PROV.wasRevisionOf, release_iri("0.1.0")) in graph


def test_unknown_release_or_file_is_a_404_naming_what_exists(history_server: str) -> None:
    missing = httpx.get(f"{history_server}/release/0.9.0")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no release '0.9.0'; releases: 0.1.0, 0.2.0"
    no_file = httpx.get(f"{history_server}/release/0.1.0/govlex.ttl")
    assert no_file.status_code == 404 and "govlex.nq" in no_file.json()["detail"]


def test_void_lists_every_release(history_server: str) -> None:
    answer = httpx.get(f"{history_server}/.well-known/void", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=answer.text, format="turtle")
    dataset = URIRef("https://w3id.org/govlex/dataset")
    assert set(graph.objects(dataset, DCTERMS.hasVersion)) == {release_iri("0.1.0"), release_iri("0.2.0")}
    assert (release_iri("0.2.0"), DCAT.distribution, release_iri("0.2.0", "govlex.nq")) in graph


def test_changes_as_json_and_html(history_server: str) -> None:
    between = httpx.get(
        f"{history_server}/changes", params={"from": "0.1.0", "to": "0.2.0", "format": "json"}
    )
    assert between.json()["counts"] == {"added": 1, "removed": 0, "changed": 3}
    # The server holds state b, which is what 0.2.0 released: nothing changed since.
    since = httpx.get(f"{history_server}/changes", headers={"Accept": "application/json"})
    assert since.json()["from"] == "0.2.0" and since.json()["changes"] == []
    page = httpx.get(f"{history_server}/changes", params={"from": "0.1.0"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "glossary changed from glossary/test to glossary/test-cn" in page.text


def test_atom_feeds_list_releases_and_their_changes(history_server: str) -> None:
    feed = ElementTree.fromstring(httpx.get(f"{history_server}/changes.atom").content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        str(release_iri("0.2.0")),
        str(release_iri("0.1.0")),
    ]
    newest = entries[0].findtext(f"{ATOM}content") or ""
    assert "Deprecated concepts: concept/test-old-term" in newest
    assert "New concepts: none" in newest
    one = ElementTree.fromstring(httpx.get(f"{history_server}/release/0.2.0/changes.atom").content)
    assert len(one.findall(f"{ATOM}entry")) == 4


def test_concept_history_in_the_api(history_server: str) -> None:
    history = httpx.get(f"{history_server}/api/concepts/test-autonomous-weapon").json()["history"]
    assert [(r["date"], r["side"]) for r in history["readings"]] == [
        ("2012-11-21", "us"),
        ("2018-04-11", "cn"),
        ("2022-07-25", "cn"),
        ("2023-01-25", "us"),
    ]
    in_020 = [c["words"] for c in history["changes"] if c["release"] == "0.2.0"]
    assert any("preferred label (zh-hans) changed from" in w and "测试自主武器系统" in w for w in in_020)
    assert any(w.startswith("added interpretation/test-autonomous-weapon--cn-2022") for w in in_020)
    assert history["deprecated"] is False and history["notes"] == []


def test_deprecated_concept_keeps_answering_with_its_replacement(history_server: str) -> None:
    data = httpx.get(f"{history_server}/id/concept/test-old-term", headers={"Accept": "text/turtle"})
    assert data.status_code == 200
    assert data.headers["link"] == '<https://w3id.org/govlex/id/concept/test-weapon>; rel="successor-version"'
    described = Graph().parse(data=data.text, format="turtle")
    old = URIRef("https://w3id.org/govlex/id/concept/test-old-term")
    assert (old, DCTERMS.isReplacedBy, URIRef("https://w3id.org/govlex/id/concept/test-weapon")) in described
    page = httpx.get(f"{history_server}/concept/test-old-term")
    assert page.status_code == 200 and 'class="replaced-by" href="/concept/test-weapon"' in page.text
    api = httpx.get(f"{history_server}/api/concepts/test-old-term").json()["history"]
    assert api["deprecated"] is True
    assert api["notes"][0]["text"].startswith("Withdrawn")


def test_convergence_figures_are_served(history_server: str) -> None:
    # The first figure loads matplotlib into the server, which takes a while on a busy machine.
    figure = httpx.get(f"{history_server}/convergence/test-autonomous-weapon.svg", timeout=120)
    assert figure.status_code == 200 and figure.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in figure.content
    one_side = httpx.get(f"{history_server}/convergence/test-weapon.png", timeout=60)
    assert one_side.status_code == 404  # read by one side only
    assert "test-autonomous-weapon" in one_side.json()["known"]


@pytest.fixture(scope="module")
def older_server(releases: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`govlex serve` over state a (release 0.1.0's data), with the later release 0.2.0 in its folder."""
    tmp = tmp_path_factory.mktemp("serve-older")
    with govlex_data_server(
        tmp, releases / "0.1.0" / "govlex.nq", {"GOVLEX_RELEASES_DIR": str(releases)}
    ) as url:
        yield url


def test_a_published_iri_missing_from_the_served_data_is_gone_not_unknown(older_server: str) -> None:
    # The 2022 reading was published in 0.2.0; this server holds the data of 0.1.0, which lacks it.
    gone = httpx.get(f"{older_server}/id/interpretation/test-autonomous-weapon--cn-2022", timeout=60)
    assert gone.status_code == 410
    assert gone.json()["detail"].endswith("it was last published in release 0.2.0: /release/0.2.0")
    never = httpx.get(f"{older_server}/id/interpretation/no-such-reading", timeout=60)
    assert never.status_code == 404
    # What changed since the latest release is what 0.2.0 added, seen backwards.
    since = httpx.get(f"{older_server}/changes", params={"format": "json"}, timeout=60).json()
    assert since["from"] == "0.2.0" and since["counts"] == {"added": 0, "removed": 1, "changed": 3}
