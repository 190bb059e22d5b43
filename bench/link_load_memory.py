"""Peak memory of `govlex link add` on large generated ontologies, against parsing the same file in memory.

For each syntax (OBO-style RDF/XML and the OBO flat file by default; OWL/XML, JSON-LD and N-Triples on
request) and each size (a baseline size and the large one), the script writes an ontology of classes
on AI-sounding made-up topics, each with an rdfs:label, two oboInOwl synonyms, an IAO definition and
a parent, then runs `govlex link add` on it in a child process and reads the child's peak resident
memory from the kernel (wait4). In the same run, a second child parses the same file into an
in-memory pyoxigraph store — what loading cost before it went to disk. The report gives both peaks
and their ratio per size, and how the peak grew from the baseline size to the large one.

    .venv/bin/python bench/link_load_memory.py                       # 20 MB baseline, 200 MB large
    .venv/bin/python bench/link_load_memory.py --megabytes 50 --syntaxes rdfxml,obo,owlxml

Not a test: it takes minutes and its numbers depend on the machine.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

OBO = "http://purl.obolibrary.org/obo/"
WORDS = ("learning", "model", "agent", "risk", "oversight", "robot", "system", "bias", "audit", "control")


def _topics(count: int) -> Iterator[tuple[str, str, str, str, str]]:
    """(id, label, exact synonym, related synonym, definition) for `count` made-up classes."""
    for number in range(count):
        a, b, c = WORDS[number % 10], WORDS[(number // 10) % 10], WORDS[(number // 100) % 10]
        label = f"{a} {b} {c} {number}"
        yield (
            f"BENCH_{number:08d}",
            label,
            f"{c} {a} {number}",
            f"{b} of {a} {number}",
            f"A made-up class number {number}, about the {a} of a {b} {c}, written for a benchmark.",
        )


def _parent(number: int) -> str:
    return f"BENCH_{number // 10:08d}"


def write_rdfxml(out: TextIO, count: int) -> None:
    out.write(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:owl="http://www.w3.org/2002/07/owl#" '
        'xmlns:obo="http://purl.obolibrary.org/obo/" '
        'xmlns:oboInOwl="http://www.geneontology.org/formats/oboInOwl#">\n'
    )
    for number, (ident, label, exact, related, definition) in enumerate(_topics(count)):
        out.write(
            f'<owl:Class rdf:about="{OBO}{ident}"><rdfs:label>{label}</rdfs:label>'
            f"<oboInOwl:hasExactSynonym>{exact}</oboInOwl:hasExactSynonym>"
            f"<oboInOwl:hasRelatedSynonym>{related}</oboInOwl:hasRelatedSynonym>"
            f"<obo:IAO_0000115>{definition}</obo:IAO_0000115>"
            f'<rdfs:subClassOf rdf:resource="{OBO}{_parent(number)}"/></owl:Class>\n'
        )
    out.write("</rdf:RDF>\n")


def write_obo(out: TextIO, count: int) -> None:
    out.write("format-version: 1.2\nontology: bench\n\n")
    for number, (ident, label, exact, related, definition) in enumerate(_topics(count)):
        out.write(
            f"[Term]\nid: {ident.replace('_', ':')}\nname: {label}\n"
            f'synonym: "{exact}" EXACT []\nsynonym: "{related}" RELATED []\n'
            f'def: "{definition}" []\nis_a: {_parent(number).replace("_", ":")}\n\n'
        )


def write_owlxml(out: TextIO, count: int) -> None:
    out.write(
        '<?xml version="1.0"?>\n<Ontology xmlns="http://www.w3.org/2002/07/owl#" '
        'ontologyIRI="http://purl.obolibrary.org/obo/bench.owl">\n'
    )

    def note(prop: str, ident: str, text: str) -> str:
        return (
            f'<AnnotationAssertion><AnnotationProperty IRI="{prop}"/><IRI>{OBO}{ident}</IRI>'
            f"<Literal>{text}</Literal></AnnotationAssertion>\n"
        )

    for number, (ident, label, exact, related, definition) in enumerate(_topics(count)):
        out.write(f'<Declaration><Class IRI="{OBO}{ident}"/></Declaration>\n')
        out.write(note("http://www.w3.org/2000/01/rdf-schema#label", ident, label))
        out.write(note("http://www.geneontology.org/formats/oboInOwl#hasExactSynonym", ident, exact))
        out.write(note("http://www.geneontology.org/formats/oboInOwl#hasRelatedSynonym", ident, related))
        out.write(note(f"{OBO}IAO_0000115", ident, definition))
        out.write(
            f'<SubClassOf><Class IRI="{OBO}{ident}"/><Class IRI="{OBO}{_parent(number)}"/></SubClassOf>\n'
        )
    out.write("</Ontology>\n")


def write_ntriples(out: TextIO, count: int) -> None:
    oio = "http://www.geneontology.org/formats/oboInOwl#"
    for number, (ident, label, exact, related, definition) in enumerate(_topics(count)):
        s = f"<{OBO}{ident}>"
        out.write(
            f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> .\n"
            f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "{label}" .\n'
            f'{s} <{oio}hasExactSynonym> "{exact}" .\n{s} <{oio}hasRelatedSynonym> "{related}" .\n'
            f'{s} <{OBO}IAO_0000115> "{definition}" .\n'
            f"{s} <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{OBO}{_parent(number)}> .\n"
        )


def write_jsonld(out: TextIO, count: int) -> None:
    out.write(
        '{"@context": {"owl": "http://www.w3.org/2002/07/owl#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",'
        ' "oio": "http://www.geneontology.org/formats/oboInOwl#", "obo": "http://purl.obolibrary.org/obo/",'
        ' "rdfs:subClassOf": {"@type": "@id"}},\n "@graph": [\n'
    )
    for number, (ident, label, exact, related, definition) in enumerate(_topics(count)):
        comma = "," if number else ""
        out.write(
            f'{comma}{{"@id": "obo:{ident}", "@type": "owl:Class", "rdfs:label": "{label}",'
            f' "oio:hasExactSynonym": "{exact}", "oio:hasRelatedSynonym": "{related}",'
            f' "obo:IAO_0000115": "{definition}", "rdfs:subClassOf": "obo:{_parent(number)}"}}\n'
        )
    out.write("]}\n")


@dataclass(frozen=True)
class Syntax:
    suffix: str
    write: Callable[[TextIO, int], None]
    in_memory_format: str  # pyoxigraph RdfFormat name for the in-memory comparison, "" when it cannot


SYNTAXES = {
    "rdfxml": Syntax(".owl", write_rdfxml, "RDF_XML"),
    "obo": Syntax(".obo", write_obo, ""),
    "owlxml": Syntax(".owx", write_owlxml, ""),
    "ntriples": Syntax(".nt", write_ntriples, "N_TRIPLES"),
    "jsonld": Syntax(".jsonld", write_jsonld, "JSON_LD"),
}


def generate(syntax: Syntax, megabytes: int, folder: Path) -> Path:
    """A file of about `megabytes` MB: one small probe to learn the size of a class, then the whole."""
    probe = folder / f"probe{syntax.suffix}"
    with probe.open("w", encoding="utf-8") as out:
        syntax.write(out, 1000)
    per_class = probe.stat().st_size / 1000
    probe.unlink()
    path = folder / f"bench-{megabytes}mb{syntax.suffix}"
    with path.open("w", encoding="utf-8") as out:
        syntax.write(out, int(megabytes * 1_000_000 / per_class))
    return path


def peak_of(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(peak resident MB, seconds, stdout) of a child process, peak read from the kernel at its end."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {err.read().decode()[-2000:]}")
        return usage.ru_maxrss / 1024, seconds, out.read().decode()


IN_MEMORY = (
    "import sys, pyoxigraph as ox; s = ox.Store(); "
    "s.load(path=sys.argv[1], format=getattr(ox.RdfFormat, sys.argv[2]), base_iri='http://example.org/'); "
    "print(len(s))"
)


def measure(name: str, syntax: Syntax, megabytes: int, folder: Path) -> dict[str, str | float]:
    path = generate(syntax, megabytes, folder)
    size = path.stat().st_size
    env = {**os.environ, "GOVLEX_EXTERNAL_DIR": str(folder / f"external-{name}-{megabytes}")}
    command = [sys.executable, "-m", "govlex.cli.main", "link", "add", f"bench-{name}", str(path)]
    peak, seconds, out = peak_of([*command, "--max-bytes", str(size + 1)], env)
    row: dict[str, str | float] = {
        "syntax": name,
        "MB": round(size / 1e6),
        "triples": out.split(" triples")[0].rsplit(" ", 1)[-1],
        "seconds": round(seconds, 1),
        "link add peak MB": round(peak),
    }
    if syntax.in_memory_format:
        memory, _, _ = peak_of([sys.executable, "-c", IN_MEMORY, str(path), syntax.in_memory_format], env)
        row["in-memory parse peak MB"] = round(memory)
        row["link add / in-memory"] = round(peak / memory, 2)
    path.unlink()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200, help="size of the large file")
    parser.add_argument("--baseline-megabytes", type=int, default=20, help="size of the baseline file")
    parser.add_argument("--syntaxes", default="rdfxml,obo", help=f"any of {','.join(SYNTAXES)}")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="govlex-link-bench-") as tmp:
        for name in args.syntaxes.split(","):
            for megabytes in (args.baseline_megabytes, args.megabytes):
                rows.append(measure(name, SYNTAXES[name], megabytes, Path(tmp)))
                print(rows[-1], file=sys.stderr)
    columns = list(dict.fromkeys(key for row in rows for key in row))
    print("| " + " | ".join(columns) + " |")
    print("| " + " | ".join("---" for _ in columns) + " |")
    for row in rows:
        print("| " + " | ".join(str(row.get(column, "–")) for column in columns) + " |")
    for name in args.syntaxes.split(","):
        small, large = (r for r in rows if r["syntax"] == name)
        growth = float(large["link add peak MB"]) / float(small["link add peak MB"])
        print(
            f"\n{name}: the file grew {float(large['MB']) / float(small['MB']):.1f}×, "
            f"link add's peak memory {growth:.2f}×"
        )


if __name__ == "__main__":
    main()
