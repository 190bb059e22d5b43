"""Issue 14, pages over HTTP: every new kind of page answers in both languages, /id sends browsers to the
pages (303) and machines still get RDF, /sparql sends browsers to the query page, controlled values are
words, and every page carries its cite block and download links — against a real `govlex serve`."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from servers import govlex_server

from govlex.cite import Citable

AWS = "autonomous-weapons-systems"
ID = "https://w3id.org/govlex/id/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PAGES = {
    "sources": "/sources",
    "source": "/source/dodd-3000-09-2023",
    "dialogue": "/dialogue",
    "round": "/round/9",
    "risk": "/risk/ai-unpredictability",
    "scenario": "/scenario/heterogeneous-uav-swarms",
    "criterion": "/criterion/selects-targets-without-human-intervention",
    "system": "/system/iai-harpy",
    "concept": f"/concept/{AWS}",
}


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with govlex_server(tmp_path_factory.mktemp("serve-14-pages"), built) as url:
        yield url


def get(server: str, path: str, accept: str = BROWSER) -> httpx.Response:
    return httpx.get(server + path, headers={"Accept": accept}, timeout=60)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", PAGES)
def test_each_kind_of_page_answers_in_both_languages(server: str, name: str, lang: str) -> None:
    response = get(server, PAGES[name] + ("?lang=zh" if lang == "zh" else ""))
    assert response.status_code == 200, response.text
    assert f'lang="{"zh-Hans" if lang == "zh" else "en"}"' in response.text
    assert 'class="cite"' in response.text and "@misc{govlex-" in response.text
    if name != "sources":  # the index cites the dataset; each entity downloads its own description
        assert "?format=ttl" in response.text and "?format=jsonld" in response.text


@pytest.mark.parametrize(
    ("iri_path", "page"),
    [
        (f"concept/{AWS}", f"/concept/{AWS}"),
        (f"interpretation/{AWS}--cn-ccw-2018", f"/concept/{AWS}#{AWS}--cn-ccw-2018"),
        ("source/dodd-3000-09-2023", "/source/dodd-3000-09-2023"),
        ("round/9", "/round/9"),
        ("risk/ai-unpredictability", "/risk/ai-unpredictability"),
        ("criterion/lethal-effect", "/criterion/lethal-effect"),
        ("system/iai-harpy", "/system/iai-harpy"),
        ("dialogue/china-us-track-ii-ai-security", "/dialogue"),
    ],
)
def test_id_sends_browsers_to_the_page_and_machines_get_rdf(server: str, iri_path: str, page: str) -> None:
    redirected = get(server, f"/id/{iri_path}")
    assert redirected.status_code == 303 and redirected.headers["location"] == page
    assert (
        get(server, f"/id/{iri_path}?lang=zh").headers["location"].startswith(page.split("#")[0] + "?lang=zh")
    )
    turtle = get(server, f"/id/{iri_path}", accept="text/turtle")
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert (URIRef(ID + iri_path), None, None) in Graph().parse(data=turtle.text, format="turtle")


def test_download_links_give_rdf_whatever_the_browser_accepts(server: str) -> None:
    for fmt, rdflib_format, media in (
        ("ttl", "turtle", "text/turtle"),
        ("jsonld", "json-ld", "application/ld+json"),
    ):
        response = get(server, f"/id/round/9?format={fmt}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        graph = Graph().parse(data=response.text, format=rdflib_format)
        assert (URIRef(ID + "round/9"), None, None) in graph


def test_a_thing_without_its_own_page_shows_labels_not_iris(server: str) -> None:
    turtle = get(
        server,
        "/sparql?query="
        + "SELECT%20%3Fr%20WHERE%20%7B%20%3Fr%20a%20%3Chttps%3A%2F%2Fw3id.org%2Fgovlex%2Fontology%23BuildRun%3E%20%7D",
        accept="application/sparql-results+json",
    )
    run = turtle.json()["results"]["bindings"][0]["r"]["value"]
    page = get(server, "/id/" + run.removeprefix(ID))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert ">started at time<" in page.text or ">reasoner<" in page.text
    assert ">https://w3id.org/govlex/ontology#reasoner<" not in page.text


def test_sparql_sends_browsers_to_the_query_page_and_clients_get_the_description(server: str) -> None:
    browser = get(server, "/sparql")
    assert browser.status_code == 303 and browser.headers["location"] == "/query"
    client = get(server, "/sparql", accept="text/turtle")
    assert client.status_code == 200 and "sparql-service-description" in client.text


def test_controlled_values_are_words_in_both_languages(server: str) -> None:
    concept = get(server, "/concept/weapons-systems").text
    assert "scopeDivergence" not in concept and ">scope<" in concept
    assert ">范围<" in get(server, "/concept/weapons-systems?lang=zh").text
    documents = get(server, "/sources").text
    assert not re.search(r">\s*\w+Document\s*<", documents) and ">directive<" in documents
    assert ">指令<" in get(server, "/sources?lang=zh").text


def test_the_documents_index_filters_and_sorts(server: str) -> None:
    everything = get(server, "/sources?sort=title").text
    chinese = get(server, "/sources?jurisdiction=CN&sort=-date").text
    rows = re.findall(r"<tr><td>(\d{4}[-\d]*)</td>", chinese)
    assert rows and rows == sorted(rows, reverse=True)
    assert chinese.count("<tr><td>") < everything.count("<tr><td>")
    assert get(server, "/sources?sort=up").status_code == 422


def test_the_concept_page_links_its_verdicts_to_criteria_and_systems(server: str) -> None:
    page = get(server, f"/concept/{AWS}").text
    verdicts = page.split('class="verdicts"', 1)[1].split("</section>", 1)[0]
    assert "narrower in scope than" in verdicts or "broader in scope than" in verdicts
    assert 'href="/criterion/' in verdicts
    assert 'href="/system/iai-harpy"' in page


def test_the_cite_block_parses_as_csl_json_and_bibtex(server: str) -> None:
    page = get(server, "/round/9").text
    csl = re.search(r"<summary>CSL-JSON</summary><pre tabindex=\"0\">(.*?)</pre>", page, re.S)
    assert csl is not None
    item = json.loads(csl.group(1).replace("&#34;", '"').replace("&quot;", '"'))[0]
    assert (
        item["URL"] == ID + "round/9"
        and item["title"] == "Round 9"
        and item["issued"]["date-parts"][0][0] > 2000
    )
    assert Citable(ID + "round/9", "Round 9", "2026-01-02").key() in page
